// What the gateway tells the digests: the bot left a guild, a channel or thread was deleted; and
// which channel of a guild the bot may post a notice in, from discord.js's caches.
import { type Client, Events, PermissionFlagsBits } from 'discord.js';
import type { DigestService } from '../delivery/digest-service.js';
import type { GuildDirectory } from '../delivery/rest-poster.js';
import type { Logger } from '../log.js';

export function guildDirectory(client: Client): GuildDirectory {
  return {
    postableSystemChannel(guildId) {
      const guild = client.guilds.cache.get(guildId);
      const channel = guild?.systemChannelId ? guild.channels.cache.get(guild.systemChannelId) : undefined;
      const me = guild?.members.me;
      if (!channel || !me) return undefined;
      const permissions = channel.permissionsFor(me);
      return permissions?.has([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages])
        ? channel.id
        : undefined;
    },
  };
}

/** What a guild the bot left leaves behind besides its digests: its settings. */
export interface GuildSettingsForgetter {
  forget(guildId: string): Promise<void>;
}

/** Listens until the returned function is called. */
export function watchDigestEvents(
  client: Client,
  service: DigestService,
  log: Logger,
  servers?: GuildSettingsForgetter,
): () => void {
  const onGuildDelete = (guild: { id: string }) => {
    // discord.js emits GuildDelete only when the bot left or was removed; an outage is GuildUnavailable.
    service
      .removeGuild(guild.id)
      .catch((error) => log.error({ err: error, guild: guild.id }, 'could not remove digests'));
    servers
      ?.forget(guild.id)
      .catch((error) => log.error({ err: error, guild: guild.id }, 'could not forget server settings'));
  };
  const onChannelDelete = (channel: { id: string }) => {
    service.channelDeleted(channel.id).catch((error) => log.error({ err: error }, 'could not pause digests'));
  };
  client.on(Events.GuildDelete, onGuildDelete);
  client.on(Events.ChannelDelete, onChannelDelete);
  client.on(Events.ThreadDelete, onChannelDelete);
  return () => {
    client.off(Events.GuildDelete, onGuildDelete);
    client.off(Events.ChannelDelete, onChannelDelete);
    client.off(Events.ThreadDelete, onChannelDelete);
  };
}
