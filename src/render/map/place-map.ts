// Maps as PNGs: a place's (/status), drawn once per (place, facts version, language), and a digest's
// (what changed), drawn once per (set of changed statements, facts version, language), each kept in a
// small LRU so a repeat does not redraw. Maps are drawn one at a time (each takes a core for tens of
// milliseconds and a few megabytes), and a failed drawing is forgotten so the next ask tries again.
import type { FactStore } from '../../data/fact-store.js';
import type { Fact, Place } from '../../data/schema.js';
import { wordsIn } from '../../i18n/words.js';
import { type Geography, loadGeography } from './geography.js';
import { mapCanvas } from './map-frame.js';
import { buildFactsMapModel, buildPlaceMapModel, type MapModel } from './map-model.js';
import { drawPlaceMap } from './map-svg.js';
import { loadMapFonts, type MapFonts } from './outline-text.js';
import { rasteriseColumns, rasteriseSvg } from './rasterise.js';

export interface PlaceMap {
  png: Buffer;
  width: number;
  height: number;
  /** What the map shows, for the attachment's description (alt text), within Discord's 1024. */
  altText: string;
  /** The legend as text lines, caption last. */
  legend: readonly string[];
}

export interface MapSources {
  geography: Geography;
  fonts: MapFonts;
}

const defaultSources = (): MapSources => ({ geography: loadGeography(), fonts: loadMapFonts() });

const outlinedRegionIds = (geography: Geography) =>
  new Set(geography.regions.map((region) => region.properties.id));

async function drawModel(model: MapModel, { geography, fonts }: MapSources): Promise<PlaceMap> {
  const drawing = drawPlaceMap(model, geography, fonts);
  const image = await rasteriseColumns(drawing.columns, mapCanvas);
  return { ...image, altText: drawing.altText, legend: drawing.legend };
}

/** Draws a place's map, or undefined when it has nothing to draw (no point, no outline). */
export async function drawPlaceMapPng(
  store: FactStore,
  place: Place,
  sources: MapSources = defaultSources(),
): Promise<PlaceMap | undefined> {
  const model = buildPlaceMapModel(store, place, outlinedRegionIds(sources.geography));
  return model && drawModel(model, sources);
}

/** The legend panel's heading on a digest's map (in English; the map itself is in its store's language). */
export const digestMapTitle = wordsIn('en').t('map.digestTitle');

/**
 * Draws the map of a digest's new and changed statements, or undefined when none of the places they
 * name can be drawn (no place, only countries, no point or outline).
 */
export async function drawDigestMapPng(
  store: FactStore,
  changes: readonly Fact[],
  sources: MapSources = defaultSources(),
): Promise<PlaceMap | undefined> {
  const words = wordsIn(store.locale);
  const model = buildFactsMapModel(store, changes, outlinedRegionIds(sources.geography), {
    title: words.t('map.digestTitle'),
    summary: words.t('map.summary.digest', { count: changes.length }),
  });
  return model && drawModel(model, sources);
}

const storeVersions = new WeakMap<FactStore, number>();
let lastStoreVersion = 0;

/** A number per loaded store: a reload builds a new store, so its maps are drawn afresh. */
function factsVersion(store: FactStore): number {
  let version = storeVersions.get(store);
  if (version === undefined) {
    version = ++lastStoreVersion;
    storeVersions.set(store, version);
  }
  return version;
}

/**
 * A drawing's key: the facts' load (one for all the languages of a load, as `store.english` is the
 * same), the language, and what is drawn.
 */
const cacheKey = (store: FactStore, what: string) => `${factsVersion(store.english)}|${store.locale}|${what}`;

/** Drawings by key, least recently used first (a Map keeps insertion order), drawn one at a time. */
class DrawingCache {
  private readonly entries = new Map<string, Promise<PlaceMap | undefined>>();
  /** The drawing in progress, so the next waits for it. */
  private queue: Promise<unknown> = Promise.resolve();
  hits = 0;
  draws = 0;

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string, draw: () => Promise<PlaceMap | undefined>): Promise<PlaceMap | undefined> {
    const cached = this.entries.get(key);
    if (cached) {
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    this.draws++;
    const drawing = this.queue.then(draw);
    this.queue = drawing.catch(() => undefined);
    this.entries.set(key, drawing);
    drawing.catch(() => {
      if (this.entries.get(key) === drawing) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return drawing;
  }
}

/**
 * Reads the geography and the fonts and wakes the rasteriser, so the first map after start-up does
 * not pay for them (about a second on a cold disk).
 */
async function warmRenderer(): Promise<void> {
  loadGeography();
  loadMapFonts();
  await rasteriseSvg('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>');
}

export interface PlaceMapCacheOptions {
  /** Maps kept (about 100–200 KB each). */
  maxEntries?: number;
  /** The drawing itself; tests pass one that fails or counts. */
  draw?: (store: FactStore, place: Place) => Promise<PlaceMap | undefined>;
}

export class PlaceMapCache {
  private readonly drawings: DrawingCache;
  private readonly draw: (store: FactStore, place: Place) => Promise<PlaceMap | undefined>;

  constructor({
    maxEntries = 32,
    draw = (store, place) => drawPlaceMapPng(store, place),
  }: PlaceMapCacheOptions = {}) {
    this.drawings = new DrawingCache(maxEntries);
    this.draw = draw;
  }

  get size(): number {
    return this.drawings.size;
  }

  get hits(): number {
    return this.drawings.hits;
  }

  get draws(): number {
    return this.drawings.draws;
  }

  /** Loads what drawing needs ahead of the first /status; failures are left to the first real map. */
  warm(): Promise<void> {
    return warmRenderer();
  }

  /**
   * The map of `place` under `store`'s facts, in the store's language (a store from `FactStore.in`):
   * from the cache, or drawn after any drawing in progress. Each language is kept apart.
   */
  mapOf(store: FactStore, place: Place): Promise<PlaceMap | undefined> {
    return this.drawings.get(cacheKey(store, place.id), () => this.draw(store, place));
  }
}

export interface DigestMapCacheOptions {
  /** Maps kept: digests due together with the same changes (same last digest, same topics) share one. */
  maxEntries?: number;
  /** The drawing itself; tests pass one that fails, hangs or counts. */
  draw?: (store: FactStore, changes: readonly Fact[]) => Promise<PlaceMap | undefined>;
}

/** Digest maps by (facts version, the changed statements, language). */
export class DigestMapCache {
  private readonly drawings: DrawingCache;
  private readonly draw: (store: FactStore, changes: readonly Fact[]) => Promise<PlaceMap | undefined>;

  constructor({ maxEntries = 16, draw = drawDigestMapPng }: DigestMapCacheOptions = {}) {
    this.drawings = new DrawingCache(maxEntries);
    this.draw = draw;
  }

  get draws(): number {
    return this.drawings.draws;
  }

  /**
   * The map of `changes` under `store`'s facts, in the store's language: from the cache, or drawn
   * after any drawing in progress. Each language is kept apart.
   */
  mapOf(store: FactStore, changes: readonly Fact[]): Promise<PlaceMap | undefined> {
    const ids = changes.map((fact) => fact.id).sort();
    return this.drawings.get(cacheKey(store, ids.join(',')), () => this.draw(store, changes));
  }
}
