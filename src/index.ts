// Entry point: configuration -> createApp (or, with no token, the playground); signals. Nothing else.
import 'dotenv/config';
import { type App, createApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { FactValidationError } from './data/load-facts.js';
import { createLogger } from './log.js';

/** How long a graceful stop may take before the process exits anyway (container runtimes allow 10 s). */
const shutdownDeadlineMs = 9_000;

/**
 * Without a token, the playground runs for a person at a terminal (`npm start` in the README), or
 * when asked for (`--playground`, SITREP_PLAYGROUND=true). A production process (NODE_ENV=production,
 * or no terminal: a container, a service manager) has lost its token: that is an error, not a demo.
 */
function playgroundWanted(config: Config): boolean {
  if (config.playground || process.argv.includes('--playground')) return true;
  return process.env.NODE_ENV !== 'production' && process.stdin.isTTY === true;
}

const missingToken =
  'sitrep: DISCORD_TOKEN is not set, so there is no bot to run (set it, see .env.example; for the local playground run npm start -- --playground)';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.token) {
    if (!playgroundWanted(config)) {
      console.error(missingToken);
      process.exit(1);
    }
    // Loaded only here: production processes never load the emulator or the console, and the
    // container image does not ship them.
    const [{ runPlayground }, { commands }] = await Promise.all([
      import('./playground/run-playground.js'),
      import('./commands/index.js'),
    ]).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ERR_MODULE_NOT_FOUND') throw error;
      throw new Error(
        'the playground is not part of this build (the container image leaves it out); set DISCORD_TOKEN, or run the playground from a source checkout with npm start',
      );
    });
    await runPlayground({ config, commands });
    return;
  }
  const log = createLogger({
    level: config.logLevel,
    secrets: [config.token, config.restProxy.secret].filter((secret) => secret !== undefined),
  });
  let app: App | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: no new work; finishing what is in flight');
    setTimeout(() => {
      log.error({ signal, afterMs: shutdownDeadlineMs }, 'shutdown took too long; exiting anyway');
      process.exit(1);
    }, shutdownDeadlineMs).unref();
    const summary = (await app?.stop()) ?? { finished: 0, leftForRestart: 0 };
    log.info(
      { signal, ...summary },
      `stopped: ${summary.finished} digest(s) finished, ${summary.leftForRestart} left for the restart; store closed, gateway closed`,
    );
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));

  app = await createApp(config, { log }).catch((error: Error) => {
    if (error instanceof FactValidationError) throw error;
    // discord.js errors here carry no token; the message says what failed (bad token, unreachable API).
    log.fatal({ err: { message: error.message, name: error.name } }, 'could not log in');
    process.exit(1);
  });
}

main().catch((error) => {
  if (error instanceof ConfigError || error instanceof FactValidationError) {
    console.error(error.message);
  } else {
    console.error(`sitrep could not start: ${(error as Error).message}`);
  }
  process.exit(1);
});
