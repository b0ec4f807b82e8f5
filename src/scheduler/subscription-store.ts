// Subscriptions in keyv: one record per subscription, validated on every read.
import type Keyv from 'keyv';
import { setOrThrow } from './keyv-stores.js';
import { type Subscription, subscriptionSchema } from './subscription.js';

export interface UnreadableRecord {
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

export class SubscriptionStore {
  private readonly pool = new StringPool();

  constructor(private readonly store: Keyv) {}

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

  async save(subscription: Subscription): Promise<void> {
    await setOrThrow(this.store, subscription.id, subscriptionSchema.parse(subscription));
  }

  async delete(id: string): Promise<void> {
    await this.store.delete(id);
  }
}
