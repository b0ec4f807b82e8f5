// Checks that a translation says what the English says, as far as a machine can tell: every figure
// survives (and none is added), a negation stays a negation (and none is added to a statement), a
// statement names no actor the English does not, and it composes like the English (a fragment after
// the status verb starts in lower case). Also reports what is left untranslated. Pure: `npm run
// facts:check` (check-facts.ts) loads the files and runs it; each problem names file, entry and reason.
import path from 'node:path';
import type { FactProblem } from './load-facts.js';
import { type Actor, clauseStatuses, type Fact } from './schema.js';
import {
  localeNames,
  type TranslatedCollection,
  type TranslatedLocale,
  translatedLocales,
} from './translation-schema.js';
import {
  englishEntries,
  englishFields,
  type LocaleTranslations,
  type TranslatableData,
  type Translations,
  translatedCollections,
  translatedFields,
  translationEntryName,
} from './translations.js';

interface TranslationCheckOptions {
  /** Where the translation files are: a missing locale is reported as its file there. */
  directory: string;
  /**
   * Entries that must be translated (the bundled ones). The others, such as facts an operator adds
   * from FACTS_DIR, may be shown in English, marked as such; they are listed in `fallbacks`.
   */
  mustTranslate?: (collection: TranslatedCollection, id: string) => boolean;
}

interface TranslationCheck {
  problems: FactProblem[];
  /** Entries that may stay untranslated and are: answers show them in English, marked as a fallback. */
  fallbacks: { locale: TranslatedLocale; collection: TranslatedCollection; id: string }[];
}

export function checkTranslations(
  data: TranslatableData,
  translations: Translations,
  { directory, mustTranslate = () => true }: TranslationCheckOptions,
): TranslationCheck {
  const problems: FactProblem[] = [];
  const fallbacks: TranslationCheck['fallbacks'] = [];
  const mentions = new ActorMentions(data.actors, translations);

  for (const locale of translatedLocales) {
    const translation = translations.get(locale);
    if (!translation) {
      problems.push({
        file: path.join(directory, `${locale}.yaml`),
        entry: 'file',
        reason: `missing: the fact files need a ${localeNames[locale]} translation`,
      });
      continue;
    }
    for (const collection of translatedCollections) {
      for (const [id, english] of englishEntries(data, collection)) {
        const entry = translationEntryName(collection, id);
        const report = (reason: string) => problems.push({ file: translation.file, entry, reason });
        const original = englishFields(collection, english);
        const translated = translatedEntry(translation, collection, id);
        const missing = [...original.keys()].filter((field) => !translated.has(field));
        if (missing.length > 0) {
          if (mustTranslate(collection, id)) {
            report(`no ${localeNames[locale]} translation of ${missing.join(', ')}`);
          } else {
            fallbacks.push({ locale, collection, id });
          }
        }
        for (const [field, englishText] of original) {
          const text = translated.get(field);
          if (text === undefined) continue;
          for (const reason of figureProblems(englishText, text)) report(`${field}: ${reason}`);
          if (isNegative(englishText) && !hasNegation(text)) {
            report(
              `${field}: the English is negative ("${negationIn(englishText)}") but the translation has no negation; keep it`,
            );
          }
        }
        if (collection === 'facts') {
          const statement = translated.get('statement');
          if (statement !== undefined) {
            for (const reason of statementProblems(english as Fact, statement, locale, mentions)) {
              report(`statement: ${reason}`);
            }
          }
        }
      }
    }
  }
  return { problems, fallbacks };
}

function translatedEntry(
  translation: LocaleTranslations,
  collection: TranslatedCollection,
  id: string,
): Map<string, string> {
  const entry = translation[collection][id];
  return entry ? translatedFields(entry) : new Map();
}

/** What only a statement is checked for: an added negation, an actor added or dropped, how it composes. */
function statementProblems(
  fact: Fact,
  text: string,
  locale: TranslatedLocale,
  mentions: ActorMentions,
): string[] {
  const problems: string[] = [];
  if (!isNegative(fact.statement) && hasNegation(text)) {
    problems.push(
      `adds a negation ("${negationIn(text)}") the English does not have; a statement must not turn into its opposite`,
    );
  }
  const namedInEnglish = mentions.inEnglish(fact.statement);
  const namedHere = mentions.inTranslation(text, locale);
  for (const actor of namedHere) {
    // Naming the fact's own speaker adds no one, and the English may name it in words that are not
    // one of its aliases ("the General Staff").
    if (actor.id === fact.actor || namedInEnglish.has(actor.id)) continue;
    problems.push(
      `names ${actor.id} ("${actor.matched}"), whom the English statement does not name; a translation must not add a speaker`,
    );
  }
  for (const [id, matched] of namedInEnglish) {
    if (!namedHere.some((actor) => actor.id === id)) {
      problems.push(
        `does not name ${id}, whom the English statement names ("${matched}"); keep who is said to act or speak`,
      );
    }
  }
  const clause = clauseStatuses.has(fact.status);
  const first = text.replace(/^["“„«‘'(]+/, '').charAt(0);
  // A figure may open either kind ("30-денне ..."): Ukrainian and Russian have no article to lead with.
  const startsLower = /\p{Ll}/u.test(first);
  const startsUpper = /\p{Lu}/u.test(first);
  if (clause && startsUpper) {
    problems.push(
      `with status "${fact.status}" it continues "<actor> <verb> ..." as in English and must start in lower case`,
    );
  } else if (!clause && startsLower) {
    problems.push(`with status "${fact.status}" it is a whole sentence and must start with a capital`);
  }
  const end = (value: string) => /[.!?…]["»”’)]*$/.test(value);
  if (end(fact.statement) !== end(text)) {
    problems.push(
      end(fact.statement)
        ? 'the English ends a sentence with a full stop; end it the same way'
        : 'the English has no closing full stop; leave it out here too',
    );
  }
  return problems;
}

/** 1,000 / 1.5 / 2024 in English: thousands separated by commas, decimals by a point. */
const englishNumber = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/g;

/**
 * 1 000 / 1000 / 1,5 in Ukrainian and Russian: thousands separated by a space (plain, no-break,
 * narrow no-break or thin), decimals by a comma or a point. "1,000" reads as one here, not a thousand.
 */
const translatedNumber = /\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?/g;

function englishFigures(text: string): Set<string> {
  return new Set([...text.matchAll(englishNumber)].map(([number]) => number.replace(/,/g, '')));
}

function translatedFigures(text: string): Set<string> {
  return new Set(
    [...text.matchAll(translatedNumber)].map(([number]) =>
      number.replace(/[ \u00a0\u202f\u2009]/g, '').replace(',', '.'),
    ),
  );
}

/** Every figure of the English, and no other, in the translation. */
function figureProblems(english: string, translation: string): string[] {
  const wanted = englishFigures(english);
  const found = translatedFigures(translation);
  const problems: string[] = [];
  for (const figure of wanted) {
    if (!found.has(figure)) {
      const writtenEnglishStyle = [...translation.matchAll(englishNumber)].some(
        ([number]) => number.includes(',') && number.replace(/,/g, '') === figure,
      );
      const hint = writtenEnglishStyle ? ' (a comma is a decimal separator here: write 1 000 or 1000)' : '';
      problems.push(`drops the figure ${figure} that the English gives${hint}`);
    }
  }
  for (const figure of found) {
    if (!wanted.has(figure)) problems.push(`has the figure ${figure}, which the English does not give`);
  }
  return problems;
}

const englishNegation = /\b(?:not|no|never|none|neither|nor|without|nobody|nothing|cannot)\b|n['’]t\b/i;

/** Ukrainian, then Russian: particles, pronouns, "without", "there is no". */
const translatedNegation = new RegExp(
  `(?<![\\p{L}\\p{N}'’ʼ])(?:${[
    'не',
    'ні',
    'ніхто',
    'нікого',
    'нікому',
    'ніким',
    'ніщо',
    'нічого',
    'нічим',
    'ніколи',
    'ніде',
    'нікуди',
    'ніяк\\p{L}*',
    'жоден',
    'жодн\\p{L}*',
    'немає',
    'нема',
    'без',
    'ни',
    'нет',
    'никто',
    'никого',
    'никому',
    'никем',
    'ничто',
    'ничего',
    'ничем',
    'никогда',
    'нигде',
    'никуда',
    'никак\\p{L}*',
    'нельзя',
  ].join('|')})(?![\\p{L}\\p{N}'’ʼ])`,
  'iu',
);

const isNegative = (english: string) => englishNegation.test(english);
const hasNegation = (text: string) => translatedNegation.test(text);
const negationIn = (text: string) => (englishNegation.exec(text) ?? translatedNegation.exec(text))?.[0] ?? '';

interface Mention {
  id: string;
  matched: string;
}

/**
 * Finds the actors a text names. English by name and aliases as whole words; a translation by its
 * translated name and aliases, word by word on stems, so "Зеленського" names "Зеленський".
 */
class ActorMentions {
  private readonly english: { id: string; pattern: RegExp }[];
  private readonly translated: Map<TranslatedLocale, { id: string; name: string; words: string[] }[]>;

  constructor(actors: readonly Actor[], translations: Translations) {
    this.english = actors.flatMap((actor) =>
      [actor.name, ...actor.aliases]
        .filter((name) => /^[\p{Script=Latin}\p{N}\s.'’&-]+$/u.test(name))
        .map((name) => ({
          id: actor.id,
          pattern: new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(name)}(?![\\p{L}\\p{N}])`, 'iu'),
        })),
    );
    this.translated = new Map(
      [...translations].map(([locale, translation]) => [
        locale,
        Object.entries(translation.actors).flatMap(([id, actor]) =>
          [actor.name, ...actor.aliases].map((name) => ({ id, name, words: words(name) })),
        ),
      ]),
    );
  }

  /** The actors the English names, each with the words that name it. */
  inEnglish(text: string): Map<string, string> {
    const found = new Map<string, string>();
    for (const { id, pattern } of this.english) {
      const match = pattern.exec(text);
      if (match && !found.has(id)) found.set(id, match[0]);
    }
    return found;
  }

  inTranslation(text: string, locale: TranslatedLocale): Mention[] {
    const textWords = words(text);
    const found = new Map<string, Mention>();
    for (const { id, name, words: nameWords } of this.translated.get(locale) ?? []) {
      if (found.has(id) || nameWords.length === 0) continue;
      for (let start = 0; start + nameWords.length <= textWords.length; start++) {
        if (nameWords.every((word, offset) => sameWord(word, textWords[start + offset] ?? ''))) {
          found.set(id, { id, matched: name });
          break;
        }
      }
    }
    return [...found.values()];
  }
}

const words = (text: string): string[] =>
  text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .match(/[\p{L}\p{N}]+/gu) ?? [];

const inflectedVowel = /[аяоеєиіїыуюйьъэ]$/;
const inflection = /^[аяоеєиіїыуюйьъэмхвгш]{0,3}$/;

/**
 * Whether a word of the text is a form of a word of a name: the name's stem (its final vowels
 * dropped, keeping at least four letters) followed by at most three letters of an ending. Short
 * words (ЗСУ, США) must match exactly.
 */
function sameWord(nameWord: string, textWord: string): boolean {
  if (nameWord.length < 4) return nameWord === textWord;
  let stem = nameWord;
  for (let dropped = 0; dropped < 2 && stem.length > 4 && inflectedVowel.test(stem); dropped++) {
    stem = stem.slice(0, -1);
  }
  return textWord.startsWith(stem) && inflection.test(textWord.slice(stem.length));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
