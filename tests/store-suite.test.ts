// The same store tests against every engine STORE_URL can name: SQLite always, and Redis and
// PostgreSQL when REDIS_URL and POSTGRES_URL point at servers (CI starts both on loopback).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFactStore } from '../src/data/load-store.js';
import { FactLedger } from '../src/store/fact-ledger.js';
import { type KeyValueStores, openKeyValueStores } from '../src/store/keyv-stores.js';
import { newSubscription, type Subscription } from '../src/store/subscription.js';
import { SubscriptionStore } from '../src/store/subscription-store.js';

const directories: string[] = [];
afterAll(async () => {
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

const engines: { name: string; url: () => Promise<string> }[] = [
  {
    name: 'SQLite',
    url: async () => {
      const directory = await mkdtemp(join(tmpdir(), 'sitrep-store-suite-'));
      directories.push(directory);
      return `sqlite://${join(directory, 'sitrep.sqlite')}`;
    },
  },
  ...(process.env.REDIS_URL ? [{ name: 'Redis', url: async () => process.env.REDIS_URL as string }] : []),
  ...(process.env.POSTGRES_URL
    ? [{ name: 'PostgreSQL', url: async () => process.env.POSTGRES_URL as string }]
    : []),
];

function subscription(index: number, extra: Partial<Subscription> = {}): Subscription {
  return newSubscription({
    id: `suite${String(index).padStart(3, '0')}`,
    guildId: String(300_000_000_000_000_000n + BigInt(index % 3)),
    channelId: String(400_000_000_000_000_000n + BigInt(index)),
    channelName: `channel-${index}`,
    channelKind: 'text',
    schedule: { input: 'daily 08:00', cron: '0 8 * * *', description: 'every day at 08:00' },
    timeZone: 'Europe/Kyiv',
    createdBy: '100000000000000001',
    createdAt: '2027-03-01T00:00:00.000Z',
    ...extra,
  });
}

describe.each(engines)('the store on $name', ({ url }) => {
  async function open(storeUrl: string): Promise<KeyValueStores> {
    return openKeyValueStores(storeUrl, () => undefined);
  }

  it('saves, lists, updates and deletes subscriptions, apart from the ledger, and keeps them across a reopen', async () => {
    const storeUrl = await url();
    let stores = await open(storeUrl);
    await stores.namespaces.subscriptions.clear();
    await stores.namespaces.ledger.clear();
    const subscriptions = new SubscriptionStore(stores.namespaces.subscriptions);
    for (let index = 0; index < 25; index++) await subscriptions.save(subscription(index));
    await subscriptions.save(
      subscription(3, {
        paused: { code: 'moderator', reason: 'paused by a moderator', at: '2027-03-02T00:00:00.000Z' },
      }),
    );
    await subscriptions.delete('suite004');
    const ledger = new FactLedger(stores.namespaces.ledger);
    await ledger.reconcile(await loadFactStore(), new Date('2027-03-01T00:00:00Z'));
    expect(await stores.ping()).toBe(true);
    await stores.close();

    stores = await open(storeUrl);
    const loaded = await new SubscriptionStore(stores.namespaces.subscriptions).loadAll();
    expect(loaded.unreadable).toEqual([]);
    expect(loaded.subscriptions.map((record) => record.id).sort()).toHaveLength(24);
    expect(loaded.subscriptions.find((record) => record.id === 'suite003')?.paused?.code).toBe('moderator');
    expect(loaded.subscriptions.some((record) => record.id === 'suite004')).toBe(false);
    expect(await new FactLedger(stores.namespaces.ledger).load()).toEqual({ ok: true });
    await stores.close();
  });

  it('lets exactly one of two processes claim a slot they race for', async () => {
    const storeUrl = await url();
    const [first, second] = [await open(storeUrl), await open(storeUrl)];
    await first.namespaces.subscriptions.clear();
    const stores = [first, second].map(
      (opened) => new SubscriptionStore(opened.namespaces.subscriptions, opened.atomic.subscriptions),
    );
    let current = subscription(7);
    await stores[0]?.save(current);
    let wins = 0;
    for (let round = 0; round < 20; round++) {
      const slot = {
        key: `2027-03-${String(round + 1).padStart(2, '0')} 08:00`,
        dueAt: '2027-03-01T06:00:00.000Z',
      };
      const claims = stores.map((store, process) =>
        store.saveIfSlotUnchanged(current, {
          ...current,
          lastSlot: {
            ...slot,
            state: 'sending',
            nonce: `n${round}p${process}`,
            claimedAt: '2027-03-01T06:00:00.000Z',
          },
        }),
      );
      const results = await Promise.all(claims);
      expect(results.filter(Boolean)).toHaveLength(1);
      wins += results.filter(Boolean).length;
      const stored = (await stores[1]?.loadAll())?.subscriptions.find((record) => record.id === current.id);
      expect(stored?.lastSlot?.nonce).toBe(`n${round}p${results.indexOf(true)}`);
      current = stored as Subscription;
    }
    expect(wins).toBe(20);
    // A claim made from a stale read loses too.
    const stale = subscription(7);
    expect(await stores[0]?.saveIfSlotUnchanged(stale, { ...stale, quiet: true })).toBe(false);
    await first.close();
    await second.close();
  });

  it('reports an unreadable record and skips it, without deleting it', async () => {
    const storeUrl = await url();
    const stores = await open(storeUrl);
    await stores.namespaces.subscriptions.clear();
    const subscriptions = new SubscriptionStore(stores.namespaces.subscriptions);
    await subscriptions.save(subscription(1));
    await stores.namespaces.subscriptions.set('broken01', {
      version: 1,
      id: 'broken01',
      schedule: 'garbage',
    });
    const loaded = await subscriptions.loadAll();
    expect(loaded.subscriptions.map((record) => record.id)).toEqual(['suite001']);
    expect(loaded.unreadable.map((record) => record.key)).toEqual(['broken01']);
    expect(await stores.namespaces.subscriptions.get('broken01')).toBeDefined();
    await stores.close();
  });
});

it('refuses a STORE_URL it cannot serve, naming the schemes it can, without the password', async () => {
  await expect(openKeyValueStores('mysql://user:hunter2@db/sitrep', () => undefined)).rejects.toThrow(
    /use sqlite:\/\/, redis:\/\/ or postgresql:\/\//,
  );
  await expect(openKeyValueStores('mysql://user:hunter2@db/sitrep', () => undefined)).rejects.not.toThrow(
    /hunter2/,
  );
});
