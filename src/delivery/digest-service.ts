// The digest service the commands and the app talk to: a process's subscriptions, their timers, and
// what a moderator may do with them. Slot bookkeeping is in scheduler/slot-runner.ts, the exactly-once
// post in digest-delivery.ts, validation in subscription-requests.ts.
import type { Digest } from '../briefs/digest-brief.js';
import type { Clock } from '../clock.js';
import { type DigestLimits, defaultDigestLimits } from '../config.js';
import type { FactStore } from '../data/fact-store.js';
import type { Locale } from '../i18n/locales.js';
import { wordsIn } from '../i18n/words.js';
import type { Logger } from '../log.js';
import { DigestMapCache, type PlaceMap } from '../render/map/place-map.js';
import { type Result, refuse, succeed } from '../result.js';
import { ActiveSubscriptions } from '../scheduler/active-subscriptions.js';
import { DigestScheduler, type ScheduleTriggers } from '../scheduler/digest-scheduler.js';
import { KeyedLock } from '../scheduler/keyed-lock.js';
import type { Slot } from '../scheduler/schedule.js';
import { SlotRunner } from '../scheduler/slot-runner.js';
import type { FactLedger } from '../store/fact-ledger.js';
import { type DeliveryResult, pendingPublications, type Subscription } from '../store/subscription.js';
import type { SubscriptionStore } from '../store/subscription-store.js';
import {
  type DeliveryReport,
  DigestDelivery,
  type DigestMaps,
  type ShutdownSummary,
} from './digest-delivery.js';
import { digestMessage } from './digest-message.js';
import type { DigestMessage, DigestPoster } from './rest-poster.js';
import { prepareSubscription, type SubscribeRequest, unknownIdMessage } from './subscription-requests.js';

export interface DigestServiceOptions {
  /** Opened with its atomic claim (SubscriptionStore.open), so two processes never post one slot. */
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
  /** Maps of what changed, for subscriptions that ask for them. Default: drawn here, and cached. */
  maps?: DigestMaps;
  /** How long a digest waits for its map before it goes out without one. Default: 2 s. */
  mapWaitMs?: number;
  /**
   * Whether this process owns a guild's digests (its gateway shard runs here). Other guilds'
   * subscriptions stay in the store for the process that owns them. Default: every guild.
   */
  ownsGuild?(guildId: string): boolean;
}

/** Long enough for a map drawn in tens of milliseconds behind a few others, short enough not to make a digest late. */
const defaultMapWaitMs = 2000;

function subscriptionTiming(subscription: Subscription) {
  return { id: subscription.id, cron: subscription.schedule.cron, timeZone: subscription.timeZone };
}

export class DigestService {
  readonly limits: DigestLimits;
  /** Per subscription: a scheduled run, a test post and a pause never interleave. */
  private readonly locks = new KeyedLock();
  /**
   * Per guild: a subscribe checks the guild's count and duplicates, and saves, as one step, so
   * concurrent subscribes cannot each see room for one more. A guild's digests are owned by the one
   * process its gateway shard runs in, so this lock covers every subscribe of the guild except in
   * the window of a rolling re-shard, when two processes may briefly both own it.
   */
  private readonly guildLocks = new KeyedLock();
  private readonly active: ActiveSubscriptions;
  private readonly scheduler: DigestScheduler;
  private readonly runner: SlotRunner;
  private readonly delivery: DigestDelivery;
  /** Per subscription: when its digests waiting to be published are tried again (one timer each). */
  private readonly publishTimers = new Map<string, NodeJS.Timeout>();
  private readonly publishing = new Set<Promise<void>>();
  private stopped = false;

  private constructor(private readonly options: DigestServiceOptions) {
    this.limits = { ...defaultDigestLimits, ...options.limits };
    const unschedule = (id: string) => this.scheduler.remove(id);
    this.active = new ActiveSubscriptions(options.subscriptions, options.clock, unschedule);
    this.delivery = new DigestDelivery({
      ...options,
      subscriptions: this.active,
      unschedule,
      publishLater: (id, afterMs) => this.publishLater(id, afterMs),
      maps: options.maps ?? new DigestMapCache(),
      mapWaitMs: options.mapWaitMs ?? defaultMapWaitMs,
    });
    this.runner = new SlotRunner({
      subscriptions: this.active,
      locks: this.locks,
      clock: options.clock,
      log: options.log,
      graceMs: this.limits.graceMs,
      deliver: (id, request) => this.delivery.deliver(id, request),
      onMissed: () => options.onDelivery?.('missed'),
    });
    this.scheduler = new DigestScheduler({
      clock: options.clock,
      log: options.log,
      triggers: options.triggers,
      graceMs: this.limits.graceMs,
      runSlot: (run) => this.runner.runSlot(run),
      onMissed: (id, slot) => this.runner.recordMissed(id, slot),
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
    const owns = options.ownsGuild ?? (() => true);
    const subscriptions = loaded.subscriptions.filter((subscription) => owns(subscription.guildId));
    for (const record of loaded.unreadable) {
      log.error(
        { key: record.key, reason: record.reason },
        'subscription record unreadable; skipped and kept',
      );
    }
    for (const subscription of subscriptions) service.active.remember(subscription);
    // Slots missed beyond the grace period are recorded before any timer is armed: a timer for a due
    // slot fires at once and would otherwise race this for the same record.
    for (const subscription of subscriptions) {
      if (!subscription.paused) await service.runner.recordDowntime(subscription);
    }
    for (const subscription of service.active.all()) {
      if (!subscription.paused) service.scheduler.add(subscriptionTiming(subscription));
    }
    service.scheduler.start();
    // Digests posted before the restart and not yet published: discord.js knows no limit yet, so try now.
    for (const subscription of service.active.all()) {
      if (!subscription.paused && pendingPublications(subscription).length > 0)
        service.publishLater(subscription.id, 0);
    }
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
    this.stopped = true;
    for (const timer of this.publishTimers.values()) clearTimeout(timer);
    this.publishTimers.clear();
    this.delivery.stop();
    await this.scheduler.stop();
    await Promise.all(this.publishing);
    return this.delivery.summary();
  }

  /**
   * Tries a subscription's unpublished digests again after `afterMs` (Discord's retry_after), or at its
   * next slot, whichever comes first. A later call replaces an earlier one; stopping clears them, and
   * the restart tries again.
   */
  private publishLater(id: string, afterMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.publishTimers.get(id));
    const timer = setTimeout(() => {
      this.publishTimers.delete(id);
      const run = this.locks
        .run(id, () => this.delivery.publishPending(id))
        .catch((error: unknown) =>
          this.options.log.error({ err: error, subscription: id }, 'publishing digests failed'),
        )
        .finally(() => this.publishing.delete(run));
      this.publishing.add(run);
    }, afterMs);
    timer.unref();
    this.publishTimers.set(id, timer);
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
    return this.active.counts();
  }

  forGuild(guildId: string): Subscription[] {
    return this.active.forGuild(guildId);
  }

  find(guildId: string, id: string): Subscription | undefined {
    return this.active.find(guildId, id);
  }

  upcoming(subscription: Pick<Subscription, 'schedule' | 'timeZone'>, count: number): Slot[] {
    return this.scheduler.upcoming(subscription.schedule.cron, subscription.timeZone, count);
  }

  /** Checks everything, saves, schedules, then posts the current situation once. */
  async subscribe(
    request: SubscribeRequest,
  ): Promise<Result<{ subscription: Subscription; first: DeliveryReport }>> {
    const saved = await this.guildLocks.run(request.guildId, async () => {
      const prepared = this.prepare(request);
      if (!prepared.ok) return prepared;
      return succeed(await this.active.save(prepared.value));
    });
    if (!saved.ok) return saved;
    const subscription = saved.value;
    this.scheduler.add(subscriptionTiming(subscription));
    this.options.log.info(
      { subscription: subscription.id, guild: subscription.guildId, schedule: subscription.schedule.cron },
      'digest subscribed',
    );
    const first = await this.locks.run(subscription.id, () =>
      this.delivery.deliver(subscription.id, { kind: 'initial', advances: true }),
    );
    return succeed({ subscription: this.active.get(subscription.id) ?? subscription, first });
  }

  /** Validation without side effects: a refused request saves nothing. */
  prepare(request: SubscribeRequest): Result<Subscription> {
    return prepareSubscription(request, {
      existing: this.forGuild(request.guildId),
      limits: this.limits,
      facts: this.options.facts(),
      now: this.options.clock.now().getTime(),
    });
  }

  /** `locale`: the language of the moderator asking, for the reason it is refused. */
  async remove(guildId: string, id: string, locale: Locale = 'en'): Promise<Result<Subscription>> {
    const subscription = this.find(guildId, id);
    if (!subscription) return refuse(unknownIdMessage(id, locale));
    return this.locks.run(subscription.id, async () => {
      await this.active.delete(subscription.id);
      this.scheduler.remove(subscription.id);
      clearTimeout(this.publishTimers.get(subscription.id));
      this.publishTimers.delete(subscription.id);
      this.options.log.info({ subscription: subscription.id, guild: guildId }, 'digest removed');
      return succeed(subscription);
    });
  }

  async pause(guildId: string, id: string, locale: Locale = 'en'): Promise<Result<Subscription>> {
    const subscription = this.find(guildId, id);
    if (!subscription) return refuse(unknownIdMessage(id, locale));
    if (subscription.paused)
      return refuse(wordsIn(locale).t('digests.requests.alreadyPaused', { id: subscription.id }));
    return this.locks.run(subscription.id, async () => {
      const current = this.active.get(subscription.id) ?? subscription;
      const paused = await this.active.save({
        ...current,
        paused: { code: 'moderator', reason: 'paused by a moderator', at: this.active.nowIso() },
      });
      this.scheduler.remove(subscription.id);
      return succeed(paused);
    });
  }

  /** Resumes from the next slot; changes since the last digest are still reported then. */
  async resume(guildId: string, id: string, locale: Locale = 'en'): Promise<Result<Subscription>> {
    const subscription = this.find(guildId, id);
    if (!subscription) return refuse(unknownIdMessage(id, locale));
    if (!subscription.paused)
      return refuse(wordsIn(locale).t('digests.requests.notPaused', { id: subscription.id }));
    return this.locks.run(subscription.id, async () => {
      const current = this.active.get(subscription.id) ?? subscription;
      // Slots that passed while paused are not owed: the next one after now is.
      const resumed = await this.active.save({
        ...current,
        paused: null,
        guildNotifiedAt: null,
        lastSlot: current.lastSlot ? { ...current.lastSlot, state: 'done' } : null,
        activeSince: this.active.nowIso(),
      });
      this.scheduler.add(subscriptionTiming(resumed));
      return succeed(resumed);
    });
  }

  /**
   * Exactly what the next scheduled digest would post now, its map included, without posting or
   * changing anything.
   */
  async preview(
    subscription: Subscription,
  ): Promise<{ digest: Digest; message: DigestMessage; map?: PlaceMap; wouldPost: boolean }> {
    const { digest, map } = await this.delivery.digestWithMap(subscription);
    const wouldPost = !(
      subscription.quiet &&
      subscription.lastDigestAt &&
      digest.newFacts + digest.changedFacts === 0
    );
    return { digest, message: digestMessage(digest, subscription, map), map, wouldPost };
  }

  /** Posts the next digest now, marked as a test; the scheduled digest still reports the same changes. */
  async postTest(subscription: Subscription): Promise<DeliveryReport> {
    return this.locks.run(subscription.id, () =>
      this.delivery.deliver(subscription.id, { kind: 'test', advances: false, note: { kind: 'test' } }),
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
    const affected = [...this.active.all()].filter(
      (subscription) => subscription.channelId === channelId && !subscription.paused,
    );
    for (const subscription of affected) {
      await this.locks.run(subscription.id, () =>
        this.delivery.pauseForFailure(subscription.id, {
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
}
