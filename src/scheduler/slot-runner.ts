// What a due slot needs: post it, re-send an interrupted post with its first nonce, record it as
// missed, or nothing because it was handled already. The post itself is the caller's (delivery/).
import { createHash } from 'node:crypto';
import type { DigestNote } from '../briefs/digest-brief.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { type DeliveryRecord, type Subscription, withDelivery } from '../store/subscription.js';
import type { ActiveSubscriptions } from './active-subscriptions.js';
import { onTimeToleranceMs, type SlotRun } from './digest-scheduler.js';
import type { KeyedLock } from './keyed-lock.js';
import { type Slot, SlotCalculator } from './schedule.js';

/**
 * How long after an interrupted send it is re-sent with the same nonce. Discord drops a repeated
 * nonce only "within the past few minutes"; past this, a re-send could post a second copy.
 */
export const nonceResendWindowMs = 3 * 60_000;

/** 25 characters, the same for the same subscription and slot, so a re-send after a crash is dropped. */
export function deliveryNonce(subscriptionId: string, slotKey: string): string {
  return createHash('sha256').update(`${subscriptionId}|${slotKey}`).digest('base64url').slice(0, 25);
}

export interface DeliveryRequest {
  kind: DeliveryRecord['kind'];
  /** Whether this post becomes the baseline the next digest reports changes from. */
  advances: boolean;
  slot?: Slot;
  nonce?: string;
  note?: DigestNote;
}

export interface SlotRunnerOptions {
  subscriptions: ActiveSubscriptions;
  locks: KeyedLock;
  clock: Clock;
  log: Logger;
  graceMs: number;
  /** Posts a digest; runs under the subscription's lock. */
  deliver(subscriptionId: string, request: DeliveryRequest): Promise<unknown>;
  /** Told of each subscription found with slots missed beyond the grace period (metrics). */
  onMissed?(): void;
}

export class SlotRunner {
  constructor(private readonly options: SlotRunnerOptions) {}

  async runSlot({ subscriptionId, slot, lateByMs }: SlotRun): Promise<void> {
    const { subscriptions, locks, clock } = this.options;
    await locks.run(subscriptionId, async () => {
      const subscription = await subscriptions.storedNow(subscriptionId);
      if (!subscription || subscription.paused) return;
      if (slot.dueAt <= Date.parse(subscription.activeSince)) return;
      const last = subscription.lastSlot;
      let nonce = deliveryNonce(subscription.id, slot.key);
      if (last && Date.parse(last.dueAt) >= slot.dueAt) {
        // Already handled, unless a crash interrupted the send: then send again with the same nonce,
        // and Discord drops the copy if the first one arrived.
        if (last.key !== slot.key || last.state !== 'sending') return;
        const claimedAt = Date.parse(last.claimedAt ?? last.dueAt);
        if (clock.now().getTime() - claimedAt > nonceResendWindowMs) {
          await subscriptions.save(
            withDelivery(
              { ...subscription, lastSlot: { ...last, state: 'done' } },
              {
                at: subscriptions.nowIso(),
                slotKey: slot.key,
                kind: 'scheduled',
                result: 'failed',
                detail: 'interrupted while sending; not re-sent, as Discord may already show it',
              },
            ),
          );
          return;
        }
        nonce = last.nonce;
      }
      const late = lateByMs > onTimeToleranceMs;
      const note: DigestNote | undefined = late
        ? { kind: 'late', dueAt: new Date(slot.dueAt) }
        : slot.shifted
          ? { kind: 'shifted', localTime: slot.key.slice(11) }
          : undefined;
      await this.options.deliver(subscription.id, {
        kind: late ? 'late' : 'scheduled',
        advances: true,
        slot,
        nonce,
        note,
      });
    });
  }

  /**
   * Slots that fell due while the bot was down and are older than the grace period are skipped;
   * this records them (count and latest) so /digest list can say so. Newer ones the scheduler posts.
   */
  async recordDowntime(subscription: Subscription): Promise<void> {
    const { subscriptions, clock, log } = this.options;
    const cutoff = clock.now().getTime() - this.options.graceMs;
    const calculator = new SlotCalculator(subscription.schedule.cron, subscription.timeZone);
    const since = Math.max(
      Date.parse(subscription.activeSince),
      subscription.lastSlot ? Date.parse(subscription.lastSlot.dueAt) : 0,
    );
    let latest: Slot | undefined;
    let count = 0;
    for (
      let slot = calculator.next(since);
      slot && slot.dueAt <= cutoff && count < 10_000;
      slot = calculator.next(slot.dueAt)
    ) {
      latest = slot;
      count++;
    }
    if (!latest) return;
    const missed = latest;
    this.options.onMissed?.();
    log.warn(
      { subscription: subscription.id, missed: count, latest: missed.key },
      'slot missed beyond the grace period',
    );
    await subscriptions.save(
      withDelivery(
        {
          ...subscription,
          lastSlot: {
            key: missed.key,
            dueAt: new Date(missed.dueAt).toISOString(),
            state: 'done',
            nonce: '',
          },
        },
        {
          at: subscriptions.nowIso(),
          slotKey: missed.key,
          kind: 'scheduled',
          result: 'missed',
          detail: `${count === 1 ? '1 digest' : `${count} digests`} missed while sitrep was offline, beyond the grace period`,
        },
      ),
    );
  }

  async recordMissed(subscriptionId: string, slot: Slot): Promise<void> {
    const { subscriptions, locks } = this.options;
    await locks.run(subscriptionId, async () => {
      const subscription = await subscriptions.storedNow(subscriptionId);
      if (!subscription || subscription.paused) return;
      if (slot.dueAt <= Date.parse(subscription.activeSince)) return;
      if (subscription.lastSlot && Date.parse(subscription.lastSlot.dueAt) >= slot.dueAt) return;
      await subscriptions.save(
        withDelivery(
          {
            ...subscription,
            lastSlot: { key: slot.key, dueAt: new Date(slot.dueAt).toISOString(), state: 'done', nonce: '' },
          },
          {
            at: subscriptions.nowIso(),
            slotKey: slot.key,
            kind: 'scheduled',
            result: 'missed',
            detail: 'missed while sitrep was offline, beyond the grace period',
          },
        ),
      );
    });
  }
}
