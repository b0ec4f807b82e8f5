// Where the map looks and how it is laid out: the 1200×800 canvas split into the map and a legend
// panel, the window around the places a map shows, and the projection onto it.
import { type GeoProjection, geoBounds, geoConicConformal, geoDistance } from 'd3-geo';
import type { Geography, Position } from './geography.js';
import type { MapModel } from './map-model.js';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const mapCanvas = { width: 1200, height: 800 } as const;
/** The geographic part, on the left. */
export const mapArea: Box = { x: 0, y: 0, width: 840, height: 800 };
/** Title, legend, caption and credits, on the right. */
export const legendPanel: Box = { x: 840, y: 0, width: 360, height: 800 };

/**
 * The narrowest window: villages 2 km apart stay apart (about 25 pixels), and closer than about 50 km
 * the 1:10 million geography shows its generalisation (src/data/geo/README.md).
 */
const minimumSpanKm = 60;
const kmPerDegreeLatitude = 111.2;
const earthRadiusKm = 6371;

export interface MapFrame {
  projection: GeoProjection;
  /** West, south, east, north of the window that was fitted (before the map area's aspect widens it). */
  window: readonly [number, number, number, number];
  /** Kilometres per pixel at the centre of the map area. */
  kmPerPixel: number;
}

/** The window the map shows: the markers and outlined regions, padded, never narrower than 60 km. */
function mapWindow(model: MapModel, geography: Geography): [number, number, number, number] {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  const include = ([lon, lat]: Position) => {
    west = Math.min(west, lon);
    east = Math.max(east, lon);
    south = Math.min(south, lat);
    north = Math.max(north, lat);
  };
  for (const marker of model.markers) include(marker.position);
  for (const region of model.outlined) {
    const feature = geography.regions.find((candidate) => candidate.properties.id === region.regionId);
    if (!feature) continue;
    const [[w, s], [e, n]] = geoBounds(feature);
    include([w, s]);
    include([e, n]);
  }
  if (!Number.isFinite(west)) return [...geography.bbox];
  const middleLatitude = (south + north) / 2;
  const kmPerDegreeLongitude = kmPerDegreeLatitude * Math.cos((middleLatitude * Math.PI) / 180);
  const padded = (low: number, high: number, kmPerDegree: number): [number, number] => {
    const spanKm = Math.max((high - low) * kmPerDegree * 1.2, minimumSpanKm);
    const middle = (low + high) / 2;
    return [middle - spanKm / kmPerDegree / 2, middle + spanKm / kmPerDegree / 2];
  };
  const [paddedWest, paddedEast] = padded(west, east, kmPerDegreeLongitude);
  const [paddedSouth, paddedNorth] = padded(south, north, kmPerDegreeLatitude);
  return [paddedWest, paddedSouth, paddedEast, paddedNorth];
}

/**
 * The conformal conic every map of the front uses (standard parallels 49° and 53° N, centred on 36° E),
 * before it is fitted. No adaptive resampling: Natural Earth's vertices are 1–3 km apart, where the
 * conic's curvature is far below a pixel, and resampling was most of the drawing time.
 */
export const frontConic = () => geoConicConformal().parallels([49, 53]).rotate([-36, 0]).precision(0);

/** The front's conic fitted to the window. */
export function frameMap(model: MapModel, geography: Geography): MapFrame {
  const window = mapWindow(model, geography);
  const [west, south, east, north] = window;
  const middle = (west + east) / 2;
  const outline = {
    type: 'MultiPoint' as const,
    coordinates: [
      [west, south],
      [middle, south],
      [east, south],
      [east, north],
      [middle, north],
      [west, north],
    ],
  };
  const margin = 16;
  const projection = frontConic()
    .fitExtent(
      [
        [mapArea.x + margin, mapArea.y + margin],
        [mapArea.x + mapArea.width - margin, mapArea.y + mapArea.height - margin],
      ],
      outline,
    )
    .clipExtent([
      [mapArea.x, mapArea.y],
      [mapArea.x + mapArea.width, mapArea.y + mapArea.height],
    ]);
  const centreX = mapArea.x + mapArea.width / 2;
  const centreY = mapArea.y + mapArea.height / 2;
  const a = projection.invert?.([centreX - 50, centreY]);
  const b = projection.invert?.([centreX + 50, centreY]);
  const kmPerPixel = a && b ? (geoDistance(a, b) * earthRadiusKm) / 100 : 1;
  return { projection, window, kmPerPixel };
}

/** A round length for the scale bar (1, 2 or 5 × 10ⁿ km) about `targetPixels` long, and its length in pixels. */
export function scaleBarLength(kmPerPixel: number, targetPixels = 140): { km: number; pixels: number } {
  const rough = kmPerPixel * targetPixels;
  const power = 10 ** Math.floor(Math.log10(rough));
  const km =
    [1, 2, 5, 10]
      .map((step) => step * power)
      .filter((step) => step <= rough)
      .at(-1) ?? power;
  return { km, pixels: km / kmPerPixel };
}
