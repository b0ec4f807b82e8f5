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
  private readonly search: MiniSearch<{ id: string }>;
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

    this.search = new MiniSearch<{ id: string }>({
      fields: ['statement', 'actor', 'places', 'topics', 'figures'],
      storeFields: [],
      processTerm: (term) => {
        const lower = term.toLowerCase();
        return stopWords.has(lower) ? null : lower;
      },
      searchOptions: {
        boost: { statement: 2, topics: 1.5, places: 1.5 },
        prefix: (term) => term.length >= 4,
        fuzzy: (term) => (term.length >= 5 ? 0.2 : term.length >= 4 ? 1 : 0),
        combineWith: 'OR',
      },
    });
    this.search.addAll(data.facts.map((fact) => this.searchDocument(fact)));
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

  /** Full-text search with typo tolerance and prefix matching, best first. */
  searchFacts(query: string, limit: number): SearchHit[] {
    return this.search
      .search(query)
      .slice(0, limit)
      .flatMap((result) => {
        const fact = this.factById.get(String(result.id));
        return fact ? [{ fact, score: result.score }] : [];
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

  private searchDocument(fact: Fact) {
    const places = fact.places.flatMap((id) => {
      const place = this.placeById.get(id);
      return place ? [place.name, ...place.aliases] : [];
    });
    const topics = fact.topics.flatMap((id) => {
      const topic = this.topicById.get(id);
      return topic ? [topic.name, ...topic.aliases] : [];
    });
    const actor = this.actorById.get(fact.actor);
    return {
      id: fact.id,
      statement: fact.statement,
      actor: actor ? [actor.name, ...actor.aliases].join(' ') : '',
      places: places.join(' '),
      topics: topics.join(' '),
      figures: fact.figures.map((figure) => `${formatFigure(figure)} ${figure.measures}`).join(' '),
    };
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
