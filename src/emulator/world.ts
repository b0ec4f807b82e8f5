// The emulated world: the bot's identity, its guilds, channels, roles, messages and registered commands.
// Plain state with no network; the emulator tells the gateway when it changes.
import {
  ChannelType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { SnowflakeGenerator } from './snowflake.js';

export interface EmulatedChannel {
  id: string;
  guildId: string;
  name: string;
  type: ChannelType;
  parentId?: string;
  /** What the bot may do here. Revoke bits to simulate a moderator changing permissions. */
  botPermissions: bigint;
  /** Users a moderator has hidden this channel from (a member overwrite denying View Channel). */
  hiddenFrom?: Set<string>;
  deleted: boolean;
}

export interface EmulatedMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: unknown[];
  flags: number;
  allowed_mentions?: unknown;
  author: { id: string; username: string; bot: true };
  timestamp: string;
}

export interface EmulatedRole {
  id: string;
  name: string;
  mentionable: boolean;
}

export interface EmulatedGuild {
  id: string;
  name: string;
  channels: EmulatedChannel[];
  roles: EmulatedRole[];
  systemChannelId?: string;
}

export interface BotUser {
  id: string;
  username: string;
  discriminator: string;
  bot: true;
  global_name: null;
  avatar: null;
}

export type RegisteredCommand = RESTPostAPIChatInputApplicationCommandsJSONBody & { id: string };

export interface ChannelSpec {
  name: string;
  type?: ChannelType;
  parent?: string;
}

/** The user who invokes commands unless a test names another: the owner of every emulated guild. */
export const defaultUserId = '100000000000000001';

/** What an invoking member may do unless a test says otherwise; also @everyone's permissions. */
export const memberPermissionsDefault =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.UseApplicationCommands;

const defaultBotPermissions =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.ReadMessageHistory;

const ephemeralFlag = 64;

export function isThread(channel: EmulatedChannel): boolean {
  return (
    channel.type === ChannelType.PublicThread ||
    channel.type === ChannelType.PrivateThread ||
    channel.type === ChannelType.AnnouncementThread
  );
}

export class World {
  readonly guilds = new Map<string, EmulatedGuild>();
  readonly channels = new Map<string, EmulatedChannel>();
  /** Messages visible in each channel, oldest first. */
  readonly messages = new Map<string, EmulatedMessage[]>();
  readonly globalCommands: RegisteredCommand[] = [];
  readonly guildCommands = new Map<string, RegisteredCommand[]>();
  /** One generator for every id but guilds', so no two things made in one millisecond share an id. */
  readonly ids = new SnowflakeGenerator();
  readonly applicationId: string;
  readonly botUser: BotUser;
  /**
   * Guilds get ids as if created 7.919 s apart from 2020 on: ids made in one millisecond would all
   * fall on one gateway shard ((id >> 22) % count), where real guilds, made over years, spread evenly.
   */
  private readonly guildIds = new SnowflakeGenerator();
  private guildsCreated = 0;
  private readonly token: string | undefined;

  constructor({ token, botUsername }: { token: string | undefined; botUsername: string }) {
    this.token = token;
    this.applicationId = this.ids.next();
    this.botUser = {
      id: this.applicationId,
      username: botUsername,
      discriminator: '0',
      bot: true,
      global_name: null,
      avatar: null,
    };
  }

  /** The configured bot token, with or without "Bot "; any non-empty token when none is configured. */
  acceptsToken(token: string | undefined): boolean {
    const bare = token?.replace(/^Bot /, '') ?? '';
    return bare !== '' && (this.token === undefined || bare === this.token);
  }

  addGuild(name: string, channels: ChannelSpec[]): EmulatedGuild {
    const createdAt = Date.UTC(2020, 0, 1) + this.guildsCreated++ * 7919;
    const guild: EmulatedGuild = { id: this.guildIds.next(createdAt), name, channels: [], roles: [] };
    for (const spec of channels) {
      const parent = spec.parent ? guild.channels.find((channel) => channel.name === spec.parent) : undefined;
      const channel: EmulatedChannel = {
        id: this.ids.next(),
        guildId: guild.id,
        name: spec.name,
        type: spec.type ?? ChannelType.GuildText,
        parentId: parent?.id,
        botPermissions: defaultBotPermissions,
        deleted: false,
      };
      guild.channels.push(channel);
      this.channels.set(channel.id, channel);
    }
    guild.systemChannelId = guild.channels.find((channel) => channel.type === ChannelType.GuildText)?.id;
    this.guilds.set(guild.id, guild);
    return guild;
  }

  channelByName(guildId: string, name: string): EmulatedChannel {
    const channel = this.guilds.get(guildId)?.channels.find((candidate) => candidate.name === name);
    if (!channel) throw new Error(`no channel ${name} in guild ${guildId}`);
    return channel;
  }

  /** Marks the channel deleted and takes it out of its guild; undefined for a channel never made. */
  deleteChannel(channelId: string): EmulatedChannel | undefined {
    const channel = this.channels.get(channelId);
    if (!channel) return undefined;
    channel.deleted = true;
    const guild = this.guilds.get(channel.guildId);
    if (guild) guild.channels = guild.channels.filter((candidate) => candidate.id !== channelId);
    return channel;
  }

  addRole(guildId: string, name: string, mentionable: boolean): EmulatedRole {
    const guild = this.guilds.get(guildId);
    if (!guild) throw new Error(`no guild ${guildId}`);
    const role: EmulatedRole = { id: this.ids.next(), name, mentionable };
    guild.roles.push(role);
    return role;
  }

  /** A new forum post's thread, taking its forum's permissions. */
  addThread(forum: EmulatedChannel, name: string): EmulatedChannel {
    const thread: EmulatedChannel = {
      id: this.ids.next(),
      guildId: forum.guildId,
      name,
      type: ChannelType.PublicThread,
      parentId: forum.id,
      botPermissions: forum.botPermissions,
      deleted: false,
    };
    this.channels.set(thread.id, thread);
    this.guilds.get(forum.guildId)?.channels.push(thread);
    return thread;
  }

  /** A message from the bot, not yet stored anywhere. */
  makeMessage(
    channelId: string,
    data: { content?: string; embeds?: unknown[]; flags?: number; allowed_mentions?: unknown },
  ): EmulatedMessage {
    return {
      id: this.ids.next(),
      channel_id: channelId,
      content: data.content ?? '',
      embeds: data.embeds ?? [],
      flags: data.flags ?? 0,
      allowed_mentions: data.allowed_mentions,
      author: { id: this.botUser.id, username: this.botUser.username, bot: true },
      timestamp: new Date().toISOString(),
    };
  }

  /** Adds a message to its channel's history, unless it is ephemeral: only the invoking user sees those. */
  storeMessage(message: EmulatedMessage): void {
    if ((message.flags & ephemeralFlag) === ephemeralFlag) return;
    const list = this.messages.get(message.channel_id) ?? [];
    list.push(message);
    this.messages.set(message.channel_id, list);
  }
}
