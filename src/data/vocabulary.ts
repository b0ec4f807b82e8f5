// The domain vocabulary beside the facts (vocabulary.json): words people use for what the statements
// say in other words (killed -> casualties), other spellings of the store's places and people, names
// the store does not hold (so an answer can say so), and units with their conversions. Validated with
// zod when loaded; every problem is reported with the file, the entry and the reason.
import { z } from 'zod';
import { type ActorSide, actorSides } from './schema.js';
import vocabularyFile from './vocabulary.json' with { type: 'json' };

const id = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case kebab-case (letters, digits, hyphens)');
const term = z
  .string()
  .overwrite((value) => value.replace(/\s+/g, ' ').trim())
  .min(1, 'must not be empty')
  .max(60);
const terms = z.array(term).min(1, 'needs at least one term');

/** A store entity by kind and id: `{ "place": "kursk-region" }`. */
const entityReference = z.union([
  z.strictObject({ place: id }),
  z.strictObject({ actor: id }),
  z.strictObject({ topic: id }),
]);

const conceptSchema = z.strictObject({
  id,
  /** How the concept reads after "the sources give no": "casualty figures". */
  label: term,
  terms,
  /** Concepts this one is a kind of: a statement about a recapture is about control. */
  broader: z.array(id).default([]),
  /** Store topics the concept belongs to. */
  topics: z.array(id).default([]),
});

const spellingSchema = z.strictObject({
  entity: entityReference,
  terms,
  note: z.string().max(200).optional(),
});

const absentSchema = z.strictObject({
  id,
  terms,
  /** What the name is, as the answer says it: "Oleksandr Syrskyi", "the city of Kharkiv". */
  what: z.string().min(1).max(80),
  /** The same in Ukrainian and Russian, as it reads after "no statement mentions" (accusative). */
  whatIn: z.strictObject({ uk: z.string().min(1).max(80), ru: z.string().min(1).max(80) }).optional(),
  /** The nearest thing the store does hold, when there is one. */
  nearest: entityReference.optional(),
});

const unitSchema = z.strictObject({
  id,
  /** How the unit is written after a number: "km", "mi", "days". */
  symbol: term,
  /** How it reads after "1,000" in words: "miles". */
  plural: term,
  dimension: z.enum(['length', 'time']),
  /** The unit in the dimension's base unit (metres, days). */
  inBase: z.number().positive(),
  terms,
});

const vocabularySchema = z.strictObject({
  concepts: z.array(z.unknown()),
  spellings: z.array(z.unknown()),
  absent: z.array(z.unknown()),
  units: z.array(z.unknown()),
  /** Topics whose claims say where things stand in a place, most telling first (the /status lead). */
  standingTopics: z.array(id),
  /** Words that name a side, as the subject of a question: "Did Russia confirm ...". */
  sides: z.partialRecord(z.enum(actorSides), terms),
});

export type Concept = z.infer<typeof conceptSchema>;
type Spelling = z.infer<typeof spellingSchema>;
export type AbsentName = z.infer<typeof absentSchema>;
export type Unit = z.infer<typeof unitSchema>;
export type EntityReference = z.infer<typeof entityReference>;

export interface Vocabulary {
  concepts: Concept[];
  spellings: Spelling[];
  absent: AbsentName[];
  units: Unit[];
  standingTopics: string[];
  sides: Partial<Record<ActorSide, string[]>>;
}

export interface VocabularyProblem {
  file: string;
  entry: string;
  reason: string;
}

export class VocabularyValidationError extends Error {
  constructor(readonly problems: readonly VocabularyProblem[]) {
    super(
      `The vocabulary is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems
        .map((problem) => `  ${problem.file} › ${problem.entry}: ${problem.reason}`)
        .join('\n')}`,
    );
    this.name = 'VocabularyValidationError';
  }
}

const entrySchemas = {
  concepts: conceptSchema,
  spellings: spellingSchema,
  absent: absentSchema,
  units: unitSchema,
};

/** An apostrophe inside a Ukrainian word ("перем'ир'я", "перемир’я", "перемирʼя") is part of the word. */
/** The breve of "й" and the diaeresis of "ї", "ё": Cyrillic letters of their own, not accents. */
const keptMarks = new Set(['\u0306', '\u0308']);

const cyrillicApostrophe = /(?<=\p{Script=Cyrillic})['’ʼ‘`](?=\p{Script=Cyrillic})/gu;

/**
 * Terms compared as a person types them: case, accents and punctuation aside. Latin accents go
 * ("Selenskyj" for "Selenskýj"); Cyrillic letters keep theirs (й, ї are letters of their own), "ё"
 * is written "е", and an apostrophe inside a Ukrainian word joins it ("перемир'я" -> "перемиря").
 */
export function normalizeTerm(value: string): string {
  return value
    .replace(cyrillicApostrophe, '')
    .normalize('NFKD')
    .replace(/(\p{Script=Cyrillic}?)(\p{M}+)/gu, (_, base: string, marks: string) =>
      base ? `${base}${[...marks].filter((mark) => keptMarks.has(mark)).join('')}` : '',
    )
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Validates raw vocabulary data: the shape of every entry, unique ids, concepts' `broader` naming
 * concepts, and no term naming two absent things or two units. Throws VocabularyValidationError.
 */
export function parseVocabulary(raw: unknown, file: string): Vocabulary {
  const problems: VocabularyProblem[] = [];
  const shape = vocabularySchema.safeParse(raw);
  if (!shape.success) {
    throw new VocabularyValidationError(
      shape.error.issues.map((issue) => ({
        file,
        entry: issue.path.length > 0 ? issue.path.join('.') : 'file',
        reason: issue.message,
      })),
    );
  }
  const parsed = {
    concepts: parseEntries('concepts', shape.data.concepts, file, problems),
    spellings: parseEntries('spellings', shape.data.spellings, file, problems),
    absent: parseEntries('absent', shape.data.absent, file, problems),
    units: parseEntries('units', shape.data.units, file, problems),
  };
  const conceptIds = new Set(parsed.concepts.map(({ value }) => value.id));
  for (const { value, entry } of parsed.concepts) {
    for (const broader of value.broader) {
      if (!conceptIds.has(broader))
        problems.push({ file, entry, reason: `broader names unknown concept "${broader}"` });
    }
  }
  for (const collection of ['concepts', 'absent', 'units'] as const) {
    const seen = new Map<string, string>();
    for (const { value, entry } of parsed[collection]) {
      if (seen.has(value.id))
        problems.push({ file, entry, reason: `duplicate id "${value.id}" (also ${seen.get(value.id)})` });
      seen.set(value.id, entry);
    }
  }
  for (const collection of ['absent', 'units'] as const) {
    const owner = new Map<string, string>();
    for (const { value, entry } of parsed[collection]) {
      for (const name of value.terms) {
        const key = normalizeTerm(name);
        const other = owner.get(key);
        if (other && other !== entry)
          problems.push({ file, entry, reason: `term "${name}" is also a term of ${other}` });
        owner.set(key, entry);
      }
    }
  }
  if (problems.length > 0) throw new VocabularyValidationError(problems);
  return {
    concepts: parsed.concepts.map(({ value }) => value),
    spellings: parsed.spellings.map(({ value }) => value),
    absent: parsed.absent.map(({ value }) => value),
    units: parsed.units.map(({ value }) => value),
    standingTopics: shape.data.standingTopics,
    sides: shape.data.sides,
  };
}

function parseEntries<K extends keyof typeof entrySchemas>(
  collection: K,
  entries: readonly unknown[],
  file: string,
  problems: VocabularyProblem[],
): { value: z.infer<(typeof entrySchemas)[K]>; entry: string }[] {
  const kept: { value: z.infer<(typeof entrySchemas)[K]>; entry: string }[] = [];
  entries.forEach((raw, index) => {
    const rawId =
      typeof raw === 'object' && raw !== null && 'id' in raw
        ? ` (${String((raw as { id: unknown }).id)})`
        : '';
    const entry = `${collection}[${index}]${rawId}`;
    const result = entrySchemas[collection].safeParse(raw);
    if (result.success) kept.push({ value: result.data as z.infer<(typeof entrySchemas)[K]>, entry });
    else
      for (const issue of result.error.issues) {
        const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
        problems.push({ file, entry, reason: `${where}${issue.message}` });
      }
  });
  return kept;
}

/**
 * What in the vocabulary names something the store lacks: an entity a spelling or a concept's topic
 * points to, or an absent name that is in fact a name or alias the store holds. Empty when all is well.
 */
export function vocabularyStoreProblems(
  vocabulary: Vocabulary,
  store: {
    place(id: string): unknown;
    actor(id: string): unknown;
    topic(id: string): unknown;
    places: readonly { name: string; aliases: readonly string[] }[];
    actors: readonly { name: string; aliases: readonly string[] }[];
  },
): string[] {
  const problems: string[] = [];
  const exists = (reference: EntityReference) =>
    'place' in reference
      ? store.place(reference.place) !== undefined
      : 'actor' in reference
        ? store.actor(reference.actor) !== undefined
        : store.topic(reference.topic) !== undefined;
  for (const spelling of vocabulary.spellings) {
    if (!exists(spelling.entity)) problems.push(`spelling of unknown ${JSON.stringify(spelling.entity)}`);
  }
  for (const concept of vocabulary.concepts) {
    for (const topic of concept.topics) {
      if (!store.topic(topic)) problems.push(`concept ${concept.id} names unknown topic ${topic}`);
    }
  }
  const held = new Set(
    [...store.places, ...store.actors].flatMap((entity) =>
      [entity.name, ...entity.aliases].map(normalizeTerm),
    ),
  );
  for (const absent of vocabulary.absent) {
    if (absent.nearest && !exists(absent.nearest))
      problems.push(`absent ${absent.id}: nearest ${JSON.stringify(absent.nearest)} is unknown`);
    for (const name of absent.terms) {
      if (held.has(normalizeTerm(name)))
        problems.push(`absent ${absent.id}: "${name}" is a name the store holds`);
    }
  }
  return problems;
}

/** The bundled vocabulary, validated when this module loads: an invalid file stops the bot at start. */
export const bundledVocabulary: Vocabulary = parseVocabulary(vocabularyFile, 'src/data/vocabulary.json');
