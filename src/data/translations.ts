// Reads the translation files (`facts/translations/<locale>.yaml`), validates every entry against
// translation-schema.ts and against the fact store (every id must exist, every field must have an
// English counterpart), and looks translated text up with an explicit fallback to English.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  dataFilePattern,
  type FactData,
  type FactProblem,
  listDataFiles,
  readDataFile,
} from './load-facts.js';
import type { Actor, Fact, Place, Source, Topic } from './schema.js';
import {
  type Locale,
  type TranslatedCollection,
  type TranslatedFields,
  type TranslatedLocale,
  type TranslationEntries,
  translationFileSchema,
  translationSchemas,
} from './translation-schema.js';

/** Beside the fact files, in a folder the fact loader does not read (it reads top-level files only). */
export const bundledTranslationsDirectory = fileURLToPath(new URL('./facts/translations/', import.meta.url));

export interface LocaleTranslations extends TranslationEntries {
  locale: TranslatedLocale;
  file: string;
}

export type Translations = ReadonlyMap<TranslatedLocale, LocaleTranslations>;

/** What translations are checked against: the fact store's entries. */
export type TranslatableData = Pick<FactData, 'facts' | 'actors' | 'places' | 'topics' | 'sources'>;

export class TranslationValidationError extends Error {
  constructor(readonly problems: readonly FactProblem[]) {
    super(
      `Translation files are invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems
        .map((problem) => `  ${problem.file} › ${problem.entry}: ${problem.reason}`)
        .join('\n')}`,
    );
    this.name = 'TranslationValidationError';
  }
}

export const translatedCollections = Object.keys(translationSchemas) as TranslatedCollection[];

/** "facts.mod-claims-sudzha": how problems name a translation entry. */
export const translationEntryName = (collection: TranslatedCollection, id: string): string =>
  `${collection}.${id}`;

type EnglishEntry = Fact | Actor | Place | Topic | Source;

/**
 * The English texts of an entry that a translation must carry, by field path ("statement",
 * "notGiven.0", "figures.0.unit"): the same paths translatedText looks up.
 */
export function englishFields(collection: TranslatedCollection, entry: EnglishEntry): Map<string, string> {
  const fields = new Map<string, string>();
  const add = (field: string, value: string | undefined) => {
    if (value !== undefined) fields.set(field, value);
  };
  switch (collection) {
    case 'facts': {
      const fact = entry as Fact;
      add('statement', fact.statement);
      for (const [index, what] of (fact.notGiven ?? []).entries()) add(`notGiven.${index}`, what);
      add('dateNote', fact.date?.note);
      for (const [index, figure] of fact.figures.entries()) {
        add(`figures.${index}.unit`, figure.unit);
        add(`figures.${index}.alternateUnit`, figure.alternate?.unit);
        add(`figures.${index}.measures`, figure.measures);
      }
      break;
    }
    case 'actors': {
      const actor = entry as Actor;
      add('name', actor.name);
      add('description', actor.description);
      break;
    }
    case 'topics': {
      const topic = entry as Topic;
      add('name', topic.name);
      add('description', topic.description);
      for (const [index, gap] of (topic.notGiven ?? []).entries()) add(`notGiven.${index}`, gap.what);
      break;
    }
    case 'places': {
      const place = entry as Place;
      add('name', place.name);
      add('coordinatesNote', place.coordinates?.note);
      break;
    }
    case 'sources': {
      const source = entry as Source;
      add('title', source.title);
      add('about', source.about);
      add('publishedNote', source.publishedNote);
      break;
    }
  }
  return fields;
}

/** Fields that help match or compose a translation but translate no English text. */
const nonTextFields = new Set(['aliases', 'gender']);

/** A translation entry's texts by the same field paths as englishFields. */
export function translatedFields(entry: object): Map<string, string> {
  const fields = new Map<string, string>();
  const visit = (value: unknown, field: string) => {
    if (typeof value === 'string') {
      fields.set(field, value);
    } else if (value && typeof value === 'object') {
      // Arrays too: their keys are the indexes, "notGiven.0".
      for (const [key, item] of Object.entries(value)) visit(item, `${field}.${key}`);
    }
  };
  for (const [key, value] of Object.entries(entry)) {
    if (!nonTextFields.has(key)) visit(value, key);
  }
  return fields;
}

export function englishEntries(
  data: TranslatableData,
  collection: TranslatedCollection,
): ReadonlyMap<string, EnglishEntry> {
  const entries: readonly EnglishEntry[] = data[collection];
  return new Map(entries.map((entry) => [entry.id, entry]));
}

/**
 * Loads every translation file in `directory`. A file is named after its locale (`uk.yaml`) and
 * says so (`locale: uk`). Throws TranslationValidationError listing every problem: unreadable files,
 * entries that fail the schema, ids the store does not have, fields the English entry does not have.
 * A field the translation leaves out is not an error here (answers fall back to English and say so);
 * `npm run facts:check` requires the bundled translations to be complete.
 */
export async function loadTranslations(directory: string, data: TranslatableData): Promise<Translations> {
  const problems: FactProblem[] = [];
  const translations = new Map<TranslatedLocale, LocaleTranslations>();
  const english = Object.fromEntries(
    translatedCollections.map((collection) => [collection, englishEntries(data, collection)]),
  ) as Record<TranslatedCollection, ReadonlyMap<string, EnglishEntry>>;

  for (const file of await listDataFiles(directory, problems)) {
    const content = await parseTranslationFile(file, problems);
    if (!content) continue;
    const expected = path.basename(file).replace(dataFilePattern, '');
    if (content.locale !== expected) {
      problems.push({
        file,
        entry: 'locale',
        reason: `is "${content.locale}" but the file is named for "${expected}"; name the file <locale>.yaml`,
      });
      continue;
    }
    const earlier = translations.get(content.locale);
    if (earlier) {
      problems.push({
        file,
        entry: 'locale',
        reason: `"${content.locale}" is translated in ${earlier.file} too`,
      });
      continue;
    }
    const loaded: LocaleTranslations = {
      locale: content.locale,
      file,
      facts: {},
      actors: {},
      places: {},
      topics: {},
      sources: {},
    };
    for (const collection of translatedCollections) {
      for (const [id, raw] of Object.entries(content[collection] ?? {})) {
        const entry = translationEntryName(collection, id);
        const result = translationSchemas[collection].safeParse(raw);
        if (!result.success) {
          for (const issue of result.error.issues) {
            const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
            problems.push({ file, entry, reason: `${where}${issue.message}` });
          }
          continue;
        }
        const original = english[collection].get(id);
        if (!original) {
          problems.push({
            file,
            entry,
            reason: `no ${collection.slice(0, -1)} "${id}" in the fact files; a translation needs an entry to translate`,
          });
          continue;
        }
        const expectedFields = englishFields(collection, original);
        for (const field of translatedFields(result.data).keys()) {
          if (!expectedFields.has(field)) {
            problems.push({
              file,
              entry,
              reason: `${field}: the English entry has no such text to translate`,
            });
          }
        }
        (loaded[collection] as Record<string, unknown>)[id] = result.data;
      }
    }
    translations.set(content.locale, loaded);
  }

  if (problems.length > 0) throw new TranslationValidationError(problems);
  return translations;
}

async function parseTranslationFile(file: string, problems: FactProblem[]) {
  const read = await readDataFile(file, problems);
  if (!read) return undefined;
  const shape = translationFileSchema.safeParse(read.raw);
  if (!shape.success) {
    problems.push({
      file,
      entry: 'file',
      reason: `must be a mapping with a locale and any of ${translatedCollections.join(', ')} keyed by id (${shape.error.issues
        .map((issue) => `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`)
        .join('; ')})`,
    });
    return undefined;
  }
  return shape.data;
}

/** The value at a field path ("figures.0.unit") of a translation entry, if it is text. */
function fieldAt(entry: unknown, field: string): string | undefined {
  let value: unknown = entry;
  for (const key of field.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'string' ? value : undefined;
}

/**
 * A field of an entry in `locale`: the translation when there is one, else the English with
 * `fallback: true`, so a caller can say the text is shown in English. English itself never falls back.
 */
export function translatedText<C extends TranslatedCollection>(
  translations: Translations,
  locale: Locale,
  collection: C,
  id: string,
  field: TranslatedFields[C],
  english: string,
): { text: string; fallback: boolean } {
  if (locale === 'en') return { text: english, fallback: false };
  const text = fieldAt(translations.get(locale)?.[collection][id], field);
  return text === undefined ? { text: english, fallback: true } : { text, fallback: false };
}
