import { describe, expect, it } from 'vitest';
import { wordsIn } from '../src/i18n/words.js';
import { describeCron, parseSchedule, SlotCalculator, schedulePresets } from '../src/scheduler/schedule.js';
import {
  instantForWallTime,
  pinnedTimeZones,
  resolveTimeZone,
  suggestTimeZones,
} from '../src/scheduler/time-zones.js';

const iso = (ms: number) => new Date(ms).toISOString();
const at = (text: string) => Date.parse(text);

function parsed(input: string) {
  const result = parseSchedule(input);
  if (!result.ok) throw new Error(`expected ${input} to parse: ${result.reason}`);
  return result.schedule;
}

function refusal(input: string): string {
  const result = parseSchedule(input);
  if (result.ok) throw new Error(`expected ${input} to be refused`);
  return result.reason;
}

describe('schedules', () => {
  it('reads every preset into a cron expression and says it in words', () => {
    expect(
      schedulePresets.map((preset) => [preset, parsed(preset).cron, parsed(preset).description]),
    ).toEqual([
      ['hourly', '0 * * * *', 'every hour, on the hour'],
      ['every 6 hours', '0 */6 * * *', 'every 6 hours, at 00:00, 06:00, 12:00, 18:00'],
      ['daily 08:00', '0 8 * * *', 'every day at 08:00'],
      ['weekdays 18:30', '30 18 * * 1-5', 'weekdays at 18:30'],
      ['weekly mon 09:00', '0 9 * * 1', 'every Monday at 09:00'],
    ]);
    expect(parsed('  Daily   7:05 ').cron).toBe('5 7 * * *');
    expect(parsed('weekends 10:00').description).toBe('weekends at 10:00');
  });

  it('accepts 5-field cron and describes the common shapes', () => {
    expect(parsed('0 8 * * 1-5').description).toBe('weekdays at 08:00');
    expect(parsed('15 * * * *').description).toBe('every hour at :15');
    expect(parsed('0 9 * * 1#2').description).toBe('cron `0 9 * * 1#2`');
    expect(describeCron('0 0 * * 0', wordsIn('en'))).toBe('every Sunday at 00:00');
  });

  it('refuses what it cannot run as people expect, saying how to fix it', () => {
    expect(refusal('')).toMatch(/empty/);
    expect(refusal('0 8 * * * *')).toMatch(/5-field cron.*It has 6 fields/);
    expect(refusal('* * * *')).toMatch(/It has 4 fields/);
    expect(refusal('61 * * * *')).toMatch(/not valid: `minute: 61/);
    expect(refusal('0 8 1 * 1')).toMatch(/day of the month or the day of the week, not both/);
    expect(refusal('daily 25:00')).toMatch(/HH:MM/);
    expect(refusal('every 5 hours')).toMatch(/N = 1, 2, 3, 4, 6, 8, 12/);
    expect(refusal('weekly someday 09:00')).toMatch(/weekly mon 09:00/);
  });
});

describe('time zones', () => {
  it('resolves any spelling Intl accepts to the proper name, preferring Kyiv', () => {
    expect(resolveTimeZone('europe/kyiv')).toBe('Europe/Kyiv');
    expect(resolveTimeZone('Europe/Kiev')).toBe('Europe/Kyiv');
    expect(resolveTimeZone('utc')).toBe('UTC');
    expect(resolveTimeZone('America/New_York')).toBe('America/New_York');
    expect(resolveTimeZone('Mars/Olympus')).toBeUndefined();
    expect(resolveTimeZone('+03:00')).toBeUndefined();
    expect(resolveTimeZone('')).toBeUndefined();
  });

  it('suggests the pinned zones first, then matches', () => {
    expect(suggestTimeZones('', 25)).toEqual([...pinnedTimeZones]);
    expect(suggestTimeZones('kyiv', 25)[0]).toBe('Europe/Kyiv');
    expect(suggestTimeZones('new york', 25)).toContain('America/New_York');
    expect(suggestTimeZones('europe', 25)).toHaveLength(25);
    expect(suggestTimeZones('europe', 25).slice(0, 3)).toEqual([
      'Europe/Kyiv',
      'Europe/Moscow',
      'Europe/London',
    ]);
  });

  it('puts a wall time in a gap at the end of the gap, and a repeated one at its first occurrence', () => {
    // Kyiv springs forward 2027-03-28 03:00 -> 04:00 and falls back 2027-10-31 04:00 -> 03:00.
    const gap = instantForWallTime({ year: 2027, month: 3, day: 28, hour: 3, minute: 30 }, 'Europe/Kyiv');
    expect(gap).toEqual({ instant: at('2027-03-28T01:00:00Z'), inGap: true });
    const repeated = instantForWallTime(
      { year: 2027, month: 10, day: 31, hour: 3, minute: 30 },
      'Europe/Kyiv',
    );
    expect(repeated).toEqual({ instant: at('2027-10-31T00:30:00Z'), inGap: false });
  });
});

describe('slots', () => {
  it('runs "daily 08:00 Europe/Kyiv" at 08:00 local on both sides of each DST change', () => {
    const calculator = new SlotCalculator('0 8 * * *', 'Europe/Kyiv');
    expect(calculator.upcoming(at('2027-03-26T12:00:00Z'), 3).map((slot) => iso(slot.dueAt))).toEqual([
      '2027-03-27T06:00:00.000Z', // EET, UTC+2
      '2027-03-28T05:00:00.000Z', // EEST, UTC+3, the day clocks go forward
      '2027-03-29T05:00:00.000Z',
    ]);
    expect(calculator.upcoming(at('2027-10-29T12:00:00Z'), 3).map((slot) => iso(slot.dueAt))).toEqual([
      '2027-10-30T05:00:00.000Z',
      '2027-10-31T06:00:00.000Z', // back to UTC+2 the day clocks go back
      '2027-11-01T06:00:00.000Z',
    ]);
    expect(calculator.upcoming(at('2027-03-26T12:00:00Z'), 3).map((slot) => slot.key.slice(11))).toEqual([
      '08:00',
      '08:00',
      '08:00',
    ]);
  });

  it('runs a time the spring-forward gap removes at the first valid minute after it, once', () => {
    const daily = new SlotCalculator('30 3 * * *', 'Europe/Kyiv');
    const slots = daily.upcoming(at('2027-03-27T12:00:00Z'), 2);
    expect(slots[0]).toEqual({ key: '2027-03-28T03:30', dueAt: at('2027-03-28T01:00:00Z'), shifted: true });
    expect(slots[1]).toEqual({ key: '2027-03-29T03:30', dueAt: at('2027-03-29T00:30:00Z'), shifted: false });

    const newYork = new SlotCalculator('30 2 * * *', 'America/New_York');
    const [gapDay] = newYork.upcoming(at('2027-03-14T00:00:00Z'), 1);
    expect(gapDay).toMatchObject({
      key: '2027-03-14T02:30',
      shifted: true,
      dueAt: at('2027-03-14T07:00:00Z'),
    });

    // Sub-daily: the skipped times collapse into one run at 04:00, which is a real slot itself.
    const halfHourly = new SlotCalculator('*/30 * * * *', 'Europe/Kyiv');
    expect(halfHourly.upcoming(at('2027-03-28T00:15:00Z'), 3).map((slot) => slot.key.slice(11))).toEqual([
      '02:30',
      '04:00',
      '04:30',
    ]);
  });

  it('runs a time the fall-back hour repeats once, at its first occurrence', () => {
    const daily = new SlotCalculator('30 3 * * *', 'Europe/Kyiv');
    const slots = daily.upcoming(at('2027-10-30T12:00:00Z'), 2);
    expect(slots.map((slot) => iso(slot.dueAt))).toEqual([
      '2027-10-31T00:30:00.000Z',
      '2027-11-01T01:30:00.000Z',
    ]);
  });

  it('understands last-day, nth-weekday and nearest-weekday fields', () => {
    const utc = (expression: string) =>
      new SlotCalculator(expression, 'UTC')
        .upcoming(at('2027-01-01T00:00:00Z'), 3)
        .map((slot) => slot.key.slice(0, 10));
    expect(utc('0 8 L * *')).toEqual(['2027-01-31', '2027-02-28', '2027-03-31']);
    expect(utc('0 9 * * 1#2')).toEqual(['2027-01-11', '2027-02-08', '2027-03-08']);
    expect(utc('0 9 * * 5L')).toEqual(['2027-01-29', '2027-02-26', '2027-03-26']);
    expect(utc('0 9 15W * *')).toEqual(['2027-01-15', '2027-02-15', '2027-03-15']);
    expect(utc('0 9 1W * *')[1]).toBe('2027-02-01');
    expect(utc('0 0 29 2 *')).toEqual(['2028-02-29', '2032-02-29', '2036-02-29']);
  });

  it('finds the latest slot within a look-back, and the shortest interval for the frequency floor', () => {
    const hourly = new SlotCalculator('0 * * * *', 'UTC');
    expect(hourly.latestAtOrBefore(at('2027-01-01T10:09:00Z'), 10 * 60_000)?.key).toBe('2027-01-01T10:00');
    expect(hourly.latestAtOrBefore(at('2027-01-01T10:11:00Z'), 10 * 60_000)).toBeUndefined();
    expect(hourly.shortestInterval(at('2027-01-01T00:00:00Z'))).toBe(3_600_000);
    expect(new SlotCalculator('0,30 8 * * *', 'UTC').shortestInterval(at('2027-01-01T00:00:00Z'))).toBe(
      1_800_000,
    );
    expect(new SlotCalculator('0 8 * * 1', 'UTC').shortestInterval(at('2027-01-01T00:00:00Z'))).toBe(
      7 * 86_400_000,
    );
  });
});
