// Per-user rate limits on commands, so one user cannot flood the bot (or, through /digest test, a
// channel). A sliding window per (user, command): at most `uses` in any `perSeconds`.

export interface CooldownRule {
  uses: number;
  perSeconds: number;
}

/** What commands without a rule of their own get: generous for a person, a stop for a script. */
export const defaultCooldown: CooldownRule = { uses: 10, perSeconds: 20 };

/** Users tracked at most; past it, the least recently seen are forgotten (they are idle anyway). */
const maxTrackedCooldowns = 50_000;

export class Cooldowns {
  /** Times of recent uses per key, oldest first; Map order is least recently used first. */
  private readonly uses = new Map<string, number[]>();

  constructor(
    private readonly now: () => number,
    private readonly maxTracked = maxTrackedCooldowns,
  ) {}

  /**
   * Counts a use of `key` under `rule`. Returns undefined when allowed; otherwise the time (ms)
   * when the next use will be, and the refused use is not counted.
   */
  take(key: string, rule: CooldownRule): number | undefined {
    const now = this.now();
    const windowMs = rule.perSeconds * 1000;
    const recent = (this.uses.get(key) ?? []).filter((at) => at > now - windowMs);
    if (recent.length >= rule.uses) {
      this.touch(key, recent);
      return (recent[recent.length - rule.uses] ?? now) + windowMs;
    }
    recent.push(now);
    this.touch(key, recent);
    return undefined;
  }

  get tracked(): number {
    return this.uses.size;
  }

  private touch(key: string, recent: number[]): void {
    this.uses.delete(key);
    this.uses.set(key, recent);
    if (this.uses.size <= this.maxTracked) return;
    const oldest = this.uses.keys().next().value;
    if (oldest !== undefined) this.uses.delete(oldest);
  }
}
