// The same store tests against every engine STORE_URL can name: SQLite always, and Redis and
// PostgreSQL when REDIS_URL and POSTGRES_URL point at servers (CI starts both on loopback).
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFactStore } from '../src/data/load-store.js';
import { FactLedger } from '../src/store/fact-ledger.js';
import {
  describeStoreUrl,
  type KeyValueStores,
  openKeyValueStores,
  setOrThrow,
} from '../src/store/keyv-stores.js';
import { newSubscription, type Subscription } from '../src/store/subscription.js';
import { SubscriptionStore } from '../src/store/subscription-store.js';
import { storeEngines } from './support/store-engines.js';
import { startTcpRelay } from './support/tcp-relay.js';

const directories: string[] = [];
afterAll(async () => {
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

const engines = storeEngines('sitrep-store-suite-');

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

// Issue 15: a password in the query string (?password=...) was logged at "store opened".
it('describes a store URL for the log without any password, in the user part or the query string', () => {
  const cases = [
    'redis://:hunter2@redis.internal:6379/0',
    'redis://sitrep:hunter2@redis.internal:6379/0?password=hunter3',
    'rediss://redis.internal:6380/?password=hunter2&db=1',
    'postgresql://sitrep@db.internal:5432/sitrep?password=hunter2&sslmode=require',
    'postgres://sitrep:hunter2@db.internal/sitrep?sslpassword=hunter3&application_name=sitrep',
  ];
  for (const url of cases) {
    const described = describeStoreUrl(url);
    expect(described, url).not.toMatch(/hunter/);
    expect(described, url).toContain('***');
  }
  expect(
    describeStoreUrl('postgresql://sitrep@db.internal:5432/sitrep?password=hunter2&sslmode=require'),
  ).toBe('postgresql://sitrep@db.internal:5432/sitrep?password=***&sslmode=require');
  expect(describeStoreUrl('redis://redis.internal:6379')).toBe('redis://redis.internal:6379');
});

// Issue 15: the SQLite file was created 0644 in a directory anyone could list.
it('creates the SQLite directory private (0700) and its file 0600, and tightens a file others could read', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'sitrep-store-modes-'));
  directories.push(directory);
  const file = join(directory, 'data', 'sitrep.sqlite');
  const stores = await openKeyValueStores(`sqlite://${file}`, () => undefined);
  await setOrThrow(stores.namespaces.subscriptions, 'probe', { written: true });
  await stores.close();
  const mode = async (path: string) => (await stat(path)).mode & 0o777;
  expect((await mode(join(directory, 'data'))).toString(8)).toBe('700');
  expect((await mode(file)).toString(8)).toBe('600');
  // A file an older version (or another tool) left readable by everyone.
  const older = join(directory, 'older.sqlite');
  await writeFile(older, '');
  await chmod(older, 0o644);
  const reopened = await openKeyValueStores(`sqlite://${older}`, () => undefined);
  await reopened.close();
  expect((await mode(older)).toString(8)).toBe('600');
});

// Issue 15: with Redis unreachable at start, opening the store hung with no log line.
it('gives up on a Redis that refuses or never answers within its timeout, saying where without the password', async () => {
  const silent = createServer((socket: Socket) => socket.on('data', () => undefined));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const silentPort = (silent.address() as { port: number }).port;
  const refusing = await startTcpRelay(undefined, 'refuse');
  try {
    for (const port of [silentPort, refusing.port]) {
      const startedAt = performance.now();
      const failure = await openKeyValueStores(
        `redis://:hunter2@127.0.0.1:${port}/0?password=hunter3`,
        () => undefined,
        { timeoutMs: 500 },
      ).catch((error: Error) => error);
      const tookMs = performance.now() - startedAt;
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).message).toBe(
        `could not connect to redis://:***@127.0.0.1:${port}/0?password=*** within 0.5 s`,
      );
      expect(tookMs).toBeLessThan(2000);
    }
  } finally {
    silent.close();
    await refusing.close();
  }
});

// Issue 15: keyv's Redis adapter hangs calls while the connection is down.
describe.runIf(process.env.REDIS_URL)('a Redis store whose connection drops while running', () => {
  it('fails every call within the timeout, refused or black-holed, and works again once Redis is back', async () => {
    const target = new URL(process.env.REDIS_URL as string);
    const relay = await startTcpRelay({ host: target.hostname, port: Number(target.port || 6379) });
    const errors: unknown[] = [];
    const stores = await openKeyValueStores(
      `redis://${relay.host}:${relay.port}/8`,
      (error) => errors.push(error),
      { timeoutMs: 500 },
    );
    try {
      const subscriptions = new SubscriptionStore(
        stores.namespaces.subscriptions,
        stores.atomic.subscriptions,
      );
      await stores.namespaces.subscriptions.clear();
      const record = subscription(11);
      await subscriptions.save(record);
      const bounded = async (what: string, call: () => Promise<unknown>) => {
        const startedAt = performance.now();
        const outcome = await call().then(
          () => 'answered',
          (error: Error) => error.name,
        );
        return { what, outcome, ms: Math.round(performance.now() - startedAt) };
      };
      const calls = () => [
        bounded('save', () => subscriptions.save({ ...record, quiet: true })),
        bounded('read', () => subscriptions.read(record.id)),
        bounded('claim', () => subscriptions.saveIfSlotUnchanged(record, { ...record, quiet: true })),
        bounded('list', () => subscriptions.loadAll()),
      ];
      for (const mode of ['refuse', 'blackhole'] as const) {
        relay.setMode(mode);
        const outcomes = await Promise.all(calls());
        console.info(
          `Redis ${mode}: ${outcomes.map((o) => `${o.what} ${o.outcome} in ${o.ms} ms`).join(', ')}`,
        );
        for (const { what, outcome, ms } of outcomes) {
          // A failure, never a missing record or a write that looked saved.
          expect(outcome, `${mode}: ${what}`).not.toBe('answered');
          expect(ms, `${mode}: ${what}`).toBeLessThan(1500);
        }
        expect(await stores.ping()).toBe(false);
        relay.setMode('forward');
        const startedAt = Date.now();
        while (!(await stores.ping()) && Date.now() - startedAt < 10_000)
          await new Promise((resolve) => setTimeout(resolve, 100));
        expect(await subscriptions.read(record.id)).toMatchObject({ id: record.id });
      }
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      await stores.close();
      await relay.close();
    }
  }, 30_000);
});
