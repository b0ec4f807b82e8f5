// A Discord-compatible server on loopback (REST under /api/v10 and a gateway) for the real discord.js
// client; this class, the face tests use, wires together the world, gateway, interactions and REST.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InteractionType, MessageType, PermissionFlagsBits } from 'discord-api-types/v10';
import { ChannelRoutes } from './channel-routes.js';
import { Gateway } from './gateway.js';
import {
  type ComponentExtra,
  type InteractionOutcome,
  Interactions,
  type InvokeExtra,
  type OptionValues,
} from './interactions.js';
import { payloadLimits } from './payload-limits.js';
import { channelPayload, guildPayload, rolePayload, threadMemberPayload } from './payloads.js';
import { type RateLimiter, type RateLimitOptions, rateLimitsWith } from './rate-limiter.js';
import type { FaultOptions } from './rest-faults.js';
import { RestRoutes } from './rest-routes.js';
import { type RecordedRequest, RestServer } from './rest-server.js';
import { attachmentUrls } from './uploads.js';
import { validateMessage } from './validate-payload.js';
import {
  type BotUser,
  type ChannelSpec,
  defaultUserId,
  type EmulatedChannel,
  type EmulatedGuild,
  type EmulatedMessage,
  type EmulatedOverwrite,
  type EmulatedPrivateChannel,
  type EmulatedRole,
  isThread,
  type RegisteredCommand,
  type RoleSpec,
  World,
} from './world.js';

export type { ComponentExtra, InteractionOutcome, InvokeExtra } from './interactions.js';
export type { RecordedRequest } from './rest-server.js';
export type {
  EmulatedChannel,
  EmulatedGuild,
  EmulatedMessage,
  EmulatedOverwrite,
  EmulatedPrivateChannel,
  EmulatedRole,
  RegisteredCommand,
} from './world.js';

/** What a test user's message may carry: files are described, not uploaded (their bytes are not kept). */
export interface UserMessageOptions {
  userId?: string;
  embeds?: unknown[];
  attachments?: { filename: string; content_type?: string }[];
}

export interface EmulatorOptions {
  /** Accept only this bot token; any non-empty token when unset. */
  token?: string;
  botUsername?: string;
  recommendedShards?: number;
  heartbeatIntervalMs?: number;
  rateLimits?: Partial<RateLimitOptions>;
  /** Discord forgets an interaction not answered within this time. */
  interactionTimeoutMs?: number;
}

export class DiscordEmulator {
  readonly requests: RecordedRequest[];
  readonly guilds: Map<string, EmulatedGuild>;
  readonly channels: Map<string, EmulatedChannel>;
  readonly messages: Map<string, EmulatedMessage[]>;
  readonly globalCommands: RegisteredCommand[];
  readonly guildCommands: Map<string, RegisteredCommand[]>;
  readonly rateLimiter: RateLimiter;
  readonly botUser: BotUser;
  readonly applicationId: string;
  /** Called for every message the bot posts to a channel outside an interaction (digests). */
  readonly channelMessageListeners: Set<(message: EmulatedMessage) => void>;

  private readonly world: World;
  private readonly http: Server;
  private readonly gateway: Gateway;
  private readonly interactions: Interactions;
  private readonly rest: RestServer;
  private port = 0;

  constructor(options: EmulatorOptions = {}) {
    this.world = new World({ token: options.token, botUsername: options.botUsername ?? 'sitrep' });
    this.http = createServer((request, response) => void this.rest.handle(request, response));
    this.gateway = new Gateway(this.world, this.http, {
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      url: () => this.gatewayUrl,
    });
    this.interactions = new Interactions(this.world, this.gateway, options.interactionTimeoutMs ?? 3000);
    const channelRoutes = new ChannelRoutes(this.world);
    const routes = new RestRoutes(this.world, this.interactions, channelRoutes, {
      gatewayUrl: () => this.gatewayUrl,
      recommendedShards: options.recommendedShards ?? 1,
    });
    this.rest = new RestServer(this.world, routes, rateLimitsWith(options.rateLimits));

    this.requests = this.rest.requests;
    this.rateLimiter = this.rest.rateLimiter;
    this.guilds = this.world.guilds;
    this.channels = this.world.channels;
    this.messages = this.world.messages;
    this.globalCommands = this.world.globalCommands;
    this.guildCommands = this.world.guildCommands;
    this.botUser = this.world.botUser;
    this.applicationId = this.world.applicationId;
    this.channelMessageListeners = channelRoutes.messageListeners;
  }

  /** Listens on 127.0.0.1 (an ephemeral port unless one is given). */
  async start(port = 0): Promise<{ apiUrl: string; gatewayUrl: string }> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.http.address() as AddressInfo).port;
    return { apiUrl: this.apiUrl, gatewayUrl: this.gatewayUrl };
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }
  /**
   * The most requests counting toward the global limit (all but interaction and webhook routes) that
   * arrived within any one second: Discord allows 50, however the seconds are cut.
   */
  busiestGlobalSecond(): number {
    return this.rest.busiestGlobalSecond();
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    this.interactions.expireAll();
    await this.gateway.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  // ---------------------------------------------------------------- world state

  addGuild(name: string, channels: ChannelSpec[] = [{ name: 'general' }]): EmulatedGuild {
    const guild = this.world.addGuild(name, channels);
    this.gateway.dispatchToGuild(guild.id, 'GUILD_CREATE', guildPayload(guild, this.world));
    return guild;
  }

  /** The bytes of a file the bot uploaded (a message's `attachments[n].id`), as it sent them. */
  attachmentData(attachmentId: string): Buffer | undefined {
    return this.world.attachmentFiles.get(attachmentId);
  }

  channelByName(guildId: string, name: string): EmulatedChannel {
    return this.world.channelByName(guildId, name);
  }

  /** Deletes a channel as a moderator would; later posts to it fail with 10003 Unknown Channel. */
  deleteChannel(channelId: string): void {
    const channel = this.world.deleteChannel(channelId);
    if (!channel) return;
    this.gateway.dispatchToGuild(channel.guildId, 'CHANNEL_DELETE', channelPayload(channel, this.world));
  }

  /** Removes permission bits from the bot in one channel (50001 without View, 50013 without Send). */
  revokePermission(channelId: string, bits: bigint): void {
    const channel = this.channels.get(channelId);
    if (!channel) return;
    channel.botPermissions &= ~bits;
    this.announceChannelUpdate(channel);
  }

  /** Gives permission bits back to the bot in one channel. */
  grantPermission(channelId: string, bits: bigint): void {
    const channel = this.channels.get(channelId);
    if (!channel) return;
    channel.botPermissions |= bits;
    this.announceChannelUpdate(channel);
  }

  /** Hides a channel from one user, as a member permission overwrite denying View Channel does. */
  hideChannelFrom(channelId: string, userId: string): void {
    const existing = this.channels.get(channelId)?.overwrites.find((overwrite) => overwrite.id === userId);
    this.setPermissionOverwrite(channelId, {
      id: userId,
      type: 'member',
      allow: (existing?.allow ?? 0n) & ~PermissionFlagsBits.ViewChannel,
      deny: (existing?.deny ?? 0n) | PermissionFlagsBits.ViewChannel,
    });
  }

  /**
   * Sets a channel's permission overwrite for a role (the guild's id for @everyone) or a member, as a
   * moderator does in the channel's settings, and dispatches CHANNEL_UPDATE. Not for threads: they
   * take their parent's.
   */
  setPermissionOverwrite(
    channelId: string,
    {
      id,
      type,
      allow = 0n,
      deny = 0n,
    }: Omit<EmulatedOverwrite, 'allow' | 'deny'> & Partial<EmulatedOverwrite>,
  ): void {
    const channel = this.channels.get(channelId);
    if (!channel) throw new Error(`no channel ${channelId}`);
    if (isThread(channel)) throw new Error('threads take their permissions from their parent');
    channel.overwrites = [
      ...channel.overwrites.filter((overwrite) => overwrite.id !== id),
      { id, type, allow, deny },
    ];
    this.announceChannelUpdate(channel);
  }

  /** A new channel, or (with `parent`) a thread in it, announced as Discord does. */
  addChannel(guildId: string, spec: ChannelSpec): EmulatedChannel {
    const channel = this.world.addChannel(guildId, spec);
    const payload = channelPayload(channel, this.world);
    if (isThread(channel)) {
      this.gateway.dispatchToGuild(guildId, 'THREAD_CREATE', { ...payload, newly_created: true });
    } else {
      this.gateway.dispatchToGuild(guildId, 'CHANNEL_CREATE', payload);
    }
    return channel;
  }

  /**
   * A user joins a thread. Discord tells a bot with only the Guilds intent (no Guild Members) of its
   * own joins only, so another user's membership is known to it only by asking REST.
   */
  addThreadMember(threadId: string, userId: string): void {
    const thread = this.channels.get(threadId);
    if (!thread || !isThread(thread)) throw new Error(`no thread ${threadId}`);
    thread.threadMembers ??= new Set();
    thread.threadMembers.add(userId);
    if (userId === this.botUser.id) {
      this.gateway.dispatchToGuild(thread.guildId, 'THREAD_MEMBERS_UPDATE', {
        id: thread.id,
        guild_id: thread.guildId,
        member_count: thread.threadMembers.size,
        added_members: [threadMemberPayload(thread.id, userId)],
      });
    }
  }

  removeThreadMember(threadId: string, userId: string): void {
    const thread = this.channels.get(threadId);
    thread?.threadMembers?.delete(userId);
    if (thread && userId === this.botUser.id) {
      this.gateway.dispatchToGuild(thread.guildId, 'THREAD_MEMBERS_UPDATE', {
        id: thread.id,
        guild_id: thread.guildId,
        member_count: thread.threadMembers?.size ?? 0,
        removed_member_ids: [userId],
      });
    }
  }

  /**
   * A role, announced with GUILD_ROLE_CREATE. Mentionable unless told otherwise; `permissions` are
   * what it grants server-wide (none by default).
   */
  addRole(guildId: string, name: string, spec: RoleSpec = {}): EmulatedRole {
    const role = this.world.addRole(guildId, name, { mentionable: true, ...spec });
    this.announceRole(guildId, role, 'GUILD_ROLE_CREATE');
    return role;
  }

  /** Changes a role (its mentionability, its permissions), announced with GUILD_ROLE_UPDATE. */
  updateRole(guildId: string, roleId: string, changes: RoleSpec): void {
    const role = this.guilds.get(guildId)?.roles.find((candidate) => candidate.id === roleId);
    if (!role) throw new Error(`no role ${roleId}`);
    if (changes.mentionable !== undefined) role.mentionable = changes.mentionable;
    if (changes.permissions !== undefined) role.permissions = changes.permissions;
    this.announceRole(guildId, role, 'GUILD_ROLE_UPDATE');
  }

  /**
   * Gives a member these roles (their ids). The bot learns a member's roles from the interactions
   * they send, as a bot without the Guild Members intent does on Discord.
   */
  setMemberRoles(guildId: string, userId: string, roleIds: readonly string[]): void {
    const guild = this.guilds.get(guildId);
    if (!guild) throw new Error(`no guild ${guildId}`);
    guild.memberRoles.set(userId, [...roleIds]);
  }

  /** What a member may do server-wide, or in a channel, as Discord computes it. */
  permissionsOf(guildId: string, userId: string, channelId?: string): bigint {
    const roles = this.guilds.get(guildId)?.memberRoles.get(userId) ?? [];
    const channel = channelId === undefined ? undefined : this.channels.get(channelId);
    return this.world.permissionsOf(guildId, userId, roles, channel);
  }

  /** The bot is kicked (or leaves): GUILD_DELETE without `unavailable`, as Discord sends it. */
  removeBotFromGuild(guildId: string): void {
    this.guilds.delete(guildId);
    this.gateway.dispatchToGuild(guildId, 'GUILD_DELETE', { id: guildId });
  }

  /** A guild outage: GUILD_DELETE with `unavailable: true`; the bot is still a member. */
  makeGuildUnavailable(guildId: string): void {
    this.gateway.dispatchToGuild(guildId, 'GUILD_DELETE', { id: guildId, unavailable: true });
  }

  private announceRole(guildId: string, role: EmulatedRole, event: string): void {
    const position = (this.guilds.get(guildId)?.roles.indexOf(role) ?? 0) + 1;
    this.gateway.dispatchToGuild(guildId, event, { guild_id: guildId, role: rolePayload(role, position) });
  }

  private announceChannelUpdate(channel: EmulatedChannel): void {
    this.gateway.dispatchToGuild(channel.guildId, 'CHANNEL_UPDATE', channelPayload(channel, this.world));
  }

  // ---------------------------------------------------------------- faults

  /** The next `count` requests matching answer with `status` (a 5xx burst, say). */
  failNext(status: number | 'hang', options: FaultOptions = {}): void {
    this.rest.faults.failNext(status, options);
  }

  /**
   * Delay REST answers by this long: every route, or (interactions: false) all but interaction
   * callbacks and webhooks, to model a slow API while the interaction path stays fast.
   */
  setLatency(ms: number, { interactions = true }: { interactions?: boolean } = {}): void {
    this.rest.faults.setLatency(ms, interactions);
  }

  /** Stop (or resume) acknowledging heartbeats, so the client sees a zombie connection. */
  setHeartbeatAcks(enabled: boolean): void {
    this.gateway.setHeartbeatAcks(enabled);
  }

  /** Closes every gateway socket with this code; sessions stay resumable unless the code says otherwise. */
  dropConnections(code = 4000): void {
    this.gateway.dropConnections(code);
  }

  /**
   * A gateway outage: open connections drop without a close frame and new ones are refused until
   * `setGatewayDown(false)`. REST keeps working, as it does when only the gateway is down.
   */
  setGatewayDown(down: boolean): void {
    this.gateway.setDown(down);
  }

  /** Asks connected clients to reconnect (op 7), as Discord does before maintenance. */
  requestReconnect(): void {
    this.gateway.requestReconnect();
  }

  /** Sends op 9 Invalid Session. */
  invalidateSessions(resumable = false): void {
    this.gateway.invalidateSessions(resumable);
  }

  connectedSessions(): number {
    return this.gateway.connectedSessions();
  }

  // ---------------------------------------------------------------- interactions

  /**
   * Dispatches a slash command as a member would type it, and resolves with the bot's answer. From a
   * DM (`extra.context`), `guildId` is not used. Rejects where no client would offer the command:
   * a registered command outside its `contexts` or `integration_types`.
   */
  invokeCommand(
    guildId: string | undefined,
    channelId: string,
    name: string,
    options: OptionValues = {},
    extra: InvokeExtra = {},
  ): Promise<InteractionOutcome> {
    return this.interactions.invoke(
      InteractionType.ApplicationCommand,
      guildId,
      channelId,
      name,
      options,
      undefined,
      extra,
    );
  }

  /** Dispatches an autocomplete request for `focused`, and resolves with the choices offered. */
  invokeAutocomplete(
    guildId: string | undefined,
    channelId: string,
    name: string,
    options: OptionValues,
    focused: string,
    extra: InvokeExtra = {},
  ): Promise<InteractionOutcome> {
    return this.interactions.invoke(
      InteractionType.ApplicationCommandAutocomplete,
      guildId,
      channelId,
      name,
      options,
      focused,
      extra,
    );
  }

  /**
   * Presses a button (or, with `values`, chooses in a select menu) on a message in `channelId`, and
   * resolves with the bot's answer: `updated: true` when it edits that message (callback 7, or 6 and
   * an edit). Rejects, as a client cannot, for a message or custom_id that is not there, a disabled
   * component, values a select menu does not offer, or another user's ephemeral message.
   */
  invokeComponent(
    guildId: string | undefined,
    channelId: string,
    messageId: string,
    customId: string,
    extra: ComponentExtra = {},
  ): Promise<InteractionOutcome> {
    return this.interactions.invokeComponent(guildId, channelId, messageId, customId, extra);
  }

  /** Runs the message command `name` (Apps, on a message) on a message in `channelId`. */
  invokeMessageCommand(
    guildId: string | undefined,
    channelId: string,
    name: string,
    targetMessageId: string,
    extra: InvokeExtra = {},
  ): Promise<InteractionOutcome> {
    return this.interactions.invokeMessageCommand(guildId, channelId, name, targetMessageId, extra);
  }

  /**
   * A message a user (not a bot) posts in a channel, a thread or the user's DM with the bot: the
   * target of message commands. The bot is not told (no message events are emulated); it can read
   * it through REST. Throws for what a client would not send: an empty message, content over 4000
   * characters, an unknown channel.
   */
  postUserMessage(channelId: string, content: string, options: UserMessageOptions = {}): EmulatedMessage {
    const { world } = this;
    if (!world.channels.has(channelId) && !world.privateChannels.has(channelId)) {
      throw new Error(`no channel ${channelId}`);
    }
    const attachments = (options.attachments ?? []).map((file) => {
      const id = world.ids.next();
      return {
        id,
        filename: file.filename,
        size: 0,
        content_type: file.content_type ?? 'application/octet-stream',
        ...attachmentUrls(channelId, id, file.filename),
      };
    });
    const problems = validateMessage({ content, embeds: options.embeds, attachments });
    // A user may send up to 4000 characters where a bot may send 2000.
    const fatal = problems.filter(
      (problem) =>
        !(
          problem.path === 'content' &&
          problem.code === 'BASE_TYPE_MAX_LENGTH' &&
          content.length <= payloadLimits.userMessageContent
        ),
    );
    if (fatal.length > 0) throw new Error(`a client would not send this message: ${JSON.stringify(fatal)}`);
    const message = world.makeMessage(channelId, { content, embeds: options.embeds ?? [] }, attachments, {
      author: world.user(options.userId ?? defaultUserId),
      type: MessageType.Default,
    });
    world.storeMessage(message);
    return message;
  }

  /** The bot's DM with a user (the default user unless named), opened the first time it is asked for. */
  dmChannel(userId: string = defaultUserId): EmulatedPrivateChannel {
    return this.world.dmChannel(userId);
  }

  /**
   * The user's privacy settings (or a block) refuse the bot: its posts to their DM answer 403, code
   * 50007, until `openDirectMessages`. Opening the DM channel still works, as on Discord.
   */
  closeDirectMessages(userId: string): void {
    this.world.closedDirectMessages.add(userId);
  }

  openDirectMessages(userId: string): void {
    this.world.closedDirectMessages.delete(userId);
  }

  /** The account is gone: opening a DM with it answers 404, code 10013 Unknown User; posting, 50007. */
  deleteUser(userId: string): void {
    this.world.deletedUsers.add(userId);
  }

  /** A group DM of the user's, which the bot is not in: where user-installed commands run ('private-channel'). */
  groupDmChannel(userId: string = defaultUserId): EmulatedPrivateChannel {
    return this.world.groupDmChannel(userId);
  }
}
