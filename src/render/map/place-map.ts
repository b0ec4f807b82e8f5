// A place's map as a PNG, drawn once per (place, facts version, language) and kept in a small LRU: a
// repeated /status does not redraw. Maps are drawn one at a time (each takes a core for tens of
// milliseconds and a few megabytes), and a failed drawing is forgotten so the next ask tries again.
import type { FactStore } from '../../data/fact-store.js';
import type { Place } from '../../data/schema.js';
import { type Geography, loadGeography } from './geography.js';
import { buildPlaceMapModel } from './map-model.js';
import { drawPlaceMap } from './map-svg.js';
import { loadMapFonts, type MapFonts } from './outline-text.js';
import { rasteriseSvg } from './rasterise.js';

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

/** Draws a place's map, or undefined when it has nothing to draw (no point, no outline). */
export async function drawPlaceMapPng(
  store: FactStore,
  place: Place,
  { geography, fonts }: MapSources = { geography: loadGeography(), fonts: loadMapFonts() },
): Promise<PlaceMap | undefined> {
  const outlined = new Set(geography.regions.map((region) => region.properties.id));
  const model = buildPlaceMapModel(store, place, outlined);
  if (!model) return undefined;
  const drawing = drawPlaceMap(model, geography, fonts);
  const image = await rasteriseSvg(drawing.svg);
  return { ...image, altText: drawing.altText, legend: drawing.legend };
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

export interface PlaceMapCacheOptions {
  /** Maps kept (about 100–200 KB each). */
  maxEntries?: number;
  /** The drawing itself; tests pass one that fails or counts. */
  draw?: (store: FactStore, place: Place) => Promise<PlaceMap | undefined>;
}

export class PlaceMapCache {
  private readonly entries = new Map<string, Promise<PlaceMap | undefined>>();
  private readonly maxEntries: number;
  private readonly draw: (store: FactStore, place: Place) => Promise<PlaceMap | undefined>;
  /** The drawing in progress, so the next waits for it. */
  private queue: Promise<unknown> = Promise.resolve();
  hits = 0;
  draws = 0;

  constructor({
    maxEntries = 32,
    draw = (store, place) => drawPlaceMapPng(store, place),
  }: PlaceMapCacheOptions = {}) {
    this.maxEntries = maxEntries;
    this.draw = draw;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Reads the geography and the fonts and wakes the rasteriser, so the first /status after start-up
   * does not pay for them (about a second on a cold disk). Failures are left to the first real map.
   */
  async warm(): Promise<void> {
    loadGeography();
    loadMapFonts();
    await rasteriseSvg('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>');
  }

  /** The map of `place` under `store`'s facts: from the cache, or drawn after any drawing in progress. */
  mapOf(store: FactStore, place: Place, language: MapLanguage = 'en'): Promise<PlaceMap | undefined> {
    const key = `${factsVersion(store)}|${language}|${place.id}`;
    const cached = this.entries.get(key);
    if (cached) {
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    this.draws++;
    const drawing = this.queue.then(() => this.draw(store, place));
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
