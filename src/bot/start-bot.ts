import { Events, RESTEvents, Status } from 'discord.js';
import type { Command, CommandContext } from '../commands/command.js';
import { restProxyClientOptions } from '../ops/rest-proxy-client.js';
import { createDiscordClient } from './discord-client.js';
import { createInteractionRouter, type RouterOptions } from './interaction-router.js';
import type { ShardPlan } from './shards.js';

export interface RunningBot {
  /** Resolves once the client is READY. */
  ready: Promise<void>;
  /**
   * Whether every gateway shard is connected and ready. (discord.js's own client.ws.status stays
   * Ready once the client was ready; the shards say when a connection is down.)
   */
  gatewayConnected(): boolean;
  /** The shards this process runs and the bot's shard count, once ready. */
  shardPlan(): ShardPlan;
  stop(): Promise<void>;
  client: ReturnType<typeof createDiscordClient>;
}

/** Logs in and routes interactions to `commands`. The token is handed to discord.js and nowhere else. */
export function startBot(
  token: string,
  commands: readonly Command[],
  context: CommandContext,
  routerOptions: RouterOptions = {},
): RunningBot {
  const client = createDiscordClient({
    // Behind the shared proxy, every process of the bot spends one rate-limit budget.
    apiUrl: context.config.restProxyUrl ?? context.config.apiUrl,
    restTimeoutMs: context.config.restTimeoutMs,
    // The proxy's shared secret (and its private CA), when REST_PROXY_URL is set.
    rest: restProxyClientOptions(context.config),
    shards: context.config.shards,
  });
  const route = createInteractionRouter(commands, context, routerOptions);
  const { log } = context;

  client.on(Events.InteractionCreate, (interaction) => void route(interaction));
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn({ discord: message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shard) =>
    log.warn({ shard, code: event.code }, 'gateway disconnected'),
  );
  client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'gateway resumed'));
  client.rest.on(RESTEvents.RateLimited, (limit) => {
    routerOptions.metrics?.rateLimited(limit.global ? 'global' : 'route', limit.timeToReset / 1000);
    log.debug({ route: limit.route, global: limit.global, waitMs: limit.timeToReset }, 'rate limited');
  });

  const ready = new Promise<void>((resolve, reject) => {
    client.once(Events.ClientReady, (readyClient) => {
      log.info({ user: readyClient.user.tag, guilds: readyClient.guilds.cache.size }, 'ready');
      resolve();
    });
    client.login(token).catch(reject);
  });
  ready.catch(() => undefined);

  return {
    client,
    ready,
    shardPlan: () => ({
      count: client.options.shardCount ?? 1,
      ids: [...client.ws.shards.keys()].sort((a, b) => a - b),
    }),
    gatewayConnected: () =>
      client.ws.shards.size > 0 && client.ws.shards.every((shard) => shard.status === Status.Ready),
    async stop() {
      await client.destroy();
    },
  };
}
