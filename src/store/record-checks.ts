// What a stored subscription's zone and schedule must be for the scheduler to run them. The record
// schema checks them on every read, so one record naming a zone or a cron this runtime cannot run is
// reported and skipped, instead of stopping every server's digests when the scheduler trips on it.
// Pure (Intl and node-cron only) and below the scheduler, which uses the same zone spellings. A
// stored language must be one sitrep writes (a record naming another is skipped the same way).
import cron from 'node-cron';
import { isLocale, type Locale } from '../i18n/locales.js';

/** A language sitrep writes digests and answers in ("en", "uk", "ru"); anything else is refused. */
export function isStoredLanguage(value: unknown): value is Locale {
  return isLocale(value);
}

/** Why a stored language was refused, for the record's report. */
export const storedLanguageMessage = 'not a language sitrep writes (en, uk or ru)';

/**
 * Zones that Node's ICU still lists and resolves under names IANA has since replaced, old -> current
 * (`Intl` turns "Asia/Kolkata" into "Asia/Calcutta"). sitrep stores and shows the current names and
 * accepts the old ones as their aliases. Both spellings name the same zone rules.
 */
export const currentZoneSpellings: ReadonlyMap<string, string> = new Map([
  ['Africa/Asmera', 'Africa/Asmara'],
  ['America/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
  ['America/Catamarca', 'America/Argentina/Catamarca'],
  ['America/Coral_Harbour', 'America/Atikokan'],
  ['America/Cordoba', 'America/Argentina/Cordoba'],
  ['America/Godthab', 'America/Nuuk'],
  ['America/Indianapolis', 'America/Indiana/Indianapolis'],
  ['America/Jujuy', 'America/Argentina/Jujuy'],
  ['America/Louisville', 'America/Kentucky/Louisville'],
  ['America/Mendoza', 'America/Argentina/Mendoza'],
  ['Asia/Calcutta', 'Asia/Kolkata'],
  ['Asia/Katmandu', 'Asia/Kathmandu'],
  ['Asia/Rangoon', 'Asia/Yangon'],
  ['Asia/Saigon', 'Asia/Ho_Chi_Minh'],
  ['Atlantic/Faeroe', 'Atlantic/Faroe'],
  ['Europe/Kiev', 'Europe/Kyiv'],
  ['Pacific/Enderbury', 'Pacific/Kanton'],
  ['Pacific/Ponape', 'Pacific/Pohnpei'],
  ['Pacific/Truk', 'Pacific/Chuuk'],
]);

/** The current IANA spelling of a zone name ("Asia/Calcutta" -> "Asia/Kolkata"); other names as given. */
export function currentZoneName(zone: string): string {
  return currentZoneSpellings.get(zone) ?? zone;
}

/** Answers per string, bounded: a store of 10,000 records names a handful of zones and schedules. */
function remembered(cache: Map<string, boolean>, key: string, check: () => boolean): boolean {
  let known = cache.get(key);
  if (known === undefined) {
    known = check();
    if (cache.size >= 1000) cache.clear();
    cache.set(key, known);
  }
  return known;
}

const zoneAnswers = new Map<string, boolean>();
const cronAnswers = new Map<string, boolean>();

/**
 * A named zone Intl knows. Fixed offsets ("+03:00") are refused: they ignore daylight saving, and
 * the command never stores one.
 */
export function isRunnableTimeZone(zone: string): boolean {
  return remembered(zoneAnswers, zone, () => {
    if (zone.trim() !== zone || zone === '' || /^[+-]/.test(zone)) return false;
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Five single-spaced fields that node-cron parses: what the schedule parser stores. (node-cron also
 * takes a seconds field, which the slot calculator would ignore, so six fields are refused.)
 */
export function isRunnableCron(expression: string): boolean {
  return remembered(
    cronAnswers,
    expression,
    () => /^\S+( \S+){4}$/.test(expression) && cron.validate(expression),
  );
}
