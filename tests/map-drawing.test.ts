// The /status map, drawn from the bundled facts: what the model says, what the SVG says before it is
// rasterised, and what the PNG shows where (decoded and sampled).
import { geoPath } from 'd3-geo';
import { decode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { FactStore } from '../src/data/fact-store.js';
import type { Fact, Place } from '../src/data/schema.js';
import { loadGeography, type Position } from '../src/render/map/geography.js';
import { overlaps } from '../src/render/map/label-layout.js';
import { frameMap, legendPanel, mapArea, mapCanvas } from '../src/render/map/map-frame.js';
import { mapCaption } from '../src/render/map/map-legend.js';
import { buildPlaceMapModel, categoryColours } from '../src/render/map/map-model.js';
import { drawPlaceMap, type MapDrawing } from '../src/render/map/map-svg.js';
import { loadMapFonts } from '../src/render/map/outline-text.js';
import { drawPlaceMapPng } from '../src/render/map/place-map.js';
import { mapPath, planarGeography } from '../src/render/map/planar-geography.js';
import { rasteriseColumns, rasteriseSvg } from '../src/render/map/rasterise.js';
import { bundledStore } from './support/bundled-store.js';

const geography = loadGeography();
const fonts = loadMapFonts();
const outlined = new Set(geography.regions.map((region) => region.properties.id));

/** The text of the SVG with XML character references decoded, as a reader of the file sees it. */
const svgText = (svg: string) => svg.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)));

async function drawing(placeId: string, store?: FactStore): Promise<MapDrawing> {
  const facts = store ?? (await bundledStore());
  const place = facts.place(placeId);
  if (!place) throw new Error(`no place ${placeId}`);
  const model = buildPlaceMapModel(facts, place, outlined);
  if (!model) throw new Error(`no map for ${placeId}`);
  return drawPlaceMap(model, geography, fonts);
}

interface Decoded {
  width: number;
  height: number;
  channels: number;
  pixel(x: number, y: number): [number, number, number];
}

async function rasterised(svg: string): Promise<Decoded & { bytes: number }> {
  const { png } = await rasteriseSvg(svg);
  const image = decode(png);
  return {
    bytes: png.length,
    width: image.width,
    height: image.height,
    channels: image.channels,
    pixel(x, y) {
      const at = (Math.round(y) * image.width + Math.round(x)) * image.channels;
      return [image.data[at] ?? 0, image.data[at + 1] ?? 0, image.data[at + 2] ?? 0];
    },
  };
}

const hex = (colour: string): [number, number, number] => [
  Number.parseInt(colour.slice(1, 3), 16),
  Number.parseInt(colour.slice(3, 5), 16),
  Number.parseInt(colour.slice(5, 7), 16),
];
const distance = (a: readonly number[], b: readonly number[]) =>
  Math.hypot((a[0] ?? 0) - (b[0] ?? 0), (a[1] ?? 0) - (b[1] ?? 0), (a[2] ?? 0) - (b[2] ?? 0));

/** Whether a pixel lies inside a region's outline as projected on this map (planar, even-odd). */
function insideProjectedRegion(map: MapDrawing, regionId: string, [x, y]: [number, number]): boolean {
  const region = geography.regions.find((candidate) => candidate.properties.id === regionId);
  if (!region) throw new Error(regionId);
  let inside = false;
  for (const ring of region.geometry.coordinates) {
    const points = ring.map((position) => map.frame.projection(position) ?? [Number.NaN, Number.NaN]);
    for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
      const [xi, yi] = points[i] as [number, number];
      const [xj, yj] = points[j] as [number, number];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

const regionsOf = (country: 'RU' | 'UA') =>
  geography.regions
    .filter((region) => region.properties.country === country)
    .map((region) => region.properties.id);

describe('the map of Sudzha', () => {
  let map: MapDrawing;
  let image: Awaited<ReturnType<typeof rasterised>>;
  beforeAll(async () => {
    map = await drawing('sudzha');
    image = await rasterised(map.svg);
  });

  it('marks Sudzha and the villages its statements name, Sudzha asked and Rubanshchina approximate', () => {
    const markers = map.markers.map((drawn) => drawn.marker);
    expect(markers.map((marker) => marker.placeId)).toEqual(
      expect.arrayContaining(['sudzha', 'zaoleshenka', 'rubanshchina']),
    );
    expect(markers.find((marker) => marker.placeId === 'sudzha')?.asked).toBe(true);
    expect(markers.find((marker) => marker.placeId === 'rubanshchina')?.estimated).toBe(true);
    expect(markers.find((marker) => marker.placeId === 'zaoleshenka')?.estimated).toBe(false);
  });

  it('says in the SVG, before rasterising, who claims what, and what markers are not', () => {
    const text = svgText(map.svg);
    expect(text).toContain(
      "Change of control claimed by Russia's Defence Ministry; not officially confirmed by Ukraine's military",
    );
    expect(text).toContain("Evacuation reported by Russia's Emergencies Ministry");
    expect(text).toContain('Hollow: an approximate position');
    expect(text).toContain(mapCaption);
    expect(text).toContain('Made with Natural Earth');
    expect(text).toContain('Russia–Ukraine state border');
    // Nothing on the map speaks of fronts or control areas as drawn things.
    expect(text).not.toMatch(/front line|frontline|line of contact|occupied|controlled area/i);
  });

  it("styles Sudzha's marker by its most telling claim and shows the others as badges", () => {
    const sudzha = map.markers.find((drawn) => drawn.marker.placeId === 'sudzha');
    expect(sudzha?.marker.entries[0]?.text).toMatch(
      /^Change of control claimed by Russia's Defence Ministry/,
    );
    expect(sudzha?.marker.entries.map((entry) => entry.category)).toContain('evacuation');
  });

  it('is a 1200×800 PNG within the upload target, not blank', () => {
    expect([image.width, image.height]).toEqual([mapCanvas.width, mapCanvas.height]);
    expect(image.bytes).toBeLessThan(300 * 1024);
    const colours = new Set<string>();
    for (let y = 0; y < image.height; y += 7) {
      for (let x = 0; x < image.width; x += 7) colours.add(image.pixel(x, y).join(','));
    }
    expect(colours.size).toBeGreaterThan(20);
  });

  it("draws the asked place's marker at its projected position", () => {
    const sudzha = map.markers.find((drawn) => drawn.marker.placeId === 'sudzha');
    const position = sudzha?.marker.position as Position;
    const [x, y] = map.frame.projection(position) ?? [Number.NaN, Number.NaN];
    expect(Math.abs(x - (sudzha?.x ?? 0))).toBeLessThan(0.5);
    expect(insideArea(x, y)).toBe(true);
    expect(distance(image.pixel(x, y), hex(categoryColours.control))).toBeLessThan(40);
    // The ring around the asked place is dark, and a pixel well away from any marker is not purple.
    const ring = [13, 14, 15].flatMap((d) => [
      image.pixel(x + d, y),
      image.pixel(x - d, y),
      image.pixel(x, y - d),
    ]);
    expect(Math.min(...ring.map((pixel) => distance(pixel, [17, 24, 39])))).toBeLessThan(40);
    expect(distance(image.pixel(x + 60, y + 60), hex(categoryColours.control))).toBeGreaterThan(80);
  });

  it('draws an estimated position hollow: white inside, coloured rim', () => {
    const ruban = map.markers.find((drawn) => drawn.marker.placeId === 'rubanshchina');
    if (!ruban) throw new Error('no Rubanshchina marker');
    const rim = ruban.marker.entries[0]?.colour ?? '#000000';
    expect(distance(image.pixel(ruban.x, ruban.y), [255, 255, 255])).toBeLessThan(30);
    const rimPixels = [-8, 8].flatMap((d) => [
      image.pixel(ruban.x + d, ruban.y),
      image.pixel(ruban.x, ruban.y + d),
    ]);
    expect(Math.min(...rimPixels.map((pixel) => distance(pixel, hex(rim))))).toBeLessThan(60);
  });

  it('draws Sudzha on the Russian side of the border, inside Kursk region as projected', () => {
    const sudzha = map.markers.find((drawn) => drawn.marker.placeId === 'sudzha');
    const point: [number, number] = [sudzha?.x ?? 0, sudzha?.y ?? 0];
    expect(insideProjectedRegion(map, 'kursk-region', point)).toBe(true);
    for (const regionId of regionsOf('UA'))
      expect(insideProjectedRegion(map, regionId, point), regionId).toBe(false);
  });

  it('places labels that collide with nothing, inside the map', () => {
    const boxes = map.labels.map((label) => label.box);
    boxes.forEach((box, index) => {
      expect(box.x + box.width).toBeLessThanOrEqual(legendPanel.x);
      for (const other of boxes.slice(index + 1)) expect(overlaps(box, other)).toBe(false);
      for (const drawn of map.markers) {
        const marker = { x: drawn.x - 8, y: drawn.y - 8, width: 16, height: 16 };
        expect(overlaps(box, marker), `${map.labels[index]?.request.text} over ${drawn.marker.name}`).toBe(
          false,
        );
      }
    });
    expect(map.labels.map((label) => label.request.text)).toEqual(
      expect.arrayContaining(['Sudzha', 'Zaoleshenka', 'Rubanshchina']),
    );
  });
});

const insideArea = (x: number, y: number) =>
  x >= mapArea.x && x <= mapArea.x + mapArea.width && y >= mapArea.y && y <= mapArea.y + mapArea.height;

describe('maps of regions', () => {
  it('outlines Kursk region instead of marking its centre, and draws the towns for orientation', async () => {
    const map = await drawing('kursk-region');
    expect(map.markers.map((drawn) => drawn.marker.placeId)).not.toContain('kursk-region');
    const labels = map.labels.map((label) => label.request.text);
    expect(labels).toEqual(expect.arrayContaining(['Kursk', 'Sumy', 'Belgorod']));
    expect(svgText(map.svg)).toMatch(
      /Outlined: Kursk region, the place asked about \(\d+ statements about the region as a whole\)/,
    );
  });

  it("puts Sumy region's places on the Ukrainian side as projected", async () => {
    const store = await bundledStore();
    const map = await drawing('sumy-region');
    const sumy = store.place('sumy-region')?.coordinates;
    const point = map.frame.projection([sumy?.lon ?? 0, sumy?.lat ?? 0]) as [number, number];
    expect(insideProjectedRegion(map, 'sumy-region', point)).toBe(true);
    for (const regionId of regionsOf('RU'))
      expect(insideProjectedRegion(map, regionId, point), regionId).toBe(false);
    const sumyLabel = map.labels.find((label) => label.request.text === 'Sumy');
    expect(
      sumyLabel && insideProjectedRegion(map, 'sumy-region', [sumyLabel.request.x, sumyLabel.request.y]),
    ).toBe(true);
  });

  it('draws every place of the store within the upload target', async () => {
    const store = await bundledStore();
    for (const place of store.places) {
      const map = await drawPlaceMapPng(store, place);
      if (!map) continue;
      expect(map.png.length, place.id).toBeLessThan(300 * 1024);
      expect(map.altText.length, place.id).toBeLessThanOrEqual(1024);
      expect(map.altText, place.id).toContain(mapCaption);
    }
  });
});

describe('maps of synthetic stores', () => {
  const place = (id: string, extra: Partial<Place> = {}): Place => ({
    id,
    name: id[0]?.toUpperCase() + id.slice(1),
    aliases: [],
    kind: 'village',
    country: 'RU',
    ...extra,
  });
  const fact = (id: string, extra: Partial<Fact>): Fact => ({
    id,
    statement: 'Something happened.',
    actor: 'ministry',
    status: 'reported',
    nature: 'event',
    places: ['village'],
    topics: ['shelling'],
    figures: [],
    sources: ['source'],
    respondsTo: [],
    importance: 1,
    added: '2026-11-24',
    ...extra,
  });
  const store = (places: Place[], facts: Fact[]) =>
    new FactStore({
      places,
      actors: [
        {
          id: 'ministry',
          name: 'A Ministry',
          aliases: [],
          side: 'russia',
          kind: 'government',
          plural: false,
          description: 'Test.',
        },
      ],
      topics: [
        { id: 'shelling', name: 'Shelling', aliases: [], description: 'Test.' },
        { id: 'outlook', name: 'Outlook', aliases: [], description: 'Test.' },
      ],
      sources: [{ id: 'source', outlet: 'Outlet', kind: 'article', publishedApproximate: false }],
      facts,
    });

  it('says "Shelling reported by" for a shelling event, and draws no map for a place with no point', async () => {
    const withPoint = store(
      [place('village', { coordinates: { lat: 51.3, lon: 35.5 } })],
      [fact('shelled', {})],
    );
    const map = await drawing('village', withPoint);
    expect(svgText(map.svg)).toContain('Shelling reported by A Ministry');

    const withoutPoint = store([place('village')], [fact('shelled', {})]);
    expect(
      buildPlaceMapModel(withoutPoint, withoutPoint.place('village') as Place, outlined),
    ).toBeUndefined();
  });

  it('marks a place named only in assessments as named, not as an event', async () => {
    const assessed = store(
      [place('village', { coordinates: { lat: 51.3, lon: 35.5 } })],
      [fact('assessed', { nature: 'assessment', status: 'assessed', topics: ['outlook'] })],
    );
    const model = buildPlaceMapModel(assessed, assessed.place('village') as Place, outlined);
    expect(model?.legend.map((entry) => entry.text)).toEqual(['Named in statements; no event placed there']);
  });
});

describe('drawing fast without drawing differently', () => {
  it('projects the geography once and draws the same paths d3 draws from the sphere, on every map', async () => {
    const store = await bundledStore();
    const planar = planarGeography(geography);
    for (const place of store.places) {
      const model = buildPlaceMapModel(store, place, outlined);
      if (!model) continue;
      const frame = frameMap(model, geography);
      const spherical = geoPath(frame.projection).digits(1);
      const fromPlanar = mapPath(frame);
      for (const feature of [...geography.regions, ...geography.rivers, geography.border]) {
        expect(fromPlanar(planar.of(feature)), `${place.id}: ${feature.properties.id}`).toBe(
          spherical(feature),
        );
      }
    }
  });

  it('rasterises the map and the legend panel apart into the same picture as the whole SVG', async () => {
    const map = await drawing('sudzha');
    const whole = decode((await rasteriseSvg(map.svg)).png);
    const columns = decode((await rasteriseColumns(map.columns, mapCanvas)).png);
    expect([columns.width, columns.height]).toEqual([whole.width, whole.height]);
    let differing = 0;
    let largest = 0;
    for (let at = 0; at < whole.data.length; at++) {
      const difference = Math.abs((whole.data[at] ?? 0) - (columns.data[at] ?? 0));
      if (difference > 0) differing++;
      largest = Math.max(largest, difference);
    }
    // At most the antialiasing of a pixel or two where the panel's rule meets the map.
    expect(differing).toBeLessThanOrEqual(6);
    expect(largest).toBeLessThan(16);
  });

  it('outlines a label once and draws it the same wherever it goes, moved by its first point', () => {
    const once = fonts.regular.path('Rubanshchina', 100, 200, 13.5);
    const again = fonts.regular.path('Rubanshchina', 300.04, 420, 13.5);
    expect(once.startsWith('M')).toBe(true);
    expect(once.slice(once.search(/[mlqcz]/))).toBe(again.slice(again.search(/[mlqcz]/)));
    expect(fonts.regular.path(' ', 10, 10, 12)).toBe('');
    const [x, y] = (/^M(-?[\d.]+) (-?[\d.]+)/.exec(again) ?? []).slice(1).map(Number);
    const [x0, y0] = (/^M(-?[\d.]+) (-?[\d.]+)/.exec(once) ?? []).slice(1).map(Number);
    expect([
      Math.round(((x ?? 0) - (x0 ?? 0)) * 10) / 10,
      Math.round(((y ?? 0) - (y0 ?? 0)) * 10) / 10,
    ]).toEqual([200, 220]);
  });
});
