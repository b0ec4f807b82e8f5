// The subscriptions this process runs, in memory, kept in step with the shared store they are saved in.
import type { Clock } from '../clock.js';
import type { Subscription } from '../store/subscription.js';
import type { SubscriptionStore } from '../store/subscription-store.js';

export class ActiveSubscriptions {
  private readonly byId = new Map<string, Subscription>();

  constructor(
    private readonly repository: SubscriptionStore,
    private readonly clock: Clock,
    /** Told when a subscription stops needing timers here (removed or paused by another process). */
    private readonly unschedule: (id: string) => void,
  ) {}

  get(id: string): Subscription | undefined {
    return this.byId.get(id);
  }

  /** Keeps a copy in memory only (after a save elsewhere, or when loading). */
  remember(subscription: Subscription): void {
    this.byId.set(subscription.id, subscription);
  }

  forget(id: string): void {
    this.byId.delete(id);
  }

  all(): IterableIterator<Subscription> {
    return this.byId.values();
  }

  get size(): number {
    return this.byId.size;
  }

  forGuild(guildId: string): Subscription[] {
    return [...this.byId.values()]
      .filter((subscription) => subscription.guildId === guildId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** A guild's subscription by the id a moderator typed (any case, spaces around). */
  find(guildId: string, id: string): Subscription | undefined {
    const subscription = this.byId.get(id.trim().toLowerCase());
    return subscription?.guildId === guildId ? subscription : undefined;
  }

  counts(): { active: number; paused: number } {
    let paused = 0;
    for (const subscription of this.byId.values()) if (subscription.paused) paused++;
    return { active: this.byId.size - paused, paused };
  }

  nowIso(): string {
    return this.clock.now().toISOString();
  }

  async save(subscription: Subscription): Promise<Subscription> {
    await this.repository.save(subscription);
    this.byId.set(subscription.id, subscription);
    return subscription;
  }

  async delete(id: string): Promise<void> {
    await this.repository.delete(id);
    this.byId.delete(id);
  }

  /** Saves `next` only if the stored slot state is still `expected`'s: of two processes, one wins. */
  async claimSlot(expected: Subscription, next: Subscription): Promise<boolean> {
    if (!(await this.repository.saveIfSlotUnchanged(expected, next))) return false;
    this.byId.set(next.id, next);
    return true;
  }

  /**
   * The subscription as the shared store holds it now, adopted here. While a re-shard rolls out, two
   * processes may both own a guild, and the other one may post slots, pause or remove the
   * subscription; a copy that missed those would claim its next slot against an old one forever.
   */
  async storedNow(id: string): Promise<Subscription | undefined> {
    const mine = this.byId.get(id);
    if (!mine || !this.repository.shared) return mine;
    const stored = await this.repository.read(id);
    if (stored === 'unreadable') return mine;
    if (!stored) {
      this.byId.delete(id);
      this.unschedule(id);
      return undefined;
    }
    this.byId.set(id, stored);
    if (stored.paused) this.unschedule(id);
    return stored;
  }
}
