// Discord-style rate limits: a fixed window per route bucket, and a global per-second cap, with the
// headers discord.js reads to pace itself.

export interface RateLimitOptions {
  /** Requests per second across all non-interaction routes (Discord: 50). */
  globalPerSecond: number;
  /** Requests per bucket window on one route. */
  routeLimit: number;
  routeWindowMs: number;
}

export const defaultRateLimits: RateLimitOptions = {
  globalPerSecond: 50,
  routeLimit: 5,
  routeWindowMs: 1000,
};

export interface RateLimitDecision {
  allowed: boolean;
  headers: Record<string, string>;
  scope?: 'user' | 'global';
  retryAfterSeconds?: number;
}

interface Window {
  startedAt: number;
  count: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Window>();
  private globalWindow: Window = { startedAt: 0, count: 0 };
  /** 429s answered, by scope: tests read this to prove a client never hit the limit. */
  readonly rejected = { user: 0, global: 0 };

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  check(bucketKey: string, { global }: { global: boolean }): RateLimitDecision {
    const now = this.now();
    if (global) {
      if (now - this.globalWindow.startedAt >= 1000) this.globalWindow = { startedAt: now, count: 0 };
      if (this.globalWindow.count >= this.options.globalPerSecond) {
        const retryAfter = Math.max(0.001, (this.globalWindow.startedAt + 1000 - now) / 1000);
        this.rejected.global++;
        return {
          allowed: false,
          scope: 'global',
          retryAfterSeconds: retryAfter,
          headers: {
            'retry-after': retryAfter.toFixed(3),
            'x-ratelimit-global': 'true',
            'x-ratelimit-scope': 'global',
          },
        };
      }
    }
    let window = this.buckets.get(bucketKey);
    if (!window || now - window.startedAt >= this.options.routeWindowMs) {
      window = { startedAt: now, count: 0 };
      this.buckets.set(bucketKey, window);
    }
    const resetAfter = Math.max(0.001, (window.startedAt + this.options.routeWindowMs - now) / 1000);
    const base = {
      'x-ratelimit-limit': String(this.options.routeLimit),
      'x-ratelimit-reset': ((window.startedAt + this.options.routeWindowMs) / 1000).toFixed(3),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': bucketHash(bucketKey),
    };
    if (window.count >= this.options.routeLimit) {
      this.rejected.user++;
      return {
        allowed: false,
        scope: 'user',
        retryAfterSeconds: resetAfter,
        headers: {
          ...base,
          'x-ratelimit-remaining': '0',
          'retry-after': resetAfter.toFixed(3),
          'x-ratelimit-scope': 'user',
        },
      };
    }
    window.count++;
    if (global) this.globalWindow.count++;
    return {
      allowed: true,
      headers: { ...base, 'x-ratelimit-remaining': String(this.options.routeLimit - window.count) },
    };
  }
}

function bucketHash(key: string): string {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return (hash >>> 0).toString(16).padStart(8, '0');
}
