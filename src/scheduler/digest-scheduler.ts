// One timer per distinct (schedule, time zone), however many subscriptions share it. Each group's
// timer is set for the instant its next slot is due, as the slot calculator works it out (daylight
// saving included); a node-cron watchdog once a minute catches anything a timer missed (the clock
// jumped, the machine slept).
//
// Why not a node-cron task per group: measured here, node-cron works out each task's next run by
// walking its expression through Intl formatting at every firing, about 1 ms per task; a hundred
// groups due on the same minute then start up to 100 ms late and stall the event loop as long
// (docs/BENCHMARKS.md). It also drops a run that starts more than a second or two late, never catches
// up after downtime, and skips a time a spring-forward gap removes, so the scheduler would have to do
// its own bookkeeping anyway.
import cron from 'node-cron';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { type Slot, SlotCalculator, scheduleGroupKey } from './schedule.js';
import { settleConcurrently } from './settle-concurrently.js';

export interface TriggerHandle {
  stop(): void;
}

/** What wakes the scheduler. Production: real timers. Tests move a manual clock and call `runDue`. */
export interface ScheduleTriggers {
  /** Calls `fire` at the instant `at` (by the scheduler's clock), or soon after. */
  at(at: number, fire: () => void): TriggerHandle;
  /** Calls `tick` once a minute: the watchdog. */
  everyMinute(tick: () => void): TriggerHandle;
}

/**
 * A slot handled within this of its time is on time: timers and a busy event loop add milliseconds
 * to seconds. Later than this, it was missed (the bot was down) and the grace period decides.
 */
export const onTimeToleranceMs = 60_000;

/** Timers never sleep longer than this at once, so a wall-clock change is noticed within the hour. */
const longestSleepMs = 60 * 60_000;
/** Digest runs of one slot in flight at once; about two seconds of posts at the paced rate. */
const slotRunsInFlight = 100;

export function realTriggers(clock: Clock): ScheduleTriggers {
  return {
    at(at, fire) {
      // Timers count monotonic time and slots are wall-clock instants; on this machine the two drift
      // apart by tens of milliseconds a minute. So sleep to a second before the slot, then set the
      // last, short timer from a fresh reading of the clock.
      let timer: NodeJS.Timeout;
      const sleep = () => {
        const remaining = at - clock.now().getTime();
        timer =
          remaining > 1500
            ? setTimeout(sleep, Math.min(remaining - 1000, longestSleepMs))
            : setTimeout(fire, Math.max(remaining, 0));
        timer.unref();
      };
      sleep();
      return { stop: () => clearTimeout(timer) };
    },
    everyMinute(tick) {
      const task = cron.schedule('* * * * *', () => tick(), {
        name: 'digest watchdog',
        // A late watchdog tick is harmless: the next one, or a group's own timer, catches up.
        suppressMissedWarning: true,
      });
      return { stop: () => void task.destroy() };
    },
  };
}

/** Triggers that never fire by themselves: for tests with a manual clock. */
export const manualTriggers: ScheduleTriggers = {
  at: () => ({ stop() {} }),
  everyMinute: () => ({ stop() {} }),
};

export interface ScheduledSubscription {
  id: string;
  cron: string;
  timeZone: string;
}

export interface SlotRun {
  subscriptionId: string;
  slot: Slot;
  /** How long after its due time the slot is being handled. */
  lateByMs: number;
}

export interface DigestSchedulerOptions {
  clock: Clock;
  log: Logger;
  triggers: ScheduleTriggers;
  /** A slot missed by less than this is still posted (late, and saying so); older ones are skipped. */
  graceMs: number;
  /** Handles one subscription's slot; it owns the exactly-once bookkeeping. */
  runSlot(run: SlotRun): Promise<void>;
  /** Reports slots skipped because they were missed by more than the grace period. */
  onMissed?(subscriptionId: string, slot: Slot): Promise<void>;
}

interface Group {
  key: string;
  calculator: SlotCalculator;
  subscriptionIds: Set<string>;
  /** The next slot not yet handed out. */
  nextSlot: Slot | undefined;
  timer: TriggerHandle | undefined;
}

export class DigestScheduler {
  private readonly groups = new Map<string, Group>();
  private readonly groupOf = new Map<string, Group>();
  private watchdog: TriggerHandle | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  /** Set by stop(): runs under way finish, and no new one starts. */
  private stopping = false;

  constructor(private readonly options: DigestSchedulerOptions) {}

  /** Starts the watchdog. Call `runDue` once after adding the stored subscriptions to catch up. */
  start(): void {
    this.watchdog ??= this.options.triggers.everyMinute(() => void this.runDue());
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.watchdog?.stop();
    this.watchdog = undefined;
    for (const group of this.groups.values()) group.timer?.stop();
    this.groups.clear();
    this.groupOf.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  /** Adds (or moves) a subscription; a new group starts from now minus the grace period. */
  add(subscription: ScheduledSubscription): void {
    const key = scheduleGroupKey(subscription.cron, subscription.timeZone);
    const current = this.groupOf.get(subscription.id);
    if (current?.key === key) return;
    if (current) this.remove(subscription.id);
    let group = this.groups.get(key);
    if (!group) {
      const calculator = new SlotCalculator(subscription.cron, subscription.timeZone);
      group = {
        key,
        calculator,
        subscriptionIds: new Set(),
        nextSlot: calculator.next(this.options.clock.now().getTime() - this.options.graceMs),
        timer: undefined,
      };
      this.groups.set(key, group);
      this.arm(group);
    }
    group.subscriptionIds.add(subscription.id);
    this.groupOf.set(subscription.id, group);
  }

  remove(subscriptionId: string): void {
    const group = this.groupOf.get(subscriptionId);
    if (!group) return;
    this.groupOf.delete(subscriptionId);
    group.subscriptionIds.delete(subscriptionId);
    if (group.subscriptionIds.size === 0) {
      group.timer?.stop();
      this.groups.delete(group.key);
    }
  }

  /** Sets the group's timer for its next slot. */
  private arm(group: Group): void {
    group.timer?.stop();
    group.timer = group.nextSlot
      ? this.options.triggers.at(group.nextSlot.dueAt, () => void this.track(this.runGroup(group.key)))
      : undefined;
  }

  /** Number of timers (groups) and subscriptions they serve. */
  size(): { groups: number; subscriptions: number } {
    let subscriptions = 0;
    for (const group of this.groups.values()) subscriptions += group.subscriptionIds.size;
    return { groups: this.groups.size, subscriptions };
  }

  /** Next runs of a schedule from now (for replies); independent of whether it is scheduled. */
  upcoming(cronExpression: string, timeZone: string, count: number): Slot[] {
    const group = this.groups.get(scheduleGroupKey(cronExpression, timeZone));
    const calculator = group?.calculator ?? new SlotCalculator(cronExpression, timeZone);
    return calculator.upcoming(this.options.clock.now().getTime(), count);
  }

  /** The earliest slot any group has pending (the playground advances the clock to it). */
  nextDueAt(): number | undefined {
    let earliest: number | undefined;
    for (const group of this.groups.values()) {
      const due = group.nextSlot?.dueAt;
      if (due !== undefined && (earliest === undefined || due < earliest)) earliest = due;
    }
    return earliest;
  }

  /** Runs every group that has a slot due, and waits for those runs. */
  async runDue(): Promise<void> {
    const runs = [...this.groups.keys()].map((key) => this.track(this.runGroup(key)));
    await Promise.allSettled(runs);
  }

  private track(run: Promise<void>): Promise<void> {
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
    return run;
  }

  private async runGroup(key: string): Promise<void> {
    const group = this.groups.get(key);
    if (!group) return;
    const now = this.options.clock.now().getTime();
    // Take every slot due by now; only the latest is posted, earlier ones are superseded or missed.
    let due: Slot | undefined;
    const skipped: Slot[] = [];
    while (group.nextSlot && group.nextSlot.dueAt <= now) {
      if (due) skipped.push(due);
      due = group.nextSlot;
      group.nextSlot = group.calculator.next(due.dueAt);
    }
    // Early (a long sleep is cut into hours) or late, the timer is set again for the next slot.
    if (this.groups.get(key) === group) this.arm(group);
    if (!due) return;
    const slot = due;
    const lateByMs = now - slot.dueAt;
    const ids = [...group.subscriptionIds];
    if (skipped.length > 0) {
      this.options.log.info({ group: key, skipped: skipped.length, slot: slot.key }, 'slots superseded');
    }
    if (lateByMs > Math.max(this.options.graceMs, onTimeToleranceMs)) {
      this.options.log.warn({ group: key, slot: slot.key, lateByMs }, 'slot missed beyond the grace period');
      await settleConcurrently(ids, slotRunsInFlight, async (id) => this.options.onMissed?.(id, slot));
      return;
    }
    // A bounded number at once: enough to keep the post pacer's queue full, few enough that the
    // first post goes out after a few digests are built and claimed, not after all of them (2,000
    // at once held the first post back 0.75 s, and every digest in memory until its turn).
    const results = await settleConcurrently(
      ids,
      slotRunsInFlight,
      (subscriptionId) => this.options.runSlot({ subscriptionId, slot, lateByMs }),
      () => !this.stopping,
    );
    for (const result of results) {
      if (result.status === 'rejected')
        this.options.log.error({ err: result.reason, group: key }, 'slot run failed');
    }
  }
}
