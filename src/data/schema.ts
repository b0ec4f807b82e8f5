// The shape of every fact file. Loading validates against these schemas; types are inferred from them.
import { z } from 'zod';

const id = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case kebab-case (letters, digits, hyphens)');

/** Round-trips through Date, which would otherwise roll 2026-02-31 over to March. */
function isRealDate(value: string): boolean {
  const padded = value.length === 4 ? `${value}-01-01` : value.length === 7 ? `${value}-01` : value;
  const parsed = new Date(`${padded}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(padded);
}

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine(isRealDate, 'is not a real calendar date');

/** A day, a month (YYYY-MM) or a year (YYYY): reporting is often no more precise than that. */
const partialDate = z
  .string()
  .regex(/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD')
  .refine(isRealDate, 'is not a real calendar date');

/** Text with its whitespace collapsed at load (YAML folds long lines), so no reply has to. */
const text = (max: number) =>
  z
    .string()
    .overwrite((value) => value.replace(/\s+/g, ' ').trim())
    .min(1, 'must not be empty')
    .max(max);

const placeKinds = ['country', 'region', 'district', 'town', 'village'] as const;

const placeSchema = z.strictObject({
  id,
  name: text(80),
  aliases: z.array(text(80)).default([]),
  kind: z.enum(placeKinds),
  parent: id.optional(),
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as RU or UA'),
  coordinates: z
    .strictObject({
      lat: z.number().min(-90).max(90),
      lon: z.number().min(-180).max(180),
      /** How far off the point may be, in kilometres. */
      precisionKm: z.number().positive().optional(),
      /** True when the point is an estimate of where the place is, not a position the sources give. */
      estimated: z.boolean().optional(),
      note: text(200).optional(),
    })
    .optional(),
});

export const actorSides = [
  'russia',
  'ukraine',
  'united-states',
  'united-kingdom',
  'europe',
  'north-korea',
  'independent',
] as const;

const actorSchema = z.strictObject({
  id,
  /** How the actor reads as the subject of a sentence: "Russia's Defence Ministry". */
  name: text(80),
  aliases: z.array(text(80)).default([]),
  side: z.enum(actorSides),
  kind: z.enum(['government', 'military', 'person', 'intelligence', 'analysts', 'outlet']),
  /** Plural subjects ("military analysts") take plural verbs. */
  plural: z.boolean().default(false),
  description: text(200),
});

/**
 * Something users ask for that the named sources do not give ("casualty figures for either side"), as
 * a noun phrase that reads after "gives no": answers say so instead of staying silent, in sitrep's
 * voice, never as words of the source.
 */
const notGivenPhrase = text(120).refine((value) => /^\p{Ll}/u.test(value), {
  message: 'must be a noun phrase in lower case that reads after "gives no", e.g. "casualty figures"',
});

const topicSchema = z.strictObject({
  id,
  name: text(80),
  aliases: z.array(text(80)).default([]),
  description: text(200),
  /** What the named sources do not give on this topic. */
  notGiven: z
    .array(
      z.strictObject({
        what: notGivenPhrase,
        sources: z.array(id).min(1, 'name the sources that do not give it'),
      }),
    )
    .optional(),
});

const sourceSchema = z.strictObject({
  id,
  outlet: text(80),
  /** The headline as published. Never invented: leave it out when it is not known, and say `about`. */
  title: text(200).optional(),
  /** What the story covers, in our words, when its title is not known: "on Putin's response". */
  about: text(120).optional(),
  url: z.url({ protocol: /^https?$/ }).optional(),
  /** ISO 639-1 code of the language it is written in, when not English: "ru", "it". */
  language: z
    .string()
    .regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code such as ru or uk')
    .optional(),
  /** When it was published, as precisely as known. */
  published: partialDate.optional(),
  /** True when the publication date is inferred rather than printed on the source. */
  publishedApproximate: z.boolean().default(false),
  publishedNote: text(160).optional(),
  kind: z.enum(['article', 'report', 'wire']),
});

/**
 * Verification statuses. Each one decides the verb the reply uses, so a claim is never shown as a
 * fact: "Russia's Defence Ministry claims: ...", "Ukraine's military has not confirmed: ...".
 */
export const factStatuses = [
  'claimed',
  'confirmed',
  'denied',
  'disputed',
  'not-confirmed',
  /** "has not officially confirmed": weaker than not-confirmed, as sources often put it. */
  'not-officially-confirmed',
  'reported',
  'announced',
  /** An official's own figure or claim that no one has checked: "announced ... (not independently verified)". */
  'announced-unverified',
  'proposed',
  'stated',
  'warned',
  /** "has expressed concern that ...": a hedged worry, not a warning. */
  'concerned',
  'assessed',
  'unverifiable',
  'background',
] as const;

/** Statuses that answer a claim: a confirmation, a denial, a dispute, a "not (officially) confirmed". */
export const verdictStatuses: ReadonlySet<FactStatus> = new Set([
  'confirmed',
  'denied',
  'disputed',
  'not-confirmed',
  'not-officially-confirmed',
]);

/**
 * Statuses whose statement continues the sentence "{actor} {verb} ...", so it starts in lower case:
 * "Ukraine's military has not officially confirmed | the loss of Sudzha". The others take a whole
 * sentence after a colon: "Russia's Defence Ministry claims: | Russian troops have fully secured Sudzha."
 */
export const clauseStatuses: ReadonlySet<FactStatus> = new Set([
  'confirmed',
  'denied',
  'disputed',
  'not-confirmed',
  'not-officially-confirmed',
  'announced',
  'announced-unverified',
  'proposed',
  'concerned',
]);

const factNatures = ['event', 'statement', 'assessment', 'forecast', 'background'] as const;

const figureSchema = z.strictObject({
  value: z.number().nonnegative(),
  /** "more than", "about", "at least", "up to": kept with the number wherever it is shown. */
  qualifier: z.enum(['more than', 'about', 'at least', 'up to', 'exactly']).optional(),
  unit: text(40),
  /** The same quantity in another unit, as the source gave it: 1,000 km (621 mi). */
  alternate: z.strictObject({ value: z.number().nonnegative(), unit: text(40) }).optional(),
  /** What the number counts, in a few words: "residents evacuated". */
  measures: text(80),
});

const factDateSchema = z
  .strictObject({
    value: partialDate,
    /** The last day of a span ("15-16 Mar 2025"), at the same precision as `value`. */
    until: partialDate.optional(),
    approximate: z.boolean().default(false),
    /** "article": the article itself dates it. "external": other reporting does, named in sources. */
    provenance: z.enum(['article', 'external']),
    confidence: z.enum(['high', 'medium']).optional(),
    sources: z.array(id).default([]),
    note: text(160).optional(),
  })
  .refine((date) => date.provenance !== 'external' || date.sources.length > 0, {
    message: 'an external date must name the reporting it comes from (date.sources)',
    path: ['sources'],
  })
  .refine((date) => !date.until || (date.until.length === date.value.length && date.until > date.value), {
    message: 'must be later than date.value and written to the same precision',
    path: ['until'],
  });

/**
 * When a negation or a standing situation held ("has not officially confirmed ..., as of c. 17 Mar
 * 2025"): usually the date of the source that says so. Statements that answer it later are shown as
 * what came next.
 */
const asOfSchema = z.strictObject({
  value: partialDate,
  approximate: z.boolean().default(false),
});

const factSchema = z
  .strictObject({
    id,
    /** A short neutral statement in our own words: what is asserted, not who asserts it. */
    statement: text(400),
    actor: id,
    status: z.enum(factStatuses),
    nature: z.enum(factNatures),
    places: z.array(id).default([]),
    topics: z.array(id).min(1, 'a fact needs at least one topic'),
    figures: z.array(figureSchema).default([]),
    date: factDateSchema.optional(),
    sources: z.array(id).min(1, 'a fact needs at least one source'),
    /** Facts this one answers: a denial or a "not confirmed" is shown beside the claim it answers. */
    respondsTo: z.array(id).default([]),
    /** When the statement held: for negations ("has not confirmed") and standing situations. */
    asOf: asOfSchema.optional(),
    /**
     * An outlet whose paraphrase this is (an actor id): the actor's position in the outlet's words,
     * not a quotation. Answers say so: "Putin says, in Business-News-Today.com's paraphrase: ...".
     */
    paraphrasedBy: id.optional(),
    /** What this statement's sources do not give, as noun phrases after "gives no": "casualty figures". */
    notGiven: z.array(notGivenPhrase).optional(),
    /** 1 = headline, 2 = notable, 3 = detail. Decides what is shown first when space runs out. */
    importance: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    /** When the fact entered this store: digests report what is new since a channel's last digest. */
    added: isoDay,
  })
  .superRefine((fact, context) => {
    const first = fact.statement.replace(/^["“‘'(]/, '').charAt(0);
    const startsLower = first !== first.toUpperCase();
    if (clauseStatuses.has(fact.status) && !startsLower) {
      context.addIssue({
        code: 'custom',
        path: ['statement'],
        message: `with status "${fact.status}" the statement continues "<actor> <verb> ..." and must start in lower case`,
      });
    }
    if (!clauseStatuses.has(fact.status) && startsLower) {
      context.addIssue({
        code: 'custom',
        path: ['statement'],
        message: `with status "${fact.status}" the statement is a whole sentence and must start with a capital`,
      });
    }
  });

/** One fact file may carry any of the four collections; files are merged in load order. */
export const factFileSchema = z.strictObject({
  places: z.array(z.unknown()).optional(),
  actors: z.array(z.unknown()).optional(),
  topics: z.array(z.unknown()).optional(),
  sources: z.array(z.unknown()).optional(),
  facts: z.array(z.unknown()).optional(),
});

export type Place = z.infer<typeof placeSchema>;
export type Actor = z.infer<typeof actorSchema>;
export type Topic = z.infer<typeof topicSchema>;
export type Source = z.infer<typeof sourceSchema>;
export type Fact = z.infer<typeof factSchema>;
export type Figure = z.infer<typeof figureSchema>;
export type FactStatus = (typeof factStatuses)[number];
export type ActorSide = (typeof actorSides)[number];

export const collectionSchemas = {
  places: placeSchema,
  actors: actorSchema,
  topics: topicSchema,
  sources: sourceSchema,
  facts: factSchema,
} as const;

export type CollectionName = keyof typeof collectionSchemas;
