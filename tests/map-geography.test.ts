// The vendored geography (src/data/geo/): the file is the one its README describes, it carries its
// attribution, and the places the facts name lie on the right side of the state border.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { geoContains } from 'd3-geo';
import { describe, expect, it } from 'vitest';
import { geographyFile, loadGeography, type Position } from '../src/render/map/geography.js';
import { bundledStore } from './support/bundled-store.js';

const geography = loadGeography();

function regionAt(position: Position) {
  return geography.regions.find((region) => geoContains(region, position));
}

describe('the vendored geography', () => {
  it('is the file its README describes, with its attribution beside it', () => {
    const bytes = readFileSync(geographyFile);
    const readme = readFileSync(new URL('README.md', geographyFile), 'utf8');
    const attribution = readFileSync(new URL('ATTRIBUTION.md', geographyFile), 'utf8');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(readme).toContain(sha256);
    expect(attribution).toContain('Natural Earth');
    expect(attribution).toMatch(/public domain/i);
  });

  it('has the layers the map draws and no control data', () => {
    expect(geography.regions.map((region) => region.properties.id)).toEqual(
      expect.arrayContaining(['kursk-region', 'sumy-region', 'belgorod-region']),
    );
    expect(geography.border.properties.id).toBe('ru-ua-boundary');
    expect(geography.rivers.map((river) => river.properties.id)).toEqual(
      expect.arrayContaining(['seym', 'psel', 'vorskla']),
    );
    expect(geography.towns.map((town) => town.properties.name_en)).toEqual(
      expect.arrayContaining(['Kursk', 'Sumy', 'Belgorod']),
    );
    const raw = readFileSync(geographyFile, 'utf8');
    const layers = new Set([...raw.matchAll(/"layer":"([a-z0-9-]+)"/g)].map((match) => match[1]));
    expect([...layers].sort()).toEqual(['admin1', 'boundary', 'place', 'river']);
  });

  it('puts Sudzha and the villages near it in Kursk region, on the Russian side of the border', async () => {
    const store = await bundledStore();
    for (const id of ['sudzha', 'zaoleshenka', 'rubanshchina']) {
      const coordinates = store.place(id)?.coordinates;
      if (!coordinates) throw new Error(`${id} has no coordinates`);
      const region = regionAt([coordinates.lon, coordinates.lat]);
      expect(region?.properties.id, id).toBe('kursk-region');
      expect(region?.properties.country, id).toBe('RU');
    }
  });

  it("puts Sumy region's places in Sumy region, on the Ukrainian side", async () => {
    const store = await bundledStore();
    const sumyPlaces = store
      .placeAndDescendants('sumy-region')
      .map((id) => store.place(id))
      .filter((place) => place?.coordinates !== undefined);
    expect(sumyPlaces.length).toBeGreaterThan(0);
    for (const place of sumyPlaces) {
      const { lon, lat } = place?.coordinates ?? { lon: 0, lat: 0 };
      const region = regionAt([lon, lat]);
      expect(region?.properties.id, place?.id).toBe('sumy-region');
      expect(region?.properties.country, place?.id).toBe('UA');
    }
    const sumyTown = geography.towns.find((town) => town.properties.id === 'sumy');
    expect(sumyTown && regionAt(sumyTown.geometry.coordinates)?.properties.country).toBe('UA');
  });

  it('puts every place with coordinates inside a region of its own country', async () => {
    const store = await bundledStore();
    for (const place of store.places) {
      if (!place.coordinates) continue;
      const region = regionAt([place.coordinates.lon, place.coordinates.lat]);
      expect(region?.properties.country, place.id).toBe(place.country);
    }
  });
});
