// The emulated world: the bot's identity, its guilds, channels, roles, messages and registered commands.
// Plain state with no network; the emulator tells the gateway when it changes.
import {
  ChannelType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { SnowflakeGenerator } from './snowflake.js';
import { type AttachmentContext, type EmulatedAttachment, resolveAttachmentUrls } from './uploads.js';

export interface EmulatedChannel {
  id: string;
  guildId: string;
  name: string;
  type: ChannelType;
  parentId?: string;
  /** What the bot may do here. Revoke bits to simulate a moderator changing permissions. */
  botPermissions: bigint;
  /**
   * Permission overwrites for roles (the guild's id is @everyone's) and members, besides the bot's
   * own. A thread has none: Discord, and discord.js, take a thread's from its parent.
   */
  overwrites: EmulatedOverwrite[];
  /** Who has joined a thread. Only members, and those with Manage Threads, see a private thread. */
  threadMembers?: Set<string>;
  deleted: boolean;
}

export interface EmulatedOverwrite {
  /** A role's id (the guild's id for @everyone) or a user's id. */
  id: string;
  type: 'role' | 'member';
  allow: bigint;
  deny: bigint;
}

export interface EmulatedMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: unknown[];
  /** Uploaded files; their bytes are in World.attachmentFiles. */
  attachments: EmulatedAttachment[];
  flags: number;
  allowed_mentions?: unknown;
  author: { id: string; username: string; bot: true };
  timestamp: string;
}

export interface EmulatedRole {
  id: string;
  name: string;
  mentionable: boolean;
  /** What the role grants server-wide. */
  permissions: bigint;
}

export interface EmulatedGuild {
  id: string;
  name: string;
  ownerId: string;
  /** What @everyone may do server-wide. */
  everyonePermissions: bigint;
  channels: EmulatedChannel[];
  /** Roles besides @everyone, lowest first. */
  roles: EmulatedRole[];
  /** The roles of members known to the world, by user id; anyone else has only @everyone. */
  memberRoles: Map<string, string[]>;
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

export interface RoleSpec {
  mentionable?: boolean;
  permissions?: bigint;
}

/** The user who invokes commands unless a test names another: the owner of every emulated guild. */
export const defaultUserId = '100000000000000001';

/** What an invoking member may do unless a test says otherwise; also @everyone's permissions. */
const memberPermissionsDefault =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.UseApplicationCommands;

const defaultBotPermissions =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.ReadMessageHistory;

/** Every permission Discord defines: what the owner and an Administrator have everywhere. */
export const allPermissions = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

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
  /** The bytes of every file the bot uploaded, by attachment id. */
  readonly attachmentFiles = new Map<string, Buffer>();
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
    const guild: EmulatedGuild = {
      id: this.guildIds.next(createdAt),
      name,
      ownerId: defaultUserId,
      everyonePermissions: memberPermissionsDefault,
      channels: [],
      roles: [],
      memberRoles: new Map(),
    };
    this.guilds.set(guild.id, guild);
    for (const spec of channels) this.addChannel(guild.id, spec);
    guild.systemChannelId = guild.channels.find((channel) => channel.type === ChannelType.GuildText)?.id;
    return guild;
  }

  /** A channel (or thread, under `parent`) in a guild; the bot gets its default permissions there. */
  addChannel(guildId: string, spec: ChannelSpec): EmulatedChannel {
    const guild = this.guilds.get(guildId);
    if (!guild) throw new Error(`no guild ${guildId}`);
    const parent = spec.parent ? guild.channels.find((channel) => channel.name === spec.parent) : undefined;
    const channel: EmulatedChannel = {
      id: this.ids.next(),
      guildId: guild.id,
      name: spec.name,
      type: spec.type ?? ChannelType.GuildText,
      parentId: parent?.id,
      botPermissions: defaultBotPermissions,
      overwrites: [],
      deleted: false,
    };
    if (isThread(channel)) channel.threadMembers = new Set();
    guild.channels.push(channel);
    this.channels.set(channel.id, channel);
    return channel;
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

  addRole(
    guildId: string,
    name: string,
    { mentionable = true, permissions = 0n }: RoleSpec = {},
  ): EmulatedRole {
    const guild = this.guilds.get(guildId);
    if (!guild) throw new Error(`no guild ${guildId}`);
    const role: EmulatedRole = { id: this.ids.next(), name, mentionable, permissions };
    guild.roles.push(role);
    return role;
  }

  /**
   * A role granting exactly `permissions`, made the first time it is asked for: how a test's
   * `memberPermissions` reaches a member, since discord.js computes permissions from roles.
   */
  roleGranting(guildId: string, permissions: bigint): { role: EmulatedRole; created: boolean } {
    const guild = this.guilds.get(guildId);
    if (!guild) throw new Error(`no guild ${guildId}`);
    const name = `granted ${permissions.toString(16)}`;
    const existing = guild.roles.find((role) => role.name === name && role.permissions === permissions);
    if (existing) return { role: existing, created: false };
    return { role: this.addRole(guildId, name, { mentionable: false, permissions }), created: true };
  }

  /**
   * A member's permissions, server-wide or in a channel, computed as Discord does: the owner and
   * Administrators have every permission; otherwise @everyone's and the member's roles', then the
   * channel's overwrites for @everyone, the member's roles and the member (a thread's come from its
   * parent). A private thread is hidden from a member who has not joined it and lacks Manage Threads.
   */
  permissionsOf(
    guildId: string,
    userId: string,
    roleIds: readonly string[],
    channel?: EmulatedChannel,
  ): bigint {
    const guild = this.guilds.get(guildId);
    if (!guild) return 0n;
    if (userId === guild.ownerId) return allPermissions;
    let permissions = guild.everyonePermissions;
    for (const role of guild.roles) if (roleIds.includes(role.id)) permissions |= role.permissions;
    if ((permissions & PermissionFlagsBits.Administrator) !== 0n) return allPermissions;
    if (!channel) return permissions;
    const source = isThread(channel) ? (this.channels.get(channel.parentId ?? '') ?? channel) : channel;
    const apply = (overwrites: readonly EmulatedOverwrite[]) => {
      const deny = overwrites.reduce((bits, overwrite) => bits | overwrite.deny, 0n);
      const allow = overwrites.reduce((bits, overwrite) => bits | overwrite.allow, 0n);
      permissions = (permissions & ~deny) | allow;
    };
    apply(source.overwrites.filter((overwrite) => overwrite.type === 'role' && overwrite.id === guild.id));
    apply(
      source.overwrites.filter((overwrite) => overwrite.type === 'role' && roleIds.includes(overwrite.id)),
    );
    apply(source.overwrites.filter((overwrite) => overwrite.type === 'member' && overwrite.id === userId));
    if (
      channel.type === ChannelType.PrivateThread &&
      !channel.threadMembers?.has(userId) &&
      (permissions & PermissionFlagsBits.ManageThreads) === 0n
    ) {
      permissions &= ~PermissionFlagsBits.ViewChannel;
    }
    return permissions;
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
      overwrites: [],
      threadMembers: new Set([this.botUser.id]),
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
    attachments: EmulatedAttachment[] = [],
  ): EmulatedMessage {
    return {
      id: this.ids.next(),
      channel_id: channelId,
      content: data.content ?? '',
      embeds: resolveAttachmentUrls(data.embeds ?? [], attachments),
      attachments,
      flags: data.flags ?? 0,
      allowed_mentions: data.allowed_mentions,
      author: { id: this.botUser.id, username: this.botUser.username, bot: true },
      timestamp: new Date().toISOString(),
    };
  }

  /** Where a message's uploads get their ids and are kept. */
  attachmentContext(channelId: string): AttachmentContext {
    return {
      channelId,
      nextId: () => this.ids.next(),
      keep: (attachment, data) => this.attachmentFiles.set(attachment.id, data),
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
