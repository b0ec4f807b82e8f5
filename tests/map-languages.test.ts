// Maps in the reader's language: a map drawn for a store in Ukrainian or Russian labels its places,
// regions, rivers, towns and countries in that language and writes its legend and alt text in it,
// with every claim still a claim and every "not confirmed" still a negation; every glyph is in the
// bundled font; the caches keep one map per language.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import opentype from 'opentype.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { statusLabel } from '../src/briefs/attribution.js';
import type { FactStore } from '../src/data/fact-store.js';
import type { Fact, Place } from '../src/data/schema.js';
import type { Locale } from '../src/i18n/locales.js';
import { wordsIn } from '../src/i18n/words.js';
import { loadGeography } from '../src/render/map/geography.js';
import { mapCaption, mapCaptionIn } from '../src/render/map/map-legend.js';
import { buildPlaceMapModel } from '../src/render/map/map-model.js';
import { drawPlaceMap, type MapDrawing } from '../src/render/map/map-svg.js';
import { loadMapFonts } from '../src/render/map/outline-text.js';
import {
  DigestMapCache,
  drawDigestMapPng,
  type PlaceMap,
  PlaceMapCache,
} from '../src/render/map/place-map.js';
import { bundledStore } from './support/bundled-store.js';

const geography = loadGeography();
const fonts = loadMapFonts();
const outlined = new Set(geography.regions.map((region) => region.properties.id));
const svgText = (svg: string) => svg.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)));
/** Every text the SVG draws, from its aria-labels. */
const drawnTexts = (drawing: MapDrawing) =>
  [...svgText(drawing.svg).matchAll(/aria-label="([^"]*)"/g)].map((match) => match[1] as string);

let english: FactStore;
beforeAll(async () => {
  english = await bundledStore();
});

function draw(store: FactStore, placeId: string): MapDrawing {
  const model = buildPlaceMapModel(store, store.place(placeId) as Place, outlined);
  if (!model) throw new Error(`no map for ${placeId}`);
  return drawPlaceMap(model, geography, fonts);
}

const expected = {
  uk: {
    summary: 'Мапа: Суджа та околиці.',
    claim: 'Зміна контролю: заявлено',
    negation: 'офіційно не підтверджено',
    labels: ['Суджа', 'Курська область', 'Сумська область', 'РОСІЯ', 'УКРАЇНА'],
    scale: /^\d+ км$/,
  },
  ru: {
    summary: 'Карта: Суджа и окрестности.',
    claim: 'Смена контроля: заявлено',
    negation: 'официально не подтверждено',
    labels: ['Суджа', 'Курская область', 'Сумская область', 'РОССИЯ', 'УКРАИНА'],
    scale: /^\d+ км$/,
  },
} as const;

describe.each(['uk', 'ru'] as const)('the map of Sudzha in %s', (locale) => {
  let drawing: MapDrawing;
  let store: FactStore;
  beforeAll(() => {
    store = english.in(locale);
    drawing = draw(store, 'sudzha');
  });

  it('labels places, regions and countries in the language, and writes its scale in its units', () => {
    const texts = drawnTexts(drawing);
    for (const label of expected[locale].labels) expect(texts, label).toContain(label);
    expect(texts.some((text) => expected[locale].scale.test(text))).toBe(true);
    expect(texts).not.toContain('Sudzha');
    expect(texts).not.toContain('Kursk region');
    expect(texts).not.toContain('RUSSIA');
  });

  it('writes the legend in the language: who claims the change of control, and who has not confirmed it', () => {
    const words = wordsIn(locale);
    const actor = (id: string) => store.actors.find((candidate) => candidate.id === id)?.name as string;
    const claim = store
      .factsForPlace('sudzha')
      .find((fact) => fact.status === 'claimed' && fact.topics.includes('territorial-control'));
    expect(claim).toBeDefined();
    const answer = store
      .responsesTo((claim as Fact).id)
      .find((fact) => fact.status === 'not-officially-confirmed');
    expect(answer).toBeDefined();
    const line = drawing.legend.find((entry) => entry.includes(expected[locale].claim));
    expect(line).toBeDefined();
    expect(line).toContain(`${statusLabel('claimed', words)} (${actor((claim as Fact).actor)})`);
    expect(line).toContain(`${expected[locale].negation} (${actor((answer as Fact).actor)})`);
    expect(statusLabel('not-officially-confirmed', words)).toBe(expected[locale].negation);
    // The panel says it too, and the map's own words are the catalogue's.
    const texts = drawnTexts(drawing).join('\n');
    expect(texts).toContain(words.t('map.legend.statements'));
    expect(texts).toContain(words.t('map.legend.onTheMap'));
    expect(texts).toContain(words.t('map.legend.border'));
    expect(texts).not.toContain('What the statements say');
    expect(texts).not.toContain(' by ');
  });

  it('writes its alt text in the language, summary first and the caption last, within Discord’s 1024', () => {
    expect(drawing.altText.startsWith(expected[locale].summary)).toBe(true);
    expect(drawing.altText).toContain(expected[locale].claim);
    expect(drawing.altText).toContain(expected[locale].negation);
    expect(drawing.altText).toContain(wordsIn(locale).t('map.credit'));
    expect(drawing.altText.endsWith(mapCaptionIn(locale))).toBe(true);
    expect(mapCaptionIn(locale)).not.toBe(mapCaption);
    expect(drawing.altText.length).toBeLessThanOrEqual(1024);
    expect(drawing.altText).not.toMatch(/claimed by|not officially confirmed|Map of/);
  });

  it('sets its caption whole in the caption box, on two lines', () => {
    const caption = mapCaptionIn(locale);
    const lines = drawnTexts(drawing).filter((text) => text.length > 10 && caption.includes(text));
    expect(lines.join(' ')).toBe(caption);
    expect(lines.length).toBeLessThanOrEqual(2);
  });

  it('has a glyph in the bundled Noto Sans for every character it draws', () => {
    const require = createRequire(import.meta.url);
    for (const face of ['400Regular/NotoSans_400Regular.ttf', '700Bold/NotoSans_700Bold.ttf']) {
      const bytes = readFileSync(require.resolve(`@expo-google-fonts/noto-sans/${face}`));
      const font = opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
      const characters = new Set([...drawnTexts(drawing).join('')].filter((character) => character.trim()));
      const missing = [...characters].filter((character) => font.charToGlyph(character).index === 0);
      expect(missing, face).toEqual([]);
    }
  });
});

describe('the English map is unchanged', () => {
  it('still says who claims what in English', () => {
    const drawing = draw(english, 'sudzha');
    expect(drawing.altText.startsWith('Map of Sudzha and its surroundings.')).toBe(true);
    expect(drawing.altText).toContain('Change of control claimed by');
    expect(drawing.altText.endsWith(mapCaption)).toBe(true);
    expect(drawnTexts(drawing)).toContain('RUSSIA');
  });

  it('names reference towns in each language (Kursk region, zoomed out)', () => {
    const towns = (locale: Locale) => drawnTexts(draw(english.in(locale), 'kursk-region'));
    expect(towns('en')).toContain('Kursk');
    expect(towns('uk')).toContain('Курськ');
    expect(towns('ru')).toContain('Курск');
  });
});

describe('a digest map in Ukrainian', () => {
  it('titles the panel and writes the alt text with the plural of its statements', async () => {
    const store = english.in('uk');
    const changes = store.factsForPlace('sudzha').slice(0, 2);
    const map = await drawDigestMapPng(store, changes);
    expect(map).toBeDefined();
    expect((map as PlaceMap).altText.startsWith('Мапа місць, названих у 2 нових або змінених заявах')).toBe(
      true,
    );
    expect((map as PlaceMap).altText.endsWith(mapCaptionIn('uk'))).toBe(true);
  });
});

describe('the map caches keep each language apart', () => {
  const fake: PlaceMap = { png: Buffer.from('png'), width: 1, height: 1, altText: '', legend: [] };

  it('draws /status maps once per language and serves each language its own', async () => {
    const drawnIn: Locale[] = [];
    const cache = new PlaceMapCache({
      draw: async (store) => {
        drawnIn.push(store.locale);
        return { ...fake, altText: store.locale };
      },
    });
    const sudzha = (store: FactStore) => store.place('sudzha') as Place;
    const inEnglish = await cache.mapOf(english, sudzha(english));
    const inUkrainian = await cache.mapOf(english.in('uk'), sudzha(english.in('uk')));
    const inRussian = await cache.mapOf(english.in('ru'), sudzha(english.in('ru')));
    const againInUkrainian = await cache.mapOf(english.in('uk'), sudzha(english.in('uk')));
    expect(drawnIn).toEqual(['en', 'uk', 'ru']);
    expect([inEnglish?.altText, inUkrainian?.altText, inRussian?.altText]).toEqual(['en', 'uk', 'ru']);
    expect(againInUkrainian).toBe(inUkrainian);
    expect([cache.draws, cache.hits, cache.size]).toEqual([3, 1, 3]);
  });

  it('draws digest maps once per language', async () => {
    const drawnIn: Locale[] = [];
    const cache = new DigestMapCache({
      draw: async (store) => {
        drawnIn.push(store.locale);
        return fake;
      },
    });
    const changes = english.factsForPlace('sudzha').slice(0, 3);
    await cache.mapOf(english, changes);
    await cache.mapOf(english.in('ru'), changes);
    await cache.mapOf(english.in('ru'), [...changes].reverse());
    expect(drawnIn).toEqual(['en', 'ru']);
  });
});
