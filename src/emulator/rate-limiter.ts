// Discord-style rate limits: a fixed window per route bucket, and a global per-second cap, with the
// headers discord.js reads to pace itself.

export interface RouteLimit {
  limit: number;
  windowMs: number;
}

export interface RateLimitOptions {
  /** Requests per second across all non-interaction routes (Discord: 50). */
  globalPerSecond: number;
  /** Requests per bucket window on one route. */
  routeLimit: number;
  routeWindowMs: number;
  /**
   * Routes with figures of their own, by method and path with every id as ":id"
   * ("POST /channels/:id/messages/:id/crosspost"); each channel (or guild) still has its own bucket.
   */
  routes: Record<string, RouteLimit>;
}

const defaultRateLimits: RateLimitOptions = {
  globalPerSecond: 50,
  routeLimit: 5,
  routeWindowMs: 1000,
  routes: {
    // Discord does not document this bucket. At the global figure it never binds before the global
    // limit does, so a bot that paces itself to 50 requests a second may open a DM with each request.
    'POST /users/@me/channels': { limit: 50, windowMs: 1000 },
    // Documented: "10 messages per hour per channel" may be published.
    'POST /channels/:id/messages/:id/crosspost': { limit: 10, windowMs: 3_600_000 },
  },
};

/** The emulator's figures: the defaults, with `overrides` on top (their routes merged into the default routes). */
export function rateLimitsWith(overrides: Partial<RateLimitOptions> = {}): RateLimitOptions {
  return {
    ...defaultRateLimits,
    ...overrides,
    routes: { ...defaultRateLimits.routes, ...overrides.routes },
  };
}

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
    const { limit, windowMs } = this.routeLimit(bucketKey);
    let window = this.buckets.get(bucketKey);
    if (!window || now - window.startedAt >= windowMs) {
      window = { startedAt: now, count: 0 };
      this.buckets.set(bucketKey, window);
    }
    const resetAfter = Math.max(0.001, (window.startedAt + windowMs - now) / 1000);
    const base = {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-reset': ((window.startedAt + windowMs) / 1000).toFixed(3),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': bucketHash(bucketKey),
    };
    if (window.count >= limit) {
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
      headers: { ...base, 'x-ratelimit-remaining': String(limit - window.count) },
    };
  }

  private routeLimit(bucketKey: string): RouteLimit {
    const route = bucketKey.replace(/\/\d{17,20}(?=\/|$)/g, '/:id');
    return (
      this.options.routes[route] ?? { limit: this.options.routeLimit, windowMs: this.options.routeWindowMs }
    );
  }
}

function bucketHash(key: string): string {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return (hash >>> 0).toString(16).padStart(8, '0');
}
