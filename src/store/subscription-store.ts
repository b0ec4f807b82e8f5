// Subscriptions in keyv: one record per subscription, validated on every read.
import type Keyv from 'keyv';
import { type AtomicRecords, type KeyValueStores, setOrThrow } from './keyv-stores.js';
import { type Subscription, subscriptionSchema } from './subscription.js';

interface UnreadableRecord {
  key: string;
  reason: string;
}

export interface LoadedSubscriptions {
  subscriptions: Subscription[];
  /** Records that failed the schema: reported, left in place for an operator, never deleted silently. */
  unreadable: UnreadableRecord[];
}

/**
 * One copy of each repeated string (schedules, zones, enum values): JSON.parse makes a new string per
 * record, and 10,000 copies of "every day at 08:00" are memory for nothing.
 */
class StringPool {
  private readonly strings = new Map<string, string>();
  get(value: string): string {
    const existing = this.strings.get(value);
    if (existing !== undefined) return existing;
    this.strings.set(value, value);
    return value;
  }
}

function shareStrings(subscription: Subscription, pool: StringPool): Subscription {
  return {
    ...subscription,
    channelName: pool.get(subscription.channelName),
    schedule: {
      input: pool.get(subscription.schedule.input),
      cron: pool.get(subscription.schedule.cron),
      description: pool.get(subscription.schedule.description),
    },
    timeZone: pool.get(subscription.timeZone),
    topics: subscription.topics.map((topic) => pool.get(topic)),
    createdBy: pool.get(subscription.createdBy),
    history: subscription.history.map((record) => ({
      ...record,
      kind: pool.get(record.kind) as typeof record.kind,
      result: pool.get(record.result) as typeof record.result,
      ...(record.detail === undefined ? {} : { detail: pool.get(record.detail) }),
    })),
  };
}

/** A slot state as one comparable string ("none" when no slot was handled yet). */
function slotIdentity(slot: Subscription['lastSlot']): string {
  return slot ? [slot.key, slot.dueAt, slot.state, slot.nonce, slot.claimedAt ?? ''].join('|') : 'none';
}

export class SubscriptionStore {
  private readonly pool = new StringPool();

  /** The repository a digest service needs: records and their compare-and-set claim together. */
  static open(stores: KeyValueStores): SubscriptionStore {
    return new SubscriptionStore(stores.namespaces.subscriptions, stores.atomic.subscriptions);
  }

  /**
   * `atomic` is the same namespace's compare-and-set access. Without it the repository reads and
   * saves (tools, tests that inspect records) but refuses to claim a slot, rather than silently
   * claiming with a plain save that two processes could both win.
   */
  constructor(
    private readonly store: Keyv,
    private readonly atomic?: AtomicRecords,
  ) {}

  /**
   * Saves `next` only if the stored record still has `expected`'s slot state, atomically: of two
   * processes claiming one slot (a re-shard moved the guild), one wins. True when saved.
   */
  async saveIfSlotUnchanged(expected: Subscription, next: Subscription): Promise<boolean> {
    if (!this.atomic) {
      throw new Error(
        'This subscription store was opened without its atomic claim; open it with SubscriptionStore.open(stores).',
      );
    }
    const raw = await this.atomic.getRaw(expected.id);
    if (raw === undefined) return false;
    const stored = subscriptionSchema.safeParse(this.atomic.parseRaw(raw));
    if (!stored.success || slotIdentity(stored.data.lastSlot) !== slotIdentity(expected.lastSlot))
      return false;
    return this.atomic.replaceIf(expected.id, raw, subscriptionSchema.parse(next));
  }

  async loadAll(): Promise<LoadedSubscriptions> {
    const subscriptions: Subscription[] = [];
    const unreadable: UnreadableRecord[] = [];
    if (!this.store.iterator) throw new Error('This keyv store cannot list its records.');
    for await (const [key, value] of this.store.iterator(undefined)) {
      const parsed = subscriptionSchema.safeParse(value);
      if (parsed.success) subscriptions.push(shareStrings(parsed.data, this.pool));
      else {
        const reason = parsed.error.issues
          .slice(0, 3)
          .map((issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`)
          .join('; ');
        unreadable.push({ key: String(key), reason });
      }
    }
    return { subscriptions, unreadable };
  }

  /** Whether other processes may write these records: then a copy in memory can fall behind. */
  get shared(): boolean {
    return this.atomic !== undefined;
  }

  /** One record as stored now: undefined when there is none, 'unreadable' when it fails the schema. */
  async read(id: string): Promise<Subscription | undefined | 'unreadable'> {
    const value: unknown = await this.store.get(id);
    if (value === undefined) return undefined;
    const parsed = subscriptionSchema.safeParse(value);
    return parsed.success ? shareStrings(parsed.data, this.pool) : 'unreadable';
  }

  async save(subscription: Subscription): Promise<void> {
    await setOrThrow(this.store, subscription.id, subscriptionSchema.parse(subscription));
  }

  async delete(id: string): Promise<void> {
    await this.store.delete(id);
  }
}
