// The calendar findings of issue 15: the frequency floor under daylight saving, current IANA zone
// names, a gap that crosses midnight, weekly day names, runs decades ahead, two restricted day
// fields, and W in months without that day. Each describe block failed before its fix.
import cron from 'node-cron';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultDigestLimits } from '../src/config.js';
import type { FactStore } from '../src/data/fact-store.js';
import { loadFactStore } from '../src/data/load-store.js';
import { prepareSubscription } from '../src/delivery/subscription-requests.js';
import { parseSchedule, type Slot, SlotCalculator } from '../src/scheduler/schedule.js';
import { offsetAt, resolveTimeZone, suggestTimeZones, wallTimeAt } from '../src/scheduler/time-zones.js';
import { currentZoneSpellings } from '../src/store/record-checks.js';

const at = (text: string) => Date.parse(text);
const hour = 3_600_000;
const day = 86_400_000;

let facts: FactStore;
beforeAll(async () => {
  facts = await loadFactStore();
});

/** /digest subscribe's verdict on a schedule and zone at an instant, as the service asks it. */
function subscribe(schedule: string, timeZone: string, now: number) {
  return prepareSubscription(
    {
      guildId: '200000000000000001',
      channel: { id: '300000000000000001', name: 'front-digest', kind: 'text' },
      schedule,
      timeZone,
      requestedBy: '100000000000000001',
    },
    { existing: [], limits: defaultDigestLimits, facts, now },
  );
}

function refusal(input: string): string {
  const result = parseSchedule(input);
  if (result.ok) throw new Error(`expected ${input} to be refused`);
  return result.reason;
}

function cronOf(input: string): string {
  const result = parseSchedule(input);
  if (!result.ok) throw new Error(`expected ${input} to parse: ${result.reason}`);
  return result.schedule.cron;
}

/** Run days (UTC) of an expression after an instant. */
const runDays = (expression: string, from: string, count: number) =>
  new SlotCalculator(expression, 'UTC').upcoming(at(from), count).map((slot) => slot.key.slice(0, 10));

/**
 * Every fourth Monday of 2026: each zone's spring-forward falls within four weeks of one, inside the
 * 41 days the old check looked ahead.
 */
const sampleDates = Array.from({ length: 14 }, (_, index) => at('2026-01-05T12:00:00Z') + index * 28 * day);

describe('the frequency floor judges the nominal wall-clock spacing, whatever the zone and date', () => {
  it('gives hourly and :30-past-each-hour one hour, on any date, where DST jumps half an hour or at :45 too', () => {
    // Lord Howe springs forward 30 minutes (02:00 -> 02:30), Chatham 60 minutes at 02:45: measured
    // between instants, that night's hourly runs are 30 and 15 minutes apart.
    for (const zone of ['Australia/Lord_Howe', 'Pacific/Chatham', 'America/New_York', 'Europe/Kyiv']) {
      for (const expression of ['0 * * * *', '30 * * * *']) {
        const calculator = new SlotCalculator(expression, zone);
        const verdicts = new Set(sampleDates.map((date) => calculator.shortestInterval(date)));
        expect([zone, expression, [...verdicts]]).toEqual([zone, expression, [hour]]);
      }
    }
  });

  it('accepts "hourly", "30 * * * *" and "every 6 hours" in every zone Intl knows, on every sampled date', async () => {
    const zones = Intl.supportedValuesOf('timeZone');
    const refused: string[] = [];
    for (const zone of zones) {
      for (const date of sampleDates) {
        for (const schedule of ['hourly', '30 * * * *', 'every 6 hours']) {
          const outcome = subscribe(schedule, zone, date);
          if (!outcome.ok) refused.push(`${schedule} in ${zone} on ${new Date(date).toISOString()}`);
        }
      }
    }
    expect(zones.length).toBeGreaterThan(400);
    expect(refused).toEqual([]);
  });

  it("recommends only presets the operator's minimum interval accepts", () => {
    for (const minutes of [60, 120, 360, 720, 1440, 2880]) {
      const limits = { ...defaultDigestLimits, minIntervalMs: minutes * 60_000 };
      const request = (schedule: string) =>
        prepareSubscription(
          {
            guildId: '200000000000000001',
            channel: { id: '300000000000000001', name: 'front-digest', kind: 'text' },
            schedule,
            timeZone: 'Europe/Kyiv',
            requestedBy: '100000000000000001',
          },
          { existing: [], limits, facts, now: at('2026-03-20T00:00:00Z') },
        );
      const refusal = request('*/10 * * * *');
      if (refusal.ok) throw new Error('expected a refusal');
      const recommended = [...refusal.reason.matchAll(/"([^"]+)"/g)].map((match) => match[1] as string);
      expect(recommended.length, refusal.reason).toBeGreaterThan(0);
      for (const preset of recommended) expect(request(preset).ok, `${preset} at ${minutes} min`).toBe(true);
    }
  });

  it('still refuses what runs too often by the wall clock, and measures weekly and monthly spacing', () => {
    const refusedReason = (schedule: string) => {
      const outcome = subscribe(schedule, 'Australia/Lord_Howe', at('2026-09-20T00:00:00Z'));
      return outcome.ok ? 'accepted' : outcome.reason;
    };
    expect(refusedReason('*/30 * * * *')).toMatch(/every 30 minutes/);
    expect(refusedReason('0,45 8 * * *')).toMatch(/every 45 minutes/);
    // 23:50 and then 00:10 the next day: 20 minutes apart on the wall clock.
    expect(refusedReason('10,50 0,23 * * *')).toMatch(/every 20 minutes/);
    expect(refusedReason('30 23 * * *')).toBe('accepted');
    const spacing = (expression: string) => new SlotCalculator(expression, 'Europe/Kyiv').shortestInterval();
    expect(spacing('0 8 * * 1')).toBe(7 * day);
    expect(spacing('0 8 1 * *')).toBe(28 * day);
    expect(spacing('0 8 L * *')).toBe(28 * day);
    expect(spacing('0 8,20 * * 0,6')).toBe(12 * hour);
    expect(spacing('0 9 * 2 1#5')).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('zone names', () => {
  it('resolves each old spelling to the current name, keeps the current one, and both name the same rules', () => {
    expect(currentZoneSpellings.size).toBeGreaterThanOrEqual(19);
    for (const [old, current] of currentZoneSpellings) {
      expect([old, resolveTimeZone(old)]).toEqual([old, current]);
      expect([current, resolveTimeZone(current)]).toEqual([current, current]);
      expect(resolveTimeZone(current.toLowerCase())).toBe(current);
      expect(resolveTimeZone(old.toLowerCase())).toBe(current);
      for (
        let instant = at('2000-01-15T00:00:00Z');
        instant < at('2030-01-01T00:00:00Z');
        instant += 91 * day
      )
        expect([current, offsetAt(instant, current)]).toEqual([current, offsetAt(instant, old)]);
    }
    expect(resolveTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(resolveTimeZone('america/nuuk')).toBe('America/Nuuk');
  });

  it('suggests current names for current and old spellings, and never an old spelling', () => {
    expect(suggestTimeZones('kolkata', 25)).toEqual(['Asia/Kolkata']);
    expect(suggestTimeZones('kathmandu', 25)).toEqual(['Asia/Kathmandu']);
    expect(suggestTimeZones('nuuk', 25)).toEqual(['America/Nuuk']);
    expect(suggestTimeZones('calcutta', 25)).toEqual(['Asia/Kolkata']);
    expect(suggestTimeZones('ho chi minh', 25)).toEqual(['Asia/Ho_Chi_Minh']);
    expect(suggestTimeZones('kanton', 25)).toEqual(['Pacific/Kanton']);
    expect(suggestTimeZones('faroe', 25)).toEqual(['Atlantic/Faroe']);
    expect(suggestTimeZones('yangon', 25)).toEqual(['Asia/Yangon']);
    const everySuggestion = new Set(
      'abcdefghijklmnopqrstuvwxyz'.split('').flatMap((letter) => suggestTimeZones(letter, 1000)),
    );
    expect(everySuggestion.size).toBeGreaterThan(400);
    expect([...currentZoneSpellings.keys()].filter((old) => everySuggestion.has(old))).toEqual([]);
    for (const zone of everySuggestion) expect(resolveTimeZone(zone)).toBe(zone);
  });

  it('stores the name the moderator chose when subscribing', () => {
    for (const [typed, stored] of [
      ['Asia/Kolkata', 'Asia/Kolkata'],
      ['Asia/Kathmandu', 'Asia/Kathmandu'],
      ['America/Nuuk', 'America/Nuuk'],
      ['Asia/Calcutta', 'Asia/Kolkata'],
      ['Europe/Kiev', 'Europe/Kyiv'],
    ] as const) {
      const outcome = subscribe('daily 08:00', typed, at('2026-06-01T00:00:00Z'));
      expect(outcome.ok && outcome.value.timeZone).toBe(stored);
    }
  });
});

describe('a daylight-saving gap that crosses midnight', () => {
  // Nuuk (UTC-2) springs forward at 01:00 UTC on 29 March 2026: Saturday 23:00 becomes Sunday 00:00.
  it('names the run at the gap’s end after the real slot there, not the wall time the gap removed', () => {
    const slots = new SlotCalculator('0 * * * *', 'America/Nuuk').upcoming(at('2026-03-28T23:30:00Z'), 3);
    expect(slots).toEqual([
      { key: '2026-03-28T22:00', dueAt: at('2026-03-29T00:00:00Z'), shifted: false },
      { key: '2026-03-29T00:00', dueAt: at('2026-03-29T01:00:00Z'), shifted: false },
      { key: '2026-03-29T01:00', dueAt: at('2026-03-29T02:00:00Z'), shifted: false },
    ]);
    // With no real slot at the gap's end, the removed wall time still runs there, once, shifted.
    expect(new SlotCalculator('30 23 * * *', 'America/Nuuk').next(at('2026-03-28T12:00:00Z'))).toEqual({
      key: '2026-03-28T23:30',
      dueAt: at('2026-03-29T01:00:00Z'),
      shifted: true,
    });
    const twiceDaily = new SlotCalculator('0 0,23 * * *', 'America/Nuuk').upcoming(
      at('2026-03-28T12:00:00Z'),
      2,
    );
    expect(twiceDaily.map((slot) => [slot.key, slot.shifted])).toEqual([
      ['2026-03-29T00:00', false],
      ['2026-03-29T23:00', false],
    ]);
  });

  it('labels every slot of a year with the wall time it runs at, unless that time does not exist', () => {
    for (const zone of ['America/Nuuk', 'Pacific/Chatham', 'Australia/Lord_Howe']) {
      const calculator = new SlotCalculator('0 * * * *', zone);
      let previous: Slot | undefined;
      const wrong: string[] = [];
      for (
        let slot = calculator.next(at('2026-01-01T00:00:00Z'));
        slot && slot.dueAt < at('2027-01-01T00:00:00Z');
      ) {
        const wall = wallTimeAt(slot.dueAt, zone);
        const realTimeThere = wall.minute === 0;
        // A shifted slot may only stand where no hourly wall time is real.
        if (slot.shifted === realTimeThere) wrong.push(`${zone} ${slot.key} shifted=${slot.shifted}`);
        if (previous && slot.dueAt <= previous.dueAt)
          wrong.push(`${zone} ${slot.key} not after ${previous.key}`);
        previous = slot;
        slot = calculator.next(slot.dueAt);
      }
      expect(wrong).toEqual([]);
    }
  });
});

describe('weekly day names', () => {
  it('takes day names and their standard abbreviations, in any case', () => {
    expect(cronOf('weekly monday 09:00')).toBe('0 9 * * 1');
    expect(cronOf('weekly Mon 09:00')).toBe('0 9 * * 1');
    expect(cronOf('weekly tues 07:30')).toBe('30 7 * * 2');
    expect(cronOf('weekly WEDNESDAY 12:00')).toBe('0 12 * * 3');
    expect(cronOf('weekly thurs 18:00')).toBe('0 18 * * 4');
    expect(cronOf('weekly thur 18:00')).toBe('0 18 * * 4');
    expect(cronOf('weekly fri 17:00')).toBe('0 17 * * 5');
    expect(cronOf('weekly saturday 10:00')).toBe('0 10 * * 6');
    expect(cronOf('weekly sun 08:00')).toBe('0 8 * * 0');
  });

  it('refuses any other word, however it begins', () => {
    for (const word of ['monkey', 'sunflower', 'mo', 'satur', 'fridays', 'wednes', 'tuesdays', 'thu.', '1']) {
      expect([word, refusal(`weekly ${word} 09:00`)]).toEqual([
        word,
        expect.stringMatching(/weekly mon 09:00/),
      ]);
    }
  });
});

describe('runs far ahead', () => {
  it('finds the fifth Monday of February 18 and 39 years ahead, and subscribes to it', () => {
    const fifthMonday = new SlotCalculator('0 9 * 2 1#5', 'UTC');
    expect(fifthMonday.next(at('2026-06-01T00:00:00Z'))?.key).toBe('2044-02-29T09:00');
    // 2100 is no leap year: 2072 -> 2112.
    expect(fifthMonday.next(at('2073-01-01T00:00:00Z'))?.key).toBe('2112-02-29T09:00');
    const outcome = subscribe('0 9 * 2 1#5', 'Europe/Kyiv', at('2026-06-01T00:00:00Z'));
    expect(outcome.ok ? outcome.value.schedule.cron : outcome.reason).toBe('0 9 * 2 1#5');
    expect(subscribe('0 9 L-30 2 *', 'UTC', at('2026-06-01T00:00:00Z'))).toEqual({
      ok: false,
      reason: expect.stringMatching(/never runs/),
    });
  });

  it('answers "never" quickly enough for autocomplete, which asks on every keystroke', () => {
    // node-cron refuses an impossible plain day ("31 4"); these pass it and never run.
    const never = ['0 9 31W 2,4,6,9,11 *', '0 9 30W 2 *', '0 9 L-30 2 *'];
    const started = performance.now();
    for (let round = 0; round < 25; round++) {
      for (const expression of never) {
        expect(new SlotCalculator(expression, 'Europe/Kyiv').upcoming(Date.now(), 2)).toEqual([]);
      }
    }
    const perAnswerMs = (performance.now() - started) / (25 * never.length);
    expect(perAnswerMs).toBeLessThan(20);
  });
});

describe('two restricted day fields', () => {
  it('refuses day of month and day of week both restricted, however the day of month is written', () => {
    for (const expression of [
      '0 8 1-31 * 1',
      '0 8 1-31/1 * mon',
      '0 8 1 * 0-6',
      '0 8 1 * sun-sat',
      '0 8 1-31 * 0-7',
      '0 8 */2 * 1',
      '0 8 1 * 1',
    ]) {
      expect([expression, refusal(expression)]).toEqual([
        expression,
        expect.stringMatching(/day of the month or the day of the week, not both/),
      ]);
    }
    expect(refusal('0 8 1-31 * 1')).toMatch(
      /`1-31` names every day but, not being \*, counts as a restriction/,
    );
  });

  it('accepts one restricted field, a free one written * or ?, and says what it runs', () => {
    const accepted = ['0 8 * * 1', '0 8 ? * 1', '0 8 */1 * 1', '0 8 1-31 * *', '0 8 15 * ?', '0 8 L * *'];
    for (const expression of accepted)
      expect([expression, parseSchedule(expression).ok]).toEqual([expression, true]);
    expect(runDays('0 8 1-31 * *', '2027-01-01T00:00:00Z', 3)).toEqual([
      '2027-01-01',
      '2027-01-02',
      '2027-01-03',
    ]);
    expect(runDays('0 8 */1 * 1', '2027-01-01T00:00:00Z', 2)).toEqual(['2027-01-04', '2027-01-11']);
  });
});

describe('W in a month without that day', () => {
  it('skips the month, as node-cron does: 31W in 31-day months only, 29W in February in leap years only', () => {
    expect(runDays('0 9 31W * *', '2027-01-01T00:00:00Z', 3)).toEqual([
      '2027-01-29',
      '2027-03-31',
      '2027-05-31',
    ]);
    expect(runDays('0 9 29W 2 *', '2027-01-01T00:00:00Z', 3)).toEqual([
      '2028-02-29',
      '2032-02-27',
      '2036-02-29',
    ]);
    expect(runDays('0 9 30W 2 *', '2027-01-01T00:00:00Z', 1)).toEqual([]);
  });

  it('runs on exactly the days node-cron’s own matcher matches, for every day-field form', () => {
    const expressions = [
      '0 9 31W * *',
      '0 9 29W 2 *',
      '0 9 30W * *',
      '0 9 1W * *',
      '0 9 LW * *',
      '0 9 L * *',
      '0 9 L-2 * *',
      '0 9 15W,L * *',
      '0 9 * * 5L',
      '0 9 * * 1#5',
      '0 9 * * 0#1,6L',
      '0 9 1-31 * *',
    ];
    for (const expression of expressions) {
      const task = cron.createTask(expression, () => undefined, { timezone: 'UTC' });
      const calculator = new SlotCalculator(expression, 'UTC');
      const ours = new Set<string>();
      for (
        let slot = calculator.next(at('2027-12-31T12:00:00Z'));
        slot && slot.dueAt < at('2033-01-01T00:00:00Z');
        slot = calculator.next(slot.dueAt)
      ) {
        ours.add(slot.key.slice(0, 10));
      }
      const theirs = new Set<string>();
      for (let instant = at('2028-01-01T09:00:00Z'); instant < at('2033-01-01T00:00:00Z'); instant += day) {
        if (task.match(new Date(instant))) theirs.add(new Date(instant).toISOString().slice(0, 10));
      }
      void task.destroy();
      expect([expression, [...ours].sort()]).toEqual([expression, [...theirs].sort()]);
    }
  });
});
