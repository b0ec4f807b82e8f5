// The emulated world: the bot's identity, its guilds, channels, roles, messages and registered commands.
// Plain state with no network; the emulator tells the gateway when it changes.
import {
  type APIApplicationCommandOption,
  type ApplicationCommandType,
  type ApplicationIntegrationType,
  ChannelType,
  type InteractionContextType,
  MessageType,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import { normalizeComponents } from './components.js';
import { mentionsIn, normalizeEmbeds } from './message-parts.js';
import { SnowflakeGenerator } from './snowflake.js';
import type { AttachmentContext, EmulatedAttachment } from './uploads.js';

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
  /** Who started a thread. */
  ownerId?: string;
  deleted: boolean;
}

export interface EmulatedOverwrite {
  /** A role's id (the guild's id for @everyone) or a user's id. */
  id: string;
  type: 'role' | 'member';
  allow: bigint;
  deny: bigint;
}

/** A user as Discord sends one (its UserResponse). */
export interface EmulatedUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: null;
  public_flags: number;
  flags: number;
  primary_guild: null;
  bot?: boolean;
}

/** A message as Discord sends it (its MessageResponse), plus what the bot asked for `allowed_mentions`. */
export interface EmulatedMessage {
  id: string;
  channel_id: string;
  /** 0 for a plain message, 20 for a slash command's answer, 23 for a context menu command's. */
  type: number;
  content: string;
  author: EmulatedUser;
  embeds: unknown[];
  /** Uploaded files; their bytes are in World.attachmentFiles. */
  attachments: EmulatedAttachment[];
  /** Action rows and their buttons and select menus, as Discord returns them (each with its id). */
  components: unknown[];
  mentions: EmulatedUser[];
  mention_roles: string[];
  mention_everyone: boolean;
  flags: number;
  tts: boolean;
  pinned: boolean;
  timestamp: string;
  edited_timestamp: string | null;
  nonce?: string | number;
  /** Set on interaction answers: they are posted through the application's webhook. */
  webhook_id?: string;
  application_id?: string;
  interaction_metadata?: Record<string, unknown>;
  /** What the bot sent; not part of the message Discord returns (payloads.ts leaves it out). */
  allowed_mentions?: unknown;
}

/** A DM (the bot's own with a user) or a group DM the bot is not in, where user-installed commands run. */
export interface EmulatedPrivateChannel {
  id: string;
  type: ChannelType.DM | ChannelType.GroupDM;
  /** Everyone in it but the bot. */
  recipientIds: string[];
  ownerId: string;
  botIsMember: boolean;
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

export interface BotUser extends EmulatedUser {
  bot: true;
  global_name: null;
}

/** A command as Discord keeps it once registered (command-rules.ts makes it from the bot's definition). */
export interface RegisteredCommand {
  id: string;
  /** Changes whenever the definition does. */
  version: string;
  type: ApplicationCommandType;
  name: string;
  name_localizations?: Record<string, string> | null;
  /** Empty for user and message commands. */
  description: string;
  description_localizations?: Record<string, string> | null;
  options?: APIApplicationCommandOption[];
  /** A permission bit set as a string, or null for everyone. */
  default_member_permissions: string | null;
  /** Where it may be used, as registered: null when the bot did not say. */
  contexts: InteractionContextType[] | null;
  integration_types: ApplicationIntegrationType[];
  nsfw: boolean;
}

export interface ChannelSpec {
  name: string;
  type?: ChannelType;
  parent?: string;
}

export interface RoleSpec {
  mentionable?: boolean;
  permissions?: bigint;
}

/** What a message is made from: the fields of a bot's (or a test user's) message body. */
export interface MessageInput {
  content?: string | null;
  embeds?: unknown[] | null;
  components?: unknown[] | null;
  flags?: number | null;
  tts?: boolean | null;
  nonce?: string | number | null;
  allowed_mentions?: unknown;
}

/** Who a message comes from and how: the bot's channel post unless said otherwise. */
export interface MessageOrigin {
  author?: EmulatedUser;
  type?: MessageType;
  /** Posted through the application's webhook: an interaction's answer or follow-up. */
  viaWebhook?: boolean;
  /** The interaction a message answers (its `interaction_metadata`). */
  interaction?: Record<string, unknown>;
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
  /** Every stored message by id, ephemeral ones too. */
  private readonly messageIndex = new Map<string, EmulatedMessage>();
  /** DMs with the bot, and group DMs where user-installed commands run. */
  readonly privateChannels = new Map<string, EmulatedPrivateChannel>();
  /** Users whose privacy settings (or a block) refuse the bot's direct messages. */
  readonly closedDirectMessages = new Set<string>();
  /** Accounts that are gone: Discord answers Unknown User for them. */
  readonly deletedUsers = new Set<string>();
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
      public_flags: 0,
      flags: 0,
      primary_guild: null,
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
    if (isThread(channel)) {
      channel.threadMembers = new Set();
      channel.ownerId = guild.ownerId;
    }
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
      ownerId: this.botUser.id,
      deleted: false,
    };
    this.channels.set(thread.id, thread);
    this.guilds.get(forum.guildId)?.channels.push(thread);
    return thread;
  }

  /**
   * A message, not yet stored anywhere: from the bot unless `origin` names another author. Discord
   * fills in its mentions (by `allowed_mentions`, whose default is narrower for interactions and
   * webhooks), its embeds' and components' returned form.
   */
  makeMessage(
    channelId: string,
    data: MessageInput,
    attachments: EmulatedAttachment[] = [],
    origin: MessageOrigin = {},
  ): EmulatedMessage {
    const content = data.content ?? '';
    return {
      id: this.ids.next(),
      channel_id: channelId,
      type: origin.type ?? MessageType.Default,
      content,
      author: origin.author ?? this.botUser,
      embeds: normalizeEmbeds(data.embeds ?? [], attachments),
      attachments,
      components: normalizeComponents(data.components ?? []),
      ...this.mentionsOf(channelId, content, data.allowed_mentions, origin.viaWebhook === true),
      flags: data.flags ?? 0,
      tts: data.tts ?? false,
      pinned: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      ...(data.nonce !== undefined && data.nonce !== null ? { nonce: data.nonce } : {}),
      ...(origin.viaWebhook ? { webhook_id: this.applicationId, application_id: this.applicationId } : {}),
      ...(origin.interaction ? { interaction_metadata: origin.interaction } : {}),
      ...(data.allowed_mentions !== undefined ? { allowed_mentions: data.allowed_mentions } : {}),
    };
  }

  /**
   * The mentions a message's content makes under its `allowed_mentions`, whose default is narrower
   * (users only) for interactions and webhooks than for channel messages.
   */
  mentionsOf(
    channelId: string,
    content: string,
    allowedMentions: unknown,
    viaWebhook: boolean,
  ): Pick<EmulatedMessage, 'mentions' | 'mention_roles' | 'mention_everyone'> {
    const guild = this.guilds.get(this.channels.get(channelId)?.guildId ?? '');
    const found = mentionsIn(
      content,
      allowedMentions,
      viaWebhook ? ['users'] : ['users', 'roles', 'everyone'],
      (roleId) => guild?.roles.some((role) => role.id === roleId) ?? false,
    );
    return {
      mentions: found.userIds.map((id) => this.user(id)),
      mention_roles: found.roleIds,
      mention_everyone: found.everyone,
    };
  }

  /** A user as Discord sends one: the bot, or a member (the default user is "member"). */
  user(userId: string): EmulatedUser {
    if (userId === this.botUser.id) return this.botUser;
    const name = userId === defaultUserId ? 'member' : `member-${userId.slice(-6)}`;
    return {
      id: userId,
      username: name,
      discriminator: '0',
      global_name: name.charAt(0).toUpperCase() + name.slice(1),
      avatar: null,
      public_flags: 0,
      flags: 0,
      primary_guild: null,
    };
  }

  /** The bot's DM with a user, opened the first time it is needed. */
  dmChannel(userId: string): EmulatedPrivateChannel {
    for (const channel of this.privateChannels.values()) {
      if (channel.type === ChannelType.DM && channel.botIsMember && channel.recipientIds[0] === userId) {
        return channel;
      }
    }
    return this.addPrivateChannel({
      type: ChannelType.DM,
      recipientIds: [userId],
      ownerId: userId,
      botIsMember: true,
    });
  }

  /** A group DM of the user's (with one other user), which the bot is not in. */
  groupDmChannel(userId: string): EmulatedPrivateChannel {
    for (const channel of this.privateChannels.values()) {
      if (channel.type === ChannelType.GroupDM && channel.ownerId === userId) return channel;
    }
    return this.addPrivateChannel({
      type: ChannelType.GroupDM,
      recipientIds: [userId, this.ids.next()],
      ownerId: userId,
      botIsMember: false,
    });
  }

  private addPrivateChannel(spec: Omit<EmulatedPrivateChannel, 'id'>): EmulatedPrivateChannel {
    const channel = { id: this.ids.next(), ...spec };
    this.privateChannels.set(channel.id, channel);
    return channel;
  }

  /** Any message the world knows, ephemeral ones included (only their user sees those). */
  findMessage(messageId: string): EmulatedMessage | undefined {
    return this.messageIndex.get(messageId);
  }

  /** Where a message's uploads get their ids and are kept. */
  attachmentContext(channelId: string): AttachmentContext {
    return {
      channelId,
      nextId: () => this.ids.next(),
      keep: (attachment, data) => this.attachmentFiles.set(attachment.id, data),
    };
  }

  /**
   * Adds a message to its channel's history, unless it is ephemeral: only the invoking user sees
   * those. Either way it stays known, so its components can still be pressed.
   */
  storeMessage(message: EmulatedMessage): void {
    if (this.messageIndex.get(message.id) === message) return;
    this.messageIndex.set(message.id, message);
    if ((message.flags & ephemeralFlag) === ephemeralFlag) return;
    const list = this.messages.get(message.channel_id) ?? [];
    list.push(message);
    this.messages.set(message.channel_id, list);
  }

  /** Takes a message out of its channel and out of the world, as deleting it on Discord does. */
  deleteMessage(message: EmulatedMessage): void {
    this.messageIndex.delete(message.id);
    const list = this.messages.get(message.channel_id);
    const index = list?.indexOf(message) ?? -1;
    if (list && index !== -1) list.splice(index, 1);
  }
}
