// Every fixed text sitrep writes, in the reader's language: message catalogues (messages/<locale>/
// <area>.json) read by i18next, with plural rules and context (a verb agreeing with its subject), and
// dates, numbers, lists and units written by Intl for the locale. The catalogues are data: loaded
// once, never changed, so `wordsIn(locale)` hands out the same immutable Words to every caller.
import { readdirSync, readFileSync } from 'node:fs';
import i18next, { type i18n } from 'i18next';
import { formatPartialDate } from '../text.js';
import { type Locale, supportedLocales } from './locales.js';

export const messagesDirectory = new URL('./messages/', import.meta.url);

type Catalogue = Record<string, unknown>;

/**
 * The catalogue of one locale: each file is an area ("briefs.json"), its keys under the area's name
 * ("briefs.status.title"), so areas can be written apart and looked up together.
 */
export function readCatalogue(locale: Locale, directory: URL = messagesDirectory): Catalogue {
  const folder = new URL(`${locale}/`, directory);
  const catalogue: Catalogue = {};
  for (const file of readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    const area = file.slice(0, -'.json'.length);
    try {
      catalogue[area] = JSON.parse(readFileSync(new URL(file, folder), 'utf8'));
    } catch (error) {
      throw new Error(`Message catalogue ${locale}/${file} is not valid JSON: ${(error as Error).message}`);
    }
  }
  return catalogue;
}

export interface Words {
  readonly locale: Locale;
  /**
   * A message by key ("briefs.status.title"), filled with `values`; `count` picks the plural form
   * (1 заява, 2 заяви, 5 заяв), `context` a form such as a verb's gender ("feminine").
   */
  t(key: string, values?: Record<string, unknown>): string;
  /** 1000 -> "1,000" (en), "1 000" (uk, ru). */
  number(value: number): string;
  /** A date as the fact files write it (YYYY, YYYY-MM, YYYY-MM-DD): "13 Mar 2025", "13 бер. 2025 р.". */
  date(value: string, approximate?: boolean): string;
  /** A span of two such dates: "15–16 Mar 2025", "15–16 бер. 2025 р.". */
  dateSpan(from: string, until: string, approximate?: boolean): string;
  /** "A", "A and B", "A, B and C"; "А, Б і В"; "А, Б и В". */
  list(items: readonly string[]): string;
  /** "A, B or C"; "А, Б або В"; "А, Б или В". */
  alternatives(items: readonly string[]): string;
  /** A language's name in this locale, for "(in Ukrainian)": "українською" is a message, this the name. */
  languageName(code: string): string;
  /** A quantity in a unit Intl knows ("kilometer", "mile", "day"), long or short: "621 миля", "1 000 км". */
  unit(value: number, unit: string, display: 'long' | 'short'): string;
}

function createTranslator(): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    initAsync: false,
    resources: Object.fromEntries(
      supportedLocales.map((locale) => [locale, { translation: readCatalogue(locale) }]),
    ),
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...supportedLocales],
    // Text goes to Discord and terminals, not HTML; markdown is escaped where user text is echoed.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

const translator = createTranslator();

type Template = (values: Record<string, unknown> | undefined) => string;
const placeholder = /\{\{\s*(\w+)\s*\}\}/g;

/** A message's text with its placeholders as slots: "{{count}} more statements" -> ["", "count", " more statements"]. */
function compileTemplate(text: string): Template {
  const parts = text.split(placeholder);
  if (parts.length === 1) return () => text;
  return (values) => {
    let out = parts[0] ?? '';
    for (let index = 1; index < parts.length; index += 2) {
      const value = values?.[parts[index] as string];
      out += `${value === undefined || value === null ? '' : String(value)}${parts[index + 1] ?? ''}`;
    }
    return out;
  };
}

/**
 * `t` with each message looked up by i18next once per key, context and plural form, then kept as a
 * compiled template: i18next's own t() resolves keys, plural suffixes and interpolation afresh on
 * every call (13 µs and about a kilobyte of garbage each), and an answer asks for dozens of messages.
 * The text is i18next's exactly: the same key, context and plural resolution, interpolated the same way.
 */
function compiledMessages(
  locale: Locale,
  lookUp: (key: string, options: Record<string, unknown>) => string,
): Words['t'] {
  const plurals = new Intl.PluralRules(locale);
  const templates = new Map<string, Template>();
  return (key, values) => {
    const count = values?.count;
    const context = values?.context;
    const form = typeof count === 'number' ? plurals.select(count) : '';
    const cacheKey =
      context === undefined && form === '' ? key : `${key}\u0000${String(context ?? '')}\u0000${form}`;
    let template = templates.get(cacheKey);
    if (template === undefined) {
      template = compileTemplate(
        lookUp(key, {
          skipInterpolation: true,
          ...(typeof count === 'number' ? { count } : {}),
          ...(context === undefined ? {} : { context }),
        }),
      );
      templates.set(cacheKey, template);
    }
    return template(values);
  };
}

// ICU's spaces differ between versions (U+202F in a range, U+0020 in a date): dates get plain spaces,
// numbers a no-break space that keeps "1 000" whole, the same on Node 20 and 22.
const plainSpaces = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');
const noBreakSpaces = (text: string) => text.replace(/[\u202f\u00a0]/g, '\u00a0');

const maxRememberedDates = 10_000;

// Dates are written from their parts in UTC so that "2025-03-13" is the 13th in every zone.
const dayParts = (value: string) => {
  const [year, month, day] = value.split('-').map(Number);
  return {
    date: new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1)),
    precision: day ? 'day' : month ? 'month' : 'year',
  } as const;
};

/** The text `write` makes, kept under `key` while `kept` has room. */
function rememberedText(kept: Map<string, string>, key: string, write: () => string): string {
  let text = kept.get(key);
  if (text === undefined) {
    text = write();
    if (kept.size < maxRememberedDates) kept.set(key, text);
  }
  return text;
}

function createWords(locale: Locale): Words {
  const t = translator.getFixedT(locale);
  const numbers = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : locale, { maximumFractionDigits: 2 });
  const dayFormat = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const monthFormat = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const listLocale = locale === 'en' ? 'en-GB' : locale;
  const lists = new Intl.ListFormat(listLocale, { style: 'long', type: 'conjunction' });
  const orLists = new Intl.ListFormat(listLocale, { style: 'long', type: 'disjunction' });
  const languageNames = new Intl.DisplayNames([locale], { type: 'language' });
  const units = new Map<string, Intl.NumberFormat>();
  const messages = compiledMessages(locale, (key, options) => t(key, options) as string);
  const circaText = messages('common.date.circa');
  const circa = (approximate: boolean | undefined) => (approximate ? circaText : '');
  // Intl.DisplayNames looks a name up afresh on every call (about 50 µs); the codes are a handful.
  const languageNamesByCode = new Map<string, string>();

  // Intl's formatting costs microseconds a call and an answer writes dozens of dates and quantities,
  // nearly all from the fact files: each is written once and kept (at most maxRememberedDates of
  // each, after which new ones are written each time).
  const written = new Map<string, string>();
  const quantities = new Map<string, string>();
  const date = (value: string): string => rememberedText(written, value, () => writeDate(value));
  const writeDate = (value: string): string => {
    if (locale === 'en') return formatPartialDate(value);
    const { date: at, precision } = dayParts(value);
    if (precision === 'day') return plainSpaces(dayFormat.format(at));
    if (precision === 'month') return plainSpaces(monthFormat.format(at));
    return value.slice(0, 4);
  };

  return {
    locale,
    t: messages,
    number: (value) => noBreakSpaces(numbers.format(value)),
    date: (value, approximate) => `${circa(approximate)}${date(value)}`,
    dateSpan(from, until, approximate) {
      if (locale === 'en') return `${circa(approximate)}${englishSpan(from, until)}`;
      const start = dayParts(from);
      const end = dayParts(until);
      if (start.precision !== 'day' || end.precision !== 'day') {
        return `${circa(approximate)}${date(from)} – ${date(until)}`;
      }
      const range = rememberedText(written, `${from}/${until}`, () =>
        plainSpaces(dayFormat.formatRange(start.date, end.date)),
      );
      return `${circa(approximate)}${range}`;
    },
    list: (items) => lists.format(items),
    alternatives: (items) => orLists.format(items),
    languageName(code) {
      let name = languageNamesByCode.get(code);
      if (name === undefined) {
        name = languageNames.of(code) ?? code;
        languageNamesByCode.set(code, name);
      }
      return name;
    },
    unit(value, unit, display) {
      return rememberedText(quantities, `${unit}:${display}:${value}`, () => {
        const key = `${unit}:${display}`;
        let format = units.get(key);
        if (!format) {
          format = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : locale, {
            style: 'unit',
            unit,
            unitDisplay: display,
            maximumFractionDigits: 2,
          });
          units.set(key, format);
        }
        return noBreakSpaces(format.format(value));
      });
    },
  };
}

/** "15–16 Mar 2025", "Mar – Apr 2025", "Dec 2024 – Jan 2025": the English spans answers always had. */
function englishSpan(value: string, until: string): string {
  const [fromYear, fromMonth, fromDay] = value.split('-');
  const [toYear, toMonth] = until.split('-');
  const end = formatPartialDate(until);
  if (fromDay && fromYear === toYear && fromMonth === toMonth) return `${Number(fromDay)}–${end}`;
  const start = formatPartialDate(value);
  if (fromYear === toYear) return `${start.slice(0, -(fromYear?.length ?? 0) - 1)} – ${end}`;
  return `${start} – ${end}`;
}

const wordsByLocale = new Map<Locale, Words>(supportedLocales.map((locale) => [locale, createWords(locale)]));

/** The words of a locale. */
export function wordsIn(locale: Locale): Words {
  return wordsByLocale.get(locale) as Words;
}
