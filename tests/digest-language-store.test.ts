// A subscription's language and a server's default language, in a real SQLite file: stored, read
// back after a restart, old records read as English, and a language sitrep does not write refused.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openKeyValueStores } from '../src/store/keyv-stores.js';
import { ServerSettingsStore } from '../src/store/server-settings.js';
import { SubscriptionStore } from '../src/store/subscription-store.js';
import { createDigestHarness, type DigestHarness, embedText } from './support/digest-harness.js';

let harness: DigestHarness | undefined;
const directories: string[] = [];
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const directory of directories.splice(0)) await rm(directory, { recursive: true, force: true });
});

const guildId = '200000000000000001';

describe('a subscription’s language', () => {
  it('is stored, written in, and still there after a restart', async () => {
    harness = await createDigestHarness('2027-03-26T12:00:00Z');
    await harness.start();
    const id = await harness.subscribe({ language: 'uk' });
    const [first] = harness.posted('front-digest');
    expect(first && embedText(first)).toContain('Дайджест ситуації');
    expect(first && embedText(first)).toContain('Поточна ситуація — перший дайджест цього каналу.');

    await harness.stopService();
    await harness.start();
    expect(harness.service.forGuild(harness.guild.id).find((s) => s.id === id)?.language).toBe('uk');
    const stored = (await new SubscriptionStore(harness.stores.namespaces.subscriptions).loadAll())
      .subscriptions;
    expect(stored.find((s) => s.id === id)?.language).toBe('uk');
    const reloaded = harness.service.find(harness.guild.id, id);
    if (!reloaded) throw new Error('the subscription was not loaded after the restart');
    const report = await harness.service.postTest(reloaded);
    expect(report.result).toBe('posted');
    const test = harness.posted('front-digest').at(-1);
    expect(test && embedText(test)).toContain('_Тестова публікація на запит модератора.');
  });

  it('reads a record from before the option as English, and skips one naming another language', async () => {
    harness = await createDigestHarness('2027-03-26T12:00:00Z');
    await harness.start();
    const id = await harness.subscribe();
    const stored = (await harness.stores.namespaces.subscriptions.get(id)) as Record<string, unknown>;
    expect(stored.language).toBe('en');
    const { language: _dropped, ...older } = stored;
    await harness.stores.namespaces.subscriptions.set(id, older);
    await harness.stores.namespaces.subscriptions.set('german01', {
      ...stored,
      id: 'german01',
      language: 'de',
    });
    const loaded = await new SubscriptionStore(harness.stores.namespaces.subscriptions).loadAll();
    expect(loaded.subscriptions.find((s) => s.id === id)?.language).toBe('en');
    expect(loaded.unreadable).toEqual([
      { key: 'german01', reason: 'language: not a language sitrep writes (en, uk or ru)' },
    ]);
  });
});

describe('a server’s default language', () => {
  async function openFile() {
    const directory = await mkdtemp(join(tmpdir(), 'sitrep-servers-'));
    directories.push(directory);
    return `sqlite://${join(directory, 'sitrep.sqlite')}`;
  }

  it('is stored, and read back after a restart', async () => {
    const url = await openFile();
    const first = await openKeyValueStores(url, () => undefined);
    const servers = ServerSettingsStore.open(first);
    expect(await servers.languageOf(guildId)).toBeUndefined();
    await servers.setLanguage(guildId, 'ru', '100000000000000001');
    expect(await servers.languageOf(guildId)).toBe('ru');
    await first.close();

    const second = await openKeyValueStores(url, () => undefined);
    const reopened = ServerSettingsStore.open(second);
    expect(await reopened.languageOf(guildId)).toBe('ru');
    expect(await second.namespaces.servers.get(guildId)).toMatchObject({
      version: 1,
      guildId,
      language: 'ru',
      updatedBy: '100000000000000001',
    });
    await reopened.setLanguage(guildId, undefined);
    expect(await reopened.languageOf(guildId)).toBeUndefined();
    expect(await second.namespaces.servers.get(guildId)).toBeUndefined();
    await second.close();
  });

  it('is kept in memory, so most lookups do not wait on the store, and read again after a while', async () => {
    const stores = await openKeyValueStores(await openFile(), () => undefined);
    let now = 0;
    let reads = 0;
    const namespace = stores.namespaces.servers;
    const counting = new Proxy(namespace, {
      get(target, property) {
        const value = Reflect.get(target, property);
        if (property === 'get') {
          return (...args: unknown[]) => {
            reads++;
            return (value as (...args: unknown[]) => unknown).apply(target, args);
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const servers = new ServerSettingsStore(counting, { keepMs: 60_000, now: () => now });
    await servers.setLanguage(guildId, 'uk');
    const lookups = await Promise.all(Array.from({ length: 20 }, () => servers.languageOf(guildId)));
    expect(new Set(lookups)).toEqual(new Set(['uk']));
    // The write put it in memory: no read at all, and a guild with no record is remembered too.
    expect(reads).toBe(0);
    await Promise.all(Array.from({ length: 5 }, () => servers.languageOf('200000000000000002')));
    expect(reads).toBe(1);
    await servers.languageOf('200000000000000002');
    expect(reads).toBe(1);
    // Another writer changed it (a re-shard): seen once what was kept is older than keepMs.
    await namespace.set(guildId, {
      version: 1,
      guildId,
      language: 'ru',
      updatedAt: '2027-03-26T12:00:00.000Z',
    });
    expect(await servers.languageOf(guildId)).toBe('uk');
    now += 60_001;
    expect(await servers.languageOf(guildId)).toBe('ru');
    await stores.close();
  });

  it('reads a damaged record as no setting, reports it, and leaves it in place', async () => {
    const stores = await openKeyValueStores(await openFile(), () => undefined);
    const reported: string[] = [];
    const servers = ServerSettingsStore.open(stores, {
      onUnreadable: (_guild, reason) => reported.push(reason),
    });
    const damaged = { version: 1, guildId, language: 'de', updatedAt: '2027-03-26T12:00:00.000Z' };
    await stores.namespaces.servers.set(guildId, damaged);
    expect(await servers.languageOf(guildId)).toBeUndefined();
    expect(reported).toEqual(['language: not a language sitrep writes (en, uk or ru)']);
    expect(await stores.namespaces.servers.get(guildId)).toEqual(damaged);
    await stores.close();
  });
});
