// What the words of a question can name, built once per store: the store's places, actors and topics
// (names, aliases, and the vocabulary's other spellings), the vocabulary's concepts, absent names,
// units and sides, all keyed by stemmed words; and how often each stem occurs in the statements.
import type { FactStore } from '../../data/fact-store.js';
import type { Fact } from '../../data/schema.js';
import {
  type AbsentName,
  bundledVocabulary,
  type Concept,
  normalizeTerm,
  type Unit,
  type Vocabulary,
} from '../../data/vocabulary.js';
import { wordsIn } from '../../i18n/words.js';
import { statusLabel, statusVerb } from '../attribution.js';
import { stem } from './stem.js';

type MentionKind = 'place' | 'actor' | 'topic' | 'concept' | 'absent' | 'unit' | 'side';

export interface Mention {
  kind: MentionKind;
  id: string;
}

/** A run of a text's words that names something: words `start` to `end` (exclusive). */
export interface PhraseMatch {
  start: number;
  end: number;
  mentions: readonly Mention[];
}

/** A statement's words as the matcher sees them. */
export interface FactTerms {
  stems: ReadonlySet<string>;
  /** Concepts named, with the concepts they are kinds of. */
  concepts: ReadonlySet<string>;
  /** Everything named, as "kind:id": concepts (with broader ones), places, actors, topics, sides. */
  keys: ReadonlySet<string>;
}

/** Lower-case words, accents and punctuation gone, a possessive "s" dropped: "Ukraine's" -> "ukraine". */
export function wordsOf(text: string): string[] {
  return normalizeTerm(text)
    .split(' ')
    .filter((word) => word !== '' && word !== 's');
}

const stemsOf = (text: string): string[] => wordsOf(text).map(stem);

export class Lexicon {
  readonly concepts = new Map<string, Concept>();
  readonly absent = new Map<string, AbsentName>();
  readonly units = new Map<string, Unit>();
  /** How many statements hold each stem. */
  readonly stemFrequency = new Map<string, number>();
  /** Every word the statements use, as written (lower case): the full-text index knows these. */
  readonly storeWords = new Set<string>();
  readonly factCount: number;
  /** How each side is named in answers: "Russia". */
  readonly sideNames = new Map<string, string>();
  /** Topics whose claims say where things stand in a place, most telling first. */
  readonly standingTopics: readonly string[];
  private readonly phrases = new Map<string, Mention[]>();
  private longestPhrase = 1;
  /** Single-word phrases by length, for matching a mistyped name. */
  private readonly singleWords: string[][] = [];
  private readonly broader = new Map<string, readonly string[]>();
  private readonly factTerms = new Map<string, FactTerms>();
  private readonly textTerms = new Map<string, FactTerms>();
  /** Every word of every name and term, stemmed: a word the lexicon knows. */
  readonly nameStems = new Set<string>();

  private readonly store: FactStore;

  constructor(store: FactStore, vocabulary: Vocabulary) {
    this.store = store;
    this.standingTopics = vocabulary.standingTopics;
    for (const place of store.places)
      this.addNames([place.name, ...place.aliases], { kind: 'place', id: place.id });
    for (const actor of store.actors)
      this.addNames([actor.name, ...actor.aliases], { kind: 'actor', id: actor.id });
    for (const topic of store.topics)
      this.addNames([topic.name, ...topic.aliases], { kind: 'topic', id: topic.id });
    for (const spelling of vocabulary.spellings) {
      const [kind, id] = Object.entries(spelling.entity)[0] as [MentionKind, string];
      this.addNames(spelling.terms, { kind, id });
    }
    for (const concept of vocabulary.concepts) {
      this.concepts.set(concept.id, concept);
      this.broader.set(concept.id, concept.broader);
      this.addNames(concept.terms, { kind: 'concept', id: concept.id });
    }
    for (const absent of vocabulary.absent) {
      this.absent.set(absent.id, absent);
      this.addNames(absent.terms, { kind: 'absent', id: absent.id });
    }
    for (const unit of vocabulary.units) {
      this.units.set(unit.id, unit);
      this.addNames(unit.terms, { kind: 'unit', id: unit.id });
    }
    for (const [side, names] of Object.entries(vocabulary.sides)) {
      this.addNames(names ?? [], { kind: 'side', id: side });
      if (names?.[0]) this.sideNames.set(side, names[0]);
    }

    this.factCount = store.facts.length;
    for (const fact of store.facts) {
      const words = wordsOf(fact.statement);
      for (const word of words) this.storeWords.add(word);
      for (const stemmed of new Set(words.map(stem))) {
        this.stemFrequency.set(stemmed, (this.stemFrequency.get(stemmed) ?? 0) + 1);
      }
    }
  }

  private addNames(names: readonly string[], mention: Mention): void {
    for (const name of names) {
      const stems = stemsOf(name);
      if (stems.length === 0) continue;
      const key = stems.join(' ');
      for (const stemmed of stems) this.nameStems.add(stemmed);
      const list = this.phrases.get(key) ?? [];
      if (!list.some((known) => known.kind === mention.kind && known.id === mention.id)) list.push(mention);
      this.phrases.set(key, list);
      this.longestPhrase = Math.max(this.longestPhrase, stems.length);
      if (stems.length === 1) {
        const byLength = this.singleWords[key.length] ?? [];
        if (!byLength.includes(key)) byLength.push(key);
        this.singleWords[key.length] = byLength;
      }
    }
  }

  /**
   * Every run of the stems that names something, short runs inside long ones included ("North Korean
   * troops" names a topic, "troops" a concept), except a concept inside a longer concept: "fought
   * over" is fighting, not "over".
   */
  match(stems: readonly string[]): PhraseMatch[] {
    const matches: PhraseMatch[] = [];
    for (let start = 0; start < stems.length; start++) {
      for (let length = Math.min(this.longestPhrase, stems.length - start); length >= 1; length--) {
        const mentions = this.phrases.get(stems.slice(start, start + length).join(' '));
        if (mentions) matches.push({ start, end: start + length, mentions });
      }
    }
    const onlyConcepts = (match: PhraseMatch) =>
      match.mentions.every((mention) => mention.kind === 'concept');
    const conceptRuns = matches.filter((match) => match.end - match.start > 1 && onlyConcepts(match));
    if (conceptRuns.length === 0) return matches;
    return matches.filter(
      (match) =>
        !onlyConcepts(match) ||
        !conceptRuns.some(
          (run) =>
            run !== match &&
            run.start <= match.start &&
            run.end >= match.end &&
            run.end - run.start > match.end - match.start,
        ),
    );
  }

  /**
   * The one-word name a mistyped word most likely means ("zelenksyy" -> Zelenskyy): same first letter,
   * within one edit (two from eight letters), and only for words no statement uses.
   */
  correct(stemmed: string): readonly Mention[] | undefined {
    if (stemmed.length < 5 || this.stemFrequency.has(stemmed)) return undefined;
    const allowance = stemmed.length >= 8 ? 2 : 1;
    for (let distance = 1; distance <= allowance; distance++) {
      for (let length = stemmed.length - distance; length <= stemmed.length + distance; length++) {
        for (const candidate of this.singleWords[length] ?? []) {
          if (candidate[0] === stemmed[0] && editDistance(stemmed, candidate, distance) <= distance)
            return this.phrases.get(candidate);
        }
      }
    }
    return undefined;
  }

  /** The concepts with every concept they are a kind of. */
  withBroader(conceptIds: Iterable<string>): Set<string> {
    const result = new Set<string>();
    const pending = [...conceptIds];
    while (pending.length > 0) {
      const id = pending.pop() as string;
      if (result.has(id)) continue;
      result.add(id);
      pending.push(...(this.broader.get(id) ?? []));
    }
    return result;
  }

  /** How many statements carry each concept, counted on first use. */
  private conceptFrequency: Map<string, number> | undefined;

  /** How rare a concept is among the statements: "an end to the fighting" tells more than "fighting". */
  conceptRarity(conceptId: string): number {
    if (!this.conceptFrequency) {
      const counts = new Map<string, number>();
      for (const fact of this.store.facts) {
        for (const id of this.termsOfStatement(fact).concepts) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      this.conceptFrequency = counts;
    }
    const frequency = Math.max(1, this.conceptFrequency.get(conceptId) ?? 0);
    return Math.log(1 + (this.factCount + 1) / (frequency + 0.5));
  }

  /** How rare a stem is among the statements: rarer words tell more about what was asked. */
  rarity(stemmed: string): number {
    const frequency = Math.max(1, this.stemFrequency.get(stemmed) ?? 0);
    return Math.log(1 + (this.factCount + 1) / (frequency + 0.5));
  }

  /**
   * A statement's stems and what it names, read as the answer shows it: who says it and how ("Russia's
   * Defence Ministry claimed"), the statement, and its figures' descriptions. Computed once per fact.
   */
  termsOf(fact: Fact): FactTerms {
    const known = this.factTerms.get(fact.id);
    if (known) return known;
    const terms = this.termsOfStatement(fact);
    this.factTerms.set(fact.id, terms);
    return terms;
  }

  private termsOfStatement(fact: Fact): FactTerms {
    const text = [
      this.store.actor(fact.actor)?.name ?? '',
      statusLabel(fact.status, wordsIn(this.store.locale)),
      // Ukrainian and Russian questions use the verb ("запропонував"), not the label ("запропоновано").
      ...(this.store.locale === 'en' ? [] : [statusVerb(this.store, fact.status, this.store.actorOf(fact))]),
      fact.statement,
      ...fact.figures.map((figure) => `${figure.measures} ${figure.unit}`),
    ].join(' ');
    return this.analyse(text);
  }

  /**
   * The unit of each of a statement's figures, by the English store's unit ids: a translated store
   * writes "км" where the fact files write "km".
   */
  figureUnits(fact: Fact): readonly (Unit | undefined)[] {
    const english = this.store.english.fact(fact.id)?.figures ?? fact.figures;
    return fact.figures.map((figure, index) => this.units.get(english[index]?.unit ?? figure.unit));
  }

  /** Stems and what any text names: a figure's description, a "not given" phrase. */
  termsOfText(text: string): FactTerms {
    const known = this.textTerms.get(text);
    if (known) return known;
    const terms = this.analyse(text);
    if (this.textTerms.size < 10_000) this.textTerms.set(text, terms);
    return terms;
  }

  private analyse(text: string): FactTerms {
    const stems = stemsOf(text);
    const mentions = this.match(stems).flatMap((match) => match.mentions);
    const concepts = this.withBroader(
      mentions.filter((mention) => mention.kind === 'concept').map((mention) => mention.id),
    );
    const keys = new Set([
      ...mentions
        .filter((mention) => mention.kind !== 'concept')
        .map((mention) => `${mention.kind}:${mention.id}`),
      ...[...concepts].map((id) => `concept:${id}`),
    ]);
    return { stems: new Set(stems), concepts, keys };
  }
}

/** Levenshtein distance, or more than `limit` as soon as it must be. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let row = 1; row <= a.length; row++) {
    const current = [row];
    let rowMinimum = row;
    for (let column = 1; column <= b.length; column++) {
      const value = Math.min(
        (previous[column] ?? 0) + 1,
        (current[column - 1] ?? 0) + 1,
        (previous[column - 1] ?? 0) + (a[row - 1] === b[column - 1] ? 0 : 1),
      );
      current.push(value);
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}

/** The store's lexicon, built on first use and kept with the store (it never changes once built). */
export function lexiconFor(store: FactStore, vocabulary: Vocabulary = bundledVocabulary): Lexicon {
  if (vocabulary !== bundledVocabulary) return new Lexicon(store, vocabulary);
  return store.derive('answers:lexicon', () => new Lexicon(store, vocabulary));
}
