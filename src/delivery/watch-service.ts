// What /watch and the app call: a user's watches (add, list, remove), and a delivery pass after each
// fact reload and at start-up, so a restart between a reload and its messages still sends them, once.
// Only the process running gateway shard 0 delivers (direct messages belong to no guild); the claim in
// the store makes a second delivering process harmless.
import type { DigestLedger } from '../briefs/digest-brief.js';
import { sameTarget, targetName, WatchChangeFeed, type WatchTarget } from '../briefs/watch-brief.js';
import type { Clock } from '../clock.js';
import type { FactStore } from '../data/fact-store.js';
import { commandLine } from '../i18n/command-localizations.js';
import type { Locale } from '../i18n/locales.js';
import { wordsIn } from '../i18n/words.js';
import type { Logger } from '../log.js';
import { type Result, refuse, succeed } from '../result.js';
import { settleConcurrently } from '../scheduler/settle-concurrently.js';
import { newWatcher, type Watcher } from '../store/watch.js';
import type { WatchStore } from '../store/watch-store.js';
import { type DirectMessenger, WatchDelivery, type WatchDeliveryResult } from './watch-delivery.js';

export interface WatchServiceOptions {
  /** Opened with its atomic claim (WatchStore.open). */
  watches: WatchStore;
  /** The facts and the ledger the start-up pass reads; each reload hands its own to afterReload. */
  facts: () => FactStore;
  ledger: DigestLedger;
  messenger: DirectMessenger;
  clock: Clock;
  log: Logger;
  /** How many places, topics and actors one user may watch. */
  maxPerUser: number;
  /** Whether this process sends watch messages: the one running gateway shard 0. Default: true. */
  delivers?: boolean;
  /** Waits between attempts when Discord fails with a 5xx or a timeout. */
  retryDelaysMs?: readonly number[];
  /** Watchers whose messages are worked on at once (claimed ahead of their turn at the pacer). */
  concurrency?: number;
  /** Told the result of every watcher's delivery (metrics). */
  onDelivery?(result: WatchDeliveryResult): void;
}

export interface WatchPassReport {
  /** How many watchers' deliveries ended each way in this pass. */
  results: Partial<Record<WatchDeliveryResult, number>>;
  /** Records that failed the schema: logged, skipped, kept. */
  unreadable: number;
  /** Milliseconds from the pass being asked for (a reload, the start) to Discord accepting its first message. */
  firstSentAfterMs?: number;
  durationMs: number;
}

export interface AddedWatch {
  watcher: Watcher;
  /** False when the user already watched it. */
  added: boolean;
  /** True when their messages were paused and adding resumed them. */
  resumed: boolean;
}

/**
 * Watchers worked on at once. A first message to a user is two paced requests (open the DM, post),
 * and the pacer serves requests in order: with 100 in flight, the 100 DM openings queued first held
 * the first message back 2 s (measured on the emulator). Ten keep the pacer busy and the first
 * message within a few grid steps of the reload.
 */
const defaultConcurrency = 10;

export class WatchService {
  readonly maxPerUser: number;
  private readonly delivery: WatchDelivery;
  private stopping = false;
  private running: Promise<WatchPassReport> | undefined;
  private queued: Promise<WatchPassReport> | undefined;
  /** The facts and ledger the next pass reads, and when the oldest unserved request for one came. */
  private next: { facts: FactStore; ledger: DigestLedger; askedAt: number } | undefined;
  /** When the running pass had its first message accepted. */
  private firstSentAt: number | undefined;

  private constructor(private readonly options: WatchServiceOptions) {
    this.maxPerUser = options.maxPerUser;
    this.delivery = new WatchDelivery({
      ...options,
      onSent: () => {
        this.firstSentAt ??= performance.now();
      },
    });
  }

  /**
   * The service over the store; in the delivering process, a catch-up pass starts at once (not
   * awaited: `idle()` resolves when it is done). Start it after the fact ledger has been loaded and
   * reconciled with the facts, as the digest service does at its start.
   */
  static start(options: WatchServiceOptions): WatchService {
    const service = new WatchService(options);
    if (service.delivers) void service.requestPass(options.facts(), options.ledger);
    return service;
  }

  get delivers(): boolean {
    return this.options.delivers ?? true;
  }

  /**
   * The facts were reloaded and the ledger reconciled: message every watcher something changed for.
   * A reload during a pass is served by one more pass after it. Never rejects; failures are logged.
   */
  afterReload(facts: FactStore, ledger: DigestLedger): Promise<WatchPassReport> {
    if (!this.delivers) return Promise.resolve({ results: {}, unreadable: 0, durationMs: 0 });
    return this.requestPass(facts, ledger);
  }

  /** Resolves once no pass is running or waiting. */
  async idle(): Promise<void> {
    while (this.running || this.queued) await (this.queued ?? this.running)?.catch(() => undefined);
  }

  /** No new pass or message starts; messages already sent are recorded, the others left for the restart. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.options.messenger.close();
    await this.idle();
  }

  /**
   * Watches `target` for the user, whose language (`locale`, their Discord locale) their messages are
   * then written in; refusals are in it too.
   */
  async add(userId: string, target: WatchTarget, locale: Locale = 'en'): Promise<Result<AddedWatch>> {
    const words = wordsIn(locale);
    if (targetName(this.options.facts(), target) === undefined) {
      return refuse(
        words.t('watches.noSuchTarget', { kind: words.t(`watches.kind.${target.kind}`), id: target.id }),
      );
    }
    const now = this.options.clock.now().toISOString();
    const seen = { full: false, added: false, resumed: false };
    const result = await this.options.watches.update(userId, (current) => {
      const watcher = current ?? newWatcher(userId, now, locale);
      const has = watcher.watches.some((watch) => sameTarget(watch, target));
      seen.full = !has && watcher.watches.length >= this.maxPerUser;
      seen.added = !has && !seen.full;
      seen.resumed = watcher.paused !== null && !seen.full;
      // Adding again in another language moves the messages to it.
      const relanguaged = !seen.full && watcher.locale !== locale;
      if (!seen.added && !seen.resumed && !relanguaged) return undefined;
      return {
        ...watcher,
        locale,
        paused: null,
        watches: seen.added ? [...watcher.watches, { ...target, addedAt: now }] : watcher.watches,
      };
    });
    if (result.outcome === 'unreadable') return this.unreadable(userId, locale);
    if (seen.full) {
      return refuse(
        words.t('watches.full', { max: this.maxPerUser, remove: commandLine(locale, 'watch remove') }),
      );
    }
    const watcher = result.watcher as Watcher;
    this.options.log.info(
      { user: userId, watches: watcher.watches.length, resumed: seen.resumed },
      'watch added',
    );
    return succeed({ watcher, added: seen.added, resumed: seen.resumed });
  }

  /** The user's record, or undefined when they watch nothing; a refusal in `locale`. */
  async list(userId: string, locale: Locale = 'en'): Promise<Result<Watcher | undefined>> {
    const stored = await this.options.watches.read(userId);
    return stored === 'unreadable' ? this.unreadable(userId, locale) : succeed(stored);
  }

  /** Stops one watch; a user left watching nothing is forgotten entirely. Refusals are in `locale`. */
  async remove(
    userId: string,
    target: WatchTarget,
    locale: Locale = 'en',
  ): Promise<Result<{ remaining: number }>> {
    const result = await this.options.watches.update(userId, (current) =>
      current?.watches.some((watch) => sameTarget(watch, target))
        ? { ...current, watches: current.watches.filter((watch) => !sameTarget(watch, target)) }
        : undefined,
    );
    if (result.outcome === 'unreadable') return this.unreadable(userId, locale);
    if (result.outcome === 'unchanged') {
      const name = targetName(this.options.facts().in(locale), target) ?? target.id;
      return refuse(
        wordsIn(locale).t('watches.notWatching', { name, list: commandLine(locale, 'watch list') }),
      );
    }
    const remaining = result.watcher.watches.length;
    if (remaining === 0) await this.options.watches.delete(userId);
    this.options.log.info({ user: userId, remaining }, 'watch removed');
    return succeed({ remaining });
  }

  /** Forgets everything stored about the user (a record it cannot read too); how many watches they had. */
  async removeAll(userId: string): Promise<number> {
    const stored = await this.options.watches.read(userId);
    await this.options.watches.delete(userId);
    const count = stored === undefined || stored === 'unreadable' ? 0 : stored.watches.length;
    this.options.log.info({ user: userId, removed: count }, 'watcher forgotten');
    return count;
  }

  private unreadable<T>(userId: string, locale: Locale): Result<T> {
    this.options.log.error({ user: userId }, 'watcher record unreadable; left as it is');
    return refuse(
      wordsIn(locale).t('watches.unreadable', {
        forget: commandLine(locale, 'watch remove', [['target', 'all']]),
      }),
    );
  }

  private requestPass(facts: FactStore, ledger: DigestLedger): Promise<WatchPassReport> {
    this.next = { facts, ledger, askedAt: this.next?.askedAt ?? performance.now() };
    if (!this.running) {
      const { askedAt } = this.next;
      this.next = undefined;
      this.running = this.pass(facts, ledger, askedAt).finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.queued ??= this.running.then(() => {
      this.queued = undefined;
      const next = this.next;
      return next ? this.requestPass(next.facts, next.ledger) : emptyReport();
    });
    return this.queued;
  }

  /** One pass over every watcher: never rejects, so a reload's caller need not await it. */
  private async pass(facts: FactStore, ledger: DigestLedger, askedAt: number): Promise<WatchPassReport> {
    const { log } = this.options;
    const report = emptyReport();
    this.firstSentAt = undefined;
    try {
      if (this.stopping) return report;
      const { watchers, unreadable } = await this.options.watches.loadAll();
      report.unreadable = unreadable.length;
      if (unreadable.length > 0) {
        log.error(
          { count: unreadable.length, first: unreadable.slice(0, 5) },
          'watcher records unreadable; skipped and kept',
        );
      }
      const due = watchers.filter((watcher) => !watcher.paused && watcher.watches.length > 0);
      if (due.length === 0) return report;
      // ISO times in one spelling: the earliest sorts first.
      const oldest = due.map((watcher) => watcher.cursor).sort()[0] ?? '';
      const feed = new WatchChangeFeed(facts, ledger, oldest);
      const settled = await settleConcurrently(
        due,
        this.options.concurrency ?? defaultConcurrency,
        (watcher) => this.delivery.deliver(watcher, feed, facts),
        () => !this.stopping,
      );
      for (const outcome of settled) {
        const result: WatchDeliveryResult = outcome.status === 'fulfilled' ? outcome.value : 'failed';
        if (outcome.status === 'rejected') {
          log.error({ err: outcome.reason }, 'watch delivery failed (store)');
        }
        report.results[result] = (report.results[result] ?? 0) + 1;
        if (result !== 'nothing') this.options.onDelivery?.(result);
      }
    } catch (error) {
      log.error({ err: error }, 'watch delivery pass failed; the next reload or restart tries again');
    }
    report.durationMs = Math.round(performance.now() - askedAt);
    if (this.firstSentAt !== undefined) report.firstSentAfterMs = Math.round(this.firstSentAt - askedAt);
    const { nothing: _, ...delivered } = report.results;
    log.info(
      {
        ...delivered,
        unreadable: report.unreadable,
        firstSentAfterMs: report.firstSentAfterMs,
        ms: report.durationMs,
      },
      'watch messages delivered',
    );
    return report;
  }
}

function emptyReport(): WatchPassReport {
  return { results: {}, unreadable: 0, durationMs: 0 };
}
