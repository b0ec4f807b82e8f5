// Watchers in keyv: one record per user, keyed by their user id, validated on every read. Every change
// goes through compare-and-set, so a /watch add in one process and a delivery in another never undo
// each other, and of two processes claiming one message, one wins.
import type Keyv from 'keyv';
import type { z } from 'zod';
import { type AtomicRecords, type KeyValueStores, setOrThrow } from './keyv-stores.js';
import { type Watcher, type WatcherDelivery, type WatcherRecord, watcherSchema } from './watch.js';

interface UnreadableWatcher {
  key: string;
  reason: string;
}

export interface LoadedWatchers {
  watchers: Watcher[];
  /** Records that failed the schema: reported, left in place for an operator, never deleted silently. */
  unreadable: UnreadableWatcher[];
}

export type WatcherUpdate =
  | { outcome: 'saved'; watcher: Watcher }
  /** The change asked for nothing (or there was no record and it made none). */
  | { outcome: 'unchanged'; watcher: Watcher | undefined }
  | { outcome: 'unreadable' };

/** Compare-and-set attempts before giving up; each failed one means another writer changed the record. */
const maxUpdateAttempts = 8;

/**
 * A random wait before trying again, longer each time: two writers retrying in lock-step (measured on
 * Redis, where a round trip takes a fraction of a millisecond) otherwise keep invalidating each other.
 */
const backOff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** attempt * 2));

const issuesOf = (error: z.ZodError) =>
  error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`)
    .join('; ');

export class WatchStore {
  static open(stores: KeyValueStores): WatchStore {
    return new WatchStore(stores.namespaces.watches, stores.atomic.watches);
  }

  constructor(
    private readonly store: Keyv,
    private readonly atomic: AtomicRecords,
  ) {}

  async loadAll(): Promise<LoadedWatchers> {
    const loaded: LoadedWatchers = { watchers: [], unreadable: [] };
    if (!this.store.iterator) throw new Error('This keyv store cannot list its records.');
    for await (const [key, value] of this.store.iterator(undefined)) {
      const parsed = watcherSchema.safeParse(value);
      if (parsed.success) loaded.watchers.push(parsed.data);
      else loaded.unreadable.push({ key: String(key), reason: issuesOf(parsed.error) });
    }
    return loaded;
  }

  /** One record as stored now: undefined when there is none, 'unreadable' when it fails the schema. */
  async read(userId: string): Promise<Watcher | undefined | 'unreadable'> {
    const value: unknown = await this.store.get(userId);
    if (value === undefined) return undefined;
    const parsed = watcherSchema.safeParse(value);
    return parsed.success ? parsed.data : 'unreadable';
  }

  /** Writes a record whole, whatever is stored: for tools and tests; the bot changes records with `update`. */
  async save(watcher: WatcherRecord): Promise<void> {
    await setOrThrow(this.store, watcher.userId, watcherSchema.parse(watcher));
  }

  /** Forgets a user entirely; true when there was a record. */
  async delete(userId: string): Promise<boolean> {
    return this.store.delete(userId);
  }

  /**
   * Applies `change` to the record as stored now and saves the result only if nobody changed the
   * record meanwhile; otherwise reads it again and re-applies `change`. `change` returns undefined to
   * leave the record as it is. An unreadable record is never overwritten.
   *
   * A record that does not exist yet is created with a plain write: two processes creating one user's
   * first watch in the same instant would keep only one of the two watches.
   */
  async update(
    userId: string,
    change: (current: Watcher | undefined) => Watcher | undefined,
  ): Promise<WatcherUpdate> {
    for (let attempt = 0; attempt < maxUpdateAttempts; attempt++) {
      if (attempt > 0) await backOff(attempt);
      const raw = await this.atomic.getRaw(userId);
      if (raw === undefined) {
        const created = change(undefined);
        if (created === undefined) return { outcome: 'unchanged', watcher: undefined };
        await this.save(created);
        return { outcome: 'saved', watcher: created };
      }
      const parsed = watcherSchema.safeParse(this.atomic.parseRaw(raw));
      if (!parsed.success) return { outcome: 'unreadable' };
      const next = change(parsed.data);
      if (next === undefined) return { outcome: 'unchanged', watcher: parsed.data };
      const checked = watcherSchema.parse(next);
      if (await this.atomic.replaceIf(userId, raw, checked)) return { outcome: 'saved', watcher: checked };
    }
    throw new Error(
      `watcher ${userId}: the record kept changing under ${maxUpdateAttempts} attempts to update it`,
    );
  }

  /**
   * Claims the message covering ledger changes up to `delivery.stamp`, atomically: it succeeds only
   * for a watcher that is not paused, has not had those changes yet, and has no other message being
   * sent. Of two processes claiming it, one gets the claimed record and the other undefined.
   */
  async claim(userId: string, delivery: Omit<WatcherDelivery, 'state'>): Promise<Watcher | undefined> {
    const result = await this.update(userId, (current) =>
      current &&
      !current.paused &&
      current.cursor < delivery.stamp &&
      current.lastDelivery?.state !== 'sending'
        ? { ...current, lastDelivery: { ...delivery, state: 'sending' } }
        : undefined,
    );
    return result.outcome === 'saved' ? result.watcher : undefined;
  }
}
