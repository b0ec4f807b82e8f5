// Opens the keyv namespaces sitrep persists into: SQLite (the default, one host), or Redis or
// PostgreSQL (a store several hosts share). SQLite gets WAL and a busy timeout because @keyv/sqlite
// leaves both off: with two processes on one file, a write otherwise fails with SQLITE_BUSY and keyv
// reports it only as `false`. Its directory is created private (0700) and its file 0600.
//
// A server store is bounded in time (issue 15): connecting gives up after `timeoutMs` with a line
// saying where it tried, and every call fails within `timeoutMs` instead of waiting for a connection
// that dropped (node-redis otherwise queues calls until it reconnects, for ever). A failed call fails:
// keyv's default turns a failed read into "no record" and a failed Redis write into success.
import { chmod, mkdir, open, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import KeyvPostgres from '@keyv/postgres';
import KeyvRedis from '@keyv/redis';
import KeyvSqlite from '@keyv/sqlite';
import Keyv, { type KeyvOptions, type KeyvStoreAdapter } from 'keyv';
import { wordsIn } from '../i18n/words.js';
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

const storeNamespaces = ['subscriptions', 'ledger', 'watches', 'servers'] as const;
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
  /** True when the database answers a query within 2 s (or the store's timeout, if shorter). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

class StoreWriteError extends UserError {
  constructor(namespace: string, key: string) {
    super(
      wordsIn('en').t('bot.storeWriteRefused'),
      `Could not write ${namespace}/${key} to the store (it may be locked, full or read-only); nothing was changed.`,
      'bot.storeWriteRefused',
    );
    this.name = 'StoreWriteError';
  }
}

/** Writes and checks the result: a refused write (false, or an error) is a StoreWriteError. */
export async function setOrThrow(store: Keyv, key: string, value: unknown): Promise<void> {
  const written = await store.set(key, value).catch(() => false);
  if (written !== true) throw new StoreWriteError(store.namespace ?? 'store', key);
}

/** How long connecting to a server store, and one call to it, may take by default. */
const defaultTimeoutMs = 5000;

/** A call to a server store that got no answer in time. */
class StoreTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`the store did not answer within ${timeoutMs / 1000} s`);
    this.name = 'StoreTimeoutError';
  }
}

/** The adapter methods keyv and sitrep call; each is bounded in time on a server store. */
const boundedMethods = new Set<PropertyKey>([
  'get',
  'getMany',
  'set',
  'setMany',
  'delete',
  'deleteMany',
  'clear',
  'has',
  'hasMany',
  'iterator',
]);

/**
 * The adapter with every call raced against `bound` (an iterator: each step). The calls run on the
 * adapter itself; only their promises are bounded.
 */
function boundedAdapter<T extends object>(adapter: T, bound: <R>(work: Promise<R>) => Promise<R>): T {
  return new Proxy(adapter, {
    // Properties, and methods, are read from and run on the adapter itself (its private state with it).
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (!boundedMethods.has(property)) return (...args: unknown[]) => method.apply(target, args);
      if (property === 'iterator')
        return (...args: unknown[]) => {
          const steps = method.apply(target, args) as AsyncGenerator<unknown>;
          return {
            [Symbol.asyncIterator]() {
              return this;
            },
            next: () => bound(steps.next()),
            return: (result: unknown) => steps.return(result),
            throw: (error: unknown) => steps.throw(error),
          };
        };
      return (...args: unknown[]) => bound(Promise.resolve(method.apply(target, args)));
    },
  });
}

function withTimeout<T>(work: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message())), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}

/** "sqlite://data/sitrep.sqlite" -> absolute file path. */
function sqlitePath(storeUrl: string): string {
  return resolve(storeUrl.replace(/^sqlite:\/\//, ''));
}

/** Query parameters that carry credentials in Redis and PostgreSQL URLs (password=, sslkey=, ...). */
const secretParameter = /pass|secret|token|key|auth|credential/i;

/**
 * Where the store is, safe to log: a password in the user part or in the query string (`?password=`)
 * is replaced by ***. Anything that does not parse is reduced to its scheme.
 */
export function describeStoreUrl(storeUrl: string): string {
  try {
    const url = new URL(storeUrl);
    if (url.protocol === 'sqlite:') return `sqlite ${sqlitePath(storeUrl.replace(/\?.*$/, ''))}`;
    if (url.password) url.password = '***';
    for (const name of [...url.searchParams.keys()])
      if (secretParameter.test(name)) url.searchParams.set(name, '***');
    return url.toString().replaceAll('%2A%2A%2A', '***');
  } catch {
    return storeUrl.split(':')[0] ?? 'store';
  }
}

/**
 * The SQLite file, created 0600 if new; an existing one readable by others is made 0600 (SQLite
 * gives its -wal and -shm files the database file's mode). Not ours to change: left as it is.
 */
async function privateFile(file: string): Promise<void> {
  await (await open(file, 'a', 0o600)).close();
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    const mode = await stat(path).then(
      (stats) => stats.mode & 0o777,
      () => undefined,
    );
    if (mode !== undefined && (mode & 0o077) !== 0) await chmod(path, 0o600).catch(() => undefined);
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
  // A new directory is the owner's alone; an existing one (the operator's choice) is left as it is.
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await privateFile(file);
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

interface RedisConnection {
  isReady: boolean;
  destroy(): unknown;
  connect(): Promise<unknown>;
}

function redisEngine(storeUrl: string, timeoutMs: number): Engine {
  const adapters: KeyvRedis<unknown>[] = [];
  let closed = false;
  const recycling = new Set<RedisConnection>();
  /**
   * node-redis bounds a call only until it is written: one written to a connection that stopped
   * answering (a black hole, not a reset) waits for ever, and so does everything after it. A call
   * that times out on a connection node-redis still thinks is up makes it start a new one.
   */
  const recycle = (connection: RedisConnection) => {
    if (closed || recycling.has(connection) || !connection.isReady) return;
    recycling.add(connection);
    Promise.resolve(connection.destroy())
      .catch(() => undefined)
      .then(() => (closed ? undefined : connection.connect()))
      .catch(() => undefined)
      .finally(() => recycling.delete(connection));
  };
  const bounded =
    (connection: RedisConnection) =>
    <R>(work: Promise<R>): Promise<R> =>
      withTimeout(work, timeoutMs, () => new StoreTimeoutError(timeoutMs).message).catch((error: Error) => {
        if (/did not answer within/.test(error.message)) {
          recycle(connection);
          throw new StoreTimeoutError(timeoutMs);
        }
        throw error;
      });
  return {
    async open(namespace) {
      const adapter = new KeyvRedis(
        {
          url: storeUrl,
          socket: {
            connectTimeout: timeoutMs,
            // Reconnects after a drop, backing off to every 2 s, for as long as the process runs.
            reconnectStrategy: (retries: number) => Math.min(2 ** retries * 100, 2000),
          },
          // While disconnected a call fails at once instead of waiting in a queue for the reconnect.
          disableOfflineQueue: true,
          commandOptions: { timeout: timeoutMs },
        },
        { namespace, throwOnConnectError: true, throwOnErrors: true, connectionTimeout: timeoutMs },
      );
      adapters.push(adapter);
      const connection = adapter.client as unknown as RedisConnection;
      const connecting = (adapter.client.connect() as Promise<unknown>).catch((error: Error) => {
        if (!/already|open/i.test(error.message)) throw error;
      });
      await withTimeout(
        connecting,
        timeoutMs,
        () => `could not connect to ${describeStoreUrl(storeUrl)} within ${timeoutMs / 1000} s`,
      );
      const bound = bounded(connection);
      return {
        adapter: boundedAdapter(adapter, bound),
        // The adapter prefixes keys with the namespace itself; keyv must not add a second prefix.
        keyvOptions: { useKeyPrefix: false },
        async compareAndSet(adapterKey, expected, next) {
          const swapped = await bound(
            (adapter.client as unknown as RedisEval).eval(compareAndSetScript, {
              keys: [adapter.createKeyPrefix(adapterKey, namespace)],
              arguments: [expected, next],
            }),
          );
          return swapped === 1;
        },
      };
    },
    async ping() {
      const adapter = adapters[0];
      if (!adapter) return;
      await bounded(adapter.client as unknown as RedisConnection)(
        (adapter.client as unknown as { ping(): Promise<string> }).ping(),
      );
    },
    async close() {
      closed = true;
      // A client still trying to connect (the server never answered) is stopped, not waited for.
      await Promise.all(
        adapters.map((adapter) =>
          adapter.disconnect(!(adapter.client as { isReady?: boolean }).isReady).catch(() => undefined),
        ),
      );
    },
  };
}

function postgresEngine(storeUrl: string, timeoutMs: number): Engine {
  const adapters: KeyvPostgres[] = [];
  return {
    async open() {
      // The pool's options (pg): a connection attempt and a query each give up after timeoutMs.
      const adapter = new KeyvPostgres({
        uri: storeUrl,
        table: 'keyv',
        iterationLimit: 1000,
        connectionTimeoutMillis: timeoutMs,
        query_timeout: timeoutMs,
      });
      adapters.push(adapter);
      const bound = <R>(work: Promise<R>) =>
        withTimeout(work, timeoutMs, () => new StoreTimeoutError(timeoutMs).message);
      return {
        adapter: boundedAdapter(adapter, bound),
        async compareAndSet(adapterKey, expected, next) {
          const rows = await bound(
            adapter.query('UPDATE public.keyv SET value = $1 WHERE key = $2 AND value = $3 RETURNING key', [
              next,
              adapterKey,
              expected,
            ]),
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
  {
    maxSizeMb,
    timeoutMs = defaultTimeoutMs,
  }: {
    maxSizeMb?: number;
    /** Server stores: connecting, and each call, give up after this long. */
    timeoutMs?: number;
  } = {},
): Promise<KeyValueStores> {
  const scheme = storeUrl.split(':')[0]?.toLowerCase();
  const engine =
    scheme === 'sqlite'
      ? await sqliteEngine(storeUrl, maxSizeMb)
      : scheme === 'redis' || scheme === 'rediss'
        ? redisEngine(storeUrl, timeoutMs)
        : scheme === 'postgres' || scheme === 'postgresql'
          ? postgresEngine(storeUrl, timeoutMs)
          : undefined;
  if (!engine)
    throw new Error(`STORE_URL ${describeStoreUrl(storeUrl)}: use sqlite://, redis:// or postgresql://`);
  const atomic = {} as Record<StoreNamespace, AtomicRecords>;
  const open = async (namespace: StoreNamespace) => {
    // One adapter per namespace: a shared adapter lists whichever namespace was set last.
    const { adapter, keyvOptions, compareAndSet } = await engine.open(namespace);
    // throwOnErrors: a read that failed must not look like a missing record (keyv's default).
    const store = new Keyv({
      store: adapter,
      namespace,
      throwOnErrors: true,
      ...keyvOptions,
      ...tolerantSerialization,
    });
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
  const opening = async () => {
    const namespaces = {
      subscriptions: await open('subscriptions'),
      ledger: await open('ledger'),
      watches: await open('watches'),
      servers: await open('servers'),
    };
    // A first query proves the server is there and the table exists before anything relies on it.
    await engine.ping();
    return namespaces;
  };
  const namespaces = await (scheme === 'sqlite'
    ? opening()
    : withTimeout(
        opening(),
        timeoutMs * 2,
        () => `could not open ${describeStoreUrl(storeUrl)} within ${(timeoutMs * 2) / 1000} s`,
      )
  ).catch(async (error: unknown) => {
    await engine.close().catch(() => undefined);
    throw error;
  });
  return {
    namespaces,
    atomic,
    description: describeStoreUrl(storeUrl),
    async ping() {
      try {
        await withTimeout(engine.ping(), Math.min(2000, timeoutMs), () => 'store ping timed out');
        return true;
      } catch {
        return false;
      }
    },
    close: () => engine.close(),
  };
}
