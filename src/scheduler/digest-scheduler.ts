// One timer per distinct (schedule, time zone), however many subscriptions share it. node-cron wakes
// each group on time; the scheduler itself decides which slot is due, because node-cron drops a run
// that starts more than a second or two late, never catches up after downtime, and skips a time that
// a daylight-saving gap removes. A watchdog every minute catches whatever a timer missed.
import cron from 'node-cron';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { type Slot, SlotCalculator, scheduleGroupKey } from './schedule.js';

export interface TriggerHandle {
  stop(): void;
}

/** What wakes the scheduler. Production: node-cron. Tests drive the clock and call `runDue` instead. */
export interface ScheduleTriggers {
  schedule(cronExpression: string, timeZone: string, onTick: () => void): TriggerHandle;
}

export const nodeCronTriggers: ScheduleTriggers = {
  schedule(cronExpression, timeZone, onTick) {
    const task = cron.schedule(cronExpression, () => onTick(), {
      timezone: timeZone,
      name: `digest ${cronExpression} ${timeZone}`,
      // A late tick is not an error here: the scheduler's own bookkeeping catches the slot up.
      suppressMissedWarning: true,
    });
    return { stop: () => void task.destroy() };
  },
};

/** Triggers that never fire by themselves: for tests with a manual clock. */
export const manualTriggers: ScheduleTriggers = {
  schedule: () => ({ stop() {} }),
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
  calculator: SlotCalculator;
  subscriptionIds: Set<string>;
  /** The next slot not yet handed out. */
  nextSlot: Slot | undefined;
  trigger: TriggerHandle;
}

export class DigestScheduler {
  private readonly groups = new Map<string, Group>();
  private watchdog: TriggerHandle | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: DigestSchedulerOptions) {}

  /** Starts the watchdog. Call `runDue` once after adding the stored subscriptions to catch up. */
  start(): void {
    this.watchdog ??= this.options.triggers.schedule('* * * * *', 'UTC', () => void this.runDue());
  }

  async stop(): Promise<void> {
    this.watchdog?.stop();
    this.watchdog = undefined;
    for (const group of this.groups.values()) group.trigger.stop();
    this.groups.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  /** Adds (or moves) a subscription; a new group starts from now minus the grace period. */
  add(subscription: ScheduledSubscription): void {
    this.remove(subscription.id);
    const key = scheduleGroupKey(subscription.cron, subscription.timeZone);
    let group = this.groups.get(key);
    if (!group) {
      const calculator = new SlotCalculator(subscription.cron, subscription.timeZone);
      const created: Group = {
        calculator,
        subscriptionIds: new Set(),
        nextSlot: calculator.next(this.options.clock.now().getTime() - this.options.graceMs),
        trigger: this.options.triggers.schedule(subscription.cron, subscription.timeZone, () =>
          this.track(this.runGroup(key)),
        ),
      };
      this.groups.set(key, created);
      group = created;
    }
    group.subscriptionIds.add(subscription.id);
  }

  remove(subscriptionId: string): void {
    for (const [key, group] of this.groups) {
      if (!group.subscriptionIds.delete(subscriptionId)) continue;
      if (group.subscriptionIds.size === 0) {
        group.trigger.stop();
        this.groups.delete(key);
      }
    }
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
    if (!due) return;
    const slot = due;
    const lateByMs = now - slot.dueAt;
    const ids = [...group.subscriptionIds];
    if (skipped.length > 0) {
      this.options.log.info({ group: key, skipped: skipped.length, slot: slot.key }, 'slots superseded');
    }
    if (lateByMs > this.options.graceMs) {
      this.options.log.warn({ group: key, slot: slot.key, lateByMs }, 'slot missed beyond the grace period');
      await Promise.allSettled(ids.map((id) => this.options.onMissed?.(id, slot)));
      return;
    }
    // All subscriptions of the slot at once: discord.js queues them under Discord's rate limits.
    const results = await Promise.allSettled(
      ids.map((subscriptionId) => this.options.runSlot({ subscriptionId, slot, lateByMs })),
    );
    for (const result of results) {
      if (result.status === 'rejected')
        this.options.log.error({ err: result.reason, group: key }, 'slot run failed');
    }
  }
}
