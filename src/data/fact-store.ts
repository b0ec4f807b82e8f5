// The query layer over validated fact data: pure and Discord-free. Built once per load; every
// query is answered from indexes made here.
import MiniSearch from 'minisearch';
import { formatFigure } from './figures.js';
import type { FactData } from './load-facts.js';
import { findExact, type NameMatch, rankByName } from './name-match.js';
import type { Actor, Fact, Place, Source, Topic } from './schema.js';

/** Words that carry no meaning in a question ("how far can the long neptune strike"). */
const stopWords = new Set(
  'a an and are as at be by can could did do does for from has have how i in is it its of on or that the their this to was were what when where which who whom why will with would about after before many much any there'.split(
    ' ',
  ),
);

export interface SearchHit {
  fact: Fact;
  score: number;
}

const placeKindOrder: Record<Place['kind'], number> = {
  region: 0,
  town: 1,
  village: 2,
  district: 3,
  country: 4,
};

export class FactStore {
  readonly places: readonly Place[];
  readonly actors: readonly Actor[];
  readonly topics: readonly Topic[];
  readonly sources: readonly Source[];
  readonly facts: readonly Fact[];

  private readonly placeById: Map<string, Place>;
  private readonly actorById: Map<string, Actor>;
  private readonly topicById: Map<string, Topic>;
  private readonly sourceById: Map<string, Source>;
  private readonly factById: Map<string, Fact>;
  private readonly factOrder: Map<string, number>;
  private readonly latestAdded: string | undefined;
  private readonly childrenByPlace = new Map<string, string[]>();
  private readonly factsByPlace = new Map<string, Fact[]>();
  private readonly factsByTopic = new Map<string, Fact[]>();
  private readonly factsByActor = new Map<string, Fact[]>();
  private readonly responsesByFact = new Map<string, Fact[]>();
  private readonly statementIndex: MiniSearch<{ id: string }>;
  private readonly entityIndex: MiniSearch<{ id: string }>;
  private readonly searchScores: Float64Array;
  private readonly searchTouched: Int32Array;
  /** Places ordered for autocomplete with nothing typed: regions first, countries last. */
  private readonly placesForSuggestion: readonly Place[];
  private readonly derived = new Map<string, unknown>();

  constructor(data: Pick<FactData, 'places' | 'actors' | 'topics' | 'sources' | 'facts'>) {
    this.places = data.places;
    this.actors = data.actors;
    this.topics = data.topics;
    this.sources = data.sources;
    this.facts = data.facts;
    this.placeById = new Map(data.places.map((place) => [place.id, place]));
    this.actorById = new Map(data.actors.map((actor) => [actor.id, actor]));
    this.topicById = new Map(data.topics.map((topic) => [topic.id, topic]));
    this.sourceById = new Map(data.sources.map((source) => [source.id, source]));
    this.factById = new Map(data.facts.map((fact) => [fact.id, fact]));
    this.factOrder = new Map(data.facts.map((fact, index) => [fact.id, index]));
    this.latestAdded = data.facts.reduce<string | undefined>(
      (latest, fact) => (!latest || fact.added > latest ? fact.added : latest),
      undefined,
    );

    for (const place of data.places) {
      if (place.parent) push(this.childrenByPlace, place.parent, place.id);
    }
    for (const fact of data.facts) {
      for (const placeId of fact.places) push(this.factsByPlace, placeId, fact);
      for (const topicId of fact.topics) push(this.factsByTopic, topicId, fact);
      push(this.factsByActor, fact.actor, fact);
      for (const target of fact.respondsTo) push(this.responsesByFact, target, fact);
    }
    this.placesForSuggestion = [...data.places].sort(
      (a, b) => placeKindOrder[a.kind] - placeKindOrder[b.kind] || a.name.localeCompare(b.name),
    );

    const searchOptions = {
      processTerm: (term: string) => {
        const lower = term.toLowerCase();
        return stopWords.has(lower) ? null : lower;
      },
      searchOptions: {
        prefix: (term: string) => term.length >= 4,
        fuzzy: (term: string) => (term.length >= 5 ? 0.2 : term.length >= 4 ? 1 : 0),
        combineWith: 'OR' as const,
      },
    };
    // Statements are indexed per fact. Names of places, topics and actors are indexed once per
    // entity: a word like "Neptune" that names a topic of a thousand facts then costs one match and
    // a thousand additions, not a thousand scored postings.
    this.statementIndex = new MiniSearch<{ id: string }>({
      fields: ['statement', 'figures'],
      storeFields: [],
      ...searchOptions,
      searchOptions: { ...searchOptions.searchOptions, boost: { statement: 2 } },
    });
    this.statementIndex.addAll(
      data.facts.map((fact) => ({
        id: fact.id,
        statement: fact.statement,
        figures: fact.figures.map((figure) => `${formatFigure(figure)} ${figure.measures}`).join(' '),
      })),
    );
    this.entityIndex = new MiniSearch<{ id: string }>({
      fields: ['names'],
      storeFields: [],
      ...searchOptions,
    });
    const entities = [
      ...data.places.map((place) => ({
        id: `place:${place.id}`,
        names: [place.name, ...place.aliases].join(' '),
      })),
      ...data.topics.map((topic) => ({
        id: `topic:${topic.id}`,
        names: [topic.name, ...topic.aliases].join(' '),
      })),
      ...data.actors.map((actor) => ({
        id: `actor:${actor.id}`,
        names: [actor.name, ...actor.aliases].join(' '),
      })),
    ];
    this.entityIndex.addAll(entities);
    this.searchScores = new Float64Array(data.facts.length);
    this.searchTouched = new Int32Array(data.facts.length);
  }

  /**
   * A value derived from the store (an ordering, a count), computed once: the store never changes
   * after it is built, so orderings that cost milliseconds over 10,000 facts are paid once per key.
   */
  derive<T>(key: string, compute: () => T): T {
    if (this.derived.has(key)) return this.derived.get(key) as T;
    const value = compute();
    this.derived.set(key, value);
    return value;
  }

  place(id: string): Place | undefined {
    return this.placeById.get(id);
  }
  actor(id: string): Actor | undefined {
    return this.actorById.get(id);
  }
  topic(id: string): Topic | undefined {
    return this.topicById.get(id);
  }
  source(id: string): Source | undefined {
    return this.sourceById.get(id);
  }
  fact(id: string): Fact | undefined {
    return this.factById.get(id);
  }

  /** Actor lookup for facts, which the loader has already checked resolve. */
  actorOf(fact: Fact): Actor {
    const actor = this.actorById.get(fact.actor);
    if (!actor) throw new Error(`fact ${fact.id} names unknown actor ${fact.actor}`);
    return actor;
  }

  /** The place and every place inside it, at any depth. */
  placeAndDescendants(placeId: string): string[] {
    const result: string[] = [];
    const pending = [placeId];
    while (pending.length > 0) {
      const id = pending.pop() as string;
      result.push(id);
      pending.push(...(this.childrenByPlace.get(id) ?? []));
    }
    return result;
  }

  /** The chain of places containing this one, nearest first: Sudzha -> Sudzha district, Kursk region, Russia. */
  placeAncestors(placeId: string): Place[] {
    const result: Place[] = [];
    for (let parent = this.place(placeId)?.parent; parent; parent = this.place(parent)?.parent) {
      const place = this.place(parent);
      if (!place) break;
      result.push(place);
    }
    return result;
  }

  /** Facts about a place, including the places inside it, in store order. */
  factsForPlace(placeId: string): readonly Fact[] {
    return this.derive(`place:${placeId}`, () => this.collectFactsForPlace(placeId));
  }

  private collectFactsForPlace(placeId: string): Fact[] {
    const seen = new Set<string>();
    const result: Fact[] = [];
    for (const id of this.placeAndDescendants(placeId)) {
      for (const fact of this.factsByPlace.get(id) ?? []) {
        if (!seen.has(fact.id)) {
          seen.add(fact.id);
          result.push(fact);
        }
      }
    }
    return result.sort((a, b) => (this.factOrder.get(a.id) ?? 0) - (this.factOrder.get(b.id) ?? 0));
  }

  factsForTopic(topicId: string): readonly Fact[] {
    return this.factsByTopic.get(topicId) ?? [];
  }

  factsForActor(actorId: string): readonly Fact[] {
    return this.factsByActor.get(actorId) ?? [];
  }

  /** Facts that answer this one: denials, "not confirmed", later confirmations. */
  responsesTo(factId: string): readonly Fact[] {
    return this.responsesByFact.get(factId) ?? [];
  }

  /** Facts with a date of their own, oldest first; optionally only those about a place (and inside it). */
  timeline(placeId?: string): readonly Fact[] {
    return this.derive(`timeline:${placeId ?? '*'}`, () => {
      const pool = placeId ? this.factsForPlace(placeId) : this.facts;
      return pool
        .filter((fact) => fact.date !== undefined)
        .sort((a, b) =>
          (a.date?.value ?? '') < (b.date?.value ?? '')
            ? -1
            : (a.date?.value ?? '') > (b.date?.value ?? '')
              ? 1
              : 0,
        );
    });
  }

  /**
   * Full-text search with typo tolerance and prefix matching, best first: a fact scores for words in
   * its statement, and for words naming its topics (x1.5), places (x1.5) and actor (x1).
   */
  searchFacts(query: string, limit: number): SearchHit[] {
    // Scores accumulate in a reusable array indexed by store position; `touched` says which to read.
    const scores = this.searchScores;
    const touched = this.searchTouched;
    let touchedCount = 0;
    const add = (index: number, score: number) => {
      if (scores[index] === 0) touched[touchedCount++] = index;
      scores[index] = (scores[index] ?? 0) + score;
    };
    for (const hit of this.statementIndex.search(query)) {
      const index = this.factOrder.get(String(hit.id));
      if (index !== undefined) add(index, hit.score);
    }
    for (const hit of this.entityIndex.search(query)) {
      const [kind, id = ''] = String(hit.id).split(':');
      const positions = this.derive(`positions:${kind}:${id}`, () => {
        const facts =
          kind === 'place'
            ? this.factsByPlace.get(id)
            : kind === 'topic'
              ? this.factsByTopic.get(id)
              : this.factsByActor.get(id);
        return Int32Array.from(facts ?? [], (fact) => this.factOrder.get(fact.id) ?? 0);
      });
      const weight = (kind === 'actor' ? 1 : 1.5) * hit.score;
      for (const position of positions) add(position, weight);
    }
    // The best `limit`, kept sorted as the scores stream past: no sort of every candidate.
    const best: { index: number; score: number }[] = [];
    for (let slot = 0; slot < touchedCount; slot++) {
      const index = touched[slot] ?? 0;
      const score = scores[index] ?? 0;
      scores[index] = 0;
      if (best.length === limit && score <= (best.at(-1)?.score ?? 0)) continue;
      let position = best.length;
      while (position > 0 && (best[position - 1]?.score ?? 0) < score) position--;
      best.splice(position, 0, { index, score });
      if (best.length > limit) best.pop();
    }
    return best.flatMap(({ index, score }) => {
      const fact = this.facts[index];
      return fact ? [{ fact, score }] : [];
    });
  }

  suggestPlaces(query: string, limit: number): NameMatch<Place>[] {
    return rankByName(this.placesForSuggestion, query, limit);
  }
  suggestTopics(query: string, limit: number): NameMatch<Topic>[] {
    return rankByName(this.topics, query, limit);
  }
  suggestActors(query: string, limit: number): NameMatch<Actor>[] {
    return rankByName(this.actors, query, limit);
  }

  /** Resolves an autocomplete value (an id) or typed text to a place. */
  resolvePlace(input: string): Place | undefined {
    return findExact(this.places, input);
  }
  resolveTopic(input: string): Topic | undefined {
    return findExact(this.topics, input);
  }
  resolveActor(input: string): Actor | undefined {
    return findExact(this.actors, input);
  }

  /** The latest `added` day in the store: when its content last changed. */
  lastAdded(): string | undefined {
    return this.latestAdded;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
