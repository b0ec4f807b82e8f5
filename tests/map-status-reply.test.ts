// /status with its map: attached and referenced by the embed, cached per (place, facts version,
// language), and never at the cost of the text answer (a failing or slow drawing leaves it intact).
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { mapFileName, statusReply, statusReplyWithMap } from '../src/commands/status.js';
import { FactStore } from '../src/data/fact-store.js';
import { loadFactData } from '../src/data/load-facts.js';
import type { Place } from '../src/data/schema.js';
import { createLogger } from '../src/log.js';
import { mapCaption } from '../src/render/map/map-legend.js';
import { type PlaceMap, PlaceMapCache } from '../src/render/map/place-map.js';
import { bundledStore } from './support/bundled-store.js';

function capturingLog() {
  const lines: string[] = [];
  const log = createLogger({
    level: 'debug',
    destination: { write: (line: string) => void lines.push(line) },
  });
  return { log, lines };
}

const fakeMap: PlaceMap = { png: Buffer.from('png'), width: 1, height: 1, altText: 'a map', legend: [] };

describe('the map cache', () => {
  it('draws a place once per facts version and serves repeats from the cache', async () => {
    let draws = 0;
    const cache = new PlaceMapCache({ draw: async () => ({ ...fakeMap, width: ++draws }) });
    const store = await bundledStore();
    const sudzha = store.place('sudzha') as Place;
    const first = await cache.mapOf(store, sudzha);
    const second = await cache.mapOf(store, sudzha);
    expect(second).toBe(first);
    expect([cache.draws, cache.hits]).toEqual([1, 1]);

    // A reload builds a new store: its maps are drawn afresh.
    const reloaded = new FactStore(await loadFactData());
    const third = await cache.mapOf(reloaded, reloaded.place('sudzha') as Place);
    expect(third?.width).toBe(2);
  });

  it('keeps at most maxEntries maps, dropping the least recently used', async () => {
    const cache = new PlaceMapCache({ maxEntries: 2, draw: async () => fakeMap });
    const store = await bundledStore();
    const [a, b, c] = ['sudzha', 'zaoleshenka', 'rubanshchina'].map((id) => store.place(id) as Place);
    await cache.mapOf(store, a as Place);
    await cache.mapOf(store, b as Place);
    await cache.mapOf(store, a as Place); // a is now the most recent
    await cache.mapOf(store, c as Place); // drops b
    expect(cache.size).toBe(2);
    await cache.mapOf(store, a as Place);
    expect(cache.draws).toBe(3);
    await cache.mapOf(store, b as Place);
    expect(cache.draws).toBe(4);
  });

  it('forgets a failed drawing so the next ask tries again', async () => {
    let calls = 0;
    const cache = new PlaceMapCache({
      draw: async () => {
        calls++;
        if (calls === 1) throw new Error('renderer exploded');
        return fakeMap;
      },
    });
    const store = await bundledStore();
    const sudzha = store.place('sudzha') as Place;
    await expect(cache.mapOf(store, sudzha)).rejects.toThrow('renderer exploded');
    await expect(cache.mapOf(store, sudzha)).resolves.toBe(fakeMap);
  });

  it('draws one map at a time', async () => {
    let running = 0;
    let most = 0;
    const cache = new PlaceMapCache({
      draw: async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 10));
        running--;
        return fakeMap;
      },
    });
    const store = await bundledStore();
    await Promise.all(
      ['sudzha', 'zaoleshenka', 'rubanshchina'].map((id) => cache.mapOf(store, store.place(id) as Place)),
    );
    expect(most).toBe(1);
  });
});

describe('/status with its map', () => {
  it('attaches map.png and shows it as the embed image, with the legend as alt text', async () => {
    const facts = await bundledStore();
    const { log } = capturingLog();
    const reply = await statusReplyWithMap({ facts, log, maps: new PlaceMapCache() }, 'sudzha', 1);
    const [file] = reply.files ?? [];
    expect(file?.name).toBe(mapFileName);
    expect(reply.embeds[0]?.image?.url).toBe(`attachment://${mapFileName}`);
    expect(file?.description).toContain(mapCaption);
    expect(file?.description).toContain("Change of control claimed by Russia's Defence Ministry");
    const image = decode(file?.data as Uint8Array);
    expect([image.width, image.height]).toEqual([1200, 800]);
    // The text is the answer it always was.
    expect(reply.embeds[0]?.description).toBe(statusReply(facts, 'sudzha').embeds[0]?.description);
  });

  it('answers with the text alone when the renderer fails, and logs why', async () => {
    const facts = await bundledStore();
    const { log, lines } = capturingLog();
    const failing = new PlaceMapCache({ draw: () => Promise.reject(new Error('renderer exploded')) });
    const reply = await statusReplyWithMap({ facts, log, maps: failing }, 'sudzha', 1);
    expect(reply).toEqual(statusReply(facts, 'sudzha'));
    expect(lines.join('\n')).toMatch(/map drawing failed: answering without it/);
    expect(lines.join('\n')).toContain('renderer exploded');
  });

  it('does not wait past its budget for a slow map, and attaches it once drawn', async () => {
    const facts = await bundledStore();
    const { log, lines } = capturingLog();
    const slow = new PlaceMapCache({
      draw: () => new Promise((resolve) => setTimeout(() => resolve(fakeMap), 300)),
    });
    const started = performance.now();
    const reply = await statusReplyWithMap({ facts, log, maps: slow }, 'sudzha', 1, { waitMs: 50 });
    expect(performance.now() - started).toBeLessThan(250);
    expect(reply.files).toBeUndefined();
    expect(lines.join('\n')).toMatch(/map not drawn in time/);
    await new Promise((resolve) => setTimeout(resolve, 350));
    const later = await statusReplyWithMap({ facts, log, maps: slow }, 'sudzha', 1, { waitMs: 50 });
    expect(later.files?.[0]?.data).toBe(fakeMap.png);
    expect(slow.draws).toBe(1);
  });

  it('draws no map for a place it does not know, and none for a place with nothing to draw', async () => {
    const facts = await bundledStore();
    const { log } = capturingLog();
    const maps = new PlaceMapCache();
    const unknown = await statusReplyWithMap({ facts, log, maps }, 'atlantis', 1);
    expect(unknown.ephemeral).toBe(true);
    expect(unknown.files).toBeUndefined();
    const ukraine = await statusReplyWithMap({ facts, log, maps }, 'Ukraine', 1);
    expect(ukraine.embeds).toHaveLength(1);
  });
});
