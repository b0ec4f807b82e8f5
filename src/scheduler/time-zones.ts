// IANA time zones: validation, suggestions, and the wall-clock arithmetic the slot calculator needs.
// Everything goes through Intl, so the zone rules are the ones Node's ICU ships.
import { currentZoneName, currentZoneSpellings } from '../store/record-checks.js';

/** Offered first in autocomplete: the zones the Kursk/Sumy audience most often lives or reports in. */
export const pinnedTimeZones = [
  'Europe/Kyiv',
  'Europe/Moscow',
  'UTC',
  'Europe/London',
  'America/New_York',
] as const;

interface ZoneList {
  /** Every zone Intl knows, under its current IANA spelling (ICU still lists "Asia/Calcutta"). */
  zones: string[];
  /** Lower-case name, current or old spelling -> current name. */
  byLowerCase: Map<string, string>;
  /** What a search matches per zone: "asia/kolkata asia/calcutta", with spaces for underscores. */
  searchText: Map<string, string>;
}

let zoneList: ZoneList | undefined;

function allTimeZones(): ZoneList {
  if (!zoneList) {
    const listed = Intl.supportedValuesOf('timeZone').map(currentZoneName);
    const zones = [...new Set([...pinnedTimeZones, ...listed])];
    const byLowerCase = new Map(zones.map((zone) => [zone.toLowerCase(), zone]));
    const oldSpellings = new Map<string, string>();
    for (const [old, current] of currentZoneSpellings) {
      byLowerCase.set(old.toLowerCase(), current);
      oldSpellings.set(current, old);
    }
    const searchable = (name: string) => name.toLowerCase().replace(/_/g, ' ');
    const searchText = new Map(
      zones.map((zone) => {
        const old = oldSpellings.get(zone);
        return [zone, old ? `${searchable(zone)} ${searchable(old)}` : searchable(zone)];
      }),
    );
    zoneList = { zones, byLowerCase, searchText };
  }
  return zoneList;
}

/**
 * The zone's name for any spelling Intl accepts, or undefined. A listed name is kept as chosen
 * ("asia/kolkata" -> "Asia/Kolkata"); an old spelling becomes the current one ("Asia/Calcutta" ->
 * "Asia/Kolkata", "Europe/Kiev" -> "Europe/Kyiv"); any other alias Intl knows becomes the zone it
 * names ("US/Eastern" -> "America/New_York"). Fixed offsets like "+03:00" are refused: they ignore
 * daylight saving.
 */
export function resolveTimeZone(input: string): string | undefined {
  const trimmed = input.trim();
  if (trimmed === '' || /^[+-]/.test(trimmed)) return undefined;
  const listed = allTimeZones().byLowerCase.get(trimmed.toLowerCase());
  if (listed) return listed;
  try {
    return currentZoneName(
      new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone,
    );
  } catch {
    return undefined;
  }
}

/**
 * Pinned zones first when nothing is typed; otherwise zones containing every typed word, in their
 * current or old spelling ("kolkata" and "calcutta" both find Asia/Kolkata).
 */
export function suggestTimeZones(typed: string, limit: number): string[] {
  const words = typed
    .toLowerCase()
    .split(/[\s/_,]+/)
    .filter(Boolean);
  if (words.length === 0) return pinnedTimeZones.slice(0, limit);
  const { zones, searchText } = allTimeZones();
  const matches = zones.filter((zone) => {
    const text = searchText.get(zone) ?? '';
    return words.every((word) => text.includes(word));
  });
  const rank = (zone: string) => {
    const pinned = (pinnedTimeZones as readonly string[]).indexOf(zone);
    if (pinned >= 0) return pinned;
    const city = zone.toLowerCase().split('/').at(-1) ?? '';
    return city.startsWith(words[0] ?? '') ? 10 : 20;
  };
  return matches.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).slice(0, limit);
}

export interface WallTime {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The ways sitrep writes a zone's local time: building one Intl formatter costs far more than using it. */
const zoneFormats = {
  /** Numeric parts for the wall-clock arithmetic below. */
  parts: {
    locale: 'en-US',
    options: {
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    },
  },
  /** "Sat 27 Mar, 08:00": autocomplete labels, where Discord timestamps do not render. */
  label: {
    locale: 'en-GB',
    options: {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    },
  },
  /** "24 Nov 2026, 08:00": a forum post's title. */
  stamp: {
    locale: 'en-GB',
    options: {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    },
  },
} as const satisfies Record<string, { locale: string; options: Intl.DateTimeFormatOptions }>;

type ZoneFormat = keyof typeof zoneFormats;

/** Per format, per zone: the wall-clock arithmetic asks on every slot, so no key is built per call. */
const formatters: Record<ZoneFormat, Map<string, Intl.DateTimeFormat>> = {
  parts: new Map(),
  label: new Map(),
  stamp: new Map(),
};

/** One cached formatter per zone and format, shared by every caller. */
function zoneFormatter(timeZone: string, format: ZoneFormat): Intl.DateTimeFormat {
  const cache = formatters[format];
  let formatter = cache.get(timeZone);
  if (!formatter) {
    const { locale, options } = zoneFormats[format];
    formatter = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    cache.set(timeZone, formatter);
  }
  return formatter;
}

const localizedFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A label or stamp format in a reader's language ("пт, 24 лист., 08:00"), with the options of the
 * English one; English readers get zoneFormatter's own. Kept per language and zone (at most 1,000).
 */
export function localizedZoneFormatter(
  timeZone: string,
  format: 'label' | 'stamp',
  locale: string,
): Intl.DateTimeFormat {
  if (locale === 'en') return zoneFormatter(timeZone, format);
  const key = `${format}|${locale}|${timeZone}`;
  let formatter = localizedFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { ...zoneFormats[format].options, timeZone });
    if (localizedFormatters.size >= 1000) localizedFormatters.clear();
    localizedFormatters.set(key, formatter);
  }
  return formatter;
}

/** The local clock reading in `timeZone` at an instant (milliseconds since the epoch). */
export function wallTimeAt(instant: number, timeZone: string): WallTime {
  const wall: WallTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0 };
  for (const part of zoneFormatter(timeZone, 'parts').formatToParts(instant)) {
    if (part.type === 'year') wall.year = Number(part.value);
    else if (part.type === 'month') wall.month = Number(part.value);
    else if (part.type === 'day') wall.day = Number(part.value);
    else if (part.type === 'hour') wall.hour = Number(part.value);
    else if (part.type === 'minute') wall.minute = Number(part.value);
  }
  return wall;
}

const wallAsUtc = (wall: WallTime) => Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);

/** Local time minus UTC at an instant, in milliseconds (Kyiv in summer: +3 h). */
export function offsetAt(instant: number, timeZone: string): number {
  const floored = Math.floor(instant / 60_000) * 60_000;
  return wallAsUtc(wallTimeAt(floored, timeZone)) - floored;
}

const minute = 60_000;
const day = 86_400_000;

export interface ResolvedWallTime {
  instant: number;
  /** The wall time does not exist that day (clocks sprang forward over it); `instant` is when the gap ends. */
  inGap: boolean;
}

/**
 * The instant a wall-clock time happens in `timeZone`. In the repeated hour after clocks go back, the
 * first occurrence. In the skipped hour when clocks go forward, the first valid minute after the gap.
 */
export function instantForWallTime(wall: WallTime, timeZone: string): ResolvedWallTime {
  const asUtc = wallAsUtc(wall);
  // Zones change offset at most once within a day either side, so these are the only two candidates.
  const before = asUtc - offsetAt(asUtc - day, timeZone);
  const after = asUtc - offsetAt(asUtc + day, timeZone);
  const matches = (instant: number) => wallAsUtc(wallTimeAt(instant, timeZone)) === asUtc;
  const earlier = Math.min(before, after);
  const later = Math.max(before, after);
  if (matches(earlier)) return { instant: earlier, inGap: false };
  if (matches(later)) return { instant: later, inGap: false };
  // In a gap: find the transition, the first minute whose local reading has jumped past the wall time.
  let low = earlier;
  let high = later;
  while (high - low > minute) {
    const middle = low + Math.floor((high - low) / 2 / minute) * minute;
    if (wallAsUtc(wallTimeAt(middle, timeZone)) > asUtc) high = middle;
    else low = middle;
  }
  return { instant: high, inGap: true };
}

/** "2027-03-28T03:30" for a wall time: the identity of a slot, whatever instant it lands on. */
export function wallTimeKey(wall: WallTime): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}
