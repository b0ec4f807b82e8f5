// The languages sitrep speaks, and how a Discord locale or a question's own words choose one.

/** English is the fact files themselves; Ukrainian and Russian are translated (facts/translations). */
export const supportedLocales = ['en', 'uk', 'ru'] as const;
export type Locale = (typeof supportedLocales)[number];

/** The locales that have a translation file. */
export const translatedLocales = ['uk', 'ru'] as const satisfies readonly Locale[];
export type TranslatedLocale = (typeof translatedLocales)[number];

export const isLocale = (value: unknown): value is Locale =>
  typeof value === 'string' && (supportedLocales as readonly string[]).includes(value);

/**
 * The language for a Discord locale ("uk", "ru", "en-US", "de"...): Ukrainian and Russian as
 * themselves, every other locale English, the store's own language.
 */
export function localeFromDiscord(discordLocale: string | null | undefined): Locale {
  if (discordLocale === 'uk') return 'uk';
  if (discordLocale === 'ru') return 'ru';
  return 'en';
}

// Letters only one of the two languages writes: і ї є ґ are Ukrainian, ы э ъ ё Russian.
const ukrainianLetters = /[іїєґ]/iu;
const russianLetters = /[ыэъё]/iu;
const cyrillic = /\p{Script=Cyrillic}/u;

/**
 * The language a question is written in, when its letters say so: Cyrillic with a letter only
 * Ukrainian writes is Ukrainian, with one only Russian writes is Russian; Cyrillic with neither (a
 * bare "Суджа") says nothing, nor does Latin text.
 */
export function languageOfText(text: string): TranslatedLocale | undefined {
  if (!cyrillic.test(text)) return undefined;
  const ukrainian = ukrainianLetters.test(text);
  const russian = russianLetters.test(text);
  if (ukrainian && !russian) return 'uk';
  if (russian && !ukrainian) return 'ru';
  return undefined;
}

/**
 * The language to answer a question in: the reader's, unless they read English and wrote the
 * question in Ukrainian or Russian, which they then read too.
 */
export function answerLocaleFor(question: string, readerLocale: Locale): Locale {
  if (readerLocale !== 'en') return readerLocale;
  return languageOfText(question) ?? readerLocale;
}
