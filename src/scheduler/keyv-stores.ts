// Opens the keyv namespaces sitrep persists into. SQLite (the default) gets WAL and a busy timeout
// because @keyv/sqlite leaves both off: with two processes on one file, a write otherwise fails with
// SQLITE_BUSY and keyv reports it only as `false`.
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';

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

export const storeNamespaces = ['subscriptions', 'ledger'] as const;
export type StoreNamespace = (typeof storeNamespaces)[number];

export interface KeyValueStores {
  namespaces: Record<StoreNamespace, Keyv>;
  /** Where the data lives, safe to log (credentials removed). */
  description: string;
  /** True when the database answers a query within 2 s. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export class StoreWriteError extends Error {
  /** What the person whose command needed the write is told. */
  readonly userMessage =
    'sitrep could not save that: its database is not accepting changes right now (locked by another program, full, or read-only). Nothing was changed. Please try again later; the operator can see why in the logs.';
  constructor(namespace: string, key: string) {
    super(
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
export function sqlitePath(storeUrl: string): string {
  return resolve(storeUrl.replace(/^sqlite:\/\//, ''));
}

export function describeStoreUrl(storeUrl: string): string {
  try {
    const url = new URL(storeUrl);
    if (url.password) url.password = '***';
    return url.protocol === 'sqlite:' ? `sqlite ${sqlitePath(storeUrl)}` : url.toString();
  } catch {
    return storeUrl.split(':')[0] ?? 'store';
  }
}

export async function openKeyValueStores(
  storeUrl: string,
  onError: (error: unknown, namespace: StoreNamespace) => void,
  { maxSizeMb }: { maxSizeMb?: number } = {},
): Promise<KeyValueStores> {
  if (!storeUrl.startsWith('sqlite://')) {
    throw new Error(
      `STORE_URL ${describeStoreUrl(storeUrl)}: only sqlite:// stores are supported by this version. See docs for the SQLite default.`,
    );
  }
  const file = sqlitePath(storeUrl);
  await mkdir(dirname(file), { recursive: true });
  const adapters: KeyvSqlite[] = [];
  const open = async (namespace: StoreNamespace) => {
    // One adapter per namespace: a shared adapter lists whichever namespace was set last.
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
    const store = new Keyv({ store: adapter, namespace, ...tolerantSerialization });
    store.on('error', (error: unknown) => onError(error, namespace));
    return store;
  };
  const namespaces = {
    subscriptions: await open('subscriptions'),
    ledger: await open('ledger'),
  };
  return {
    namespaces,
    description: describeStoreUrl(storeUrl),
    async ping() {
      try {
        await Promise.race([
          adapters[0]?.query('SELECT 1 FROM keyv LIMIT 1'),
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error('store ping timed out')), 2000).unref(),
          ),
        ]);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await Promise.all(adapters.map((adapter) => adapter.close()));
    },
  };
}
