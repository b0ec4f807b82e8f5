// The composition root: config -> stores -> facts -> digests -> bot. The production entry point, the
// shard processes, the playground, the tests' harnesses and the benchmarks all start sitrep here, so
// the wiring exists once.
import type { REST } from 'discord.js';
import { guildDirectory, watchDigestEvents } from './bot/digest-events.js';
import { ownsGuild, type ShardPlan, shareOfShards } from './bot/shards.js';
import { type RunningBot, startBot } from './bot/start-bot.js';
import { type Clock, systemClock } from './clock.js';
import type { Command, CommandContext } from './commands/command.js';
import { factsVersion } from './commands/facts-version.js';
import { commands as allCommands } from './commands/index.js';
import type { Config, DigestLimits } from './config.js';
import type { FactStore } from './data/fact-store.js';
import { loadFactStore } from './data/load-store.js';
import { watchFactFiles } from './data/watch-facts.js';
import type { ShutdownSummary } from './delivery/digest-delivery.js';
import { DigestService } from './delivery/digest-service.js';
import { createRestPoster, type GuildDirectory } from './delivery/rest-poster.js';
import { createDirectMessenger } from './delivery/watch-delivery.js';
import { WatchService } from './delivery/watch-service.js';
import { createLogger, type Logger } from './log.js';
import { type BotMetrics, createMetrics } from './ops/metrics.js';
import { type RunningOpsServer, startOpsServer } from './ops/ops-server.js';
import { PlaceMapCache } from './render/map/place-map.js';
import { realTriggers, type ScheduleTriggers } from './scheduler/digest-scheduler.js';
import { Pacer } from './scheduler/pacer.js';
import { FactLedger } from './store/fact-ledger.js';
import { describeStoreUrl, type KeyValueStores, openKeyValueStores } from './store/keyv-stores.js';
import { ServerSettingsStore } from './store/server-settings.js';
import { SubscriptionStore } from './store/subscription-store.js';
import { WatchStore } from './store/watch-store.js';

export interface DigestWiring {
  config: Config;
  log: Logger;
  clock: Clock;
  /** Read on every digest, so reloaded fact files reach the next one. */
  facts: () => FactStore;
  /** discord.js's REST client: digests are posted through it, paced below the global limit. */
  rest: REST;
  guilds: GuildDirectory;
  /** Default: real timers. Tests and the playground pass manual ones and move a clock. */
  triggers?: ScheduleTriggers;
  retryDelaysMs?: readonly number[];
  limits?: Partial<DigestLimits>;
  /**
   * Digest posts and watch messages started per second by this process, on one grid; default: its
   * share of the configured rate.
   */
  postsPerSecond?: number;
  metrics?: BotMetrics;
  /** Run only the digests of guilds on these shards (the shards this process runs). */
  shardPlan?: ShardPlan;
}

export interface RunningDigestService {
  service: DigestService;
  /** Personal watches: a DM per reload to whoever watches what changed. */
  watches: WatchService;
  /** Each server's settings (its language for public answers), kept in memory once read. */
  servers: ServerSettingsStore;
  ledger: FactLedger;
  stores: KeyValueStores;
  /** Finishes or leaves for the restart what is in flight, then closes the store. */
  stop(): Promise<ShutdownSummary>;
}

/**
 * Logs a store's errors at most once per 10 s per namespace, with how many there were: a server
 * store that went away reports every reconnect attempt, and an outage must not flood the log.
 */
function storeErrorLog(log: Logger): (error: unknown, namespace: string) => void {
  const since = new Map<string, { at: number; count: number }>();
  return (error, namespace) => {
    const now = Date.now();
    const last = since.get(namespace) ?? { at: Number.NEGATIVE_INFINITY, count: 0 };
    last.count++;
    since.set(namespace, last);
    if (now - last.at < 10_000) return;
    const message = error instanceof Error ? error.message : String(error);
    log.error(
      { err: { message, name: (error as Error)?.name }, namespace, errors: last.count },
      'store error',
    );
    since.set(namespace, { at: now, count: 0 });
  };
}

/** Opens the store and starts the digest service over it: the one place these parts meet. */
export async function startDigestService(wiring: DigestWiring): Promise<RunningDigestService> {
  const { config, log, shardPlan } = wiring;
  log.info(
    { store: describeStoreUrl(config.storeUrl), timeoutSeconds: config.storeTimeoutMs / 1000 },
    'opening the store',
  );
  const stores = await openKeyValueStores(config.storeUrl, storeErrorLog(log), {
    maxSizeMb: config.storeMaxSizeMb,
    timeoutMs: config.storeTimeoutMs,
  });
  log.info({ store: stores.description }, 'store opened');
  const ledger = new FactLedger(stores.namespaces.ledger);
  const servers = ServerSettingsStore.open(stores, {
    onUnreadable: (guild, reason) =>
      log.error({ guild, reason }, 'server settings record unreadable; answering in readers’ languages'),
  });
  // One grid for digests and watch messages: two pacers would together start twice the rate.
  const pacer = new Pacer(
    wiring.postsPerSecond ?? config.digestPostsPerSecond * (shardPlan ? shareOfShards(shardPlan) : 1),
  );
  const service = await DigestService.start({
    subscriptions: SubscriptionStore.open(stores),
    ledger,
    facts: wiring.facts,
    poster: createRestPoster(wiring.rest, wiring.guilds, { pacer }),
    clock: wiring.clock,
    log: log.child({ part: 'digests' }),
    triggers: wiring.triggers ?? realTriggers(wiring.clock),
    limits: { ...config.digests, ...wiring.limits },
    retryDelaysMs: wiring.retryDelaysMs,
    onDelivery: (result) => wiring.metrics?.digestFinished(result),
    ownsGuild: shardPlan ? (guildId) => ownsGuild(shardPlan, guildId) : undefined,
  }).catch(async (error: unknown) => {
    await stores.close().catch(() => undefined);
    throw error;
  });
  // After the digest service, which loaded the ledger and reconciled it with the facts.
  const watches = WatchService.start({
    watches: WatchStore.open(stores),
    facts: wiring.facts,
    ledger,
    messenger: createDirectMessenger(wiring.rest, pacer),
    clock: wiring.clock,
    log: log.child({ part: 'watches' }),
    maxPerUser: config.watchesPerUser,
    // DMs belong to no guild: the process running shard 0 sends them; the claim makes a second harmless.
    delivers: shardPlan ? shardPlan.ids.includes(0) : true,
    retryDelaysMs: wiring.retryDelaysMs,
  });
  return {
    service,
    watches,
    servers,
    ledger,
    stores,
    async stop() {
      await watches.stop();
      const summary = await service.stop();
      await stores.close();
      return summary;
    },
  };
}

export interface AppOptions {
  /** Default: a logger at the configured level that masks the token. */
  log?: Logger;
  clock?: Clock;
  commands?: readonly Command[];
  /** Default: the bundled fact files plus FACTS_DIR. */
  facts?: FactStore;
  triggers?: ScheduleTriggers;
  retryDelaysMs?: readonly number[];
  /** Reload fact files when they change (default true). */
  watchFacts?: boolean;
  /** Prometheus metrics (default: when the ops server is configured). */
  metrics?: boolean;
  /** Where /healthz and /metrics listen; default config.ops, null for none. */
  ops?: { host: string; port: number } | null;
  /** How long a command may run before its reply is deferred (the router's default otherwise). */
  deferAfterMs?: number;
}

export interface App {
  config: Config;
  log: Logger;
  /** What every command handler receives; `facts` and `digests` always read the current ones. */
  context: CommandContext;
  bot: RunningBot;
  /**
   * Undefined while the store cannot be opened: commands still work, /digest says digests are off,
   * and the store is tried again in the background (this then reads the running service).
   */
  readonly digests: RunningDigestService | undefined;
  ops: RunningOpsServer | undefined;
  /** Reloads the fact files now (file changes do this by themselves when watched). */
  reloadFacts(): Promise<unknown>;
  /** Stops digests (finishing what is in flight), the ops server and the gateway, in that order. */
  stop(): Promise<ShutdownSummary>;
}

/** After a store that could not be opened: tries again after 5 s, then 10, 20, 40, and every 60 s. */
const storeRetryDelaysMs = [5_000, 10_000, 20_000, 40_000, 60_000];

/** Starts sitrep on Discord (or the emulator config.apiUrl points at). Rejects if it cannot log in. */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  if (!config.token) throw new Error('createApp needs a token; without one, run the playground');
  const log =
    options.log ??
    createLogger({
      level: config.logLevel,
      secrets: [config.token, config.restProxy.secret].filter((secret) => secret !== undefined),
    });
  const clock = options.clock ?? systemClock;
  let facts = options.facts ?? (await loadFactStore(config.factsDirectory));
  log.info({ facts: facts.facts.length, places: facts.places.length }, 'fact store loaded');

  let digests: RunningDigestService | undefined;
  const maps = new PlaceMapCache();
  const context: CommandContext = {
    config,
    log,
    clock,
    maps,
    get facts() {
      return facts;
    },
    get digests() {
      return digests?.service;
    },
    get watches() {
      return digests?.watches;
    },
    get servers() {
      return digests?.servers;
    },
  };
  let bot: RunningBot | undefined;
  const opsAddress = options.ops === undefined ? config.ops : options.ops;
  const wantsMetrics = options.metrics ?? opsAddress !== null;
  const metrics = wantsMetrics
    ? createMetrics({
        gatewayConnected: () => bot?.gatewayConnected() ?? false,
        gatewayPingMs: () => bot?.client.ws.ping ?? -1,
        subscriptions: () => digests?.service.counts() ?? { active: 0, paused: 0 },
      })
    : undefined;
  // The ops server first: /healthz and /metrics answer while the gateway connects and the store
  // opens (or fails to), and say which of them is down.
  const ops =
    opsAddress && metrics
      ? await startOpsServer({
          ...opsAddress,
          registry: metrics.registry,
          log,
          health: async () => {
            const running = digests;
            return {
              gateway: bot?.gatewayConnected() ? 'connected' : 'disconnected',
              store: running && (await running.stores.ping()) ? 'ok' : 'unreachable',
            };
          },
        })
      : undefined;

  const runningBot = startBot(config.token, options.commands ?? allCommands, context, {
    ...(options.deferAfterMs === undefined ? {} : { deferAfterMs: options.deferAfterMs }),
    metrics,
  });
  bot = runningBot;
  try {
    await runningBot.ready;
  } catch (error) {
    await ops?.close();
    await runningBot.stop().catch(() => undefined);
    throw error;
  }

  // Off the interaction path: the first /status would otherwise read the geography and fonts, and
  // the first answer with buttons would fingerprint the facts (110 ms at 10,000 facts).
  setImmediate(() => {
    factsVersion(facts);
    maps.warm().catch((error: Error) => log.warn({ err: error }, 'map renderer did not warm up'));
  });
  const shardPlan = runningBot.shardPlan();
  log.info({ shards: shardPlan.ids, shardCount: shardPlan.count }, 'gateway shards running here');
  // Commands keep working without digests: a store that cannot be opened (unreachable, a read-only
  // disk, a bad path) turns digests off with a clear log line, /digest says so, /healthz reports the
  // store down, and the store is tried again in the background until it answers.
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let stopDigestEvents: () => void = () => undefined;
  const openDigests = async (attempt: number): Promise<void> => {
    const started = await startDigestService({
      config,
      log,
      clock,
      facts: () => facts,
      rest: runningBot.client.rest,
      guilds: guildDirectory(runningBot.client),
      triggers: options.triggers,
      retryDelaysMs: options.retryDelaysMs,
      metrics,
      shardPlan,
    }).catch((error: Error) => {
      const retryInMs = storeRetryDelaysMs[Math.min(attempt, storeRetryDelaysMs.length - 1)] ?? 60_000;
      log.error(
        {
          err: { message: error.message, name: error.name },
          attempt: attempt + 1,
          retryInSeconds: retryInMs / 1000,
        },
        'digests are off: the store could not be opened; commands still work; trying again',
      );
      if (!stopped) {
        retryTimer = setTimeout(() => void openDigests(attempt + 1), retryInMs);
        retryTimer.unref();
      }
      return undefined;
    });
    if (!started) return;
    // Opened after the app stopped (a retry that was under way): closed again at once.
    if (stopped) {
      await started.stop();
      return;
    }
    digests = started;
    stopDigestEvents = watchDigestEvents(runningBot.client, started.service, log, started.servers);
    if (attempt > 0) log.info({ attempts: attempt + 1 }, 'digests are on: the store answered');
  };
  await openDigests(0);
  const watcher = watchFactFiles({
    factsDirectory: config.factsDirectory,
    log,
    watchFiles: options.watchFacts ?? true,
    onReload: async (reloaded) => {
      facts = reloaded;
      // Buttons carry the facts' fingerprint: worked out now, not by the first press after the reload.
      setImmediate(() => factsVersion(reloaded));
      await digests?.service.factsReloaded(reloaded);
      // Not awaited: a pass to many watchers takes minutes at the rate limit, and it never rejects.
      if (digests) void digests.watches.afterReload(reloaded, digests.ledger);
    },
  });

  return {
    config,
    log,
    context,
    bot: runningBot,
    get digests() {
      return digests;
    },
    ops,
    reloadFacts: () => watcher.reload(),
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      watcher.close();
      stopDigestEvents();
      const summary = (await digests?.stop()) ?? { finished: 0, leftForRestart: 0 };
      digests = undefined;
      await ops?.close();
      await runningBot.stop();
      return summary;
    },
  };
}
