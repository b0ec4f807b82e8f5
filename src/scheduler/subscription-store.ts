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

export class SubscriptionStore {
  constructor(private readonly store: Keyv) {}

  async loadAll(): Promise<LoadedSubscriptions> {
    const subscriptions: Subscription[] = [];
    const unreadable: UnreadableRecord[] = [];
    if (!this.store.iterator) throw new Error('This keyv store cannot list its records.');
    for await (const [key, value] of this.store.iterator(undefined)) {
      const parsed = subscriptionSchema.safeParse(value);
      if (parsed.success) subscriptions.push(parsed.data);
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
