// The watch store against the real store files and servers: SQLite always, and Redis and PostgreSQL
// when REDIS_URL and POSTGRES_URL point at servers (as in tests/store-suite.test.ts).
import { describe, expect, it } from 'vitest';
import { type KeyValueStores, openKeyValueStores } from '../src/store/keyv-stores.js';
import { newWatcher, type Watcher } from '../src/store/watch.js';
import { WatchStore } from '../src/store/watch-store.js';
import { storeEngines } from './support/store-engines.js';

const engines = storeEngines('sitrep-watch-store-');

const user = (index: number) => String(500_000_000_000_000_000n + BigInt(index));
const at = (minute: number) => new Date(Date.UTC(2027, 2, 1, 8, minute)).toISOString();

function watcher(index: number, extra: Partial<Watcher> = {}): Watcher {
  return {
    ...newWatcher(user(index), at(0)),
    watches: [{ kind: 'place', id: 'sudzha', addedAt: at(0) }],
    ...extra,
  };
}

describe.each(engines)('watchers on $name', ({ url }) => {
  async function open(storeUrl: string): Promise<KeyValueStores> {
    const stores = await openKeyValueStores(storeUrl, () => undefined);
    return stores;
  }

  it('keeps watchers in their own namespace, across a reopen, and forgets a removed user entirely', async () => {
    const storeUrl = await url();
    let stores = await open(storeUrl);
    await stores.namespaces.watches.clear();
    const watches = WatchStore.open(stores);
    for (let index = 0; index < 30; index++) await watches.save(watcher(index));
    await watches.update(user(3), (current) =>
      current
        ? { ...current, watches: [...current.watches, { kind: 'topic', id: 'north-korea', addedAt: at(5) }] }
        : undefined,
    );
    expect(await watches.delete(user(4))).toBe(true);
    // Clearing another namespace leaves watchers alone.
    await stores.namespaces.subscriptions.clear();
    await stores.close();

    stores = await open(storeUrl);
    const reopened = WatchStore.open(stores);
    const loaded = await reopened.loadAll();
    expect(loaded.unreadable).toEqual([]);
    expect(loaded.watchers).toHaveLength(29);
    expect(
      loaded.watchers.find((record) => record.userId === user(3))?.watches.map((watch) => watch.id),
    ).toEqual(['sudzha', 'north-korea']);
    // Nothing of a forgotten user is left behind, and a record holds only the fields the README lists.
    expect(await stores.atomic.watches.getRaw(user(4))).toBeUndefined();
    expect(await reopened.read(user(4))).toBeUndefined();
    const raw = JSON.parse((await stores.atomic.watches.getRaw(user(3))) as string) as { value: object };
    expect(Object.keys(raw.value).sort()).toEqual([
      'cursor',
      'lastDelivery',
      'locale',
      'paused',
      'userId',
      'version',
      'watches',
    ]);
    await stores.close();
  });

  it('lets exactly one of two processes claim a watcher’s message, and the loser sends nothing', async () => {
    const storeUrl = await url();
    const [first, second] = [await open(storeUrl), await open(storeUrl)];
    await first.namespaces.watches.clear();
    const processes = [WatchStore.open(first), WatchStore.open(second)];
    await processes[0]?.save(watcher(7));
    for (let round = 1; round <= 20; round++) {
      const stamp = at(round);
      const claims = await Promise.all(
        processes.map((store, process) =>
          store.claim(user(7), { stamp, nonce: `n${round}p${process}`, claimedAt: stamp }),
        ),
      );
      const winners = claims.filter((claimed) => claimed !== undefined);
      expect(winners, `round ${round}`).toHaveLength(1);
      // Claimed and not yet recorded: nobody claims the same changes again.
      expect(await processes[1]?.claim(user(7), { stamp, nonce: 'late', claimedAt: stamp })).toBeUndefined();
      const stored = (await processes[0]?.read(user(7))) as Watcher;
      expect(stored.lastDelivery).toMatchObject({
        stamp,
        state: 'sending',
        nonce: winners[0]?.lastDelivery?.nonce,
      });
      // Recorded: the cursor moves to the stamp, and the same stamp can never be claimed again.
      await processes[0]?.update(user(7), (current) =>
        current?.lastDelivery
          ? { ...current, cursor: stamp, lastDelivery: { ...current.lastDelivery, state: 'done' } }
          : undefined,
      );
      expect(await processes[1]?.claim(user(7), { stamp, nonce: 'again', claimedAt: stamp })).toBeUndefined();
    }
    await first.close();
    await second.close();
  });

  it('never loses a watch a user adds while another process claims and records their message', async () => {
    const storeUrl = await url();
    const [first, second] = [await open(storeUrl), await open(storeUrl)];
    await first.namespaces.watches.clear();
    const delivering = WatchStore.open(first);
    const commanding = WatchStore.open(second);
    await delivering.save(watcher(9));
    const topics = ['north-korea', 'ceasefire', 'evacuations', 'territorial-control', 'long-neptune'];
    await Promise.all([
      (async () => {
        for (let round = 1; round <= topics.length; round++) {
          const stamp = at(round);
          await delivering.claim(user(9), { stamp, nonce: `n${round}`, claimedAt: stamp });
          await delivering.update(user(9), (current) =>
            current?.lastDelivery
              ? { ...current, cursor: stamp, lastDelivery: { ...current.lastDelivery, state: 'done' } }
              : undefined,
          );
        }
      })(),
      (async () => {
        for (const topic of topics) {
          await commanding.update(user(9), (current) =>
            current
              ? { ...current, watches: [...current.watches, { kind: 'topic', id: topic, addedAt: at(1) }] }
              : undefined,
          );
        }
      })(),
    ]);
    const stored = (await delivering.read(user(9))) as Watcher;
    expect(stored.watches.map((watch) => watch.id)).toEqual(['sudzha', ...topics]);
    expect(stored.cursor).toBe(at(topics.length));
    expect(stored.lastDelivery?.state).toBe('done');
    await first.close();
    await second.close();
  });

  it('reports an unreadable record, skips it, never overwrites it, and lets the user forget it', async () => {
    const storeUrl = await url();
    const stores = await open(storeUrl);
    await stores.namespaces.watches.clear();
    const watches = WatchStore.open(stores);
    await watches.save(watcher(1));
    const broken = { version: 2, userId: user(2), watches: 'everything' };
    await stores.namespaces.watches.set(user(2), broken);
    const loaded = await watches.loadAll();
    expect(loaded.watchers.map((record) => record.userId)).toEqual([user(1)]);
    expect(loaded.unreadable).toEqual([{ key: user(2), reason: expect.stringContaining('version') }]);
    expect(await watches.read(user(2))).toBe('unreadable');
    expect(await watches.update(user(2), () => watcher(2))).toEqual({ outcome: 'unreadable' });
    expect(await watches.claim(user(2), { stamp: at(9), nonce: 'x', claimedAt: at(9) })).toBeUndefined();
    expect(await stores.namespaces.watches.get(user(2))).toEqual(broken);
    expect(await watches.delete(user(2))).toBe(true);
    expect(await stores.namespaces.watches.get(user(2))).toBeUndefined();
    await stores.close();
  });

  it('keeps the language a watcher chose, reads a record from before languages as English, and refuses one it does not speak', async () => {
    const storeUrl = await url();
    const stores = await open(storeUrl);
    await stores.namespaces.watches.clear();
    const watches = WatchStore.open(stores);
    await watches.save(watcher(1, { locale: 'uk' }));
    await watches.save(watcher(2, { locale: 'ru' }));
    // A record as the version before languages wrote it: no `locale` at all.
    const { locale: _, ...older } = watcher(3);
    await stores.namespaces.watches.set(user(3), older);
    await stores.namespaces.watches.set(user(4), { ...watcher(4), locale: 'de' });
    const loaded = await watches.loadAll();
    const localeOf = (index: number) =>
      loaded.watchers.find((record) => record.userId === user(index))?.locale;
    expect([localeOf(1), localeOf(2), localeOf(3)]).toEqual(['uk', 'ru', 'en']);
    expect(loaded.unreadable).toEqual([{ key: user(4), reason: expect.stringContaining('locale') }]);
    // Any change to the older record writes its language down; nothing else about it changes.
    const updated = await watches.update(user(3), (current) =>
      current ? { ...current, cursor: at(7) } : undefined,
    );
    expect(updated).toMatchObject({ outcome: 'saved', watcher: { locale: 'en', cursor: at(7) } });
    expect(await stores.namespaces.watches.get(user(3))).toMatchObject({ locale: 'en', version: 1 });
    expect(await stores.namespaces.watches.get(user(4))).toMatchObject({ locale: 'de' });
    await stores.close();
  });
});
