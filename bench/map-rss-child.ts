// The /status map's memory, in a process of its own: the bundled store loaded and every place's
// /status answer built, then (with "map") every place's map drawn into the bot's cache too. Prints
// one JSON line: the resident set after a full GC.
//   node --expose-gc --import tsx bench/map-rss-child.ts <text|map>
import { statusReply } from '../src/commands/status.js';
import { loadFactStore } from '../src/data/load-store.js';

const mode = process.argv[2] === 'map' ? 'map' : 'text';
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

const store = await loadFactStore();
for (const place of store.places) statusReply(store, place.id);
let maps = 0;
let bytes = 0;
if (mode === 'map') {
  // Loaded only here: a text-only bot never imports the renderer.
  const { PlaceMapCache } = await import('../src/render/map/place-map.js');
  const statusMaps = new PlaceMapCache();
  for (const place of store.places) {
    const map = await statusMaps.mapOf(store, place);
    if (map) {
      maps++;
      bytes += map.png.length;
    }
  }
}
gc();
await new Promise((resolve) => setTimeout(resolve, 100));
gc();
process.stdout.write(`${JSON.stringify({ mode, rss: process.memoryUsage().rss, maps, bytes })}\n`);
