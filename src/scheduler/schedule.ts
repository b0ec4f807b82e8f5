// Digest schedules: presets and 5-field cron expressions, validated with node-cron's own parser, and
// the slot calculator that says when each run is due in a time zone, daylight saving included.
import cron, { type ParsedFields } from 'node-cron';
import type { Locale } from '../i18n/locales.js';
import { type Words, wordsIn } from '../i18n/words.js';
import { quoteUserInput } from '../text.js';
import { nominalIntervalMs, runsOnDay } from './cron-fields.js';
import { instantForWallTime, offsetAt, type WallTime, wallTimeAt, wallTimeKey } from './time-zones.js';

interface DigestSchedule {
  /** The 5-field cron expression node-cron runs. */
  cron: string;
  /** How people read it: "every day at 08:00". */
  description: string;
}

/** Why a schedule was refused, as a message of the `digests.schedule` catalogue and its values. */
export interface ScheduleRefusal {
  key: 'empty' | 'everyHours' | 'clock' | 'weekly' | 'fields' | 'invalid' | 'dayAndWeekday';
  values?: Record<string, string | number>;
  /** The day field that names every day but is not `*` ("1-31"), already quoted as user input. */
  spelledOut?: string;
}

export type ScheduleParse =
  | { ok: true; schedule: DigestSchedule }
  | { ok: false; refusal: ScheduleRefusal; reason: string };

/** A refusal in the reader's words; `reason` on a ScheduleParse is the same in English. */
export function scheduleRefusalText(refusal: ScheduleRefusal, words: Words): string {
  const text = words.t(`digests.schedule.${refusal.key}`, refusal.values);
  return refusal.spelledOut === undefined
    ? text
    : `${text}${words.t('digests.schedule.spelledOut', { field: refusal.spelledOut })}`;
}

const refused = (refusal: ScheduleRefusal): ScheduleParse => ({
  ok: false,
  refusal,
  reason: scheduleRefusalText(refusal, wordsIn('en')),
});

/** Day names "weekly" takes: each day's name and its standard abbreviations, nothing else. */
const weekdayNames = new Map(
  [
    ['sunday', 'sun'],
    ['monday', 'mon'],
    ['tuesday', 'tue', 'tues'],
    ['wednesday', 'wed'],
    ['thursday', 'thu', 'thur', 'thurs'],
    ['friday', 'fri'],
    ['saturday', 'sat'],
  ].flatMap((names, weekday) => names.map((name) => [name, weekday] as const)),
);
const hourSteps = [1, 2, 3, 4, 6, 8, 12];

/** What autocomplete offers before anything is typed; each parses. */
export const schedulePresets = [
  'hourly',
  'every 6 hours',
  'daily 08:00',
  'weekdays 18:30',
  'weekly mon 09:00',
] as const;

const pad = (value: number) => String(value).padStart(2, '0');

function parseClock(text: string): { hour: number; minute: number } | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  return hour < 24 && minute < 60 ? { hour, minute } : undefined;
}

function presetToCron(input: string): string | ScheduleRefusal | undefined {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ');
  if (text === 'hourly' || text === 'every hour') return '0 * * * *';
  const everyHours = /^every (\d+) hours?$/.exec(text);
  if (everyHours) {
    const step = Number(everyHours[1]);
    if (!hourSteps.includes(step)) return { key: 'everyHours', values: { steps: hourSteps.join(', ') } };
    return step === 1 ? '0 * * * *' : `0 */${step} * * *`;
  }
  const daily = /^(daily|weekdays|weekends) (\S+)$/.exec(text);
  if (daily) {
    const clock = parseClock(daily[2] ?? '');
    if (!clock) return { key: 'clock', values: { preset: daily[1] ?? 'daily' } };
    const days = daily[1] === 'weekdays' ? '1-5' : daily[1] === 'weekends' ? '0,6' : '*';
    return `${clock.minute} ${clock.hour} * * ${days}`;
  }
  const weekly = /^weekly (\S+) (\S+)$/.exec(text);
  if (weekly) {
    const day = weekdayNames.get(weekly[1] ?? '');
    const clock = parseClock(weekly[2] ?? '');
    if (day === undefined || !clock) return { key: 'weekly' };
    return `${clock.minute} ${clock.hour} * * ${day}`;
  }
  return undefined;
}

const isAll = (values: readonly (number | string)[], from: number, to: number) =>
  values.length === to - from + 1 && values.every((value, index) => value === from + index);

/**
 * "every day at 08:00", "weekdays at 18:30", "every 6 hours": words for the shapes people use, in the
 * reader's language ("щодня о 08:00"); English is what is stored with a subscription.
 */
export function describeCron(expression: string, words: Words): string {
  const t = (key: string, values?: Record<string, unknown>) => words.t(`digests.schedule.${key}`, values);
  const fields = cron.parse(expression);
  const dailyEverything = isAll(fields.dayOfMonth, 1, 31) && isAll(fields.month, 1, 12);
  const [minute] = fields.minute;
  if (dailyEverything && fields.minute.length === 1 && minute !== undefined) {
    const days = fields.dayOfWeek;
    if (isAll(fields.hour, 0, 23) && isAll(days, 0, 6))
      return minute === 0 ? t('everyHourOnTheHour') : t('everyHourAt', { minute: pad(minute) });
    const step = hourSteps.find(
      (candidate) =>
        candidate > 1 &&
        fields.hour.length === 24 / candidate &&
        fields.hour.every((hour, index) => hour === index * candidate),
    );
    if (step && isAll(days, 0, 6))
      return t('everyHoursAt', {
        count: step,
        times: fields.hour.map((h) => `${pad(h)}:${pad(minute)}`).join(', '),
      });
    const [hour] = fields.hour;
    if (fields.hour.length === 1 && hour !== undefined) {
      const time = `${pad(hour)}:${pad(minute)}`;
      if (isAll(days, 0, 6)) return t('everyDayAt', { time });
      if (days.join() === '1,2,3,4,5') return t('weekdaysAt', { time });
      if (days.join() === '0,6') return t('weekendsAt', { time });
      const [weekday] = days;
      if (days.length === 1 && typeof weekday === 'number') {
        return t('everyWeekdayAt', { weekday: weekdayName(weekday, words.locale), time });
      }
    }
  }
  return t('cron', { expression });
}

/** "Monday", "понеділок", "понедельник": 0 is Sunday, as in cron. */
function weekdayName(day: number, locale: Locale): string {
  // 1 January 2023 was a Sunday.
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, {
    weekday: 'long',
    timeZone: 'UTC',
  }).format(Date.UTC(2023, 0, 1 + day));
}

// A day field leaves the day free only when written `*` (or `?`, or `*/1`) and naming every day; any
// other spelling restricts it, even one naming every day (`1-31`, `0-6`): Vixie cron and its
// followers read a day field not written with `*` as a restriction.
const leavesDayFree = (text: string, values: readonly (number | string)[], from: number, to: number) =>
  /^[*?]/.test(text) && isAll(values, from, to);

/**
 * Reads a preset ("daily 08:00") or a 5-field cron expression. Refuses what node-cron would run
 * differently from what people expect: seconds fields, and day-of-month combined with day-of-week
 * (cron implementations disagree on whether that means "and" or "or").
 */
export function parseSchedule(input: string): ScheduleParse {
  const text = input.trim();
  if (text === '') return refused({ key: 'empty' });
  const preset = presetToCron(text);
  if (typeof preset === 'object') return refused(preset);
  const expression = preset ?? text.replace(/\s+/g, ' ');
  const fieldTexts = expression.split(' ');
  if (!preset && fieldTexts.length !== 5) {
    return refused({
      key: 'fields',
      values: { presets: schedulePresets.join(', '), count: fieldTexts.length },
    });
  }
  const validation = cron.validateDetailed(expression);
  if (!validation.valid) {
    const problems = validation.errors.map((error) => `${error.field}: ${error.message}`).join('; ');
    // The library's wording is shown as code: it may quote parts of what was typed.
    return refused({ key: 'invalid', values: { problems: quoteUserInput(problems, 200) } });
  }
  const fields = cron.parse(expression);
  const [, , dayOfMonthText = '', , dayOfWeekText = ''] = fieldTexts;
  if (
    !leavesDayFree(dayOfMonthText, fields.dayOfMonth, 1, 31) &&
    !leavesDayFree(dayOfWeekText, fields.dayOfWeek, 0, 6)
  ) {
    const spelledOut = isAll(fields.dayOfMonth, 1, 31)
      ? dayOfMonthText
      : isAll(fields.dayOfWeek, 0, 6)
        ? dayOfWeekText
        : undefined;
    return refused({
      key: 'dayAndWeekday',
      ...(spelledOut === undefined ? {} : { spelledOut: quoteUserInput(spelledOut, 20) }),
    });
  }
  return { ok: true, schedule: { cron: expression, description: describeCron(expression, wordsIn('en')) } };
}

// ---------------------------------------------------------------------------------------------------
// Slots

export interface Slot {
  /** The wall-clock time the schedule names, in its zone: the slot's identity. */
  key: string;
  /** When it is due (ms since the epoch). */
  dueAt: number;
  /** The wall time fell in a daylight-saving gap; `dueAt` is the first valid minute after it. */
  shifted: boolean;
}

const day = 86_400_000;

/**
 * How far ahead the next run is looked for. The longest wait any valid expression has between two
 * runs is 40 years: the fifth Monday of February (`0 9 * 2 1#5`) needs a 29 February on a Monday,
 * which comes every 28 years (2016, 2044, 2072), but 40 years across 2100, no leap year (2072 ->
 * 2112). Days of months the expression does not name are stepped over a month at a time.
 */
const searchYears = 40;

/** A compiled schedule in one time zone: answers "which slot comes next?" */
interface CompiledCron {
  fields: ParsedFields;
  /** Minutes of the day the expression names (hour * 60 + minute), ascending. */
  minutesOfDay: Uint16Array;
  /** Worked out on first use: only a subscribe asks. */
  nominalIntervalMs?: number;
}

/**
 * Parsed once per expression and shared by every zone that runs it. Bounded: autocomplete compiles
 * whatever is typed, and the running groups keep their own calculators.
 */
const compiledCrons = new Map<string, CompiledCron>();
const compiledCronsKept = 1000;

function compileCron(expression: string): CompiledCron {
  let compiled = compiledCrons.get(expression);
  if (!compiled) {
    const fields = cron.parse(expression);
    const minutes = [...fields.hour].flatMap((hour) => fields.minute.map((minute) => hour * 60 + minute));
    compiled = { fields, minutesOfDay: Uint16Array.from(minutes.sort((a, b) => a - b)) };
    if (compiledCrons.size >= compiledCronsKept) compiledCrons.clear();
    compiledCrons.set(expression, compiled);
  }
  return compiled;
}

export class SlotCalculator {
  private readonly compiled: CompiledCron;
  private readonly fields: ParsedFields;
  private readonly minutesOfDay: Uint16Array;

  constructor(
    readonly cronExpression: string,
    readonly timeZone: string,
  ) {
    this.compiled = compileCron(cronExpression);
    ({ fields: this.fields, minutesOfDay: this.minutesOfDay } = this.compiled);
  }

  /** Zone offsets per local day, remembered: a group asks about the same day every slot. */
  private readonly dayOffsets = new Map<number, { offset: number; steady: boolean }>();

  private dayOffset(cursor: number): { offset: number; steady: boolean } {
    let known = this.dayOffsets.get(cursor);
    if (!known) {
      const offset = offsetAt(cursor - 15 * 3_600_000, this.timeZone);
      known = { offset, steady: offset === offsetAt(cursor + day + 13 * 3_600_000, this.timeZone) };
      if (this.dayOffsets.size >= 32) this.dayOffsets.clear();
      this.dayOffsets.set(cursor, known);
    }
    return known;
  }

  /**
   * The first slot due strictly after `after`. Slots are strictly increasing: wall times that a
   * daylight-saving gap moves onto the same instant run once, under the name of the real (unshifted)
   * wall time at that instant if there is one, else under the first wall time the gap removed. A gap
   * can end on the next day (clocks jumping from 23:00 to 00:00), so the next day is looked at too.
   */
  next(after: number): Slot | undefined {
    const start = wallTimeAt(after, this.timeZone);
    // Start a day early: after clocks go back, yesterday's late wall times can still be ahead.
    let cursor = Date.UTC(start.year, start.month - 1, start.day) - day;
    const horizon = cursor + searchYears * 366 * day;
    /** A wall time the gap removed, and the day it belongs to: waiting for a real slot at its instant. */
    let gapSlot: Slot | undefined;
    let gapDay = 0;
    while (cursor < horizon) {
      const date = new Date(cursor);
      const year = date.getUTCFullYear();
      const month = date.getUTCMonth() + 1;
      const dayOfMonth = date.getUTCDate();
      if (!this.fields.month.includes(month)) {
        if (gapSlot) return gapSlot;
        cursor = Date.UTC(year, month, 1); // the first of the next month
        continue;
      }
      const today = cursor;
      cursor += day;
      if (!runsOnDay(this.fields, year, month, dayOfMonth)) {
        if (gapSlot) return gapSlot;
        continue;
      }
      // Most days have one offset throughout; only a transition day needs the careful conversion.
      const { offset, steady } = this.dayOffset(today);
      if (steady && !gapSlot && today + day - offset <= after) continue;
      for (const minuteOfDay of this.minutesOfDay) {
        const hour = Math.floor(minuteOfDay / 60);
        const minute = minuteOfDay % 60;
        const wall: WallTime = { year, month, day: dayOfMonth, hour, minute };
        const { instant, inGap } = steady
          ? { instant: today + hour * 3_600_000 + minute * 60_000 - offset, inGap: false }
          : instantForWallTime(wall, this.timeZone);
        if (instant <= after) continue;
        if (gapSlot && instant > gapSlot.dueAt) return gapSlot;
        const slot = { key: wallTimeKey(wall), dueAt: instant, shifted: inGap };
        // A skipped wall time lands where the gap ends; a real slot at that same instant wins.
        if (!inGap) return slot;
        if (!gapSlot) {
          gapSlot = slot;
          gapDay = today;
        }
      }
      // The day after the gap's own day has been looked at: nothing real shares its instant.
      if (gapSlot && gapDay !== today) return gapSlot;
    }
    return gapSlot;
  }

  /** The next `count` slots after an instant. */
  upcoming(after: number, count: number): Slot[] {
    const slots: Slot[] = [];
    let cursor = after;
    while (slots.length < count) {
      const slot = this.next(cursor);
      if (!slot) break;
      slots.push(slot);
      cursor = slot.dueAt;
    }
    return slots;
  }

  /** The latest slot due at or before `at`, looking back no further than `lookBackMs`. */
  latestAtOrBefore(at: number, lookBackMs: number): Slot | undefined {
    let found: Slot | undefined;
    let cursor = at - lookBackMs - 1;
    for (;;) {
      const slot = this.next(cursor);
      if (!slot || slot.dueAt > at) return found;
      found = slot;
      cursor = slot.dueAt;
    }
  }

  /**
   * The shortest time between consecutive runs, for the frequency floor: the schedule's nominal
   * spacing on the wall clock (cron-fields.ts), the same in every zone and on every date. A
   * daylight-saving change can bring two runs closer once (`30 * * * *` runs at 01:30, at 03:00 for
   * the 02:30 the clocks skipped, and at 03:30), and is not held against the schedule. Infinity when
   * it runs at most once in 28 years. `_from` is not used: the verdict does not depend on the date.
   */
  shortestInterval(_from?: number): number {
    this.compiled.nominalIntervalMs ??= nominalIntervalMs(this.fields, this.minutesOfDay);
    return this.compiled.nominalIntervalMs;
  }
}

/** Identity of a timer group: subscriptions sharing it share one node-cron task. */
export const scheduleGroupKey = (cronExpression: string, timeZone: string) => `${cronExpression}|${timeZone}`;
