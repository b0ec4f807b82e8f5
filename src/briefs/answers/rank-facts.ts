// Which statements answer the question, best first. The store's full-text search finds candidates
// (typo- and prefix-tolerant, names of places, topics and actors included) from the question's words
// widened with the vocabulary; each candidate is then scored on what the question asked: its rarer
// words and concepts, the places, actors and sides it names, and what its kind of answer needs (a
// figure, a date, a verdict).
import type { FactStore } from '../../data/fact-store.js';
import type { Fact, FactStatus } from '../../data/schema.js';
import type { FactTerms, Lexicon, Mention } from './lexicon.js';
import type { Question } from './read-question.js';
import { stem } from './stem.js';

export interface RankedFact {
  fact: Fact;
  score: number;
}

const candidateLimit = 24;
/** How much the full-text score counts beside the features (it also rewards the vocabulary's synonyms). */
const textWeight = 0.7;
/** At most this many of the vocabulary's words per concept join the search. */
const expansionsPerConcept = 4;
/** Statuses that make a statement an answer to "did X ...?": claims and verdicts on claims. */
const verdictStatuses: ReadonlySet<FactStatus> = new Set([
  'claimed',
  'denied',
  'disputed',
  'confirmed',
  'not-confirmed',
  'not-officially-confirmed',
]);

/** The question's own words and the vocabulary's words for what it names, as the search reads them. */
function searchText(question: Question, lexicon: Lexicon): string {
  // Words no statement or name uses go to the search (which tries near spellings, a scan of every
  // indexed word of that length) only when the question has nothing else: at 10,000 facts that scan
  // costs more than the rest of the answer.
  const unknown = new Set(question.unknown);
  const known = question.words.filter((word) => !unknown.has(word));
  const words = new Set(known.length > 0 ? known : question.words);
  for (const stemmed of question.stems)
    if (stemmed.length >= 4 && lexicon.storeWords.has(stemmed)) words.add(stemmed);
  // The vocabulary's other words for what the question names, the rarest first (they tell the most and
  // cost the search least), a few per concept.
  for (const id of question.namedConcepts) {
    const others = (lexicon.concepts.get(id)?.terms ?? [])
      .map((term) => term.toLowerCase())
      .filter((term) => lexicon.storeWords.has(term) && !words.has(term))
      .sort((a, b) => (lexicon.stemFrequency.get(stem(a)) ?? 0) - (lexicon.stemFrequency.get(stem(b)) ?? 0));
    for (const term of others.slice(0, expansionsPerConcept)) words.add(term);
  }
  return [...words].join(' ');
}

/** Mentions a single stem stands for ("killed" -> casualties), as "kind:id" keys; cached per lexicon. */
const stemMentionCache = new WeakMap<Lexicon, Map<string, readonly string[]>>();
function mentionKeysOfStem(lexicon: Lexicon, stemmed: string): readonly string[] {
  let cache = stemMentionCache.get(lexicon);
  if (!cache) {
    cache = new Map();
    stemMentionCache.set(lexicon, cache);
  }
  let keys = cache.get(stemmed);
  if (!keys) {
    const mentions: Mention[] = lexicon.match([stemmed]).flatMap((match) => [...match.mentions]);
    const concepts = lexicon.withBroader(mentions.filter((m) => m.kind === 'concept').map((m) => m.id));
    keys = [
      ...mentions.filter((m) => m.kind !== 'concept').map((m) => `${m.kind}:${m.id}`),
      ...[...concepts].map((id) => `concept:${id}`),
    ];
    cache.set(stemmed, keys);
  }
  return keys;
}

/** What the question names, as "kind:id" keys: concepts (with broader ones), topics, places, sides. */
export function questionKeys(question: Question): Set<string> {
  return new Set([
    ...[...question.concepts].map((id) => `concept:${id}`),
    ...question.topics.map((id) => `topic:${id}`),
    ...question.places.map((id) => `place:${id}`),
    ...question.actors.map((id) => `actor:${id}`),
    ...[...question.sides].map((id) => `side:${id}`),
  ]);
}

/**
 * How much of a text's meaning the question asks for (0 to 1): each of its rarer words counts when
 * the question has the word, or a concept, topic or name the word stands for. Generic words ("number
 * of", "figures") do not count.
 */
export function coverage(
  lexicon: Lexicon,
  question: Question,
  keys: ReadonlySet<string>,
  terms: FactTerms,
): number {
  let total = 0;
  let matched = 0;
  const asked = new Set(question.stems);
  for (const stemmed of terms.stems) {
    if (genericMeasureWords.has(stemmed) || stemmed.length < 3 || /^\d/.test(stemmed)) continue;
    const weight = lexicon.rarity(stemmed);
    total += weight;
    if (asked.has(stemmed) || mentionKeysOfStem(lexicon, stemmed).some((key) => keys.has(key)))
      matched += weight;
  }
  return total === 0 ? 0 : matched / total;
}
const genericMeasureWords = new Set([
  // Ukrainian and Russian, stemmed: тривалість, продолжительность, кількість, количество, число, цифра.
  'триваліст',
  'тривалост',
  'продолжителност',
  'кількіст',
  'кількост',
  'количеств',
  'числ',
  'цифр',
  'number',
  'figur',
  'count',
  'total',
  'either',
  'side',
  'both',
  'ani',
  'length',
  'of',
  'for',
  'the',
  'by',
  'to',
]);

/**
 * What every candidate is scored against, worked out once per question rather than once per
 * candidate: at 10,000 facts the per-candidate copies were most of an answer's garbage.
 */
interface QuestionProfile {
  question: Question;
  keys: ReadonlySet<string>;
  /** The question's distinct stems that the statements or the names know, with what each names. */
  stems: readonly { stemmed: string; weight: number; named: readonly string[] }[];
  stemWeightTotal: number;
  /** Places asked about (not countries), each with itself and every place inside it. */
  places: readonly { id: string; inside: ReadonlySet<string> }[];
}

function profileOf(store: FactStore, lexicon: Lexicon, question: Question): QuestionProfile {
  const stems: QuestionProfile['stems'][number][] = [];
  let stemWeightTotal = 0;
  for (const stemmed of new Set(question.stems)) {
    const named = mentionKeysOfStem(lexicon, stemmed);
    if (!lexicon.stemFrequency.has(stemmed) && named.length === 0) continue;
    const weight = lexicon.rarity(stemmed);
    stemWeightTotal += weight;
    stems.push({ stemmed, weight, named });
  }
  const places = question.places
    .filter((id) => store.place(id)?.kind !== 'country')
    .map((id) => ({
      id,
      inside: store.derive(`answers:inside:${id}`, () => new Set(store.placeAndDescendants(id))),
    }));
  return { question, keys: questionKeys(question), stems, stemWeightTotal, places };
}

/** How well the fact answers the question, on every count but the full-text score. */
function featureScore(store: FactStore, lexicon: Lexicon, profile: QuestionProfile, fact: Fact): number {
  const { question, keys } = profile;
  const terms = lexicon.termsOf(fact);
  let score = 0;
  // The question's words, the rarer counting more; a word also matches through what it names (a
  // concept, a side, a place: "killed" meets "casualties", "Russia" meets "Russian") at 0.7.
  let matched = 0;
  for (const { stemmed, weight, named } of profile.stems) {
    if (terms.stems.has(stemmed)) matched += weight;
    else if (named.some((key) => !key.startsWith('concept:') && terms.keys.has(key))) matched += 0.9 * weight;
    else if (named.some((key) => terms.keys.has(key))) matched += 0.7 * weight;
  }
  if (profile.stemWeightTotal > 0) score += 2.5 * (matched / profile.stemWeightTotal);
  // Concepts the question names that the statement carries (half when only its topic does).
  // The rarer concepts count more: "over" (an end to the fighting) tells more than "fighting".
  if (question.namedConcepts.length > 0) {
    let carried = 0;
    let named = 0;
    for (const id of question.namedConcepts) {
      const weight = lexicon.conceptRarity(id);
      named += weight;
      if (terms.concepts.has(id)) carried += weight;
      else if (lexicon.concepts.get(id)?.topics.some((topic) => fact.topics.includes(topic)))
        carried += 0.5 * weight;
    }
    score += 1.6 * (carried / named);
  }
  score += placeFit(profile, fact);
  if (question.actors.includes(fact.actor)) score += question.kind === 'actors' ? 0.3 : 1;
  const side = store.actorOf(fact).side;
  if (question.sides.has(side)) score += 0.15;
  // "When did Russia say ...", "did Ukraine confirm ...": the side asked about is the speaker.
  if (question.subjectSide === side && (question.kind === 'date' || question.kind === 'verdict'))
    score += 0.5;
  // "What happens if ...": forecasts and assessments answer it.
  if (question.namedConcepts.includes('outcome'))
    score += fact.nature === 'forecast' ? 0.8 : fact.nature === 'assessment' ? 0.2 : 0;
  if (question.topics.some((topic) => fact.topics.includes(topic))) score += 0.3;
  score += kindFit(lexicon, question, keys, fact);
  score += (3 - fact.importance) * 0.15;
  if (fact.nature === 'background' && question.kind !== 'where' && !question.concepts.has('importance'))
    score -= 0.3;
  return score;
}

/** Statements about the places asked about score; statements about other places lose a little. */
function placeFit({ question, places }: QuestionProfile, fact: Fact): number {
  if (places.length === 0) return 0;
  let best = -0.4;
  for (const { id, inside } of places) {
    if (fact.places[0] === id) best = Math.max(best, question.kind === 'where' ? 1.3 : 1);
    else if (fact.places.includes(id)) best = Math.max(best, 0.3);
    else if (fact.places.some((placeId) => inside.has(placeId))) best = Math.max(best, 0.4);
  }
  return best;
}

function kindFit(lexicon: Lexicon, question: Question, keys: ReadonlySet<string>, fact: Fact): number {
  switch (question.kind) {
    case 'figure': {
      const figureFit = Math.max(
        0,
        ...fact.figures.map((figure) =>
          coverage(lexicon, question, keys, lexicon.termsOfText(`${figure.measures} ${figure.unit}`)),
        ),
      );
      const gapFit = Math.max(
        0,
        ...(fact.notGiven ?? []).map((what) => coverage(lexicon, question, keys, lexicon.termsOfText(what))),
      );
      return figureFit >= 0.5 ? 1.5 : gapFit >= 0.5 ? 1.2 : 0;
    }
    case 'capability':
      return lexicon.figureUnits(fact).some((unit) => unit?.dimension === 'length') ? 2 : 0;
    case 'date':
      return fact.date ? 0.6 : fact.asOf ? 0.2 : 0;
    case 'verdict':
      // Claims and verdicts answer "did X ...?"; so does a standing "as of" statement ("no offensive yet").
      return (
        (verdictStatuses.has(fact.status) ? 0.3 : 0) +
        (fact.respondsTo.length > 0 ? 0.1 : 0) +
        (fact.asOf ? 0.25 : 0)
      );
    case 'where':
    case 'place':
      return fact.places.length > 0 ? 0.2 : 0;
    default:
      return 0;
  }
}

/**
 * The statements that best answer the question, best first, each with its score. Candidates are the
 * full-text search's best and the statements answering them or answered by them.
 */
export function rankFacts(store: FactStore, lexicon: Lexicon, question: Question): RankedFact[] {
  const text = searchText(question, lexicon);
  if (text.trim() === '') return [];
  const hits = store.searchFacts(text, candidateLimit);
  if (hits.length === 0) return [];
  const best = hits[0]?.score ?? 1;
  const textScores = new Map(hits.map((hit) => [hit.fact.id, hit.score / best]));
  const candidates = new Map(hits.map((hit) => [hit.fact.id, hit.fact]));
  for (const hit of hits.slice(0, 12)) {
    for (const response of store.responsesTo(hit.fact.id)) candidates.set(response.id, response);
    for (const target of hit.fact.respondsTo) {
      const fact = store.fact(target);
      if (fact) candidates.set(fact.id, fact);
    }
  }
  const profile = profileOf(store, lexicon, question);
  const ranked = [...candidates.values()].map((fact, order) => ({
    fact,
    order,
    score: textWeight * (textScores.get(fact.id) ?? 0) + featureScore(store, lexicon, profile, fact),
  }));
  ranked.sort((a, b) => b.score - a.score || a.fact.importance - b.fact.importance || a.order - b.order);
  return ranked.map(({ fact, score }) => ({ fact, score }));
}
