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

/** The most watches per user an operator may allow (WATCH_MAX_PER_USER); stored records are checked against it. */
export const maxWatchesPerUserCeiling = 100;

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

const flag = (name: string) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? emptyAsUndefined(value.trim().toLowerCase()) : value),
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: `must be true or false (${name})` })
      .default('false')
      .transform((value) => value === 'true' || value === '1' || value === 'yes'),
  );

const filePath = z.preprocess(emptyAsUndefined, z.string().optional());

/**
 * Whether a host name is this machine: 127.0.0.0/8, ::1 or localhost. Plain http to anything else
 * crosses a network, and the bot token travels in every request.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

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
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://rest-proxy:8080/api' })
      .optional(),
  ),
  REST_PROXY_SECRET: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[^\s]+$/, 'must not contain spaces or line breaks')
      .min(32, 'must be at least 32 characters (openssl rand -hex 32 makes one)')
      .max(512, 'must be at most 512 characters')
      .optional(),
  ),
  REST_PROXY_CA_FILE: filePath,
  REST_PROXY_ALLOW_PLAINTEXT: flag('REST_PROXY_ALLOW_PLAINTEXT'),
  REST_PROXY_TLS_CERT_FILE: filePath,
  REST_PROXY_TLS_KEY_FILE: filePath,
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
  STORE_TIMEOUT_SECONDS: wholeNumber(1, 120, 5),
  SITREP_PLAYGROUND: flag('SITREP_PLAYGROUND'),
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
  WATCH_MAX_PER_USER: wholeNumber(1, maxWatchesPerUserCeiling, 25),
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
  /** The shared REST proxy: what its callers and the proxy itself share, and how it listens. */
  restProxy: {
    /** For the proxy itself: where it listens, and the global requests per second it lets through. */
    host: string;
    port: number;
    globalPerSecond: number;
    /**
     * The shared secret: shard processes send it in a header, the proxy refuses requests without it.
     * Required with REST_PROXY_URL, and by the proxy. Never logged.
     */
    secret: string | undefined;
    /** For the proxy: its certificate chain and key (PEM files); it serves https with them. */
    tls: { certFile: string; keyFile: string } | undefined;
    /** For shard processes: a CA (PEM file) to trust for an https REST_PROXY_URL, such as a private one. */
    caFile: string | undefined;
    /** The operator's explicit yes to plain http beyond loopback (a private network they trust). */
    allowPlaintext: boolean;
  };
  logLevel: (typeof logLevels)[number];
  storeUrl: string;
  /** How long connecting to a Redis or PostgreSQL store, or one call to it, may take before it fails. */
  storeTimeoutMs: number;
  /** Run the no-token playground even without a terminal (SITREP_PLAYGROUND=true, or --playground). */
  playground: boolean;
  /** A cap on the SQLite file's size; writes past it fail cleanly. */
  storeMaxSizeMb: number | undefined;
  /** Extra fact files merged over the bundled ones. */
  factsDirectory: string | undefined;
  digests: DigestLimits;
  /** Digest posts started per second, below Discord's global 50/s. */
  digestPostsPerSecond: number;
  /** How many places, topics and actors one user may watch with /watch. */
  watchesPerUser: number;
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
      for (const problem of restProxyClientProblems(env))
        context.addIssue({ code: 'custom', path: [problem.variable], message: problem.message });
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
      secret: env.REST_PROXY_SECRET,
      tls:
        env.REST_PROXY_TLS_CERT_FILE && env.REST_PROXY_TLS_KEY_FILE
          ? { certFile: env.REST_PROXY_TLS_CERT_FILE, keyFile: env.REST_PROXY_TLS_KEY_FILE }
          : undefined,
      caFile: env.REST_PROXY_CA_FILE,
      allowPlaintext: env.REST_PROXY_ALLOW_PLAINTEXT,
    },
    logLevel: env.LOG_LEVEL,
    storeUrl: env.STORE_URL,
    storeMaxSizeMb: env.STORE_MAX_MB,
    storeTimeoutMs: env.STORE_TIMEOUT_SECONDS * 1000,
    playground: env.SITREP_PLAYGROUND,
    factsDirectory: env.FACTS_DIR,
    digests: {
      minIntervalMs: env.DIGEST_MIN_INTERVAL_MINUTES * 60_000,
      maxPerGuild: env.DIGEST_MAX_PER_GUILD,
      graceMs: env.DIGEST_GRACE_MINUTES * 60_000,
      defaultTimeZone: env.DIGEST_DEFAULT_TIMEZONE.trim(),
    },
    digestPostsPerSecond: env.DIGEST_POSTS_PER_SECOND,
    watchesPerUser: env.WATCH_MAX_PER_USER,
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
 * What a process sending REST through the proxy needs: the secret, and a connection that does not
 * show the token to the network (https, or loopback, or the operator's explicit opt-in). Messages
 * name the variables and never their values.
 */
function restProxyClientProblems(env: {
  REST_PROXY_URL?: string | undefined;
  REST_PROXY_SECRET?: string | undefined;
  REST_PROXY_CA_FILE?: string | undefined;
  REST_PROXY_ALLOW_PLAINTEXT: boolean;
  REST_PROXY_TLS_CERT_FILE?: string | undefined;
  REST_PROXY_TLS_KEY_FILE?: string | undefined;
}): { variable: string; message: string }[] {
  const problems: { variable: string; message: string }[] = [];
  if (Boolean(env.REST_PROXY_TLS_CERT_FILE) !== Boolean(env.REST_PROXY_TLS_KEY_FILE))
    problems.push({
      variable: env.REST_PROXY_TLS_CERT_FILE ? 'REST_PROXY_TLS_KEY_FILE' : 'REST_PROXY_TLS_CERT_FILE',
      message: 'must be set together with the other: the REST proxy serves https with both, or neither',
    });
  if (!env.REST_PROXY_URL) return problems;
  const url = new URL(env.REST_PROXY_URL);
  if (!env.REST_PROXY_SECRET)
    problems.push({
      variable: 'REST_PROXY_SECRET',
      message:
        'must be set when REST_PROXY_URL is: the REST proxy refuses requests without its shared secret (the same value on the proxy and every shard process)',
    });
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !env.REST_PROXY_ALLOW_PLAINTEXT)
    problems.push({
      variable: 'REST_PROXY_URL',
      message:
        'is plain http to another host: the bot token would cross the network in clear text. Serve the proxy over https (REST_PROXY_TLS_CERT_FILE and REST_PROXY_TLS_KEY_FILE on the proxy, REST_PROXY_CA_FILE here for a private CA) and use an https:// URL, or, on a private network you trust, set REST_PROXY_ALLOW_PLAINTEXT=true',
    });
  if (env.REST_PROXY_CA_FILE && url.protocol !== 'https:')
    problems.push({
      variable: 'REST_PROXY_CA_FILE',
      message: 'is only used for an https:// REST_PROXY_URL',
    });
  return problems;
}

/**
 * What the REST proxy itself needs, checked by its entry points (a shard process does not): the
 * bot's token (the only one it forwards), the shared secret, and https when it listens beyond
 * loopback unless the operator opted in to plain http. `listen` is where it will listen.
 */
export function restProxyServerProblems(config: Config, listen: { host: string }): string[] {
  const problems: string[] = [];
  if (!config.token)
    problems.push(
      "DISCORD_TOKEN is needed by the REST proxy: it forwards only requests that carry the bot's own token",
    );
  if (!config.restProxy.secret)
    problems.push(
      'REST_PROXY_SECRET is needed by the REST proxy: shard processes send it to prove they may send through it (openssl rand -hex 32 makes one; set the same value on every shard process)',
    );
  const wildcard = listen.host === '0.0.0.0' || listen.host === '::';
  if ((wildcard || !isLoopbackHost(listen.host)) && !config.restProxy.tls && !config.restProxy.allowPlaintext)
    problems.push(
      'REST_PROXY_HOST listens beyond this host over plain http, where the bot token would cross the network in clear text: set REST_PROXY_TLS_CERT_FILE and REST_PROXY_TLS_KEY_FILE to serve https, or, on a private network you trust, REST_PROXY_ALLOW_PLAINTEXT=true',
    );
  return problems;
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
