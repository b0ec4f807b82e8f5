// Digest subscriptions end to end: validating and saving them, keeping the scheduler in step, building
// each channel's digest, posting it exactly once per slot, and pausing what Discord says is gone.
import { randomBytes } from 'node:crypto';
import { buildDigestBrief, type Digest } from '../briefs/digest-brief.js';
import type { Clock } from '../clock.js';
import { type DigestLimits, defaultDigestLimits } from '../config.js';
import type { FactStore } from '../data/fact-store.js';
import type { Logger } from '../log.js';
import { renderBriefEmbed } from '../render/discord-embed.js';
import { DiscordLimits } from '../render/discord-limits.js';
import { discordTimestamp } from '../render/discord-markup.js';
import { quoteUserInput, truncate } from '../text.js';
import {
  classifyDeliveryError,
  type DeliveryFailure,
  type DigestMessage,
  type DigestPoster,
  deliveryNonce,
  LeftForRestart,
  withRetries,
} from './delivery.js';
import {
  DigestScheduler,
  onTimeToleranceMs,
  type ScheduleTriggers,
  type SlotRun,
} from './digest-scheduler.js';
import type { FactLedger } from '../store/fact-ledger.js';
import { parseSchedule, type Slot, SlotCalculator } from './schedule.js';
import {
  type ChannelKind,
  type DeliveryRecord,
  type DeliveryResult,
  newSubscription,
  type Subscription,
  withDelivery,
} from '../store/subscription.js';
import type { SubscriptionStore } from '../store/subscription-store.js';
import { resolveTimeZone } from './time-zones.js';

/**
 * How long after an interrupted send it is re-sent with the same nonce. Discord drops a repeated
 * nonce only "within the past few minutes"; past this, a re-send could post a second copy.
 */
export const nonceResendWindowMs = 3 * 60_000;

export interface DigestServiceOptions {
  subscriptions: SubscriptionStore;
  ledger: FactLedger;
  /** Read on every digest, so reloaded fact files reach the next one. */
  facts: () => FactStore;
  poster: DigestPoster;
  clock: Clock;
  log: Logger;
  triggers: ScheduleTriggers;
  limits?: Partial<DigestLimits>;
  /** Waits between attempts when Discord fails with a 5xx or a timeout. */
  retryDelaysMs?: readonly number[];
  /** Told the result of every delivery attempt (metrics). */
  onDelivery?(result: DeliveryResult): void;
  /**
   * Whether this process owns a guild's digests (its gateway shard runs here). Other guilds'
   * subscriptions stay in the store for the process that owns them. Default: every guild.
   */
  ownsGuild?(guildId: string): boolean;
}

export interface SubscribeRequest {
  guildId: string;
  channel: { id: string; name: string; kind: ChannelKind };
  schedule: string;
  timeZone?: string | null;
  topics?: string | null;
  quiet?: boolean | null;
  pingRoleId?: string | null;
  requestedBy: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface DeliveryReport {
  result: DeliveryRecord['result'];
  detail?: string;
  messageId?: string;
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

const failure = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

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

/** Serialises work per subscription: a scheduled run, a test post and a pause never interleave. */
class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}

export function newSubscriptionId(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return [...randomBytes(8)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** "daily 08:00" (every day at 08:00, Europe/Kyiv) */
export function describeSubscriptionSchedule(subscription: Subscription): string {
  return `${subscription.schedule.description}, ${subscription.timeZone}`;
}

export class DigestService {
  private readonly byId = new Map<string, Subscription>();
  private readonly locks = new KeyedLock();
  private readonly scheduler: DigestScheduler;
  readonly limits: DigestLimits;
  private stopping = false;
  private finishedWhileStopping = 0;
  private leftForRestart = 0;

  private constructor(private readonly options: DigestServiceOptions) {
    this.limits = { ...defaultDigestLimits, ...options.limits };
    this.scheduler = new DigestScheduler({
      clock: options.clock,
      log: options.log,
      triggers: options.triggers,
      graceMs: this.limits.graceMs,
      runSlot: (run) => this.runSlot(run),
      onMissed: (id, slot) => this.recordMissed(id, slot),
    });
  }

  /** Loads stored subscriptions, notes fact changes since the last run, and catches up missed slots. */
  static async start(options: DigestServiceOptions): Promise<DigestService> {
    const service = new DigestService(options);
    const { log } = options;
    const ledger = await options.ledger.load();
    if (!ledger.ok)
      log.error({ reason: ledger.reason }, 'fact ledger unreadable; treating every fact as seen now');
    await options.ledger.reconcile(options.facts(), options.clock.now());
    const loaded = await options.subscriptions.loadAll();
    const { unreadable } = loaded;
    const owns = options.ownsGuild ?? (() => true);
    const subscriptions = loaded.subscriptions.filter((subscription) => owns(subscription.guildId));
    for (const record of unreadable) {
      log.error(
        { key: record.key, reason: record.reason },
        'subscription record unreadable; skipped and kept',
      );
    }
    for (const subscription of subscriptions) service.byId.set(subscription.id, subscription);
    // Slots missed beyond the grace period are recorded before any timer is armed: a timer for a due
    // slot fires at once and would otherwise race this for the same record.
    for (const subscription of subscriptions) {
      if (!subscription.paused) await service.recordDowntime(subscription);
    }
    for (const subscription of service.byId.values()) {
      if (!subscription.paused) service.scheduler.add(subscriptionTiming(subscription));
    }
    service.scheduler.start();
    log.info(
      { stored: loaded.subscriptions.length, owned: subscriptions.length, ...service.scheduler.size() },
      'digest scheduler started',
    );
    await service.scheduler.runDue();
    return service;
  }

  /**
   * Stops taking work: no new slot run starts, posts not yet sent are left (their claims undone) for
   * the restart, posts already sent are recorded. Resolves once nothing is in flight.
   */
  async stop(): Promise<ShutdownSummary> {
    this.stopping = true;
    this.options.poster.close?.();
    await this.scheduler.stop();
    return { finished: this.finishedWhileStopping, leftForRestart: this.leftForRestart };
  }

  /** Runs whatever is due now (the watchdog does this every minute; tests and the playground call it). */
  runDue(): Promise<void> {
    return this.scheduler.runDue();
  }

  nextDueAt(): number | undefined {
    return this.scheduler.nextDueAt();
  }

  timerCount(): number {
    return this.scheduler.size().groups;
  }

  /** Subscriptions in memory, by state (for metrics). */
  counts(): { active: number; paused: number } {
    let paused = 0;
    for (const subscription of this.byId.values()) if (subscription.paused) paused++;
    return { active: this.byId.size - paused, paused };
  }

  forGuild(guildId: string): Subscription[] {
    return [...this.byId.values()]
      .filter((subscription) => subscription.guildId === guildId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  find(guildId: string, id: string): Subscription | undefined {
    const subscription = this.byId.get(id.trim().toLowerCase());
    return subscription?.guildId === guildId ? subscription : undefined;
  }

  upcoming(subscription: Pick<Subscription, 'schedule' | 'timeZone'>, count: number): Slot[] {
    return this.scheduler.upcoming(subscription.schedule.cron, subscription.timeZone, count);
  }

  /** Checks everything, saves, schedules, then posts the current situation once. */
  async subscribe(
    request: SubscribeRequest,
  ): Promise<Outcome<{ subscription: Subscription; first: DeliveryReport }>> {
    const prepared = this.prepare(request);
    if (!prepared.ok) return prepared;
    const subscription = prepared.value;
    await this.options.subscriptions.save(subscription);
    this.byId.set(subscription.id, subscription);
    this.scheduler.add(subscriptionTiming(subscription));
    this.options.log.info(
      { subscription: subscription.id, guild: subscription.guildId, schedule: subscription.schedule.cron },
      'digest subscribed',
    );
    const first = await this.locks.run(subscription.id, () =>
      this.deliver(subscription.id, { kind: 'initial', advances: true }),
    );
    return { ok: true, value: { subscription: this.byId.get(subscription.id) ?? subscription, first } };
  }

  /** Validation without side effects: a refused request saves nothing. */
  prepare(request: SubscribeRequest): Outcome<Subscription> {
    const { limits } = this;
    const existing = this.forGuild(request.guildId);
    if (existing.length >= limits.maxPerGuild) {
      return failure(
        `This server already has ${existing.length} digest subscriptions, the most allowed (${limits.maxPerGuild}). Remove one with /digest remove first.`,
      );
    }
    const schedule = parseSchedule(request.schedule);
    if (!schedule.ok) return failure(schedule.reason);
    const timeZoneInput = request.timeZone?.trim() || limits.defaultTimeZone;
    const timeZone = resolveTimeZone(timeZoneInput);
    if (!timeZone) {
      return failure(
        `${quoteUserInput(timeZoneInput, 60)} is not a time zone I know. Use an IANA name such as Europe/Kyiv, Europe/Moscow or UTC; pick one from the list as you type.`,
      );
    }
    const calculator = new SlotCalculator(schedule.schedule.cron, timeZone);
    const now = this.options.clock.now().getTime();
    const shortest = calculator.shortestInterval(now);
    if (!Number.isFinite(shortest) && !calculator.next(now)) {
      return failure('That schedule never runs (no such date exists). Check the day and month fields.');
    }
    if (shortest < limits.minIntervalMs) {
      return failure(
        `That schedule runs every ${formatDuration(shortest)} at its most frequent; digests can run at most every ${formatDuration(limits.minIntervalMs)}. Try "hourly" or "every 6 hours".`,
      );
    }
    const topics: string[] = [];
    for (const name of (request.topics ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)) {
      const topic = this.options.facts().resolveTopic(name);
      if (!topic) {
        const known = this.options
          .facts()
          .topics.map((candidate) => candidate.name)
          .join(', ');
        return failure(`I don't know the topic ${quoteUserInput(name, 60)}. Topics: ${known}.`);
      }
      if (!topics.includes(topic.id)) topics.push(topic.id);
    }
    const duplicate = existing.find(
      (subscription) =>
        subscription.channelId === request.channel.id &&
        subscription.schedule.cron === schedule.schedule.cron &&
        subscription.timeZone === timeZone &&
        subscription.topics.join() === topics.join(),
    );
    if (duplicate) {
      return failure(
        `<#${request.channel.id}> already has this digest (id \`${duplicate.id}\`). Use /digest list to see it.`,
      );
    }
    return {
      ok: true,
      value: newSubscription({
        id: newSubscriptionId(),
        guildId: request.guildId,
        channelId: request.channel.id,
        channelName: truncate(request.channel.name, 100),
        channelKind: request.channel.kind,
        schedule: { input: truncate(request.schedule.trim(), 100), ...schedule.schedule },
        timeZone,
        topics,
        quiet: request.quiet ?? false,
        pingRoleId: request.pingRoleId ?? null,
        createdBy: request.requestedBy,
        createdAt: new Date(now).toISOString(),
      }),
    };
  }

  async remove(guildId: string, id: string): Promise<Outcome<Subscription>> {
    const subscription = this.find(guildId, id);
    if (!subscription) return failure(unknownIdMessage(id));
    return this.locks.run(subscription.id, async () => {
      await this.options.subscriptions.delete(subscription.id);
      this.byId.delete(subscription.id);
      this.scheduler.remove(subscription.id);
      this.options.log.info({ subscription: subscription.id, guild: guildId }, 'digest removed');
      return { ok: true as const, value: subscription };
    });
  }

  async pause(guildId: string, id: string): Promise<Outcome<Subscription>> {
    const subscription = this.find(guildId, id);
    if (!subscription) return failure(unknownIdMessage(id));
    if (subscription.paused) return failure(`Digest \`${subscription.id}\` is already paused.`);
    return this.locks.run(subscription.id, async () => {
      const current = this.byId.get(subscription.id) ?? subscription;
      const paused = await this.save({
        ...current,
        paused: { code: 'moderator', reason: 'paused by a moderator', at: this.nowIso() },
      });
      this.scheduler.remove(subscription.id);
      return { ok: true as const, value: paused };
    });
  }

  /** Resumes from the next slot; changes since the last digest are still reported then. */
  async resume(guildId: string, id: string): Promise<Outcome<Subscription>> {
    const subscription = this.find(guildId, id);
    if (!subscription) return failure(unknownIdMessage(id));
    if (!subscription.paused) return failure(`Digest \`${subscription.id}\` is not paused.`);
    return this.locks.run(subscription.id, async () => {
      const current = this.byId.get(subscription.id) ?? subscription;
      // Slots that passed while paused are not owed: the next one after now is.
      const resumed = await this.save({
        ...current,
        paused: null,
        guildNotifiedAt: null,
        lastSlot: current.lastSlot ? { ...current.lastSlot, state: 'done' } : null,
        activeSince: this.nowIso(),
      });
      this.scheduler.add(subscriptionTiming(resumed));
      return { ok: true as const, value: resumed };
    });
  }

  /** Exactly what the next scheduled digest would post now, without posting or changing anything. */
  preview(subscription: Subscription): { digest: Digest; message: DigestMessage; wouldPost: boolean } {
    const digest = this.buildDigest(subscription);
    const wouldPost = !(
      subscription.quiet &&
      subscription.lastDigestAt &&
      digest.newFacts + digest.changedFacts === 0
    );
    return { digest, message: digestMessage(digest, subscription), wouldPost };
  }

  /** Posts the next digest now, marked as a test; the scheduled digest still reports the same changes. */
  async postTest(subscription: Subscription): Promise<DeliveryReport> {
    return this.locks.run(subscription.id, () =>
      this.deliver(subscription.id, {
        kind: 'test',
        advances: false,
        note: '_Test post requested by a moderator. The next scheduled digest reports these changes again._',
      }),
    );
  }

  /** The bot left (or was removed from) a guild: its subscriptions go with it. */
  async removeGuild(guildId: string): Promise<number> {
    const subscriptions = this.forGuild(guildId);
    for (const subscription of subscriptions) await this.remove(guildId, subscription.id);
    if (subscriptions.length > 0) {
      this.options.log.info({ guild: guildId, removed: subscriptions.length }, 'left guild; digests removed');
    }
    return subscriptions.length;
  }

  /** A channel was deleted: pause its digests now rather than at their next failed post. */
  async channelDeleted(channelId: string): Promise<void> {
    const affected = [...this.byId.values()].filter(
      (subscription) => subscription.channelId === channelId && !subscription.paused,
    );
    for (const subscription of affected) {
      await this.locks.run(subscription.id, () =>
        this.pauseForFailure(subscription.id, {
          kind: 'gone',
          code: 'channel-deleted',
          reason: 'the channel was deleted',
        }),
      );
    }
  }

  /** Fact files changed: remember new facts and status changes so the next digests report them. */
  async factsReloaded(facts: FactStore): Promise<void> {
    const changes = await this.options.ledger.reconcile(facts, this.options.clock.now());
    this.options.log.info(
      { added: changes.added.length, statusChanged: changes.statusChanged.length },
      'fact ledger updated',
    );
  }

  // ------------------------------------------------------------------------------------------------

  private nowIso(): string {
    return this.options.clock.now().toISOString();
  }

  private async save(subscription: Subscription): Promise<Subscription> {
    await this.options.subscriptions.save(subscription);
    this.byId.set(subscription.id, subscription);
    return subscription;
  }

  private buildDigest(subscription: Subscription, note?: string): Digest {
    return buildDigestBrief({
      facts: this.options.facts(),
      ledger: this.options.ledger,
      since: subscription.lastDigestAt ? new Date(subscription.lastDigestAt) : null,
      topics: subscription.topics,
      note,
    });
  }

  /**
   * The subscription as the shared store holds it now, adopted here. While a re-shard rolls out, two
   * processes may both own a guild, and the other one may post slots, pause or remove the
   * subscription; a copy that missed those would claim its next slot against an old one forever.
   */
  private async storedNow(id: string): Promise<Subscription | undefined> {
    const mine = this.byId.get(id);
    if (!mine || !this.options.subscriptions.shared) return mine;
    const stored = await this.options.subscriptions.read(id);
    if (stored === 'unreadable') return mine;
    if (!stored) {
      this.byId.delete(id);
      this.scheduler.remove(id);
      return undefined;
    }
    this.byId.set(id, stored);
    if (stored.paused) this.scheduler.remove(id);
    return stored;
  }

  private async runSlot({ subscriptionId, slot, lateByMs }: SlotRun): Promise<void> {
    await this.locks.run(subscriptionId, async () => {
      const subscription = await this.storedNow(subscriptionId);
      if (!subscription || subscription.paused) return;
      if (slot.dueAt <= Date.parse(subscription.activeSince)) return;
      const last = subscription.lastSlot;
      let nonce = deliveryNonce(subscription.id, slot.key);
      if (last && Date.parse(last.dueAt) >= slot.dueAt) {
        // Already handled, unless a crash interrupted the send: then send again with the same nonce,
        // and Discord drops the copy if the first one arrived.
        if (last.key !== slot.key || last.state !== 'sending') return;
        const claimedAt = Date.parse(last.claimedAt ?? last.dueAt);
        if (this.options.clock.now().getTime() - claimedAt > nonceResendWindowMs) {
          await this.save(
            withDelivery(
              { ...subscription, lastSlot: { ...last, state: 'done' } },
              {
                at: this.nowIso(),
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
      const note = late
        ? `_Posted late: this digest was due ${discordTimestamp(slot.dueAt, 'f')}, while sitrep was offline._`
        : slot.shifted
          ? `_Due at ${slot.key.slice(11)} local time, which the clocks skipped today; posted at the first minute after._`
          : undefined;
      await this.deliver(subscription.id, {
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
  private async recordDowntime(subscription: Subscription): Promise<void> {
    const cutoff = this.options.clock.now().getTime() - this.limits.graceMs;
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
    this.options.onDelivery?.('missed');
    this.options.log.warn(
      { subscription: subscription.id, missed: count, latest: missed.key },
      'slot missed beyond the grace period',
    );
    await this.save(
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
          at: this.nowIso(),
          slotKey: missed.key,
          kind: 'scheduled',
          result: 'missed',
          detail: `${count === 1 ? '1 digest' : `${count} digests`} missed while sitrep was offline, beyond the grace period`,
        },
      ),
    );
  }

  private async recordMissed(subscriptionId: string, slot: Slot): Promise<void> {
    await this.locks.run(subscriptionId, async () => {
      const subscription = await this.storedNow(subscriptionId);
      if (!subscription || subscription.paused) return;
      if (slot.dueAt <= Date.parse(subscription.activeSince)) return;
      if (subscription.lastSlot && Date.parse(subscription.lastSlot.dueAt) >= slot.dueAt) return;
      await this.save(
        withDelivery(
          {
            ...subscription,
            lastSlot: { key: slot.key, dueAt: new Date(slot.dueAt).toISOString(), state: 'done', nonce: '' },
          },
          {
            at: this.nowIso(),
            slotKey: slot.key,
            kind: 'scheduled',
            result: 'missed',
            detail: 'missed while sitrep was offline, beyond the grace period',
          },
        ),
      );
    });
  }

  /** Must run under the subscription's lock. */
  private async deliver(
    subscriptionId: string,
    request: Parameters<DigestService['deliverOnce']>[1],
  ): Promise<DeliveryReport> {
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

  private async deliverOnce(
    subscriptionId: string,
    request: {
      kind: DeliveryRecord['kind'];
      /** Whether this post becomes the baseline the next digest reports changes from. */
      advances: boolean;
      slot?: Slot;
      nonce?: string;
      note?: string;
    },
  ): Promise<DeliveryReport> {
    const subscription = this.byId.get(subscriptionId);
    if (!subscription) return { result: 'failed', detail: 'the subscription was removed' };
    const { log } = this.options;
    const builtAt = this.nowIso();
    const digest = this.buildDigest(subscription, request.note);
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
      await this.save(
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

    if (this.stopping) return leftForRestartReport;
    // Claim the slot before sending: a crash after this point re-sends with the same nonce.
    let claimed = subscription;
    if (slotState) {
      const next: Subscription = {
        ...subscription,
        lastSlot: { ...slotState, state: 'sending', nonce, claimedAt: builtAt },
      };
      if (!(await this.options.subscriptions.saveIfSlotUnchanged(subscription, next))) {
        log.info(
          { subscription: subscription.id, slot: slotState.key },
          'slot already claimed by another process; not sent here',
        );
        return claimedElsewhereReport;
      }
      this.byId.set(next.id, next);
      claimed = next;
    }
    const message = digestMessage(digest, subscription);
    try {
      const { messageId } = await withRetries(
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
      await this.save(
        withDelivery(
          {
            ...claimed,
            lastSlot: slotState ? { ...slotState, state: 'done', nonce } : claimed.lastSlot,
            lastDigestAt: request.advances ? builtAt : claimed.lastDigestAt,
          },
          record('posted', { messageId, detail: request.kind === 'late' ? 'posted late' : undefined }),
        ),
      );
      log.info(
        {
          subscription: subscription.id,
          kind: request.kind,
          slot: request.slot?.key,
          new: digest.newFacts,
          changed: digest.changedFacts,
        },
        'digest posted',
      );
      return { result: 'posted', messageId };
    } catch (error) {
      if (error instanceof LeftForRestart) {
        // Never sent: undo the claim, so the restart sees the slot as missed and posts it.
        await this.save({ ...claimed, lastSlot: subscription.lastSlot });
        return leftForRestartReport;
      }
      const failure = classifyDeliveryError(error);
      const settled = {
        ...claimed,
        lastSlot: slotState ? { ...slotState, state: 'done' as const, nonce } : claimed.lastSlot,
      };
      if (failure.kind === 'gone') {
        this.byId.set(settled.id, settled);
        await this.pauseForFailure(subscription.id, failure, record('paused', { detail: failure.reason }));
        return { result: 'paused', detail: failure.reason };
      }
      log.error(
        { subscription: subscription.id, reason: failure.reason, kind: failure.kind },
        'digest not delivered',
      );
      await this.save(withDelivery(settled, record('failed', { detail: failure.reason })));
      return { result: 'failed', detail: failure.reason };
    }
  }

  /** Pauses a subscription Discord says cannot be posted to, and tells the guild once. Under the lock. */
  private async pauseForFailure(
    subscriptionId: string,
    failure: Extract<DeliveryFailure, { kind: 'gone' }>,
    delivery?: DeliveryRecord,
  ): Promise<void> {
    const subscription = this.byId.get(subscriptionId);
    if (!subscription) return;
    const at = this.nowIso();
    let paused: Subscription = {
      ...subscription,
      paused: { code: failure.code, reason: failure.reason, at },
    };
    if (delivery) paused = withDelivery(paused, delivery);
    this.scheduler.remove(subscription.id);
    this.options.log.warn(
      { subscription: subscription.id, guild: subscription.guildId, reason: failure.reason },
      'digest paused: channel unusable',
    );
    if (!subscription.guildNotifiedAt) {
      const text = `sitrep paused the situation digest \`${subscription.id}\` for <#${subscription.channelId}>: ${failure.reason}. Once that is fixed, a moderator can run \`/digest resume id:${subscription.id}\` (or \`/digest remove\`).`;
      const told = await this.options.poster.notifyGuild(subscription.guildId, text).catch((error) => {
        this.options.log.warn({ err: error, guild: subscription.guildId }, 'could not tell the guild');
        return false;
      });
      if (told) paused = { ...paused, guildNotifiedAt: at };
    }
    await this.save(paused);
  }
}

function subscriptionTiming(subscription: Subscription) {
  return { id: subscription.id, cron: subscription.schedule.cron, timeZone: subscription.timeZone };
}

function unknownIdMessage(id: string): string {
  return `No digest \`${truncate(id.replace(/`/g, "'"), 20)}\` on this server. /digest list shows the ids.`;
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) {
    const hours = ms / 3_600_000;
    return hours === 1 ? 'hour' : `${hours} hours`;
  }
  const minutes = Math.round(ms / 60_000);
  return minutes === 1 ? 'minute' : `${minutes} minutes`;
}

/** The embed, plus the role ping a moderator configured, allowed through `allowed_mentions` alone. */
export function digestMessage(digest: Digest, subscription: Pick<Subscription, 'pingRoleId'>): DigestMessage {
  const { embeds } = renderBriefEmbed(digest.brief);
  if (!subscription.pingRoleId) return { embeds, allowedMentions: { parse: [] } };
  return {
    content: `<@&${subscription.pingRoleId}>`,
    embeds,
    allowedMentions: { parse: [], roles: [subscription.pingRoleId] },
  };
}

/** "Situation digest · 24 Nov 2026 08:00 (Europe/Kyiv)", within Discord's thread-name limit. */
export function digestThreadName(digest: Digest, at: Date, timeZone: string): string {
  const local = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  return truncate(
    `${digest.brief.title} · ${local.replace(',', '')} (${timeZone})`,
    DiscordLimits.threadName,
  );
}
