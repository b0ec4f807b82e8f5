// A place's map as SVG: the geography (regions, the state border, rivers, towns for orientation), the
// markers of what statements place where, labels that do not collide, a scale bar, the Natural Earth
// credit and the legend panel. Pure: model, geography and fonts in, text out; no front lines and no
// shaded areas, ever, since sitrep has no such data.
import { geoBounds, geoContains } from 'd3-geo';
import type { Locale } from '../../i18n/locales.js';
import { type Words, wordsIn } from '../../i18n/words.js';
import { truncate } from '../../text.js';
import {
  featureName,
  type Geography,
  geographyCreditIn,
  lineParts,
  type Position,
  townName,
} from './geography.js';
import { type LabelRequest, layoutLabels, type PlacedLabel } from './label-layout.js';
import {
  type Box,
  frameMap,
  legendPanel,
  type MapFrame,
  mapArea,
  mapCanvas,
  scaleBarLength,
} from './map-frame.js';
import { insetSize, insetSvg } from './map-inset.js';
import {
  type LegendNotes,
  legendCaptionTop,
  legendPanelSvg,
  legendText,
  mapCaptionIn,
} from './map-legend.js';
import type { MapMarker, MapModel } from './map-model.js';
import {
  askedRingRadius,
  askedRingSvg,
  badgeRadius,
  borderStroke,
  mapColours,
  markerRadius,
  outlinedStroke,
  regionStroke,
  riverStroke,
  symbolSvg,
  townDotSvg,
  uncertaintySvg,
} from './map-symbols.js';
import { escapeXml, type MapFonts, textSvg } from './outline-text.js';
import { mapPath, onMap, type PlanarGeography, planarGeography } from './planar-geography.js';

/** Markers closer than this (in pixels) are drawn as one, labelled "and N nearby". */
const clusterPixels = 11;
/** Discord's limit on an attachment's description. */
const altTextLimit = 1024;
/** Badges for a marker's other entries, beside it. */
const maxBadges = 3;

interface DrawnMarker {
  marker: MapMarker;
  x: number;
  y: number;
  /** Places merged into this marker because they are too close to draw apart. */
  nearby: MapMarker[];
}

/** Part of the canvas, the full height, and the SVG pieces drawn in it (in canvas coordinates). */
interface SvgColumn {
  box: Box;
  parts: readonly string[];
}

export interface MapDrawing {
  /**
   * The SVG in pieces, in order: the rasteriser writes them into a reused buffer, as one string of
   * 300–400 KB would be fresh memory per map (see rasterise.ts).
   */
  svgParts: readonly string[];
  /** The SVG as one string (for reading it; the pieces are what is drawn). */
  readonly svg: string;
  /**
   * The same drawing as the map and the legend panel, each the SVG pieces of a column of the canvas:
   * rasterised at once on two threads, then joined row by row (rasterise.ts).
   */
  columns: readonly SvgColumn[];
  /** The legend as text lines, caption last. */
  legend: string[];
  /** A description of the picture for the attachment (Discord allows 1024 characters). */
  altText: string;
  frame: MapFrame;
  markers: DrawnMarker[];
  labels: PlacedLabel[];
}

type Point = [number, number];

function project(frame: MapFrame, position: Position): Point | undefined {
  const point = frame.projection(position);
  return point ? [point[0], point[1]] : undefined;
}

const insideArea = ([x, y]: Point, margin = 0) =>
  x >= mapArea.x + margin &&
  x <= mapArea.x + mapArea.width - margin &&
  y >= mapArea.y + margin &&
  y <= mapArea.y + mapArea.height - margin;

const box = (x: number, y: number, half: number): Box => ({
  x: x - half,
  y: y - half,
  width: half * 2,
  height: half * 2,
});

function placeMarkers(model: MapModel, frame: MapFrame): DrawnMarker[] {
  const drawn: DrawnMarker[] = [];
  for (const marker of model.markers) {
    const point = project(frame, marker.position);
    if (!point) continue;
    const near = drawn.find((other) => Math.hypot(other.x - point[0], other.y - point[1]) < clusterPixels);
    if (near) near.nearby.push(marker);
    else drawn.push({ marker, x: point[0], y: point[1], nearby: [] });
  }
  return drawn;
}

const badgeCentre = (drawn: DrawnMarker, index: number): Point => [
  drawn.x + markerRadius + 4 + index * (badgeRadius * 2 + 2),
  drawn.y - markerRadius - 3,
];

function markerSvg(drawn: DrawnMarker, frame: MapFrame): string {
  const { marker, x, y } = drawn;
  const [primary, ...others] = [...marker.entries, ...drawn.nearby.flatMap((near) => near.entries)].filter(
    (entry, index, all) => all.indexOf(entry) === index,
  );
  if (!primary) return '';
  let svg = '';
  if (marker.estimated && marker.precisionKm)
    svg += uncertaintySvg(x, y, marker.precisionKm / frame.kmPerPixel);
  if (marker.asked)
    svg += `<circle cx="${x}" cy="${y}" r="${askedRingRadius}" fill="#ffffff" fill-opacity="0.85"/>`;
  svg += symbolSvg({ entry: primary, hollow: marker.estimated }, x, y, markerRadius);
  if (marker.asked) svg += askedRingSvg(x, y);
  others.slice(0, maxBadges).forEach((entry, index) => {
    const [bx, by] = badgeCentre(drawn, index);
    svg += symbolSvg({ entry, hollow: false }, bx, by, badgeRadius);
  });
  return svg;
}

type Bounds = [[west: number, south: number], [east: number, north: number]];
type Feature = Geography['regions'][number] | Geography['rivers'][number];

const featureBounds = new WeakMap<Feature, Bounds>();

/** A feature's longitude/latitude box, computed once per feature. */
function boundsOf(feature: Feature): Bounds {
  let bounds = featureBounds.get(feature);
  if (!bounds) {
    bounds = geoBounds(feature) as Bounds;
    featureBounds.set(feature, bounds);
  }
  return bounds;
}

const boxesMeet = ([[w1, s1], [e1, n1]]: Bounds, [[w2, s2], [e2, n2]]: Bounds) =>
  w1 <= e2 && w2 <= e1 && s1 <= n2 && s2 <= n1;

/** What the map area shows, in longitude and latitude, with a margin for the conic's curved edges. */
function visibleBounds(frame: MapFrame): Bounds {
  const points: Point[] = [];
  for (const fx of [0, 0.5, 1]) {
    for (const fy of [0, 0.5, 1]) {
      const lonLat = frame.projection.invert?.([
        mapArea.x + fx * mapArea.width,
        mapArea.y + fy * mapArea.height,
      ]);
      if (lonLat) points.push([lonLat[0], lonLat[1]]);
    }
  }
  const lons = points.map(([lon]) => lon);
  const lats = points.map(([, lat]) => lat);
  const [west, east, south, north] = [
    Math.min(...lons),
    Math.max(...lons),
    Math.min(...lats),
    Math.max(...lats),
  ];
  const [padLon, padLat] = [(east - west) * 0.05, (north - south) * 0.05];
  return [
    [west - padLon, south - padLat],
    [east + padLon, north + padLat],
  ];
}

/** The region containing a point: its bounding box first, the spherical test only then. */
function regionAt(geography: Geography, [lon, lat]: [number, number]) {
  return geography.regions.find((region) => {
    const [[west, south], [east, north]] = boundsOf(region);
    return lon >= west && lon <= east && lat >= south && lat <= north && geoContains(region, [lon, lat]);
  });
}

/** "RUSSIA" and "UKRAINE" either side of the border, near the middle of the map. */
function countryLabels(
  geography: Geography,
  planar: PlanarGeography,
  frame: MapFrame,
  words: Words,
): LabelRequest[] {
  const lines = lineParts(planar.of(geography.border).geometry);
  const toMap = onMap(frame);
  const centre: Point = [mapArea.x + mapArea.width / 2, mapArea.y + mapArea.height / 2];
  let best: { point: Point; tangent: Point; distance: number } | undefined;
  for (const line of lines) {
    const points = line.map(toMap);
    points.forEach((point, index) => {
      const before = points[index - 1] ?? point;
      const after = points[index + 1] ?? point;
      if (!point || !before || !after || !insideArea(point, 60)) return;
      const distance = Math.hypot(point[0] - centre[0], point[1] - centre[1]);
      if (!best || distance < best.distance) {
        best = { point, tangent: [after[0] - before[0], after[1] - before[1]], distance };
      }
    });
  }
  if (!best) return [];
  const length = Math.hypot(best.tangent[0], best.tangent[1]) || 1;
  const normal: Point = [-best.tangent[1] / length, best.tangent[0] / length];
  const requests: LabelRequest[] = [];
  for (const side of [1, -1]) {
    const x = best.point[0] + normal[0] * 55 * side;
    const y = best.point[1] + normal[1] * 55 * side;
    const lonLat = frame.projection.invert?.([x, y]);
    const region = lonLat && regionAt(geography, lonLat);
    if (!region) continue;
    const text = words.t(`map.country.${region.properties.country}`);
    requests.push({
      text,
      bold: true,
      size: 15,
      x,
      y,
      clearance: 0,
      priority: 2,
      centred: true,
      colour: '#9ca3af',
    });
  }
  return requests;
}

/** A river's name at the middle of its course in view; `river` is projected at scale 1. */
function riverLabel(
  river: Geography['rivers'][number],
  frame: MapFrame,
  locale: Locale,
): LabelRequest | undefined {
  const toMap = onMap(frame);
  const inside: Point[] = [];
  for (const part of lineParts(river.geometry)) {
    for (const position of part) {
      const point = toMap(position);
      if (insideArea(point, 40)) inside.push(point);
    }
  }
  const point = inside[Math.floor(inside.length / 2)];
  if (!point) return undefined;
  return {
    text: featureName(river, locale),
    bold: false,
    size: 11.5,
    x: point[0],
    y: point[1],
    clearance: 0,
    priority: 30,
    centred: true,
    // A river's name sits on a line by construction (its own, or a border it meets).
    halo: true,
    colour: mapColours.riverText,
  };
}

function scaleBar(frame: MapFrame, fonts: MapFonts, words: Words): { svg: string; box: Box } {
  const { km, pixels } = scaleBarLength(frame.kmPerPixel);
  const x = mapArea.x + 20;
  const y = mapArea.y + mapArea.height - 22;
  const bar = `<path d="M${x} ${y - 6}V${y}H${Math.round((x + pixels) * 10) / 10}V${y - 6}" stroke="${mapColours.text}" stroke-width="2" fill="none"/>`;
  const label = textSvg(fonts, words.unit(km, 'kilometer', 'short'), x + pixels + 6, y + 1, {
    size: 12,
    colour: mapColours.text,
    halo: true,
  });
  return { svg: bar + label, box: { x: x - 4, y: y - 20, width: pixels + 60, height: 26 } };
}

/** Draws the map of a model. */
export function drawPlaceMap(model: MapModel, geography: Geography, fonts: MapFonts): MapDrawing {
  const { locale } = model;
  const words = wordsIn(locale);
  const frame = frameMap(model, geography);
  const planar = planarGeography(geography);
  const path = mapPath(frame);
  const parts: string[] = [
    `<rect x="${mapArea.x}" y="${mapArea.y}" width="${mapArea.width}" height="${mapArea.height}" fill="${mapColours.outsideData}"/>`,
  ];
  // Regions and rivers wholly outside the view are skipped before d3 projects their every vertex.
  const visible = visibleBounds(frame);
  const regions = geography.regions.filter((region) => boxesMeet(boundsOf(region), visible));
  const rivers = geography.rivers.filter((river) => boxesMeet(boundsOf(river), visible));
  const regionPaths = new Map(regions.map((region) => [region, path(planar.of(region))]));
  for (const data of regionPaths.values()) {
    if (data) parts.push(`<path d="${data}" fill="${mapColours.land}" ${regionStroke}/>`);
  }
  for (const river of rivers) {
    const data = path(planar.of(river));
    if (data) parts.push(`<path d="${data}" ${riverStroke}/>`);
  }
  const outlinedIds = new Set(model.outlined.map((region) => region.regionId));
  for (const region of regions) {
    if (!outlinedIds.has(region.properties.id)) continue;
    const data = regionPaths.get(region);
    if (data) parts.push(`<path d="${data}" ${outlinedStroke}/>`);
  }
  const border = path(planar.of(geography.border));
  if (border) parts.push(`<path d="${border}" ${borderStroke}/>`);

  const markers = placeMarkers(model, frame);
  const obstacles: Box[] = [];
  const requests: LabelRequest[] = [];
  for (const drawn of markers) {
    const radius = drawn.marker.asked ? askedRingRadius : markerRadius + 1;
    obstacles.push(box(drawn.x, drawn.y, radius));
    const badges = Math.min(maxBadges, drawn.marker.entries.length - 1 + drawn.nearby.length);
    for (let index = 0; index < badges; index++) {
      const [bx, by] = badgeCentre(drawn, index);
      obstacles.push(box(bx, by, badgeRadius + 1));
    }
    const nearby = drawn.nearby.length > 0 ? words.t('map.nearby', { count: drawn.nearby.length }) : '';
    requests.push({
      text: `${drawn.marker.name}${nearby}`,
      bold: drawn.marker.asked,
      size: drawn.marker.asked ? 15 : 13.5,
      x: drawn.x,
      y: drawn.y,
      clearance: radius,
      priority: drawn.marker.asked ? 0 : 1,
      mayMoveAway: true,
      halo: true,
      colour: mapColours.text,
    });
  }
  requests.push(...countryLabels(geography, planar, frame, words));
  const regionScale = frame.kmPerPixel > 0.5;
  const towns = geography.towns.filter((town) => town.properties.scalerank <= (regionScale ? 6 : 8));
  const townPoints = new Map<LabelRequest, Point>();
  for (const town of towns) {
    const point = project(frame, town.geometry.coordinates);
    if (!point || !insideArea(point, 8)) continue;
    if (markers.some((drawn) => Math.hypot(drawn.x - point[0], drawn.y - point[1]) < 14)) continue;
    const request: LabelRequest = {
      text: townName(town, locale),
      bold: false,
      size: 12,
      x: point[0],
      y: point[1],
      clearance: 4,
      priority: 10 + town.properties.scalerank,
      colour: mapColours.town,
    };
    townPoints.set(request, point);
    requests.push(request);
    obstacles.push(box(point[0], point[1], 4));
  }
  for (const region of regions) {
    // The centroid of the part in view; a sliver at the edge has its centroid within the margin.
    if (!regionPaths.get(region)) continue;
    const [x, y] = path.centroid(planar.of(region));
    if (!insideArea([x, y], 40)) continue;
    const outlined = outlinedIds.has(region.properties.id);
    requests.push({
      text: featureName(region, locale),
      bold: outlined,
      size: 13,
      x,
      y,
      clearance: 0,
      priority: outlined ? 3 : 20,
      centred: true,
      colour: outlined ? mapColours.text : mapColours.quietText,
    });
  }
  for (const river of rivers) {
    const request = riverLabel(planar.of(river), frame, locale);
    if (request) requests.push(request);
  }

  const scale = scaleBar(frame, fonts, words);
  const geographyCredit = geographyCreditIn(locale);
  const creditWidth = fonts.regular.width(geographyCredit, 11.5);
  const creditX = mapArea.x + mapArea.width - creditWidth - 10;
  const creditY = mapArea.y + mapArea.height - 10;
  obstacles.push(scale.box, { x: creditX - 4, y: creditY - 14, width: creditWidth + 8, height: 20 });
  const { placed } = layoutLabels(requests, obstacles, mapArea, {
    width: (text, size, bold) => (bold ? fonts.bold : fonts.regular).width(text, size),
    ascent: (size) => fonts.regular.ascent(size) * 0.78,
    descent: (size) => fonts.regular.descent(size) * 0.6,
  });

  for (const label of placed) {
    const town = townPoints.get(label.request);
    if (town) parts.push(townDotSvg(town[0], town[1]));
  }
  for (const drawn of [...markers].reverse()) parts.push(markerSvg(drawn, frame));
  for (const label of placed) {
    const { leader, request } = label;
    if (leader) {
      parts.push(
        `<path d="M${Math.round(leader.x1)} ${Math.round(leader.y1)}L${Math.round(leader.x2)} ${Math.round(leader.y2)}" stroke="${mapColours.quietText}" stroke-width="1"/>`,
      );
    }
    parts.push(
      textSvg(fonts, request.text, label.x, label.y, {
        size: request.size,
        bold: request.bold,
        colour: request.colour,
        halo: request.halo === true,
      }),
    );
  }
  parts.push(scale.svg);
  parts.push(textSvg(fonts, geographyCredit, creditX, creditY, { size: 11.5, colour: mapColours.quietText }));

  const notes: LegendNotes = {
    clustered: markers.some((drawn) => drawn.nearby.length > 0),
    towns: placed.some((label) => townPoints.has(label.request)),
  };
  const panel = legendPanelSvg(model, fonts, notes);
  const panelParts = panel.parts;
  // Zoomed in past the reference towns: a locator inset shows where the map is, if the legend left room.
  const insetTop = legendCaptionTop - 12 - insetSize.height;
  if (!regionScale && panel.bottom + 22 <= insetTop) {
    const box: Box = { x: legendPanel.x + 18, y: insetTop, ...insetSize };
    panelParts.push(
      textSvg(fonts, words.t('map.legend.whereThisIs'), box.x, box.y - 8, {
        size: 13,
        bold: true,
        colour: mapColours.text,
      }),
      ...insetSvg(geography, frame, fonts, box, locale),
    );
  }
  const legend = legendText(model, notes);
  const mapCaption = mapCaptionIn(locale);
  // One line per legend entry: the playground prints them as they are; Discord shows the alt text whole.
  const entries = legend.filter((line) => line !== mapCaption).join('\n');
  const description = `${model.summary}\n${entries}\n${geographyCredit}.`;
  const altText = `${truncate(description, altTextLimit - mapCaption.length - 1)}\n${mapCaption}`;
  const { width, height } = mapCanvas;
  const svgParts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>${escapeXml(words.t('map.imageTitle', { title: model.title }))}</title><desc>${escapeXml(legend.join('\n'))}</desc>`,
    ...parts,
    ...panelParts,
    '</svg>',
  ];
  return {
    svgParts,
    // Nothing of the map shows through the opaque panel, so the two are drawn apart, side by side.
    columns: [
      { box: mapArea, parts },
      { box: legendPanel, parts: panelParts },
    ],
    get svg() {
      return svgParts.join('');
    },
    legend,
    altText,
    frame,
    markers,
    labels: placed,
  };
}
