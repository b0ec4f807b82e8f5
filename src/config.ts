// Environment -> validated, typed Config. Every problem is reported at once; the token never is.
// A leaf: it imports nothing from src, so a health check or a script loads only this and zod.
import { z } from 'zod';

/**
 * Discord's global limit: requests per second one bot may make, across all its processes
 * (interaction callbacks and webhooks are exempt). DiscordLimits in render/ reads it from here.
 */
export const discordGlobalRequestsPerSecond = 50;

/**
 * Evenly spaced starts per second that stay below Discord's 50 requests/s with room for arrival
 * jitter (at 48 a second, one post in 2,000 still met a full window on the emulator).
 */
export const evenStartsBelowGlobalLimit = 47;

/** What digests may do, as the operator set it. */
export interface DigestLimits {
  /** Schedules running more often than this are refused. */
  minIntervalMs: number;
  maxPerGuild: number;
  /** After downtime, a slot missed by less than this is posted late; older ones are skipped. */
  graceMs: number;
  defaultTimeZone: string;
}

export const defaultDigestLimits: DigestLimits = {
  minIntervalMs: 60 * 60_000,
  maxPerGuild: 10,
  graceMs: 10 * 60_000,
  defaultTimeZone: 'UTC',
};

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (a snowflake of 17 to 20 digits)');
const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const emptyAsUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const wholeNumber = (min: number, max: number, fallback: number) =>
  z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`)
      .default(fallback),
  );

/** An address to listen on: loopback unless the operator opens it up. */
const listenAddress = z.preprocess(
  emptyAsUndefined,
  z
    .union([z.ipv4(), z.ipv6(), z.literal('localhost')], {
      error: 'must be an IP address to listen on, such as 127.0.0.1 (the default) or 0.0.0.0',
    })
    .default('127.0.0.1'),
);

const environmentSchema = z.object({
  DISCORD_TOKEN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[^\s]+$/, 'must not contain spaces or line breaks (check for stray quotes or newlines)')
      .min(20, 'is too short to be a bot token')
      .optional(),
  ),
  DISCORD_APPLICATION_ID: z.preprocess(emptyAsUndefined, snowflake.optional()),
  DISCORD_GUILD_ID: z.preprocess(emptyAsUndefined, snowflake.optional()),
  DISCORD_API_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://discord.com/api' })
      .default('https://discord.com/api'),
  ),
  DISCORD_REST_TIMEOUT_SECONDS: wholeNumber(1, 120, 15),
  REST_PROXY_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://rest-proxy:8080/api' })
      .optional(),
  ),
  REST_PROXY_HOST: listenAddress,
  REST_PROXY_PORT: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: 'must be a port number' })
      .int('must be a port number')
      .min(0, 'must be a port number (0 picks a free one)')
      .max(65_535, 'must be at most 65535')
      .default(8080),
  ),
  REST_GLOBAL_PER_SECOND: wholeNumber(1, discordGlobalRequestsPerSecond, evenStartsBelowGlobalLimit),
  LOG_LEVEL: z.preprocess(
    (value) => (typeof value === 'string' ? emptyAsUndefined(value.toLowerCase()) : value),
    z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }).default('info'),
  ),
  STORE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(
        /^(sqlite|redis|rediss|postgres|postgresql):\/\//,
        'must start with sqlite://, redis:// or postgresql://',
      )
      .default('sqlite://data/sitrep.sqlite'),
  ),
  STORE_MAX_MB: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: 'must be a whole number of megabytes' })
      .int('must be a whole number of megabytes')
      .min(1, 'must be at least 1')
      .optional(),
  ),
  FACTS_DIR: z.preprocess(emptyAsUndefined, z.string().optional()),
  DIGEST_MIN_INTERVAL_MINUTES: wholeNumber(5, 7 * 24 * 60, 60),
  DIGEST_MAX_PER_GUILD: wholeNumber(1, 100, 10),
  DIGEST_GRACE_MINUTES: wholeNumber(0, 24 * 60, 10),
  DIGEST_POSTS_PER_SECOND: wholeNumber(1, discordGlobalRequestsPerSecond, evenStartsBelowGlobalLimit),
  OPS_HOST: listenAddress,
  OPS_PORT: z.preprocess(
    (value) =>
      typeof value === 'string' && value.trim().toLowerCase() === 'off' ? null : emptyAsUndefined(value),
    z.union([
      z.null(),
      z.coerce
        .number({ error: 'must be a port number or off' })
        .int('must be a port number or off')
        .min(0, 'must be a port number (0 picks a free one) or off')
        .max(65_535, 'must be at most 65535')
        .default(9464),
    ]),
  ),
  SHARD_COUNT: z.preprocess(
    (value) => (typeof value === 'string' ? emptyAsUndefined(value.trim().toLowerCase()) : value),
    z
      .union([
        z.literal('auto'),
        z.coerce
          .number({ error: 'must be auto or a whole number of shards' })
          .int('must be auto or a whole number of shards')
          .min(1, 'must be at least 1')
          .max(100_000, 'must be at most 100000'),
      ])
      .optional(),
  ),
  SHARD_IDS: z.preprocess(emptyAsUndefined, z.string().max(2000).optional()),
  DIGEST_DEFAULT_TIMEZONE: z.preprocess(
    emptyAsUndefined,
    z.string().refine(isIanaTimeZone, 'must be an IANA time zone such as Europe/Kyiv or UTC').default('UTC'),
  ),
});

export interface Config {
  /** Absent: the bot runs the no-token playground against the local emulator. */
  token: string | undefined;
  applicationId: string | undefined;
  /** Register commands to this guild only (instant, for development); global otherwise. */
  guildId: string | undefined;
  /** REST base URL without the version, as discord.js's `rest.api` takes it. */
  apiUrl: string;
  /** A REST request taking longer is aborted and retried by discord.js. */
  restTimeoutMs: number;
  /**
   * The shared REST proxy (`npm run start:rest-proxy`) this process sends its REST requests through,
   * so that every process of the bot draws on one rate-limit budget; undefined: straight to apiUrl.
   */
  restProxyUrl: string | undefined;
  /** For the REST proxy itself: where it listens, and the global requests per second it lets through. */
  restProxy: { host: string; port: number; globalPerSecond: number };
  logLevel: (typeof logLevels)[number];
  storeUrl: string;
  /** A cap on the SQLite file's size; writes past it fail cleanly. */
  storeMaxSizeMb: number | undefined;
  /** Extra fact files merged over the bundled ones. */
  factsDirectory: string | undefined;
  digests: DigestLimits;
  /** Digest posts started per second, below Discord's global 50/s. */
  digestPostsPerSecond: number;
  /**
   * Gateway sharding for this process: how many shards the bot has ('auto': Discord's
   * recommendation) and which of them run here (all when absent). Undefined: one shard, or what a
   * discord.js ShardingManager that spawned this process says.
   */
  shards: { count: number | 'auto'; ids: number[] | undefined } | undefined;
  /** Where /healthz and /metrics listen; null when turned off. Port 0 picks a free port. */
  ops: { host: string; port: number } | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads configuration from an environment (process.env after dotenv). Throws ConfigError listing every problem. */
export function loadConfig(environment: Record<string, string | undefined>): Config {
  const result = environmentSchema
    .superRefine((env, context) => {
      if (env.SHARD_IDS === undefined) return;
      if (typeof env.SHARD_COUNT !== 'number') {
        context.addIssue({
          code: 'custom',
          path: ['SHARD_IDS'],
          message: 'needs SHARD_COUNT set to a number: every process must agree on the count',
        });
        return;
      }
      try {
        parseShardIds(env.SHARD_IDS, env.SHARD_COUNT);
      } catch (error) {
        context.addIssue({ code: 'custom', path: ['SHARD_IDS'], message: (error as Error).message });
      }
    })
    .safeParse(environment);
  if (!result.success) {
    // Issue messages name the variable and the rule, never the value: the value may be the token.
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`),
    );
  }
  const env = result.data;
  return {
    token: env.DISCORD_TOKEN,
    applicationId: env.DISCORD_APPLICATION_ID,
    guildId: env.DISCORD_GUILD_ID,
    apiUrl: env.DISCORD_API_URL.replace(/\/+$/, ''),
    restTimeoutMs: env.DISCORD_REST_TIMEOUT_SECONDS * 1000,
    restProxyUrl: env.REST_PROXY_URL?.replace(/\/+$/, ''),
    restProxy: {
      host: env.REST_PROXY_HOST,
      port: env.REST_PROXY_PORT,
      globalPerSecond: env.REST_GLOBAL_PER_SECOND,
    },
    logLevel: env.LOG_LEVEL,
    storeUrl: env.STORE_URL,
    storeMaxSizeMb: env.STORE_MAX_MB,
    factsDirectory: env.FACTS_DIR,
    digests: {
      minIntervalMs: env.DIGEST_MIN_INTERVAL_MINUTES * 60_000,
      maxPerGuild: env.DIGEST_MAX_PER_GUILD,
      graceMs: env.DIGEST_GRACE_MINUTES * 60_000,
      defaultTimeZone: env.DIGEST_DEFAULT_TIMEZONE.trim(),
    },
    digestPostsPerSecond: env.DIGEST_POSTS_PER_SECOND,
    ops: env.OPS_PORT === null ? null : { host: env.OPS_HOST, port: opsPortFor(env.OPS_PORT, environment) },
    // A ShardingManager tells the processes it spawns their shards itself (SHARDS, SHARD_COUNT).
    shards:
      env.SHARD_COUNT === undefined || environment.SHARDING_MANAGER === 'true'
        ? undefined
        : {
            count: env.SHARD_COUNT,
            ids:
              env.SHARD_IDS !== undefined && typeof env.SHARD_COUNT === 'number'
                ? parseShardIds(env.SHARD_IDS, env.SHARD_COUNT)
                : undefined,
          },
  };
}

/**
 * Shard processes a ShardingManager spawns on one host share its environment; each takes the ops
 * port plus its first shard id, so their /healthz and /metrics do not collide.
 */
function opsPortFor(port: number, environment: Record<string, string | undefined>): number {
  if (port === 0 || environment.SHARDING_MANAGER !== 'true' || !environment.SHARDS) return port;
  const shards = JSON.parse(environment.SHARDS) as number[] | number;
  const first = Array.isArray(shards) ? Math.min(...shards) : shards;
  return Number.isInteger(first) ? port + first : port;
}

/**
 * "0,2,5" or "0-3" or "0-1,4" -> [0, 1, 4]. Throws with the reason for anything else, or an id not
 * below the count.
 */
export function parseShardIds(text: string, count: number): number[] {
  const ids = new Set<number>();
  for (const part of text.split(',').map((piece) => piece.trim())) {
    const range = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    if (!range) throw new Error(`"${part.slice(0, 20)}" is not a shard id or a range such as 0-3`);
    const first = Number(range[1]);
    const last = range[2] === undefined ? first : Number(range[2]);
    if (last < first) throw new Error(`the range ${first}-${last} runs backwards`);
    for (let id = first; id <= last; id++) {
      if (id >= count)
        throw new Error(`shard ${id} does not exist with SHARD_COUNT ${count} (ids are 0 to ${count - 1})`);
      ids.add(id);
    }
  }
  return [...ids].sort((a, b) => a - b);
}

/** A named zone Intl knows; fixed offsets like "+03:00" are refused, as they ignore daylight saving. */
function isIanaTimeZone(zone: string): boolean {
  const trimmed = zone.trim();
  if (trimmed === '' || /^[+-]/.test(trimmed)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: trimmed });
    return true;
  } catch {
    return false;
  }
}
