// The calendar side of a parsed cron expression: which days it runs on, read as node-cron's own
// matcher reads the fields (L, L-n, nW, LW, n#k, nL; day of month AND day of week), and how far apart
// its runs are on the wall clock, which is what the frequency floor judges.
import type { ParsedFields } from 'node-cron';

const day = 86_400_000;
const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const weekdayOf = (year: number, month: number, dayOfMonth: number) =>
  new Date(Date.UTC(year, month - 1, dayOfMonth)).getUTCDay();

function dayOfMonthMatches(
  entry: number | string,
  year: number,
  month: number,
  dayOfMonth: number,
  last: number,
): boolean {
  if (typeof entry === 'number') return entry === dayOfMonth;
  if (entry === 'L') return dayOfMonth === last;
  const fromLast = /^L-(\d+)$/.exec(entry);
  if (fromLast) return dayOfMonth === last - Number(fromLast[1]);
  const nearestWeekday = /^(L|\d+)W$/.exec(entry);
  if (nearestWeekday) {
    // The weekday nearest the given day, without leaving the month. A month without that day has no
    // such run (31W skips 30-day months; 29W in February runs in leap years only), as in node-cron.
    let target = nearestWeekday[1] === 'L' ? last : Number(nearestWeekday[1]);
    if (target > last) return false;
    const weekday = weekdayOf(year, month, target);
    if (weekday === 6) target = target === 1 ? 3 : target - 1;
    else if (weekday === 0) target = target === last ? target - 2 : target + 1;
    return dayOfMonth === target;
  }
  return false;
}

function dayOfWeekMatches(
  entry: number | string,
  weekday: number,
  dayOfMonth: number,
  last: number,
): boolean {
  if (typeof entry === 'number') return entry % 7 === weekday;
  const lastOf = /^(\d)L$/.exec(entry);
  if (lastOf) return Number(lastOf[1]) % 7 === weekday && dayOfMonth + 7 > last;
  const nth = /^(\d)#(\d)$/.exec(entry);
  if (nth) return Number(nth[1]) % 7 === weekday && Math.ceil(dayOfMonth / 7) === Number(nth[2]);
  return false;
}

/** Whether the expression runs on a date: its month, day-of-month and day-of-week fields all match. */
export function runsOnDay(fields: ParsedFields, year: number, month: number, dayOfMonth: number): boolean {
  if (!fields.month.includes(month)) return false;
  const last = daysInMonth(year, month);
  if (!fields.dayOfMonth.some((entry) => dayOfMonthMatches(entry, year, month, dayOfMonth, last)))
    return false;
  const weekday = weekdayOf(year, month, dayOfMonth);
  return fields.dayOfWeek.some((entry) => dayOfWeekMatches(entry, weekday, dayOfMonth, last));
}

/**
 * The reference calendar for the frequency check: 2000-01-01 to a week into 2028. Those 28 years hold
 * every kind of year (leap or not, starting on each weekday) and every pair of consecutive kinds, so
 * every spacing between run days shorter than four years occurs in them.
 */
const referenceFrom = Date.UTC(2000, 0, 1);
const referenceTo = Date.UTC(2028, 0, 8);

/**
 * The shortest time (ms) between two consecutive runs as the wall clock names them, as if the zone
 * never changed its offset: the schedule's nominal spacing, the same in every zone and on every date.
 * Infinity when it runs at most once in the reference years (yearly on a leap day's weekday, say).
 */
export function nominalIntervalMs(fields: ParsedFields, minutesOfDay: Uint16Array): number {
  const first = minutesOfDay[0];
  const lastOfDay = minutesOfDay[minutesOfDay.length - 1];
  if (first === undefined || lastOfDay === undefined) return Number.POSITIVE_INFINITY;
  let shortest = Number.POSITIVE_INFINITY;
  for (let index = 1; index < minutesOfDay.length; index++) {
    shortest = Math.min(shortest, (minutesOfDay[index] ?? 0) - (minutesOfDay[index - 1] ?? 0));
  }
  // Across days: from the last run of one run day to the first of the next.
  let previous: number | undefined;
  for (let cursor = referenceFrom; cursor < referenceTo; cursor += day) {
    const date = new Date(cursor);
    if (!runsOnDay(fields, date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())) continue;
    if (previous !== undefined) {
      const days = Math.round((cursor - previous) / day);
      shortest = Math.min(shortest, days * 1440 - lastOfDay + first);
      if (days === 1) break;
    }
    previous = cursor;
  }
  return shortest * 60_000;
}
