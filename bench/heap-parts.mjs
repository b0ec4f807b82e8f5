// What sitrep keeps on its JavaScript heap beyond discord.js, part by part: each module and data
// set is loaded in turn over the compiled bot (dist/), and the heap is read after a full collection.
// Plain JavaScript, run by node itself (no TypeScript loader in the figures), with --expose-gc;
// prints one JSON line: [{ part, bytes }].
import { openKeyValueStores } from '../dist/store/keyv-stores.js';

const collect = globalThis.gc;
if (!collect) throw new Error('run with --expose-gc');
const heapUsed = () => {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
};
const parts = [];
let last = heapUsed();
const keep = [];
async function measure(part, load) {
  keep.push(await load());
  const now = heapUsed();
  parts.push({ part, bytes: now - last });
  last = now;
}

const [storeUrl = ''] = process.argv.slice(2);
await measure('discord.js (both bots load it)', () => import('discord.js'));
await measure('zod (schema checks of facts, config, records)', () => import('zod'));
await measure('yaml, pino, keyv with sqlite3, node-cron, prom-client', () =>
  Promise.all([
    import('yaml'),
    import('pino'),
    import('keyv'),
    import('@keyv/sqlite'),
    import('node-cron'),
    import('prom-client'),
  ]),
);
await measure("sitrep's own code", () => import('../dist/commands/index.js'));
await measure('the bundled fact store and its indexes', async () =>
  (await import('../dist/data/load-store.js')).loadFactStore(),
);
const stores = await openKeyValueStores(storeUrl, () => undefined);
await measure('10,000 subscriptions in memory', async () => {
  const { SubscriptionStore } = await import('../dist/store/subscription-store.js');
  return new SubscriptionStore(stores.namespaces.subscriptions).loadAll();
});
await stores.close();
process.stdout.write(`${JSON.stringify(parts)}\n`);
