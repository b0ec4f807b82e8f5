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
import { runPlayground } from './playground/run-playground.js';

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
  const bot = startBot(config.token, commands, context);
  let digests: RunningDigests | undefined;

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await digests?.stop();
    await bot.stop();
    log.info('stopped: gateway closed');
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
  digests = await startDigests({ client: bot.client, context });
}

main().catch((error) => {
  if (error instanceof ConfigError || error instanceof FactValidationError) {
    console.error(error.message);
  } else {
    console.error(`sitrep could not start: ${(error as Error).message}`);
  }
  process.exit(1);
});
