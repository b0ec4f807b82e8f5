// The vendored Natural Earth geography (src/data/geo/front.geojson, public domain): region outlines,
// the Russia–Ukraine state border, main rivers and reference towns, read once and typed. Administrative
// lines only: the file holds no front-line or control data, and nothing here may pretend it does.
import { readFileSync } from 'node:fs';
import type { Locale } from '../../i18n/locales.js';
import { wordsIn } from '../../i18n/words.js';

export type Position = [longitude: number, latitude: number];

interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Position[][];
}

type LineGeometry =
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] };

/** A line layer's parts, whichever geometry type it has. */
export const lineParts = (geometry: LineGeometry): Position[][] =>
  geometry.type === 'LineString' ? [geometry.coordinates] : geometry.coordinates;

/** Natural Earth's names: English always, Ukrainian and Russian where the file has them. */
interface FeatureNames {
  name_en: string;
  name_uk?: string;
  name_ru?: string;
}

interface RegionFeature {
  type: 'Feature';
  properties: { layer: 'admin1'; id: string; country: 'RU' | 'UA' } & FeatureNames;
  geometry: PolygonGeometry;
}

interface LineFeature {
  type: 'Feature';
  properties: { layer: 'boundary' | 'river'; id: string } & FeatureNames;
  geometry: LineGeometry;
}

interface TownFeature {
  type: 'Feature';
  properties: {
    layer: 'place';
    id: string;
    name_en: string;
    country: 'RU' | 'UA' | 'BY';
    /** Natural Earth's map importance: 0 most important; <= 6 suits a region-scale map. */
    scalerank: number;
  };
  geometry: { type: 'Point'; coordinates: Position };
}

export interface Geography {
  /** First-order regions (Kursk region, Sumy region...), ids as in places.yaml. d3 winding. */
  regions: readonly RegionFeature[];
  /** The Russia–Ukraine international land boundary inside the window. */
  border: LineFeature;
  rivers: readonly LineFeature[];
  /** Natural Earth populated places, most important first. */
  towns: readonly TownFeature[];
  /** The window the file covers: west, south, east, north. */
  bbox: readonly [number, number, number, number];
}

/** The file beside the facts; `npm run build` copies src/data/geo to dist/data/geo. */
export const geographyFile = new URL('../../data/geo/front.geojson', import.meta.url);

/** Natural Earth's credit, drawn in the map's corner, in the map's language. */
export const geographyCreditIn = (locale: Locale): string => wordsIn(locale).t('map.credit');

/** A region's or a river's name in `locale`, from the file; English where it has none. */
export function featureName(feature: { properties: FeatureNames }, locale: Locale): string {
  const { properties } = feature;
  return (
    (locale === 'uk' ? properties.name_uk : locale === 'ru' ? properties.name_ru : undefined) ??
    properties.name_en
  );
}

/**
 * A reference town's name in `locale`: the file names towns in English (and most in Russian), so the
 * map catalogue (`map.towns.<id>`) holds each town's name in every language; English where it has none.
 */
export function townName(town: { properties: { id: string; name_en: string } }, locale: Locale): string {
  return wordsIn(locale).t(`map.towns.${town.properties.id}`, { defaultValue: town.properties.name_en });
}

interface RawCollection {
  type: string;
  bbox?: number[];
  features: { type: string; properties: { layer?: string }; geometry: unknown }[];
}

/** Splits the file into its layers and checks the parts the map relies on, naming what is missing. */
function parseGeography(json: string): Geography {
  const collection = JSON.parse(json) as RawCollection;
  if (collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new Error('geography: not a GeoJSON FeatureCollection');
  }
  const layer = <T>(name: string) =>
    collection.features.filter((feature) => feature.properties?.layer === name) as unknown as T[];
  const regions = layer<RegionFeature>('admin1');
  const border = layer<LineFeature>('boundary')[0];
  const rivers = layer<LineFeature>('river');
  const towns = layer<TownFeature>('place');
  const [west, south, east, north] = collection.bbox ?? [];
  if (!border) throw new Error('geography: the Russia–Ukraine boundary line is missing');
  if (regions.length === 0 || towns.length === 0) throw new Error('geography: regions or towns are missing');
  if (regions.some((region) => region.geometry.type !== 'Polygon')) {
    throw new Error('geography: every region must be a single Polygon');
  }
  if (west === undefined || south === undefined || east === undefined || north === undefined) {
    throw new Error('geography: the collection has no bbox');
  }
  return { regions, border, rivers, towns, bbox: [west, south, east, north] };
}

let loaded: Geography | undefined;

/** The vendored geography, read and parsed on first use (about 156 KB). */
export function loadGeography(): Geography {
  loaded ??= parseGeography(readFileSync(geographyFile, 'utf8'));
  return loaded;
}
