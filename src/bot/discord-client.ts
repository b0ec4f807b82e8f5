import { Client, GatewayIntentBits, Options } from 'discord.js';

export interface DiscordClientOptions {
  /** REST base URL; the gateway URL then comes from that server's GET /gateway/bot. */
  apiUrl: string;
  /** How long one REST request may take before discord.js aborts and retries it. */
  restTimeoutMs?: number;
}

/**
 * The bot's discord.js client: the Guilds intent only (slash commands need nothing more), and no
 * mentions parsed unless a message explicitly allows one.
 */
export function createDiscordClient({ apiUrl, restTimeoutMs = 15_000 }: DiscordClientOptions): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: apiUrl, timeout: restTimeoutMs },
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
