// `npm run start:sharded`: one host running several gateway shards, each in a process of its own,
// spawned and respawned by discord.js's ShardingManager. Every shard process is the ordinary entry
// point (dist/index.js): it owns the digests of the guilds on its shards. Their REST requests go
// through one REST proxy, run here unless REST_PROXY_URL names a shared one (several hosts).
import 'dotenv/config';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { REST, Routes, ShardingManager } from 'discord.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './log.js';
import { type RunningRestProxy, restProxyOptions, startRestProxy } from './ops/rest-proxy.js';

/** Between two shards' IDENTIFY: Discord allows one per 5 s per concurrency bucket. */
const defaultSpawnDelayMs = 5500;

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.token)
    throw new ConfigError(['DISCORD_TOKEN is needed to run shards (the playground is npm start)']);
  // The proxy run here needs a secret its shard processes send; without one configured, a new random
  // one per run, handed to them in their environment like the proxy's address.
  const secret = config.restProxy.secret ?? randomBytes(32).toString('hex');
  const log = createLogger({ level: config.logLevel, secrets: [config.token, secret] });
  const totalShards =
    typeof config.shards?.count === 'number' ? config.shards.count : await recommendedShards(config);
  const shardList = config.shards?.ids ?? [...Array(totalShards).keys()];
  let restProxy: RunningRestProxy | undefined;
  if (!config.restProxyUrl) {
    // For this host's shards only: loopback, on a free port.
    restProxy = await startRestProxy(
      restProxyOptions(config, log.child({ part: 'rest-proxy' }), { host: '127.0.0.1', port: 0, secret }),
    );
    // Shard processes inherit this environment when spawned.
    process.env.REST_PROXY_URL = restProxy.url;
    process.env.REST_PROXY_SECRET = secret;
    log.info({ url: restProxy.url }, "REST proxy for this host's shards listening");
  }
  const manager = new ShardingManager(fileURLToPath(new URL('./index.js', import.meta.url)), {
    token: config.token,
    totalShards,
    shardList,
    respawn: true,
    mode: 'process',
  });
  manager.on('shardCreate', (shard) => {
    log.info({ shard: shard.id, totalShards }, 'shard process started');
    shard.on('death', (child) => {
      const code = 'exitCode' in child ? child.exitCode : undefined;
      log.warn({ shard: shard.id, code }, 'shard process died; respawning');
    });
  });
  const stop = (signal: string) => {
    log.info({ signal }, 'stopping every shard process');
    for (const shard of manager.shards.values()) shard.process?.kill(signal as NodeJS.Signals);
    setTimeout(() => process.exit(0), 10_000).unref();
    Promise.all(
      [...manager.shards.values()].map(
        (shard) => new Promise((resolve) => shard.process?.once('exit', resolve)),
      ),
    )
      .then(() => restProxy?.close())
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  const delay = Number(process.env.SHARD_SPAWN_DELAY_MS ?? defaultSpawnDelayMs);
  await manager.spawn({ amount: totalShards, delay, timeout: 60_000 });
  log.info({ shards: shardList, totalShards }, 'every shard process is ready');
}

/** Discord's recommended shard count, from GET /gateway/bot on the configured API. */
async function recommendedShards(config: ReturnType<typeof loadConfig>): Promise<number> {
  const rest = new REST({ api: config.apiUrl }).setToken(config.token ?? '');
  const gateway = (await rest.get(Routes.gatewayBot())) as { shards: number };
  return gateway.shards;
}

main().catch((error) => {
  console.error(
    error instanceof ConfigError
      ? error.message
      : `sitrep shards could not start: ${(error as Error).message}`,
  );
  process.exit(1);
});
