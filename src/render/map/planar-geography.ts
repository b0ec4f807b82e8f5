// The geography projected once with the front's conformal conic at scale 1. Every map's projection is
// that conic scaled and moved to fit its window (d3 applies scale and translation after the conic), so
// a map's paths need only a scale, a translation and the rectangle clip of each vertex, not the
// spherical rotation, conic and clipping that were half of drawing a map's SVG.
import { type GeoPath, type GeoPermissibleObjects, geoIdentity, geoPath } from 'd3-geo';
import type { Geography, Position } from './geography.js';
import { frontConic, type MapFrame, mapArea } from './map-frame.js';

type Feature = Geography['regions'][number] | Geography['rivers'][number];

export interface PlanarGeography {
  /** Each region, river and the border as projected at scale 1, by the feature they come from. */
  of<T extends Feature>(feature: T): T;
}

type Coordinates = Position | Coordinates[];

function mapPositions(coordinates: Coordinates, project: (position: Position) => Position): Coordinates {
  if (typeof coordinates[0] === 'number') return project(coordinates as Position);
  return (coordinates as Coordinates[]).map((part) => mapPositions(part, project));
}

const projected = new WeakMap<Geography, PlanarGeography>();

/** The geography at scale 1, projected on first use and kept with it. */
export function planarGeography(geography: Geography): PlanarGeography {
  let planar = projected.get(geography);
  if (planar) return planar;
  const conic = frontConic().scale(1).translate([0, 0]);
  const project = (position: Position): Position => {
    const point = conic(position);
    return point ? [point[0], point[1]] : position;
  };
  const features = new Map<Feature, Feature>();
  for (const feature of [...geography.regions, ...geography.rivers, geography.border]) {
    const coordinates = mapPositions(feature.geometry.coordinates as Coordinates, project);
    features.set(feature, { ...feature, geometry: { ...feature.geometry, coordinates } } as Feature);
  }
  planar = {
    of<T extends Feature>(feature: T): T {
      const found = features.get(feature);
      if (!found) throw new Error(`map: ${feature.properties.id} is not part of this geography`);
      return found as T;
    },
  };
  projected.set(geography, planar);
  return planar;
}

/** Where a point projected at scale 1 falls on this map (unclipped, like `frame.projection`). */
export function onMap(frame: MapFrame): (position: Position) => [number, number] {
  const scale = frame.projection.scale();
  const [x, y] = frame.projection.translate();
  return ([u, v]) => [u * scale + x, v * scale + y];
}

/** SVG path data of planar features on this map, clipped to the map area, to a tenth of a pixel. */
export function mapPath(frame: MapFrame): GeoPath<unknown, GeoPermissibleObjects> {
  const transform = geoIdentity()
    .scale(frame.projection.scale())
    .translate(frame.projection.translate())
    .clipExtent([
      [mapArea.x, mapArea.y],
      [mapArea.x + mapArea.width, mapArea.y + mapArea.height],
    ]);
  return geoPath(transform).digits(1);
}
