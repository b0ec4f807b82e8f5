// Posting one digest exactly once: build it, draw its map if asked (never waiting long for it), claim
// its slot, send it with a nonce, record the result, and pause a subscription whose channel Discord
// says is gone or closed to us.
import { randomBytes } from 'node:crypto';
import { buildDigestBrief, type Digest, type DigestNote } from '../briefs/digest-brief.js';
import type { FactStore } from '../data/fact-store.js';
import type { Logger } from '../log.js';
import type { DigestMapCache, PlaceMap } from '../render/map/place-map.js';
import type { ActiveSubscriptions } from '../scheduler/active-subscriptions.js';
import { type DeliveryRequest, deliveryNonce } from '../scheduler/slot-runner.js';
import type { FactLedger } from '../store/fact-ledger.js';
import {
  type DeliveryRecord,
  type DeliveryResult,
  type Publication,
  type PublicationState,
  pendingPublications,
  type Subscription,
  withDelivery,
  withPublication,
} from '../store/subscription.js';
import { digestMessage, digestThreadName, pausedNotice } from './digest-message.js';
import {
  classifyDeliveryError,
  classifyPublishError,
  type DeliveryFailure,
  type DigestMessage,
  type DigestPoster,
  LeftForRestart,
  withRetries,
} from './rest-poster.js';

export interface DeliveryReport {
  result: DeliveryRecord['result'];
  detail?: string;
  messageId?: string;
  /** For a digest its subscription publishes: published now, or pending (published later). */
  publication?: PublicationState;
  /** Not sent because the process is stopping; nothing was recorded, so the restart posts it. */
  leftForRestart?: true;
  /** Not sent because another process claimed the slot first (after a re-shard); it posts it. */
  claimedElsewhere?: true;
}

export interface ShutdownSummary {
  /** Digests whose post finished while stopping. */
  finished: number;
  /** Digests not sent; their slots are caught up after the restart. */
  leftForRestart: number;
}

const claimedElsewhereReport: DeliveryReport = {
  result: 'superseded',
  detail: 'claimed by another sitrep process, which posts it',
  claimedElsewhere: true,
};

const leftForRestartReport: DeliveryReport = {
  result: 'failed',
  detail: 'not sent: sitrep is shutting down; it posts after the restart',
  leftForRestart: true,
};

/** What delivery needs of the digest maps: a map of some changes, drawn or from the cache. */
export type DigestMaps = Pick<DigestMapCache, 'mapOf'>;

export interface DigestDeliveryOptions {
  subscriptions: ActiveSubscriptions;
  ledger: FactLedger;
  facts: () => FactStore;
  poster: DigestPoster;
  log: Logger;
  maps: DigestMaps;
  /** How long a digest waits for its map before it is posted without one. */
  mapWaitMs: number;
  retryDelaysMs?: readonly number[];
  onDelivery?(result: DeliveryResult): void;
  /** Told when a subscription is paused, so its timers stop. */
  unschedule(id: string): void;
  /** Told when a posted digest could not be published yet: publish the subscription's pending ones then. */
  publishLater?(id: string, afterMs: number): void;
}

/** Publish requests per digest before it is given up: a pending digest is never retried forever. */
export const publishAttemptLimit = 5;
/** When Discord failed to answer a publish, the next try is after this long (or at the next slot). */
const publishRetryAfterFailureMs = 30_000;

/** Whether a delivery of this subscription is published: announcement channels only, never a test. */
const publishes = (subscription: Subscription, kind: DeliveryRecord['kind']) =>
  subscription.publish && subscription.channelKind === 'announcement' && kind !== 'test';

export class DigestDelivery {
  private stopping = false;
  private finishedWhileStopping = 0;
  private leftForRestart = 0;

  constructor(private readonly options: DigestDeliveryOptions) {}

  /** From now on, posts not yet sent are left for the restart. */
  stop(): void {
    this.stopping = true;
    this.options.poster.close?.();
  }

  summary(): ShutdownSummary {
    return { finished: this.finishedWhileStopping, leftForRestart: this.leftForRestart };
  }

  /** The store a subscription's digest is written from: the current facts, in its language. */
  private factsFor(subscription: Subscription): FactStore {
    return this.options.facts().in(subscription.language);
  }

  buildDigest(subscription: Subscription, note?: DigestNote, facts = this.factsFor(subscription)): Digest {
    return buildDigestBrief({
      facts: facts.in(subscription.language),
      ledger: this.options.ledger,
      since: subscription.lastDigestAt ? new Date(subscription.lastDigestAt) : null,
      topics: subscription.topics,
      note,
    });
  }

  /** The next digest and the map it would carry, as a delivery now would build them. */
  async digestWithMap(subscription: Subscription): Promise<{ digest: Digest; map?: PlaceMap }> {
    const facts = this.factsFor(subscription);
    const digest = this.buildDigest(subscription, undefined, facts);
    const map = await this.mapFor(subscription, facts, digest);
    return map ? { digest, map } : { digest };
  }

  /** Must run under the subscription's lock. */
  async deliver(subscriptionId: string, request: DeliveryRequest): Promise<DeliveryReport> {
    const report = await this.deliverOnce(subscriptionId, request);
    if (report.leftForRestart) {
      this.leftForRestart++;
      return report;
    }
    if (report.claimedElsewhere) return report;
    if (this.stopping) this.finishedWhileStopping++;
    this.options.onDelivery?.(report.result);
    return report;
  }

  private async deliverOnce(subscriptionId: string, request: DeliveryRequest): Promise<DeliveryReport> {
    const { subscriptions, log } = this.options;
    // Digests posted earlier and not yet published go first, so followers get them in order.
    await this.publishPending(subscriptionId);
    const subscription = subscriptions.get(subscriptionId);
    if (!subscription) return { result: 'failed', detail: 'the subscription was removed' };
    const builtAt = subscriptions.nowIso();
    const facts = this.factsFor(subscription);
    const digest = this.buildDigest(subscription, request.note, facts);
    const slotState = request.slot
      ? { key: request.slot.key, dueAt: new Date(request.slot.dueAt).toISOString() }
      : undefined;
    // Slot posts derive their nonce from the slot, so a re-send after a crash is recognised; any other
    // post (initial, test) gets a fresh one, or two tests in one clock tick would collapse into one.
    const nonce =
      request.nonce ??
      deliveryNonce(subscription.id, `${request.kind}|${builtAt}|${randomBytes(6).toString('hex')}`);
    const record = (
      result: DeliveryRecord['result'],
      extra: Partial<DeliveryRecord> = {},
    ): DeliveryRecord => ({
      at: builtAt,
      slotKey: request.slot?.key,
      kind: request.kind,
      result,
      ...extra,
    });

    const nothingNew = digest.newFacts + digest.changedFacts === 0;
    if (
      request.kind !== 'initial' &&
      request.kind !== 'test' &&
      subscription.quiet &&
      subscription.lastDigestAt &&
      nothingNew
    ) {
      await subscriptions.save(
        withDelivery(
          {
            ...subscription,
            lastSlot: slotState ? { ...slotState, state: 'done', nonce } : subscription.lastSlot,
          },
          record('quiet', { detail: 'nothing new; quiet digests post nothing' }),
        ),
      );
      log.info({ subscription: subscription.id, slot: request.slot?.key }, 'digest quiet: nothing new');
      return { result: 'quiet' };
    }

    // Drawn before the claim, so a slow map never holds a claimed slot.
    const map = await this.mapFor(subscription, facts, digest);
    if (this.stopping) return leftForRestartReport;
    // Claim the slot before sending: a crash after this point re-sends with the same nonce.
    let claimed = subscription;
    if (slotState) {
      const next: Subscription = {
        ...subscription,
        lastSlot: { ...slotState, state: 'sending', nonce, claimedAt: builtAt },
      };
      if (!(await subscriptions.claimSlot(subscription, next))) {
        log.info(
          { subscription: subscription.id, slot: slotState.key },
          'slot already claimed by another process; not sent here',
        );
        return claimedElsewhereReport;
      }
      claimed = next;
    }
    const send = (message: DigestMessage) =>
      withRetries(
        () =>
          this.options.poster.post(subscription, message, {
            nonce,
            threadName: digestThreadName(digest, new Date(builtAt), subscription.timeZone),
          }),
        this.options.retryDelaysMs ?? [2_000, 10_000, 30_000],
        (failure, attempt) =>
          log.warn(
            { subscription: subscription.id, attempt, reason: failure.reason },
            'digest post failed; retrying',
          ),
      );
    try {
      let posted: { messageId: string };
      let mapLeftOut: string | undefined;
      try {
        posted = await send(digestMessage(digest, subscription, map));
      } catch (error) {
        const refusal = map && !(error instanceof LeftForRestart) ? mapRefusal(error) : undefined;
        if (!refusal) throw error;
        // Refused with the file (Attach Files taken away since subscribing, say): nothing was posted,
        // so the same nonce is still unused. A refusal of the text alone goes on to the usual outcomes.
        log.warn(
          { subscription: subscription.id, reason: refusal },
          'digest with its map refused; posting it without the map',
        );
        mapLeftOut = refusal;
        posted = await send(digestMessage(digest, subscription));
      }
      const { messageId } = posted;
      const details = [
        request.kind === 'late' ? 'posted late' : undefined,
        mapLeftOut ? `without its map: ${mapLeftOut}` : undefined,
      ].filter((detail) => detail !== undefined);
      const publish = publishes(subscription, request.kind);
      // Recorded as posted before publishing: a publish that fails or waits never re-posts the digest.
      await subscriptions.save(
        withDelivery(
          {
            ...claimed,
            lastSlot: slotState ? { ...slotState, state: 'done', nonce } : claimed.lastSlot,
            lastDigestAt: request.advances ? builtAt : claimed.lastDigestAt,
          },
          record('posted', {
            messageId,
            detail: details.length > 0 ? details.join('; ') : undefined,
            ...(publish ? { publication: { state: 'pending', attempts: 0 } } : {}),
          }),
        ),
      );
      log.info(
        {
          subscription: subscription.id,
          kind: request.kind,
          slot: request.slot?.key,
          new: digest.newFacts,
          changed: digest.changedFacts,
          map: map !== undefined && mapLeftOut === undefined,
        },
        'digest posted',
      );
      if (!publish) return { result: 'posted', messageId };
      await this.publishPending(subscription.id);
      const publication = subscriptions
        .get(subscription.id)
        ?.history.find((delivered) => delivered.messageId === messageId)?.publication?.state;
      return { result: 'posted', messageId, publication };
    } catch (error) {
      if (error instanceof LeftForRestart) {
        // Never sent: undo the claim, so the restart sees the slot as missed and posts it.
        await subscriptions.save({ ...claimed, lastSlot: subscription.lastSlot });
        return leftForRestartReport;
      }
      const failure = classifyDeliveryError(error);
      const settled = {
        ...claimed,
        lastSlot: slotState ? { ...slotState, state: 'done' as const, nonce } : claimed.lastSlot,
      };
      if (failure.kind === 'gone') {
        subscriptions.remember(settled);
        await this.pauseForFailure(subscription.id, failure, record('paused', { detail: failure.reason }));
        return { result: 'paused', detail: failure.reason };
      }
      log.error(
        { subscription: subscription.id, reason: failure.reason, kind: failure.kind },
        'digest not delivered',
      );
      await subscriptions.save(withDelivery(settled, record('failed', { detail: failure.reason })));
      return { result: 'failed', detail: failure.reason };
    }
  }

  /**
   * The map of a digest's changes when its subscription asks for one: undefined when nothing changed
   * (a quiet digest has no map), when the changes name no place it can draw, when drawing fails, or
   * when it is not ready within `mapWaitMs`. The digest then goes out without it, on time.
   */
  private async mapFor(
    subscription: Subscription,
    facts: FactStore,
    digest: Digest,
  ): Promise<PlaceMap | undefined> {
    if (!subscription.includeMap || digest.changes.length === 0) return undefined;
    const { log, maps, mapWaitMs } = this.options;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), mapWaitMs);
    });
    try {
      const map = await Promise.race([maps.mapOf(facts, digest.changes), late]);
      if (map !== 'late') return map;
      log.warn(
        { subscription: subscription.id, waitMs: mapWaitMs },
        'digest map not drawn in time: posting without it',
      );
    } catch (error) {
      log.warn(
        { err: error, subscription: subscription.id },
        'digest map drawing failed: posting without it',
      );
    } finally {
      clearTimeout(timer);
    }
    return undefined;
  }

  /**
   * Publishes the subscription's posted digests still waiting for it, oldest first, and records each
   * answer. Over Discord's limit (10 an hour per channel) or without an answer, a digest stays
   * pending and `publishLater` is told when to try again; it is given up after `publishAttemptLimit`
   * tries. Missing permissions pause the subscription; nothing else does. Under the lock.
   */
  async publishPending(subscriptionId: string): Promise<void> {
    const { subscriptions, log, poster } = this.options;
    for (const pending of pendingPublications(subscriptions.get(subscriptionId) ?? { history: [] })) {
      const subscription = subscriptions.get(subscriptionId);
      if (!subscription || subscription.paused || this.stopping) return;
      const attempts = pending.publication.attempts + 1;
      let publication: Publication = { state: 'published', attempts };
      let retryAfterMs: number | undefined;
      let pauseFor: Extract<DeliveryFailure, { kind: 'gone' }> | undefined;
      try {
        await poster.publish(subscription, pending.messageId);
      } catch (error) {
        if (error instanceof LeftForRestart) return;
        const failure = classifyPublishError(error);
        if (failure.kind === 'limited' || failure.kind === 'transient') {
          retryAfterMs = failure.kind === 'limited' ? failure.retryAfterMs : publishRetryAfterFailureMs;
          publication =
            attempts < publishAttemptLimit
              ? { state: 'pending', attempts, detail: failure.reason }
              : { state: 'failed', attempts, detail: `gave up after ${attempts} tries: ${failure.reason}` };
        } else if (failure.kind !== 'published') {
          publication = { state: 'failed', attempts, detail: failure.reason };
          if (failure.kind === 'gone') pauseFor = failure;
        }
      }
      await subscriptions.save(withPublication(subscription, pending.messageId, publication));
      const logged = { subscription: subscriptionId, message: pending.messageId, attempts };
      if (publication.state === 'published') log.info(logged, 'digest published');
      else
        log.warn({ ...logged, reason: publication.detail, state: publication.state }, 'digest not published');
      if (pauseFor) {
        await this.pauseForFailure(subscriptionId, pauseFor);
        return;
      }
      if (retryAfterMs !== undefined) {
        // The channel's publishes share one limit: the later digests wait with this one.
        if (publication.state === 'pending') this.options.publishLater?.(subscriptionId, retryAfterMs);
        return;
      }
    }
  }

  /** Pauses a subscription Discord says cannot be posted to, and tells the guild once. Under the lock. */
  async pauseForFailure(
    subscriptionId: string,
    failure: Extract<DeliveryFailure, { kind: 'gone' }>,
    delivery?: DeliveryRecord,
  ): Promise<void> {
    const { subscriptions, log } = this.options;
    const subscription = subscriptions.get(subscriptionId);
    if (!subscription) return;
    const at = subscriptions.nowIso();
    let paused: Subscription = {
      ...subscription,
      paused: { code: failure.code, reason: failure.reason, at },
    };
    if (delivery) paused = withDelivery(paused, delivery);
    this.options.unschedule(subscription.id);
    log.warn(
      { subscription: subscription.id, guild: subscription.guildId, reason: failure.reason },
      'digest paused: channel unusable',
    );
    if (!subscription.guildNotifiedAt) {
      const told = await this.options.poster
        .notifyGuild(subscription.guildId, pausedNotice(subscription, failure.reason, failure.code))
        .catch((error) => {
          log.warn({ err: error, guild: subscription.guildId }, 'could not tell the guild');
          return false;
        });
      if (told) paused = { ...paused, guildNotifiedAt: at };
    }
    await subscriptions.save(paused);
  }
}

/**
 * Why Discord refused a digest sent with its map, when posting it without the map may succeed: missing
 * permissions (Attach Files) or any other refusal of the request. Undefined for a channel gone or out
 * of reach, and for failures worth retrying, which the map does not cause.
 */
function mapRefusal(error: unknown): string | undefined {
  const failure = classifyDeliveryError(error);
  if (failure.kind === 'gone' && failure.code === 'missing-permissions')
    return 'sitrep may not attach files in the channel (Attach Files)';
  return failure.kind === 'rejected' ? failure.reason : undefined;
}
