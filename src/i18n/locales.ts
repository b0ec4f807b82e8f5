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

// Letters only one of the two languages writes: і ї є ґ are Ukrainian, ы э ъ ё Russian; and the
// little words a question is made of, which differ between them (що / что, чи / ли, де / где).
const ukrainianLetters = /[іїєґ]/giu;
const russianLetters = /[ыэъё]/giu;
const ukrainianWords = new Set(
  'що хто де коли скільки чи це або як який яка які був була були його її вони ще вже'.split(' '),
);
const russianWords = new Set(
  'что кто где когда сколько ли это или как какой какая какие был была были его её ее они ещё уже и'.split(
    ' ',
  ),
);
const cyrillic = /\p{Script=Cyrillic}/u;

/**
 * The language a question is written in, when its letters or words say so; Cyrillic that says neither
 * way (a bare "Суджа") says nothing, nor does Latin text.
 */
export function languageOfText(text: string): TranslatedLocale | undefined {
  if (!cyrillic.test(text)) return undefined;
  const words = text.toLowerCase().match(/[\p{L}'’ʼ]+/gu) ?? [];
  let ukrainian = (text.match(ukrainianLetters) ?? []).length;
  let russian = (text.match(russianLetters) ?? []).length;
  for (const word of words) {
    if (ukrainianWords.has(word)) ukrainian++;
    if (russianWords.has(word)) russian++;
  }
  if (ukrainian > russian) return 'uk';
  if (russian > ukrainian) return 'ru';
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
