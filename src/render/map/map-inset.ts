// The locator inset in the legend panel: Kursk, Sumy and Belgorod regions with their capitals and the
// state border, and a red frame where the main map looks. Drawn when the main map is zoomed in past
// the reference towns; its geography is the same for every map, so that part is built once.
import { type GeoProjection, geoConicConformal, geoPath } from 'd3-geo';
import type { Locale } from '../../i18n/locales.js';
import { type Geography, townName } from './geography.js';
import type { Box, MapFrame } from './map-frame.js';
import { mapArea } from './map-frame.js';
import { mapColours } from './map-symbols.js';
import { type MapFonts, textSvg } from './outline-text.js';

/** The regions the inset shows, as ids in the geography (and places.yaml). */
const insetRegionIds = ['kursk-region', 'sumy-region', 'belgorod-region'];
/** Reference towns the inset names. */
const insetTownIds = ['kursk', 'sumy', 'belgorod', 'kharkiv'];

export const insetSize = { width: 324, height: 170 } as const;

interface InsetBase {
  /** Land, regions and the border: under the window frame. */
  ground: string;
  /** Town dots and names: over it. */
  towns: string;
  projection: GeoProjection;
}

/** One base per language (its town names), for the geography and box it was built for. */
const cached = new Map<Locale, { geography: Geography; top: number; base: InsetBase }>();

function insetBase(geography: Geography, fonts: MapFonts, box: Box, locale: Locale): InsetBase {
  const kept = cached.get(locale);
  if (kept && kept.geography === geography && kept.top === box.y) return kept.base;
  const regions = geography.regions.filter((region) => insetRegionIds.includes(region.properties.id));
  const projection = geoConicConformal()
    .parallels([49, 53])
    .rotate([-36, 0])
    .precision(0)
    .fitExtent(
      [
        [box.x + 6, box.y + 6],
        [box.x + box.width - 6, box.y + box.height - 6],
      ],
      { type: 'FeatureCollection', features: regions },
    )
    .clipExtent([
      [box.x, box.y],
      [box.x + box.width, box.y + box.height],
    ]);
  const path = geoPath(projection).digits(1);
  const parts = [
    `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" fill="${mapColours.outsideData}" stroke="${mapColours.panelRule}"/>`,
  ];
  for (const region of geography.regions) {
    const data = path(region);
    if (data)
      parts.push(
        `<path d="${data}" fill="${mapColours.land}" stroke="${mapColours.regionLine}" stroke-width="0.8"/>`,
      );
  }
  const border = path(geography.border);
  if (border)
    parts.push(`<path d="${border}" stroke="${mapColours.border}" stroke-width="1.4" fill="none"/>`);
  const towns: string[] = [];
  for (const town of geography.towns) {
    if (!insetTownIds.includes(town.properties.id)) continue;
    const point = projection(town.geometry.coordinates);
    if (!point) continue;
    const [x, y] = point;
    if (x < box.x + 4 || x > box.x + box.width - 40 || y < box.y + 12 || y > box.y + box.height - 4) continue;
    towns.push(
      `<circle cx="${Math.round(x * 10) / 10}" cy="${Math.round(y * 10) / 10}" r="2.5" fill="${mapColours.town}"/>`,
      textSvg(fonts, townName(town, locale), x + 5, y + 4, {
        size: 11,
        colour: mapColours.text,
        halo: true,
      }),
    );
  }
  const base = { ground: parts.join(''), towns: towns.join(''), projection };
  cached.set(locale, { geography, top: box.y, base });
  return base;
}

/** The inset at `box`, with the main map's window framed in red, as SVG pieces. */
export function insetSvg(
  geography: Geography,
  frame: MapFrame,
  fonts: MapFonts,
  box: Box,
  locale: Locale = 'en',
): string[] {
  const base = insetBase(geography, fonts, box, locale);
  const corners: [number, number][] = [
    [mapArea.x, mapArea.y],
    [mapArea.x + mapArea.width, mapArea.y],
    [mapArea.x + mapArea.width, mapArea.y + mapArea.height],
    [mapArea.x, mapArea.y + mapArea.height],
  ];
  const points = corners
    .map((corner) => frame.projection.invert?.(corner))
    .map((lonLat) => (lonLat ? base.projection(lonLat) : null))
    .filter((point): point is [number, number] => point !== null);
  let window = '';
  if (points.length === 4) {
    const xs = points.map(([x]) => x);
    const ys = points.map(([, y]) => y);
    const [width, height] = [Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)];
    const centreX = (Math.max(...xs) + Math.min(...xs)) / 2;
    const centreY = (Math.max(...ys) + Math.min(...ys)) / 2;
    // A window smaller than a few pixels is drawn as a small square, so it can still be seen; one
    // wider than the inset (a digest's map of places far apart) is cut to it, not drawn over the panel.
    const [halfWidth, halfHeight] = [Math.max(width, 8) / 2, Math.max(height, 8) / 2];
    const left = Math.max(centreX - halfWidth, box.x + 1);
    const top = Math.max(centreY - halfHeight, box.y + 1);
    const right = Math.min(centreX + halfWidth, box.x + box.width - 1);
    const bottom = Math.min(centreY + halfHeight, box.y + box.height - 1);
    const round = (value: number) => Math.round(value * 10) / 10;
    if (right > left && bottom > top) {
      window = `<rect x="${round(left)}" y="${round(top)}" width="${round(right - left)}" height="${round(bottom - top)}" fill="none" stroke="#dc2626" stroke-width="2"/>`;
    }
  }
  return [base.ground, window, base.towns];
}
