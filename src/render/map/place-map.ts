// Maps as PNGs: a place's (/status), drawn once per (place, facts version, language), and a digest's
// (what changed), drawn once per (set of changed statements, facts version, language), each kept in a
// small LRU so a repeat does not redraw. Maps are drawn one at a time (each takes a core for tens of
// milliseconds and a few megabytes), and a failed drawing is forgotten so the next ask tries again.
import type { FactStore } from '../../data/fact-store.js';
import type { Fact, Place } from '../../data/schema.js';
import { type Geography, loadGeography } from './geography.js';
import { mapCanvas } from './map-frame.js';
import { buildFactsMapModel, buildPlaceMapModel, type MapModel } from './map-model.js';
import { drawPlaceMap } from './map-svg.js';
import { loadMapFonts, type MapFonts } from './outline-text.js';
import { rasteriseColumns, rasteriseSvg } from './rasterise.js';

/** Only English for now; the languages issue adds the others (the fonts already cover Cyrillic). */
export type MapLanguage = 'en';

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

/** The legend panel's heading on a digest's map. */
export const digestMapTitle = 'What changed';

/**
 * Draws the map of a digest's new and changed statements, or undefined when none of the places they
 * name can be drawn (no place, only countries, no point or outline).
 */
export async function drawDigestMapPng(
  store: FactStore,
  changes: readonly Fact[],
  sources: MapSources = defaultSources(),
): Promise<PlaceMap | undefined> {
  const statements = `${changes.length} new or changed statement${changes.length === 1 ? '' : 's'}`;
  const model = buildFactsMapModel(store, changes, outlinedRegionIds(sources.geography), {
    title: digestMapTitle,
    summary: `Map of the places this digest's ${statements} name.`,
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

  /** The map of `place` under `store`'s facts: from the cache, or drawn after any drawing in progress. */
  mapOf(store: FactStore, place: Place, language: MapLanguage = 'en'): Promise<PlaceMap | undefined> {
    return this.drawings.get(`${factsVersion(store)}|${language}|${place.id}`, () => this.draw(store, place));
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

  /** The map of `changes` under `store`'s facts: from the cache, or drawn after any drawing in progress. */
  mapOf(
    store: FactStore,
    changes: readonly Fact[],
    language: MapLanguage = 'en',
  ): Promise<PlaceMap | undefined> {
    const ids = changes.map((fact) => fact.id).sort();
    return this.drawings.get(`${factsVersion(store)}|${language}|${ids.join(',')}`, () =>
      this.draw(store, changes),
    );
  }
}
