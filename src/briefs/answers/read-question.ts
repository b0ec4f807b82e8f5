// Reads a free-text question: what kind of answer it wants (a figure, a date, a verdict...), what it
// names (places, actors, topics, concepts, units, sides), what it names that the store does not
// hold, and any quantity it compares against ("1,500 km"). Deterministic: patterns and the lexicon.
import type { FactStore } from '../../data/fact-store.js';
import type { ActorSide } from '../../data/schema.js';
import type { EntityReference, Unit } from '../../data/vocabulary.js';
import { type Lexicon, type Mention, wordsOf } from './lexicon.js';
import { stem } from './stem.js';

const questionKinds = [
  'figure',
  'date',
  'verdict',
  'capability',
  'actors',
  'where',
  'place',
  'currency',
  'sources',
  'general',
] as const;
type QuestionKind = (typeof questionKinds)[number];

export interface Quantity {
  value: number;
  unit?: Unit;
  /** "more than 500 km": at-least; "under 60 days": at-most; "a range of 1,000 miles": about. */
  comparison: 'at-least' | 'at-most' | 'about';
}

/** Something the question names that the store does not hold. */
export interface AbsentMention {
  /** As the answer says it: "the city of Kursk", "Oleksandr Syrskyi", "Wotan". */
  what: string;
  /** True when `what` is the user's own typing (quoted when shown), not the vocabulary's words. */
  typed: boolean;
  nearest?: EntityReference;
}

export interface Question {
  text: string;
  kind: QuestionKind;
  /** Content words as typed, lower case: what the full-text search is given. */
  words: string[];
  /** Content words' stems. */
  stems: string[];
  /** Concepts the question's words name. */
  namedConcepts: string[];
  /** The named concepts with the concepts they are kinds of. */
  concepts: Set<string>;
  places: string[];
  actors: string[];
  topics: string[];
  sides: Set<ActorSide>;
  /** The side of the first speaker or side the question names: Russia in "did Russia confirm ...". */
  subjectSide?: ActorSide;
  absent: AbsentMention[];
  /** Content words no statement, name or term uses. */
  unknown: string[];
  quantity?: Quantity;
  /** The unit the question wants the answer in: "how far in miles". */
  askedUnit?: Unit;
}

/** Words that carry no content in a question ("what is the latest on ..."). */
const scaffolding = new Set(
  `a an and are as at be by can could did do does for from has have how i in is it its of on or that the their this
  to was were what when where which who whom why will with would about after before many much any there tell me please
  know latest news happening happen happened going situation status say says said think sitrep you your been being into
  than just now today currently current still yet also really actually right anything something whats whos let us give
  show find update updates ever true he she they them we our whether if not no so some other one get got does dont didnt
  isnt arent wasnt hasnt havent right now things stand standing front there are isn t d ll ve re m over happens`
    .split(/\s+/)
    .filter(Boolean),
);

const speechVerbs =
  'say|says|said|saying|claim|claims|claimed|claiming|report|reports|reported|warn|warns|warned|warning|think|thinks|believe|believes|expect|expects|expected|predict|predicts|deny|denies|denied|dispute|disputes|disputed|confirm|confirms|confirmed|announce|announces|announced|propose|proposes|proposed|assess|assesses|assessed|suggest|suggests|fear|fears|insist|insists|insisted|accuse|accused|call|called';

const patterns = {
  currency: [
    /\bhow (current|recent|old|fresh|new|up to date|dated)\b.*\b(information|info|data|store|facts?|news|this|it|sitrep|answers?|statements?|reporting)\b/,
    /\b(up to date|uptodate|last updated?|outdated|stale|latest update)\b/,
    /\bwhen (was|were|did|is) .*\b(updated|update|refreshed)\b/,
  ],
  sourcesScoped:
    /\bsources? (for|of|behind|backing|back|that back|on|about|cited)\b|\b(which|what) outlets? (reported|wrote|published)\b/,
  sources:
    /\b(sources?|outlets?|where does (this|the|your|that|sitreps) (information|info|data|news|answer) come from|who wrote)\b/,
  actors: new RegExp(
    `^(who|whom|which (officials|sources|countries|governments|leaders|side|sides|actors|people|outlets|analysts|ministry|ministries))\\b.*\\b(${speechVerbs})\\b|^according to whom\\b|^who (is|was|are|were) (saying|claiming|reporting|warning)\\b`,
  ),
  control: /^who (controls?|holds?|is in control|has control|is holding)\b/,
  capability:
    /\bhow far\b|\brange\b|\breach(es)?\b|\bdistance\b|\b(can|could|will|would)\b.*\b(strike|hit|fly|travel)\b/,
  figure:
    /\bhow (many|much|large|big)\b|\bnumber of\b|\b(toll|count|tally|total)\b|\bhow long\b(?! ago| since)|\bwhat (figure|number|size)\b|\bfigures?\b/,
  date: /^(when|since when|what (date|day|month|year|time)|on what (date|day)|which (date|day|month))\b|\bwhen (did|was|were|is|will|has|have|does)\b|\b(what|which) date\b/,
  where: /^where\b|\bin which (region|place|town|area|village)\b/,
  place:
    /\b(situation|happening|going on|status|latest|news|update|updates|developments|things|front line|frontline|stand|standing|look like|doing)\b/,
  verdict:
    /^(did|does|do|has|have|had|is|are|was|were|will|would|can|could|should|isnt|didnt|hasnt|arent|wasnt|havent|is it true|it is true)\b/,
};

/** Words of a question about sources that say nothing of what the sources are about. */
const sourceWords =
  /^(sources?|information|info|data|come|comes|use|uses|used|rely|relies|back|backs|cite|cites|cited|outlets?|sitrep|wrote|published|behind)$/;

const lengthDimension = (unit: Unit | undefined) => unit?.dimension === 'length';

/** Reads the question against the store's lexicon. Pure: the same text always reads the same. */
export function readQuestion(text: string, lexicon: Lexicon, store: FactStore): Question {
  const lower = text
    .toLowerCase()
    .replace(/[’'`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  const words = wordsOf(text);
  const stems = words.map(stem);
  const matches = lexicon.match(stems);
  const covered = new Set<number>();
  const mentions: Mention[] = [];
  for (const match of matches) {
    for (let index = match.start; index < match.end; index++) covered.add(index);
    mentions.push(...match.mentions);
  }
  const unknown: string[] = [];
  stems.forEach((stemmed, index) => {
    const word = words[index] ?? '';
    if (covered.has(index) || scaffolding.has(word) || /^\d/.test(word)) return;
    const corrected = lexicon.correct(stemmed);
    if (corrected) {
      mentions.push(...corrected);
      covered.add(index);
    } else if (!lexicon.stemFrequency.has(stemmed) && !lexicon.storeWords.has(word)) unknown.push(word);
  });

  const ids = (kind: Mention['kind']) => [
    ...new Set(mentions.filter((mention) => mention.kind === kind).map((mention) => mention.id)),
  ];
  const units = ids('unit').map((id) => lexicon.units.get(id));
  const quantity = readQuantity(text, lexicon);
  const askedUnit = quantity ? undefined : units.find((unit) => unit !== undefined);
  const absent = absentMentions(text, lower, ids('absent'), matches, words, lexicon, store);
  const contentIndexes = stems
    .map((_, index) => index)
    .filter((index) => !scaffolding.has(words[index] ?? '') && !/^\d+$/.test(words[index] ?? ''));
  // "how long is the ceasefire": "long" asks for a length, it is not a content word.
  const howWord = (index: number) =>
    words[index - 1] === 'how' && ['long', 'far'].includes(words[index] ?? '');
  const content = contentIndexes.filter((index) => !howWord(index));
  const places = ids('place');
  const subject = [...matches]
    .sort((a, b) => a.start - b.start)
    .flatMap((match) => match.mentions)
    .find((mention) => mention.kind === 'side' || mention.kind === 'actor');
  const subjectSide = subject
    ? subject.kind === 'side'
      ? (subject.id as ActorSide)
      : store.actor(subject.id)?.side
    : undefined;
  const question: Question = {
    text,
    kind: 'general',
    words: content.map((index) => words[index] ?? ''),
    stems: content.map((index) => stems[index] ?? ''),
    namedConcepts: ids('concept'),
    concepts: lexicon.withBroader(ids('concept')),
    places,
    actors: ids('actor'),
    topics: ids('topic'),
    sides: new Set(ids('side') as ActorSide[]),
    subjectSide,
    absent,
    unknown,
    quantity,
    askedUnit,
  };
  question.kind = questionKind(lower, question, store);
  if (question.kind === 'sources') {
    // "Which sources back the claim about Sudzha": the claim is what to rank, not the word "sources".
    const kept = question.words
      .map((word, index) => ({ word, index }))
      .filter(({ word }) => !sourceWords.test(word));
    question.stems = kept.map(({ index }) => question.stems[index] ?? '');
    question.words = kept.map(({ word }) => word);
  }
  return question;
}

function questionKind(lower: string, question: Question, store: FactStore): QuestionKind {
  const onlyNames =
    question.stems.length > 0 && question.words.every((word) => isNameWord(word, question, store));
  if (patterns.currency.some((pattern) => pattern.test(lower))) return 'currency';
  if (patterns.sourcesScoped.test(lower)) return 'sources';
  if (patterns.sources.test(lower) && !patterns.actors.test(lower)) return 'sources';
  if (lengthDimension(question.quantity?.unit) || lengthDimension(question.askedUnit)) return 'capability';
  if (patterns.capability.test(lower) && !patterns.date.test(lower)) return 'capability';
  if (question.quantity?.unit?.dimension === 'time' && question.quantity.comparison !== 'about')
    return 'figure';
  if (patterns.figure.test(lower) && !/^(when|where)\b/.test(lower)) return 'figure';
  if (patterns.date.test(lower)) return 'date';
  if (patterns.control.test(lower)) return 'verdict';
  if (patterns.actors.test(lower)) return 'actors';
  if (patterns.where.test(lower)) return 'where';
  if (question.places.length > 0 && (patterns.place.test(lower) || onlyNames)) return 'place';
  if (patterns.verdict.test(lower)) return 'verdict';
  return 'general';
}

/** Whether a content word is part of a place's name: "sudzha", "kursk", "region". */
function isNameWord(word: string, question: Question, store: FactStore): boolean {
  return question.places.some((id) => {
    const place = store.place(id);
    return place ? [place.name, ...place.aliases].some((name) => wordsOf(name).includes(word)) : false;
  });
}

const numberPattern =
  /(?<![\p{L}\d-])(\d{1,3}(?:[,\s]\d{3})+|\d+(?:\.\d+)?)(?:\s*(thousand|k)\b)?(?:\s*-?\s*([\p{L}]+))?/gu;
const atLeast =
  /(more than|over|above|beyond|exceed|exceeds|exceeding|at least|longer than|further than|farther than|greater than|bigger than|as far as|reach|reaches|hit|strike|targets|up to)\s*$/;
const atMost = /(less than|under|below|shorter than|fewer than|within|no more than)\s*$/;

/** The first number in the question with its unit, if it is not a year or part of a name ("F-16"). */
function readQuantity(text: string, lexicon: Lexicon): Quantity | undefined {
  const lower = text.toLowerCase();
  for (const match of lower.matchAll(numberPattern)) {
    const digits = (match[1] ?? '').replace(/[,\s]/g, '');
    let value = Number(digits);
    if (!Number.isFinite(value)) continue;
    if (match[2]) value *= 1000;
    const unitWord = match[3] ? wordsOf(match[3])[0] : undefined;
    const unitMentions = unitWord ? lexicon.match([stem(unitWord)]) : [];
    const unitId = unitMentions
      .flatMap((found) => found.mentions)
      .find((mention) => mention.kind === 'unit')?.id;
    const unit = unitId ? lexicon.units.get(unitId) : undefined;
    if (!unit && value >= 1900 && value <= 2100 && Number.isInteger(value)) continue;
    const before = lower.slice(0, match.index ?? 0).trimEnd();
    // A distance asked about is a distance to reach: "a range of 1,000 miles" is reached or not.
    const comparison = atMost.test(before)
      ? 'at-most'
      : atLeast.test(before) || unit?.dimension === 'length'
        ? 'at-least'
        : 'about';
    return { value, unit, comparison };
  }
  return undefined;
}

/**
 * Names the store does not hold: the vocabulary's absent names; a region asked about as a city ("the
 * city of Kursk"); a capitalised name no statement uses; and a speaker no statement has ("what did
 * Syrskyi say").
 */
function absentMentions(
  text: string,
  lower: string,
  absentIds: readonly string[],
  matches: readonly { start: number; end: number; mentions: readonly Mention[] }[],
  words: readonly string[],
  lexicon: Lexicon,
  store: FactStore,
): AbsentMention[] {
  const found: AbsentMention[] = [];
  for (const id of absentIds) {
    const absent = lexicon.absent.get(id);
    if (absent) found.push({ what: absent.what, nearest: absent.nearest, typed: false });
  }
  for (const match of matches) {
    for (const mention of match.mentions) {
      const place = mention.kind === 'place' ? store.place(mention.id) : undefined;
      if (place?.kind !== 'region') continue;
      const near = words.slice(Math.max(0, match.start - 2), match.end + 1);
      if (!near.includes('city') && !near.includes('town')) continue;
      const what = `the city of ${place.name.replace(/ region$/i, '')}`;
      if (!found.some((absent) => absent.what === what))
        found.push({ what, nearest: { place: place.id }, typed: false });
    }
  }
  const known = (word: string) =>
    lexicon.storeWords.has(word) ||
    lexicon.stemFrequency.has(stem(word)) ||
    lexicon.nameStems.has(stem(word)) ||
    lexicon.correct(stem(word)) !== undefined;
  // Capitalised words after the first that nothing in the store uses: a name it does not hold.
  const typed = text.match(/[\p{L}][\p{L}\p{N}'’-]*/gu) ?? [];
  typed.slice(1).forEach((word) => {
    const plain = wordsOf(word)[0];
    if (!plain || !/^\p{Lu}/u.test(word) || scaffolding.has(plain) || known(plain)) return;
    if (!found.some((absent) => absent.what === word)) found.push({ what: word, typed: true });
  });
  const speaker = /^what (?:does|did|do|has|have) (.+?) (?:say|said|think|claim|want|report|announce)\b/.exec(
    lower,
  );
  if (speaker?.[1]) {
    const named = speaker[1].split(' ').filter((word) => !scaffolding.has(word));
    const alreadyFound = (word: string) => found.some((absent) => absent.what.toLowerCase().includes(word));
    if (named.length > 0 && named.every((word) => !known(word)) && !named.some(alreadyFound)) {
      found.push({ what: named.join(' '), typed: true });
    }
  }
  return found;
}
