// Opens the keyv namespaces sitrep persists into: SQLite (the default, one host), or Redis or
// PostgreSQL (a store several hosts share). SQLite gets WAL and a busy timeout because @keyv/sqlite
// leaves both off: with two processes on one file, a write otherwise fails with SQLITE_BUSY and keyv
// reports it only as `false`.
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import KeyvPostgres from '@keyv/postgres';
import KeyvRedis from '@keyv/redis';
import KeyvSqlite from '@keyv/sqlite';
import Keyv, { type KeyvOptions, type KeyvStoreAdapter } from 'keyv';
import { UserError } from '../result.js';

/** Plain JSON; text that does not parse becomes a value the record schemas reject, so one bad row is skipped, not fatal. */
const tolerantSerialization = {
  serialize: (data: unknown) => JSON.stringify(data),
  deserialize: (text: string) => {
    try {
      return JSON.parse(text);
    } catch {
      return { value: { unreadable: text.slice(0, 200) }, expires: undefined };
    }
  },
};

const storeNamespaces = ['subscriptions', 'ledger'] as const;
export type StoreNamespace = (typeof storeNamespaces)[number];

/** Atomic replacement of one record, for a claim two processes may race for. */
export interface AtomicRecords {
  /** The record stored under `key` as written (serialized text), or undefined. */
  getRaw(key: string): Promise<string | undefined>;
  /** Stores `value` under `key` only if the record is still `expectedRaw`; false if it changed. */
  replaceIf(key: string, expectedRaw: string, value: unknown): Promise<boolean>;
  /** What `value` looks like stored: to compare with getRaw. */
  parseRaw(raw: string): unknown;
}

export interface KeyValueStores {
  namespaces: Record<StoreNamespace, Keyv>;
  atomic: Record<StoreNamespace, AtomicRecords>;
  /** Where the data lives, safe to log (credentials removed). */
  description: string;
  /** True when the database answers a query within 2 s. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

class StoreWriteError extends UserError {
  constructor(namespace: string, key: string) {
    super(
      'sitrep could not save that: its database is not accepting changes right now (locked by another program, full, or read-only). Nothing was changed. Please try again later; the operator can see why in the logs.',
      `Could not write ${namespace}/${key} to the store (it may be locked, full or read-only); nothing was changed.`,
    );
    this.name = 'StoreWriteError';
  }
}

/** Writes and checks the result: keyv returns false instead of throwing when the store refuses. */
export async function setOrThrow(store: Keyv, key: string, value: unknown): Promise<void> {
  const written = await store.set(key, value);
  if (written !== true) throw new StoreWriteError(store.namespace ?? 'store', key);
}

/** "sqlite://data/sitrep.sqlite" -> absolute file path. */
function sqlitePath(storeUrl: string): string {
  return resolve(storeUrl.replace(/^sqlite:\/\//, ''));
}

function describeStoreUrl(storeUrl: string): string {
  try {
    const url = new URL(storeUrl);
    if (url.password) url.password = '***';
    return url.protocol === 'sqlite:' ? `sqlite ${sqlitePath(storeUrl)}` : url.toString();
  } catch {
    return storeUrl.split(':')[0] ?? 'store';
  }
}

/** One engine's adapters: how to open one per namespace, check the server, and close them. */
interface Engine {
  open(namespace: StoreNamespace): Promise<{
    adapter: KeyvStoreAdapter;
    keyvOptions?: Partial<KeyvOptions>;
    /**
     * Writes `next` over a key (as keyv hands it to the adapter) only while it still holds
     * `expected` (serialized text), atomically.
     */
    compareAndSet(adapterKey: string, expected: string, next: string): Promise<boolean>;
  }>;
  /** Runs a trivial query on one adapter; throws when the server does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

async function sqliteEngine(storeUrl: string, maxSizeMb: number | undefined): Promise<Engine> {
  const file = sqlitePath(storeUrl);
  await mkdir(dirname(file), { recursive: true });
  const adapters: KeyvSqlite[] = [];
  return {
    async open() {
      const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 5000, iterationLimit: 1000 });
      await adapter.query('PRAGMA journal_mode=WAL');
      // A cap on the file, for small disks: past it writes fail cleanly (SQLITE_FULL), nothing is lost.
      if (maxSizeMb !== undefined) {
        const pageSize = Number((await adapter.query('PRAGMA page_size'))[0]?.page_size ?? 4096);
        await adapter.query(
          `PRAGMA max_page_count = ${Math.max(1, Math.floor((maxSizeMb * 1024 * 1024) / pageSize))}`,
        );
      }
      adapters.push(adapter);
      return {
        adapter,
        async compareAndSet(adapterKey, expected, next) {
          const rows = await adapter.query(
            'UPDATE keyv SET value = ? WHERE key = ? AND value = ? RETURNING key',
            next,
            adapterKey,
            expected,
          );
          return rows.length === 1;
        },
      };
    },
    async ping() {
      await adapters[0]?.query('SELECT 1 FROM keyv LIMIT 1');
    },
    async close() {
      await Promise.all(adapters.map((adapter) => adapter.close()));
    },
  };
}

/** Redis runs a script atomically: no other command runs between its GET and its SET. */
const compareAndSetScript =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) return 1 else return 0 end";

interface RedisEval {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

function redisEngine(storeUrl: string): Engine {
  const adapters: KeyvRedis<unknown>[] = [];
  return {
    async open(namespace) {
      const adapter = new KeyvRedis(storeUrl, { namespace, throwOnConnectError: true });
      await adapter.client.connect().catch((error: Error) => {
        if (!/already|open/i.test(error.message)) throw error;
      });
      adapters.push(adapter);
      return {
        adapter,
        // The adapter prefixes keys with the namespace itself; keyv must not add a second prefix.
        keyvOptions: { useKeyPrefix: false },
        async compareAndSet(adapterKey, expected, next) {
          const swapped = await (adapter.client as unknown as RedisEval).eval(compareAndSetScript, {
            keys: [adapter.createKeyPrefix(adapterKey, namespace)],
            arguments: [expected, next],
          });
          return swapped === 1;
        },
      };
    },
    async ping() {
      await (adapters[0]?.client as { ping(): Promise<string> } | undefined)?.ping();
    },
    async close() {
      await Promise.all(adapters.map((adapter) => adapter.disconnect()));
    },
  };
}

function postgresEngine(storeUrl: string): Engine {
  const adapters: KeyvPostgres[] = [];
  return {
    async open() {
      const adapter = new KeyvPostgres({ uri: storeUrl, table: 'keyv', iterationLimit: 1000 });
      adapters.push(adapter);
      return {
        adapter,
        async compareAndSet(adapterKey, expected, next) {
          const rows = await adapter.query(
            'UPDATE public.keyv SET value = $1 WHERE key = $2 AND value = $3 RETURNING key',
            [next, adapterKey, expected],
          );
          return rows.length === 1;
        },
      };
    },
    async ping() {
      await adapters[0]?.query('SELECT 1');
    },
    async close() {
      // @keyv/postgres keeps one connection pool per process for the URI, shared by every store
      // opened on it: end it once, and let a second close of the same pool pass.
      await adapters[0]?.disconnect().catch((error: Error) => {
        if (!/more than once/.test(error.message)) throw error;
      });
    },
  };
}

export async function openKeyValueStores(
  storeUrl: string,
  onError: (error: unknown, namespace: StoreNamespace) => void,
  { maxSizeMb }: { maxSizeMb?: number } = {},
): Promise<KeyValueStores> {
  const scheme = storeUrl.split(':')[0]?.toLowerCase();
  const engine =
    scheme === 'sqlite'
      ? await sqliteEngine(storeUrl, maxSizeMb)
      : scheme === 'redis' || scheme === 'rediss'
        ? redisEngine(storeUrl)
        : scheme === 'postgres' || scheme === 'postgresql'
          ? postgresEngine(storeUrl)
          : undefined;
  if (!engine)
    throw new Error(`STORE_URL ${describeStoreUrl(storeUrl)}: use sqlite://, redis:// or postgresql://`);
  const atomic = {} as Record<StoreNamespace, AtomicRecords>;
  const open = async (namespace: StoreNamespace) => {
    // One adapter per namespace: a shared adapter lists whichever namespace was set last.
    const { adapter, keyvOptions, compareAndSet } = await engine.open(namespace);
    const store = new Keyv({ store: adapter, namespace, ...keyvOptions, ...tolerantSerialization });
    store.on('error', (error: unknown) => onError(error, namespace));
    // Keyv hands the adapter the namespaced key unless the adapter namespaces keys itself.
    const adapterKey = (key: string) => (keyvOptions?.useKeyPrefix === false ? key : `${namespace}:${key}`);
    atomic[namespace] = {
      getRaw: async (key) => {
        const raw = (await adapter.get(adapterKey(key))) as unknown;
        return typeof raw === 'string' ? raw : undefined;
      },
      replaceIf: (key, expectedRaw, value) =>
        compareAndSet(
          adapterKey(key),
          expectedRaw,
          tolerantSerialization.serialize({ value, expires: undefined }),
        ),
      parseRaw: (raw) => (tolerantSerialization.deserialize(raw) as { value?: unknown }).value,
    };
    return store;
  };
  const namespaces = {
    subscriptions: await open('subscriptions'),
    ledger: await open('ledger'),
  };
  // A first query proves the server is there and the table exists before anything relies on it.
  await engine.ping();
  return {
    namespaces,
    atomic,
    description: describeStoreUrl(storeUrl),
    async ping() {
      try {
        await Promise.race([
          engine.ping(),
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error('store ping timed out')), 2000).unref(),
          ),
        ]);
        return true;
      } catch {
        return false;
      }
    },
    close: () => engine.close(),
  };
}
