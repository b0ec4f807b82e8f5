// Entry point: configuration -> facts -> bot (or the no-token playground); signals. Nothing else.
import 'dotenv/config';
import { startBot } from './bot/start-bot.js';
import { type RunningDigests, startDigests } from './bot/start-digests.js';
import { systemClock } from './clock.js';
import type { CommandContext } from './commands/command.js';
import { commands } from './commands/index.js';
import { ConfigError, loadConfig } from './config.js';
import { FactValidationError } from './data/load-facts.js';
import { loadFactStore } from './data/load-store.js';
import { createLogger } from './log.js';
import { createMetrics } from './ops/metrics.js';
import { type RunningOpsServer, startOpsServer } from './ops/ops-server.js';
import { runPlayground } from './playground/run-playground.js';

/** How long a graceful stop may take before the process exits anyway (container runtimes allow 10 s). */
const shutdownDeadlineMs = 9_000;

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.token) {
    await runPlayground({ config, commands });
    return;
  }
  const log = createLogger({ level: config.logLevel, secrets: [config.token] });
  const facts = await loadFactStore(config.factsDirectory);
  log.info({ facts: facts.facts.length, places: facts.places.length }, 'fact store loaded');
  const context: CommandContext = { config, facts, log, clock: systemClock };
  let digests: RunningDigests | undefined;
  const metrics = createMetrics({
    gatewayConnected: () => bot.gatewayConnected(),
    gatewayPingMs: () => bot.client.ws.ping,
    subscriptions: () => context.digests?.counts() ?? { active: 0, paused: 0 },
  });
  const bot = startBot(config.token, commands, context, { metrics });
  let ops: RunningOpsServer | undefined;

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: no new work; finishing what is in flight');
    setTimeout(() => {
      log.error({ signal, afterMs: shutdownDeadlineMs }, 'shutdown took too long; exiting anyway');
      process.exit(1);
    }, shutdownDeadlineMs).unref();
    const summary = (await digests?.stop()) ?? { finished: 0, leftForRestart: 0 };
    await ops?.close();
    await bot.stop();
    log.info(
      { signal, ...summary },
      `stopped: ${summary.finished} digest(s) finished, ${summary.leftForRestart} left for the restart; store closed, gateway closed`,
    );
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));

  await bot.ready.catch((error: Error) => {
    // discord.js errors here carry no token; the message says what failed (bad token, unreachable API).
    log.fatal({ err: { message: error.message, name: error.name } }, 'could not log in');
    process.exit(1);
  });
  // Commands keep working without digests: a store that cannot be opened (a read-only disk, a bad
  // path) turns digests off with a clear log line, and /digest says so.
  const shardPlan = bot.shardPlan();
  log.info({ shards: shardPlan.ids, shardCount: shardPlan.count }, 'gateway shards running here');
  digests = await startDigests({ client: bot.client, context, metrics, shardPlan }).catch((error: Error) => {
    log.error(
      { err: { message: error.message, name: error.name } },
      'digests are off: the store could not be opened; commands still work',
    );
    return undefined;
  });
  if (config.ops) {
    const running = digests;
    ops = await startOpsServer({
      ...config.ops,
      registry: metrics.registry,
      log,
      health: async () => ({
        gateway: bot.gatewayConnected() ? 'connected' : 'disconnected',
        store: running && (await running.storeReachable()) ? 'ok' : 'unreachable',
      }),
    });
  }
}

main().catch((error) => {
  if (error instanceof ConfigError || error instanceof FactValidationError) {
    console.error(error.message);
  } else {
    console.error(`sitrep could not start: ${(error as Error).message}`);
  }
  process.exit(1);
});
