// The query layer over validated fact data: pure and Discord-free. Built once per load; every
// query is answered from indexes made here.
import type { Locale, TranslatedLocale } from '../i18n/locales.js';
import { wordsIn } from '../i18n/words.js';
import { formatFigure } from './figures.js';
import { localizeEntries, type StoreEntries } from './localize-facts.js';
import { NameIndex, type NameMatch } from './name-match.js';
import type { Actor, Fact, Place, Source, Topic } from './schema.js';
import { TextIndex } from './text-index.js';
import type { GrammaticalGender } from './translation-schema.js';
import type { Translations } from './translations.js';

/** Words that carry no meaning in a question ("how far can the long neptune strike"). */
const stopWords = new Set(
  [
    'a an and are as at be by can could did do does for from has have how i in is it its of on or that the their this to was were what when where which who whom why will with would about after before many much any there',
    // Ukrainian and Russian: questions are asked in them too.
    'і й та а в у на з із зі до від про за по для що чи як де коли хто який яка яке які скільки це цей ця ці був була було були є його її їх там',
    'и а в во на с со к от о об про за по для что ли как где когда кто какой какая какое какие сколько это этот эта эти был была было были есть его её их там',
  ]
    .join(' ')
    .split(' '),
);

const emptyPositions = new Int32Array(0);

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

export interface FactStoreOptions {
  /** Ukrainian and Russian texts, by locale; without them every other language shows English, marked. */
  translations?: Translations;
  /** Set by `in(locale)` for the store in another language. */
  localized?: {
    locale: TranslatedLocale;
    english: FactStore;
    genders: ReadonlyMap<string, GrammaticalGender>;
    fallbackCount: number;
  };
}

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
  private readonly statementIndex: TextIndex;
  private readonly entityIndex: TextIndex;
  /** Per entity (places, then topics, then actors): how much a name match counts, and its facts. */
  private readonly entityWeights: Float64Array;
  private readonly entityFacts: readonly Int32Array[];
  // Score arrays reused by every search; `touched` lists the positions that scored.
  private readonly searchScores: Float64Array;
  private readonly searchTouched: Int32Array;
  private readonly entityScores: Float64Array;
  private readonly entityTouched: Int32Array;
  /** Places ordered for autocomplete with nothing typed: regions first, countries last. */
  private readonly placeNames: NameIndex<Place>;
  private readonly placeSuggestions: NameIndex<Place>;
  private readonly topicNames: NameIndex<Topic>;
  private readonly actorNames: NameIndex<Actor>;
  private readonly derived = new Map<string, unknown>();

  /** The language of this store's texts. */
  readonly locale: Locale;
  /** The store in English, the fact files' own words: its ids and order are every translation's. */
  readonly english: FactStore;
  private readonly translations: Translations;
  private readonly genders: ReadonlyMap<string, GrammaticalGender>;
  private readonly translated = new Map<TranslatedLocale, FactStore>();
  /** How many texts this store shows in English for want of a translation. */
  readonly fallbackCount: number;

  constructor(data: StoreEntries, options: FactStoreOptions = {}) {
    this.locale = options.localized?.locale ?? 'en';
    this.english = options.localized?.english ?? this;
    this.translations = options.translations ?? new Map();
    this.genders = options.localized?.genders ?? new Map();
    this.fallbackCount = options.localized?.fallbackCount ?? 0;
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
    // Answers in the order they came, by their date or else their "as of"; ones with neither (said
    // with the statement they answer) first.
    const when = (fact: Fact) => fact.date?.value ?? fact.asOf?.value ?? '';
    for (const responses of this.responsesByFact.values()) {
      responses.sort((a, b) => when(a).localeCompare(when(b)));
    }
    this.placeNames = new NameIndex(data.places);
    this.topicNames = new NameIndex(data.topics);
    this.actorNames = new NameIndex(data.actors);
    this.placeSuggestions = new NameIndex(
      [...data.places].sort(
        (a, b) => placeKindOrder[a.kind] - placeKindOrder[b.kind] || a.name.localeCompare(b.name),
      ),
    );

    // Statements are indexed per fact. Names of places, topics and actors are indexed once per
    // entity: a word like "Neptune" that names a topic of a thousand facts then costs one match and
    // a thousand additions, not a thousand scored postings.
    this.statementIndex = new TextIndex(
      data.facts.map((fact) => [
        { text: fact.statement, boost: 2 },
        {
          text: fact.figures.map((figure) => `${formatFigure(figure)} ${figure.measures}`).join(' '),
          boost: 1,
        },
      ]),
      { stopWords },
    );
    const positionsOf = (facts: readonly Fact[] | undefined) =>
      Int32Array.from(facts ?? [], (fact) => this.factOrder.get(fact.id) ?? 0);
    const entities = [
      ...data.places.map((place) => ({
        names: [place.name, ...place.aliases],
        weight: 1.5,
        positions: positionsOf(this.factsByPlace.get(place.id)),
      })),
      ...data.topics.map((topic) => ({
        names: [topic.name, ...topic.aliases],
        weight: 1.5,
        positions: positionsOf(this.factsByTopic.get(topic.id)),
      })),
      ...data.actors.map((actor) => ({
        names: [actor.name, ...actor.aliases],
        weight: 1,
        positions: positionsOf(this.factsByActor.get(actor.id)),
      })),
    ];
    this.entityIndex = new TextIndex(
      entities.map((entity) => [{ text: entity.names.join(' '), boost: 1 }]),
      { stopWords },
    );
    this.entityWeights = Float64Array.from(entities, (entity) => entity.weight);
    this.entityFacts = entities.map((entity) => entity.positions);
    this.searchScores = new Float64Array(data.facts.length);
    this.searchTouched = new Int32Array(data.facts.length);
    this.entityScores = new Float64Array(entities.length);
    this.entityTouched = new Int32Array(entities.length);
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

  /** Facts that answer this one (denials, "not confirmed", later confirmations), in the order they came. */
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
    if (limit <= 0) return [];
    const scores = this.searchScores;
    const touched = this.searchTouched;
    let touchedCount = this.statementIndex.search(query, scores, touched);
    const entityScores = this.entityScores;
    const entityTouched = this.entityTouched;
    const entityCount = this.entityIndex.search(query, entityScores, entityTouched);
    for (let slot = 0; slot < entityCount; slot++) {
      const entity = entityTouched[slot] ?? 0;
      const weight = (this.entityWeights[entity] ?? 0) * (entityScores[entity] ?? 0);
      entityScores[entity] = 0;
      const positions = this.entityFacts[entity] ?? emptyPositions;
      for (let index = 0; index < positions.length; index++) {
        const position = positions[index] ?? 0;
        if (scores[position] === 0) touched[touchedCount++] = position;
        scores[position] = (scores[position] ?? 0) + weight;
      }
    }
    // The best `limit`, kept sorted as the scores stream past: no sort of every candidate, and no
    // object per candidate.
    const bestIndexes = new Int32Array(limit);
    const bestScores = new Float64Array(limit);
    let bestCount = 0;
    for (let slot = 0; slot < touchedCount; slot++) {
      const index = touched[slot] ?? 0;
      const score = scores[index] ?? 0;
      scores[index] = 0;
      if (bestCount === limit && score <= (bestScores[limit - 1] ?? 0)) continue;
      let position = bestCount === limit ? limit - 1 : bestCount++;
      while (position > 0 && (bestScores[position - 1] ?? 0) < score) {
        bestIndexes[position] = bestIndexes[position - 1] ?? 0;
        bestScores[position] = bestScores[position - 1] ?? 0;
        position--;
      }
      bestIndexes[position] = index;
      bestScores[position] = score;
    }
    const hits: SearchHit[] = [];
    for (let rank = 0; rank < bestCount; rank++) {
      const fact = this.facts[bestIndexes[rank] ?? 0];
      if (fact) hits.push({ fact, score: bestScores[rank] ?? 0 });
    }
    return hits;
  }

  suggestPlaces(query: string, limit: number): NameMatch<Place>[] {
    return this.placeSuggestions.rank(query, limit);
  }
  suggestTopics(query: string, limit: number): NameMatch<Topic>[] {
    return this.topicNames.rank(query, limit);
  }
  suggestActors(query: string, limit: number): NameMatch<Actor>[] {
    return this.actorNames.rank(query, limit);
  }

  /** Resolves an autocomplete value (an id) or typed text to a place. */
  resolvePlace(input: string): Place | undefined {
    return this.placeNames.find(input);
  }
  resolveTopic(input: string): Topic | undefined {
    return this.topicNames.find(input);
  }
  resolveActor(input: string): Actor | undefined {
    return this.actorNames.find(input);
  }

  /**
   * The same store in `locale`: the translated texts, with the English (marked) where a translation
   * is missing. Built the first time a language is asked for, then kept.
   */
  in(locale: Locale): FactStore {
    if (locale === this.locale) return this;
    if (this.english !== this) return this.english.in(locale);
    if (locale === 'en') return this;
    let store = this.translated.get(locale);
    if (!store) {
      const localized = localizeEntries(
        this,
        this.translations.get(locale),
        wordsIn(locale).t('common.fallback.marker'),
      );
      store = new FactStore(localized, {
        localized: {
          locale,
          english: this,
          genders: localized.genders,
          fallbackCount: localized.fallbackCount,
        },
      });
      this.translated.set(locale, store);
    }
    return store;
  }

  /** How a verb agrees with the actor in this store's language: English knows singular and plural. */
  genderOf(actor: Actor): GrammaticalGender {
    return this.genders.get(actor.id) ?? (actor.plural ? 'plural' : 'masculine');
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
