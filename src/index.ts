// Entry point: configuration -> createApp (or, with no token, the playground); signals. Nothing else.
import 'dotenv/config';
import { type App, createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { FactValidationError } from './data/load-facts.js';
import { createLogger } from './log.js';

/** How long a graceful stop may take before the process exits anyway (container runtimes allow 10 s). */
const shutdownDeadlineMs = 9_000;

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.token) {
    // Loaded only here: production processes never load the emulator or the console.
    const [{ runPlayground }, { commands }] = await Promise.all([
      import('./playground/run-playground.js'),
      import('./commands/index.js'),
    ]);
    await runPlayground({ config, commands });
    return;
  }
  const log = createLogger({ level: config.logLevel, secrets: [config.token] });
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
