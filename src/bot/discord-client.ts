import { Client, GatewayIntentBits, Options, type RESTOptions } from 'discord.js';

export interface DiscordClientOptions {
  /** REST base URL; the gateway URL then comes from that server's GET /gateway/bot. */
  apiUrl: string;
  /** How long one REST request may take before discord.js aborts and retries it. */
  restTimeoutMs?: number;
  /** More REST options: the shared REST proxy's secret header and, for a private CA, its agent. */
  rest?: Partial<Pick<RESTOptions, 'headers' | 'agent'>>;
  /** Shards to run; absent, discord.js's default (one, or what a ShardingManager passed in the environment). */
  shards?: { count: number | 'auto'; ids: readonly number[] | undefined };
}

/**
 * The bot's discord.js client: the Guilds intent only (slash commands need nothing more), and no
 * mentions parsed unless a message explicitly allows one.
 */
export function createDiscordClient({
  apiUrl,
  restTimeoutMs = 15_000,
  rest = {},
  shards,
}: DiscordClientOptions): Client {
  const sharding =
    shards === undefined
      ? {}
      : shards.count === 'auto'
        ? { shards: 'auto' as const }
        : {
            shardCount: shards.count,
            shards: [...(shards.ids ?? Array.from({ length: shards.count }, (_, id) => id))],
          };
  return new Client({
    ...sharding,
    intents: [GatewayIntentBits.Guilds],
    rest: { ...rest, api: apiUrl, timeout: restTimeoutMs },
    allowedMentions: { parse: [] },
    // Nothing reads messages or members; caching them would only cost memory.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
      UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user.id },
    }),
  });
}
