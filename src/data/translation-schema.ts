// The shape of a translation file (`facts/translations/<locale>.yaml`): our own Ukrainian or Russian
// wording of every text the fact files carry, keyed by the entry's id. Ids, dates, statuses and
// sources are not repeated: they stay in the fact files, the single place they are kept.
import { z } from 'zod';
import { type Locale, supportedLocales, type TranslatedLocale, translatedLocales } from '../i18n/locales.js';

export { type Locale, supportedLocales, type TranslatedLocale, translatedLocales };

/** "Ukrainian", "Russian": for reasons in problems. */
export const localeNames: Record<TranslatedLocale, string> = { uk: 'Ukrainian', ru: 'Russian' };

/** Text with its whitespace collapsed at load, like the fact files' text. Cyrillic runs longer than English. */
const text = (max: number) =>
  z
    .string()
    .overwrite((value) => value.replace(/\s+/g, ' ').trim())
    .min(1, 'must not be empty')
    .max(max);

/** A phrase that reads after "не наводить" / "не приводит" ("gives no"), so it starts in lower case. */
const notGivenPhrase = text(180).refine((value) => /^\p{Ll}/u.test(value), {
  message: 'must be a noun phrase in lower case that reads after "не наводить" / "не приводит"',
});

const factTranslationSchema = z.strictObject({
  /** Composed like the English: a whole sentence, or a fragment after the status verb (see README). */
  statement: text(600),
  /** One per English `notGiven`, in the same order. */
  notGiven: z.array(notGivenPhrase).optional(),
  /** The English `date.note`. */
  dateNote: text(240).optional(),
  /** One per English figure, in the same order: the numbers stay in the fact file. */
  figures: z
    .array(
      z.strictObject({
        unit: text(60),
        /** The unit of the figure's `alternate`, when it has one: "миля" for 621 mi. */
        alternateUnit: text(60).optional(),
        measures: text(120),
      }),
    )
    .optional(),
});

/**
 * Verbs agree with their subject in Ukrainian and Russian ("підтвердив", "підтвердило",
 * "підтвердили"), and a translated name need not have the English number: "Ukraine's military" is
 * singular, "Збройні сили України" plural.
 */
const grammaticalGenders = ['masculine', 'feminine', 'neuter', 'plural'] as const;
export type GrammaticalGender = (typeof grammaticalGenders)[number];

const actorTranslationSchema = z.strictObject({
  /** Reads as the subject of a sentence, in the nominative: "Міністерство оборони Росії". */
  name: text(120),
  /**
   * Other ways a statement may name the actor, including forms the stem match does not reach
   * ("Києва" for "Київ"): the faithfulness check uses them to find actors a translation names.
   */
  aliases: z.array(text(80)).default([]),
  gender: z.enum(grammaticalGenders),
  description: text(300),
});

const placeTranslationSchema = z.strictObject({
  name: text(120),
  aliases: z.array(text(80)).default([]),
  /** The English `coordinates.note`. */
  coordinatesNote: text(240).optional(),
});

const topicTranslationSchema = z.strictObject({
  name: text(120),
  aliases: z.array(text(80)).default([]),
  description: text(300),
  /** One per English `notGiven`, in the same order: its `what`. */
  notGiven: z.array(notGivenPhrase).optional(),
});

const sourceTranslationSchema = z.strictObject({
  /** Our translation of the headline: not the outlet's own, which stays in the fact file. */
  title: text(300).optional(),
  about: text(180).optional(),
  publishedNote: text(240).optional(),
});

export const translationSchemas = {
  facts: factTranslationSchema,
  actors: actorTranslationSchema,
  places: placeTranslationSchema,
  topics: topicTranslationSchema,
  sources: sourceTranslationSchema,
} as const;

export type TranslatedCollection = keyof typeof translationSchemas;

/** A translation file as a whole; each entry is validated on its own, so one bad entry names itself. */
export const translationFileSchema = z.strictObject({
  locale: z.enum(translatedLocales),
  facts: z.record(z.string(), z.unknown()).optional(),
  actors: z.record(z.string(), z.unknown()).optional(),
  places: z.record(z.string(), z.unknown()).optional(),
  topics: z.record(z.string(), z.unknown()).optional(),
  sources: z.record(z.string(), z.unknown()).optional(),
});

type FactTranslation = z.infer<typeof factTranslationSchema>;
type ActorTranslation = z.infer<typeof actorTranslationSchema>;
type PlaceTranslation = z.infer<typeof placeTranslationSchema>;
type TopicTranslation = z.infer<typeof topicTranslationSchema>;
type SourceTranslation = z.infer<typeof sourceTranslationSchema>;

export interface TranslationEntries {
  facts: Record<string, FactTranslation>;
  actors: Record<string, ActorTranslation>;
  places: Record<string, PlaceTranslation>;
  topics: Record<string, TopicTranslation>;
  sources: Record<string, SourceTranslation>;
}

/**
 * The text fields a translation carries, by collection, as paths: "statement", "notGiven.0",
 * "figures.1.measures".
 */
export interface TranslatedFields {
  facts:
    | 'statement'
    | 'dateNote'
    | `notGiven.${number}`
    | `figures.${number}.unit`
    | `figures.${number}.alternateUnit`
    | `figures.${number}.measures`;
  actors: 'name' | 'description';
  places: 'name' | 'coordinatesNote';
  topics: 'name' | 'description' | `notGiven.${number}`;
  sources: 'title' | 'about' | 'publishedNote';
}
