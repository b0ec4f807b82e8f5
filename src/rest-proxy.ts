// `npm run start:rest-proxy`: the shared REST proxy for a bot spread over several hosts. Every shard
// process is started with REST_PROXY_URL pointing here, so the fleet spends one rate-limit budget.
// (`npm run start:sharded` runs one of these itself for the shards on its host.)
import 'dotenv/config';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './log.js';
import { restProxyOptions, startRestProxy } from './ops/rest-proxy.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  // The token (the only one it forwards) and the shared secret: never in a log line.
  const log = createLogger({
    level: config.logLevel,
    secrets: [config.token, config.restProxy.secret].filter((secret) => secret !== undefined),
  });
  const proxy = await startRestProxy(restProxyOptions(config, log));
  log.info(
    {
      url: proxy.url,
      upstream: config.apiUrl,
      globalPerSecond: config.restProxy.globalPerSecond,
      tls: config.restProxy.tls !== undefined,
    },
    'REST proxy listening: start shard processes with REST_PROXY_URL set to its url and the same REST_PROXY_SECRET',
  );
  const stop = (signal: string) => {
    log.info({ signal, ...proxy.stats() }, 'REST proxy stopping');
    proxy.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error) => {
  console.error(
    error instanceof ConfigError
      ? error.message
      : `sitrep REST proxy could not start: ${(error as Error).message}`,
  );
  process.exit(1);
});
