// What a map shows, before any drawing: which places get a marker, what the statements there say
// happened (by whom, and how others answered), and which regions are outlined. A /status map is built
// around a place, a digest's around the statements it reports. Pure: a store and a place or some facts
// in, plain data out. Every legend line names who says it; nothing becomes fact on the map.
import { statusLabel } from '../../briefs/attribution.js';
import type { FactStore } from '../../data/fact-store.js';
import { type Fact, type Place, verdictStatuses } from '../../data/schema.js';
import type { Locale } from '../../i18n/locales.js';
import { wordsIn } from '../../i18n/words.js';
import type { Position } from './geography.js';

/** What the statements at a place report, most telling first; a marker's colour says which. */
const markerCategories = ['control', 'shelling', 'fighting', 'evacuation', 'statements'] as const;
export type MarkerCategory = (typeof markerCategories)[number];

export type MarkerShape = 'diamond' | 'square' | 'triangle' | 'circle';

/** Topic ids that put an event statement in a category. `shelling` is kept for the first facts that carry it. */
const categoryTopics: Record<Exclude<MarkerCategory, 'statements'>, readonly string[]> = {
  control: ['territorial-control'],
  shelling: ['shelling', 'strikes'],
  fighting: ['fighting-intensity'],
  evacuation: ['evacuations'],
};

export const categoryColours: Record<MarkerCategory, string> = {
  control: '#7b2d8e',
  shelling: '#c2410c',
  fighting: '#b45309',
  evacuation: '#0f766e',
  statements: '#64748b',
};

/** Shapes tried in turn when one category has several legend entries (different claimants or answers). */
const categoryShapes: Record<MarkerCategory, readonly MarkerShape[]> = {
  control: ['diamond', 'square', 'triangle', 'circle'],
  shelling: ['triangle', 'diamond', 'square', 'circle'],
  fighting: ['triangle', 'square', 'diamond', 'circle'],
  evacuation: ['circle', 'square', 'diamond', 'triangle'],
  statements: ['circle', 'square', 'diamond', 'triangle'],
};

export interface LegendEntry {
  category: MarkerCategory;
  shape: MarkerShape;
  colour: string;
  /** "Change of control claimed by Russia's Defence Ministry; not officially confirmed by Ukraine's military" */
  text: string;
}

export interface MapMarker {
  placeId: string;
  name: string;
  position: Position;
  /** The point is an estimate, not a position the sources give: drawn hollow. */
  estimated: boolean;
  precisionKm?: number;
  /** The place the user asked about: ringed and labelled in bold. */
  asked: boolean;
  /** Its most telling entry, which styles the marker; the others are drawn as small badges beside it. */
  entries: readonly LegendEntry[];
  /** How many statements name the place itself. */
  statements: number;
}

interface OutlinedRegion {
  regionId: string;
  name: string;
  asked: boolean;
  /** Statements about the region as a whole (not about the places inside it). */
  statements: number;
}

export interface MapModel {
  /** The language of the store it was built from: the map's labels, legend and alt text are in it. */
  locale: Locale;
  /** The legend panel's heading: the place asked about, or what a digest reports. */
  title: string;
  /** What the map shows, opening its alt text: "Map of Sudzha and its surroundings." */
  summary: string;
  markers: readonly MapMarker[];
  /** Regions drawn with a heavy outline: the asked region, and regions inside it with statements of their own. */
  outlined: readonly OutlinedRegion[];
  legend: readonly LegendEntry[];
  /** Places inside the asked place that have neither a point nor an outline to draw (Sudzha district). */
  notDrawn: readonly string[];
  /** Latest day a fact was added: the map says how current it is. */
  factsUpdated?: string;
}

function categoryOf(fact: Fact): MarkerCategory {
  if (fact.nature !== 'event' || verdictStatuses.has(fact.status)) return 'statements';
  for (const category of markerCategories) {
    if (category === 'statements') continue;
    if (categoryTopics[category].some((topic) => fact.topics.includes(topic))) return category;
  }
  return 'statements';
}

/** Facts that answer a fact by confirming, denying or not confirming it. */
function verdictsOn(store: FactStore, fact: Fact): Fact[] {
  return store.responsesTo(fact.id).filter((response) => verdictStatuses.has(response.status));
}

/**
 * "Change of control claimed by Russia's Defence Ministry; not officially confirmed by Ukraine's
 * military", in the store's language: who says what, and how others answered.
 */
function entryText(store: FactStore, category: MarkerCategory, fact: Fact): string {
  const words = wordsIn(store.locale);
  if (category === 'statements') return words.t('map.entry.namedOnly');
  const claim = words.t('map.entry.claim', {
    what: words.t(`map.category.${category}`),
    status: statusLabel(fact.status, words),
    actor: store.actorOf(fact).name,
  });
  const answers = verdictsOn(store, fact).map((answer) =>
    words.t('map.entry.answer', {
      status: statusLabel(answer.status, words),
      actor: store.actorOf(answer).name,
    }),
  );
  return [claim, ...answers].join('; ');
}

/** The answer's facts that name this place itself, leaving out verdicts, read with the claim they answer. */
function ownFacts(answer: readonly Fact[], placeId: string): Fact[] {
  return answer.filter(
    (fact) =>
      fact.places.includes(placeId) && !(verdictStatuses.has(fact.status) && fact.respondsTo.length > 0),
  );
}

/**
 * Which of a place's statements styles its marker: the most telling category first, then the most
 * important, then those that name the place first, then claims that others answered.
 */
function markerOrder(store: FactStore, placeId: string) {
  const rank = (fact: Fact) => [
    markerCategories.indexOf(categoryOf(fact)),
    fact.importance,
    fact.places.indexOf(placeId),
    verdictsOn(store, fact).length > 0 ? 0 : 1,
  ];
  return (a: Fact, b: Fact) => {
    const [rankA, rankB] = [rank(a), rank(b)];
    for (let index = 0; index < rankA.length; index++) {
      const difference = (rankA[index] ?? 0) - (rankB[index] ?? 0);
      if (difference !== 0) return difference;
    }
    return 0;
  };
}

const drawnAsPoint = (place: Place) => place.kind !== 'region' && place.kind !== 'country';

/** Legend entries shared by a map's markers, one per distinct text, each with its own shape. */
class LegendEntries {
  private readonly entries = new Map<string, LegendEntry>();
  private readonly shapesUsed = new Map<MarkerCategory, number>();

  entry(category: MarkerCategory, text: string): LegendEntry {
    let entry = this.entries.get(text);
    if (!entry) {
      const used = this.shapesUsed.get(category) ?? 0;
      this.shapesUsed.set(category, used + 1);
      const shapes = categoryShapes[category];
      entry = {
        category,
        shape: shapes[used % shapes.length] ?? 'circle',
        colour: categoryColours[category],
        text,
      };
      this.entries.set(text, entry);
    }
    return entry;
  }

  /** A marker's entries from its facts, most telling first; "named" only when nothing else is said there. */
  forFacts(store: FactStore, facts: readonly Fact[]): LegendEntry[] {
    const placeEntries: LegendEntry[] = [];
    for (const fact of facts) {
      const category = categoryOf(fact);
      if (category === 'statements' && placeEntries.length > 0) continue;
      const entry = this.entry(category, entryText(store, category, fact));
      if (!placeEntries.includes(entry)) placeEntries.push(entry);
    }
    return placeEntries;
  }

  /** In category order, so the legend reads from the most telling. */
  sorted(): LegendEntry[] {
    return [...this.entries.values()].sort(
      (a, b) => markerCategories.indexOf(a.category) - markerCategories.indexOf(b.category),
    );
  }
}

function markerAt(place: Place, coordinates: NonNullable<Place['coordinates']>) {
  return {
    placeId: place.id,
    name: place.name,
    position: [coordinates.lon, coordinates.lat] as Position,
    estimated: coordinates.estimated === true,
    precisionKm: coordinates.precisionKm,
  };
}

/**
 * The map of a place: markers for the towns and villages the answer covers (the place, those inside
 * it and those its statements name) that have coordinates, outlines for regions among the place and
 * those inside it that the geography has. Undefined when there is nothing to draw.
 */
export function buildPlaceMapModel(
  store: FactStore,
  place: Place,
  outlinedRegionIds: ReadonlySet<string>,
): MapModel | undefined {
  const answer = store.factsForPlace(place.id);
  const named = answer.flatMap((fact) => fact.places).filter((id) => store.place(id)?.kind !== 'region');
  const covered = [...new Set([...store.placeAndDescendants(place.id), ...named])]
    .map((id) => store.place(id))
    .filter((found) => found !== undefined);
  const legend = new LegendEntries();
  const markers: MapMarker[] = [];
  const outlined: OutlinedRegion[] = [];
  const notDrawn: string[] = [];
  // Places with statements of their own come first, the asked one before all, so entries are
  // numbered in the order a reader meets them.
  const ordered = [...covered].sort(
    (a, b) =>
      Number(b.id === place.id) - Number(a.id === place.id) ||
      ownFacts(answer, b.id).length - ownFacts(answer, a.id).length,
  );
  for (const candidate of ordered) {
    const facts = ownFacts(answer, candidate.id).sort(markerOrder(store, candidate.id));
    if (outlinedRegionIds.has(candidate.id)) {
      if (candidate.id === place.id || facts.length > 0) {
        outlined.push({
          regionId: candidate.id,
          name: candidate.name,
          asked: candidate.id === place.id,
          statements: facts.length,
        });
      }
      continue;
    }
    if (!drawnAsPoint(candidate)) continue;
    const { coordinates } = candidate;
    if (!coordinates) {
      if (candidate.kind !== 'country') notDrawn.push(candidate.name);
      continue;
    }
    const placeEntries = legend.forFacts(store, facts);
    if (placeEntries.length === 0) {
      if (candidate.id !== place.id) continue;
      placeEntries.push(legend.entry('statements', wordsIn(store.locale).t('map.entry.noStatements')));
    }
    markers.push({
      ...markerAt(candidate, coordinates),
      asked: candidate.id === place.id,
      entries: placeEntries,
      statements: facts.length,
    });
  }
  if (markers.length === 0 && outlined.length === 0) return undefined;
  return {
    locale: store.locale,
    title: place.name,
    summary: wordsIn(store.locale).t('map.summary.place', { place: place.name }),
    markers,
    outlined,
    legend: legend.sorted(),
    notDrawn,
    factsUpdated: store.lastAdded(),
  };
}

/**
 * What a marker says for the given facts at a place: an answer (a denial, a "not confirmed") is read
 * with the claims it answers there, so the legend says what was claimed and how it was answered.
 */
function claimsBehind(store: FactStore, facts: readonly Fact[], placeId: string): Fact[] {
  const shown: Fact[] = [];
  for (const fact of facts) {
    const answered =
      verdictStatuses.has(fact.status) && fact.respondsTo.length > 0
        ? fact.respondsTo.flatMap((id) => {
            const claim = store.fact(id);
            return claim?.places.includes(placeId) ? [claim] : [];
          })
        : [];
    for (const candidate of answered.length > 0 ? answered : [fact]) {
      if (!shown.includes(candidate)) shown.push(candidate);
    }
  }
  return shown.sort(markerOrder(store, placeId));
}

/**
 * The map of a set of statements (a digest's new and changed ones): a marker for each town or
 * village they name that has coordinates, an outline for each region they name, and the places with
 * neither listed as not drawn. No place is "asked about". Undefined when none of them can be drawn,
 * so statements that name no place, or only countries, give no map.
 */
export function buildFactsMapModel(
  store: FactStore,
  facts: readonly Fact[],
  outlinedRegionIds: ReadonlySet<string>,
  { title, summary }: { title: string; summary: string },
): MapModel | undefined {
  const byPlace = new Map<string, Fact[]>();
  for (const fact of facts) {
    for (const placeId of fact.places) {
      const naming = byPlace.get(placeId) ?? [];
      if (!naming.includes(fact)) naming.push(fact);
      byPlace.set(placeId, naming);
    }
  }
  // The most named first (a stable sort keeps first mention otherwise), so entries are numbered in the
  // order a reader meets them.
  const ordered = [...byPlace].sort(([, a], [, b]) => b.length - a.length);
  const legend = new LegendEntries();
  const markers: MapMarker[] = [];
  const outlined: OutlinedRegion[] = [];
  const notDrawn: string[] = [];
  for (const [placeId, naming] of ordered) {
    const place = store.place(placeId);
    if (!place) continue;
    if (outlinedRegionIds.has(place.id)) {
      outlined.push({ regionId: place.id, name: place.name, asked: false, statements: naming.length });
      continue;
    }
    // A country is the whole map; a region the geography has no outline for cannot be shown.
    if (place.kind === 'country') continue;
    if (place.kind === 'region' || !place.coordinates) {
      notDrawn.push(place.name);
      continue;
    }
    markers.push({
      ...markerAt(place, place.coordinates),
      asked: false,
      entries: legend.forFacts(store, claimsBehind(store, naming, place.id)),
      statements: naming.length,
    });
  }
  if (markers.length === 0 && outlined.length === 0) return undefined;
  return {
    locale: store.locale,
    title,
    summary,
    markers,
    outlined,
    legend: legend.sorted(),
    notDrawn,
    factsUpdated: store.lastAdded(),
  };
}
