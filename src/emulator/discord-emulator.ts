// A Discord-compatible server on loopback: REST under /api/v10 and a WebSocket gateway, enough for the
// real, unmodified discord.js client to log in, receive slash commands and answer them. It validates
// payloads and rate-limits like Discord, records every request, and can inject faults for tests.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type APIApplicationCommandInteractionDataOption,
  ApplicationCommandOptionType,
  ChannelType,
  GatewayOpcodes,
  InteractionResponseType,
  InteractionType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { WebSocket, WebSocketServer } from 'ws';
import { shardOfGuild } from '../bot/shards.js';
import { defaultRateLimits, RateLimiter, type RateLimitOptions } from './rate-limiter.js';
import { SnowflakeGenerator } from './snowflake.js';
import {
  type FieldError,
  invalidFormBody,
  validateAutocompleteChoices,
  validateMessage,
} from './validate-payload.js';

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

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  body: unknown;
  status: number;
  at: number;
}

export type InteractionOutcome =
  | {
      status: 'message';
      message: EmulatedMessage;
      ephemeral: boolean;
      deferred: boolean;
      callbacks: number[];
    }
  | { status: 'autocomplete'; choices: { name: string; value: string | number }[]; callbacks: number[] }
  | { status: 'rejected'; error: unknown; callbacks: number[] }
  | { status: 'timeout'; callbacks: number[] };

export interface InvokeExtra {
  /** For commands with subcommands: which one ("subscribe"); `options` are then its options. */
  subcommand?: string;
  memberPermissions?: bigint;
  locale?: string;
  timeoutMs?: number;
  userId?: string;
  /**
   * Changes the INTERACTION_CREATE payload before it is sent: to send what Discord should never
   * send (options of the wrong type, a guild-only command from a DM), and see the bot cope.
   */
  rewrite?: (payload: Record<string, unknown>) => Record<string, unknown>;
}

interface PendingInteraction {
  id: string;
  token: string;
  type: InteractionType;
  channelId: string;
  createdAt: number;
  callbacks: number[];
  original?: EmulatedMessage;
  followups: EmulatedMessage[];
  settle: (outcome: InteractionOutcome) => void;
  settled: boolean;
}

interface GatewaySession {
  id: string;
  shard: [number, number];
  socket?: WebSocket;
  sequence: number;
  /** Every dispatch sent, for replay on RESUME. */
  sent: { s: number; payload: unknown }[];
  resumable: boolean;
}

interface Fault {
  method?: string;
  pathIncludes?: string;
  /** An HTTP status to answer with, or 'hang': accept the request and never answer. */
  status: number | 'hang';
  remaining: number;
  /** For a 429: the Retry-After to send, and whether it is the global limit. */
  retryAfterSeconds?: number;
  global?: boolean;
}

const defaultBotPermissions =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.ReadMessageHistory;

/** How long Discord remembers an enforced nonce ("the past few minutes"). */
const nonceWindowMs = 5 * 60_000;

const allPermissions = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** The user who invokes commands unless a test names another: the owner of every emulated guild. */
export const defaultUserId = '100000000000000001';

const memberPermissionsDefault =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.UseApplicationCommands;

export class DiscordEmulator {
  readonly requests: RecordedRequest[] = [];
  readonly guilds = new Map<string, EmulatedGuild>();
  readonly channels = new Map<string, EmulatedChannel>();
  readonly messages = new Map<string, EmulatedMessage[]>();
  readonly globalCommands: (RESTPostAPIChatInputApplicationCommandsJSONBody & { id: string })[] = [];
  readonly guildCommands = new Map<
    string,
    (RESTPostAPIChatInputApplicationCommandsJSONBody & { id: string })[]
  >();
  readonly rateLimiter: RateLimiter;
  readonly botUser: {
    id: string;
    username: string;
    discriminator: string;
    bot: true;
    global_name: null;
    avatar: null;
  };
  readonly applicationId: string;

  private readonly ids = new SnowflakeGenerator();
  /**
   * Guilds get ids as if created 7.919 s apart from 2020 on: ids made in one millisecond would all
   * fall on one gateway shard ((id >> 22) % count), where real guilds, made over years, spread evenly.
   */
  private readonly guildIds = new SnowflakeGenerator();
  private guildsCreated = 0;
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private gatewayDown = false;
  private readonly sessions = new Map<string, GatewaySession>();
  private readonly interactions = new Map<string, PendingInteraction>();
  private readonly faults: Fault[] = [];
  private readonly options: Required<Omit<EmulatorOptions, 'token' | 'rateLimits'>> & { token?: string };
  /** Called for every message the bot posts to a channel outside an interaction (digests). */
  readonly channelMessageListeners = new Set<(message: EmulatedMessage) => void>();
  private readonly recentNonces = new Map<string, { message: EmulatedMessage; at: number }>();
  private ackHeartbeats = true;
  private latencyMs = 0;
  private latencyOnInteractions = true;
  private port = 0;

  constructor(options: EmulatorOptions = {}) {
    this.options = {
      token: options.token,
      botUsername: options.botUsername ?? 'sitrep',
      recommendedShards: options.recommendedShards ?? 1,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      interactionTimeoutMs: options.interactionTimeoutMs ?? 3000,
    };
    this.rateLimiter = new RateLimiter({ ...defaultRateLimits, ...options.rateLimits });
    this.applicationId = this.ids.next();
    this.botUser = {
      id: this.applicationId,
      username: this.options.botUsername,
      discriminator: '0',
      bot: true,
      global_name: null,
      avatar: null,
    };
    this.http = createServer((request, response) => void this.handleHttp(request, response));
    this.wss = new WebSocketServer({
      server: this.http,
      // During a gateway outage the upgrade is refused, as Discord's edge answers 503.
      verifyClient: (_info, accept) => accept(!this.gatewayDown, 503, 'Service Unavailable'),
    });
    this.wss.on('connection', (socket) => this.handleSocket(socket));
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
    const arrivals = this.requests
      .filter((request) => !isInteractionPath(request.path))
      .map((request) => request.at)
      .sort((a, b) => a - b);
    let busiest = 0;
    let first = 0;
    for (let last = 0; last < arrivals.length; last++) {
      while ((arrivals[last] as number) - (arrivals[first] as number) >= 1000) first++;
      busiest = Math.max(busiest, last - first + 1);
    }
    return busiest;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    for (const pending of this.interactions.values()) {
      if (!pending.settled) this.settle(pending, { status: 'timeout', callbacks: pending.callbacks });
    }
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  // ---------------------------------------------------------------- world state

  addGuild(
    name: string,
    channels: { name: string; type?: ChannelType; parent?: string }[] = [{ name: 'general' }],
  ) {
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
    for (const session of this.sessions.values()) {
      if (this.sessionOwnsGuild(session, guild.id))
        this.dispatch(session, 'GUILD_CREATE', this.guildPayload(guild));
    }
    return guild;
  }

  channelByName(guildId: string, name: string): EmulatedChannel {
    const channel = this.guilds.get(guildId)?.channels.find((candidate) => candidate.name === name);
    if (!channel) throw new Error(`no channel ${name} in guild ${guildId}`);
    return channel;
  }

  /** Deletes a channel as a moderator would; later posts to it fail with 10003 Unknown Channel. */
  deleteChannel(channelId: string): void {
    const channel = this.channels.get(channelId);
    if (!channel) return;
    channel.deleted = true;
    const guild = this.guilds.get(channel.guildId);
    if (guild) guild.channels = guild.channels.filter((candidate) => candidate.id !== channelId);
    for (const session of this.sessions.values()) {
      if (this.sessionOwnsGuild(session, channel.guildId)) {
        this.dispatch(session, 'CHANNEL_DELETE', this.channelPayload(channel));
      }
    }
  }

  /** Removes permission bits from the bot in one channel (50001 without View, 50013 without Send). */
  revokePermission(channelId: string, bits: bigint): void {
    const channel = this.channels.get(channelId);
    if (!channel) return;
    channel.botPermissions &= ~bits;
    this.dispatchToGuild(channel.guildId, 'CHANNEL_UPDATE', this.channelPayload(channel));
  }

  /** Gives permission bits back to the bot in one channel. */
  grantPermission(channelId: string, bits: bigint): void {
    const channel = this.channels.get(channelId);
    if (!channel) return;
    channel.botPermissions |= bits;
    this.dispatchToGuild(channel.guildId, 'CHANNEL_UPDATE', this.channelPayload(channel));
  }

  /** Hides a channel from one user, as a member permission overwrite denying View Channel does. */
  hideChannelFrom(channelId: string, userId: string): void {
    const channel = this.channels.get(channelId);
    if (!channel) return;
    channel.hiddenFrom ??= new Set();
    channel.hiddenFrom.add(userId);
    this.dispatchToGuild(channel.guildId, 'CHANNEL_UPDATE', this.channelPayload(channel));
  }

  addRole(guildId: string, name: string, { mentionable = true } = {}): EmulatedRole {
    const guild = this.guilds.get(guildId);
    if (!guild) throw new Error(`no guild ${guildId}`);
    const role: EmulatedRole = { id: this.ids.next(), name, mentionable };
    guild.roles.push(role);
    this.dispatchToGuild(guildId, 'GUILD_ROLE_CREATE', {
      guild_id: guildId,
      role: this.rolePayload(role, 1),
    });
    return role;
  }

  /** The bot is kicked (or leaves): GUILD_DELETE without `unavailable`, as Discord sends it. */
  removeBotFromGuild(guildId: string): void {
    const sessions = [...this.sessions.values()].filter((session) => this.sessionOwnsGuild(session, guildId));
    this.guilds.delete(guildId);
    for (const session of sessions) this.dispatch(session, 'GUILD_DELETE', { id: guildId });
  }

  /** A guild outage: GUILD_DELETE with `unavailable: true`; the bot is still a member. */
  makeGuildUnavailable(guildId: string): void {
    for (const session of this.sessions.values()) {
      if (this.sessionOwnsGuild(session, guildId))
        this.dispatch(session, 'GUILD_DELETE', { id: guildId, unavailable: true });
    }
  }

  private dispatchToGuild(guildId: string, event: string, payload: unknown): void {
    for (const session of this.sessions.values()) {
      if (this.sessionOwnsGuild(session, guildId)) this.dispatch(session, event, payload);
    }
  }

  // ---------------------------------------------------------------- faults

  /** The next `count` requests matching answer with `status` (a 5xx burst, say). */
  failNext(
    status: number | 'hang',
    {
      count = 1,
      method,
      pathIncludes,
      retryAfterSeconds,
      global,
    }: {
      count?: number;
      method?: string;
      pathIncludes?: string;
      /** With status 429: a 429 storm, with Retry-After and, if `global`, the global flag. */
      retryAfterSeconds?: number;
      global?: boolean;
    } = {},
  ) {
    this.faults.push({ status, remaining: count, method, pathIncludes, retryAfterSeconds, global });
  }

  /**
   * Delay REST answers by this long: every route, or (interactions: false) all but interaction
   * callbacks and webhooks, to model a slow API while the interaction path stays fast.
   */
  setLatency(ms: number, { interactions = true }: { interactions?: boolean } = {}): void {
    this.latencyMs = ms;
    this.latencyOnInteractions = interactions;
  }

  /** Stop (or resume) acknowledging heartbeats, so the client sees a zombie connection. */
  setHeartbeatAcks(enabled: boolean): void {
    this.ackHeartbeats = enabled;
  }

  /** Closes every gateway socket with this code; sessions stay resumable unless the code says otherwise. */
  dropConnections(code = 4000): void {
    for (const session of this.sessions.values()) {
      if (code === 1000 || code === 4009) session.resumable = false;
      session.socket?.close(code, 'emulator dropped the connection');
      session.socket = undefined;
    }
  }

  /**
   * A gateway outage: open connections drop without a close frame and new ones are refused until
   * `setGatewayDown(false)`. REST keeps working, as it does when only the gateway is down.
   */
  setGatewayDown(down: boolean): void {
    this.gatewayDown = down;
    if (!down) return;
    for (const session of this.sessions.values()) {
      session.socket?.terminate();
      session.socket = undefined;
    }
  }

  /** Asks connected clients to reconnect (op 7), as Discord does before maintenance. */
  requestReconnect(): void {
    for (const session of this.sessions.values())
      session.socket?.send(JSON.stringify({ op: GatewayOpcodes.Reconnect, d: null }));
  }

  /** Sends op 9 Invalid Session. */
  invalidateSessions(resumable = false): void {
    for (const session of this.sessions.values()) {
      session.resumable = resumable;
      session.socket?.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: resumable }));
    }
  }

  connectedSessions(): number {
    return [...this.sessions.values()].filter((session) => session.socket?.readyState === WebSocket.OPEN)
      .length;
  }

  // ---------------------------------------------------------------- interactions

  /** Dispatches a slash command as a member would type it, and resolves with the bot's answer. */
  invokeCommand(
    guildId: string,
    channelId: string,
    name: string,
    options: Record<string, string | number | boolean> = {},
    extra: InvokeExtra = {},
  ): Promise<InteractionOutcome> {
    return this.invoke(
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
    guildId: string,
    channelId: string,
    name: string,
    options: Record<string, string | number | boolean>,
    focused: string,
    extra: InvokeExtra = {},
  ): Promise<InteractionOutcome> {
    return this.invoke(
      InteractionType.ApplicationCommandAutocomplete,
      guildId,
      channelId,
      name,
      options,
      focused,
      extra,
    );
  }

  private invoke(
    type: InteractionType,
    guildId: string,
    channelId: string,
    name: string,
    options: Record<string, string | number | boolean>,
    focused: string | undefined,
    extra: InvokeExtra,
  ): Promise<InteractionOutcome> {
    const command = [...(this.guildCommands.get(guildId) ?? []), ...this.globalCommands].find(
      (candidate) => candidate.name === name,
    );
    const channel = this.channels.get(channelId);
    if (!channel) throw new Error(`no channel ${channelId}`);
    const subcommand = extra.subcommand
      ? command?.options?.find((option) => option.name === extra.subcommand)
      : undefined;
    const definitions = (subcommand && 'options' in subcommand ? subcommand.options : command?.options) ?? [];
    const resolved: { channels?: Record<string, unknown>; roles?: Record<string, unknown> } = {};
    const leafOptions: APIApplicationCommandInteractionDataOption[] = Object.entries(options).map(
      ([key, value]) => {
        const definition = definitions.find((option) => option.name === key);
        const optionType =
          definition?.type ??
          (typeof value === 'number'
            ? ApplicationCommandOptionType.Integer
            : typeof value === 'boolean'
              ? ApplicationCommandOptionType.Boolean
              : ApplicationCommandOptionType.String);
        if (optionType === ApplicationCommandOptionType.Channel && key !== focused) {
          const target = this.channels.get(String(value));
          if (target) {
            resolved.channels ??= {};
            const memberPermissions = extra.memberPermissions ?? memberPermissionsDefault;
            resolved.channels[target.id] = {
              ...this.channelPayload(target),
              // Discord resolves the invoking member's permissions in the channel.
              permissions: String(
                target.hiddenFrom?.has(extra.userId ?? defaultUserId)
                  ? memberPermissions & ~PermissionFlagsBits.ViewChannel
                  : memberPermissions,
              ),
            };
          }
        }
        if (optionType === ApplicationCommandOptionType.Role && key !== focused) {
          const guild = this.guilds.get(guildId);
          const index = guild?.roles.findIndex((role) => role.id === String(value)) ?? -1;
          const role = guild?.roles[index];
          if (role) {
            resolved.roles ??= {};
            resolved.roles[role.id] = this.rolePayload(role, index + 1);
          }
        }
        return {
          name: key,
          type: optionType,
          value,
          ...(key === focused ? { focused: true } : {}),
        } as APIApplicationCommandInteractionDataOption;
      },
    );
    const dataOptions = extra.subcommand
      ? ([
          { name: extra.subcommand, type: ApplicationCommandOptionType.Subcommand, options: leafOptions },
        ] as APIApplicationCommandInteractionDataOption[])
      : leafOptions;
    const id = this.ids.next();
    const token = `interaction.${randomBytes(32).toString('base64url')}`;
    const userId = extra.userId ?? defaultUserId;
    const payload = {
      id,
      application_id: this.applicationId,
      type,
      token,
      version: 1,
      guild_id: guildId,
      channel_id: channelId,
      channel: this.channelPayload(channel),
      data: {
        id: command?.id ?? this.ids.next(),
        name,
        type: 1,
        options: dataOptions,
        ...(resolved.channels || resolved.roles ? { resolved } : {}),
        guild_id: command && this.guildCommands.has(guildId) ? guildId : undefined,
      },
      member: {
        user: { id: userId, username: 'member', discriminator: '0', global_name: 'Member', avatar: null },
        roles: [],
        permissions: String(extra.memberPermissions ?? memberPermissionsDefault),
        joined_at: new Date(0).toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
      },
      app_permissions: String(channel.botPermissions),
      locale: extra.locale ?? 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guildId },
      context: 0,
    };
    return new Promise<InteractionOutcome>((resolve) => {
      const pending: PendingInteraction = {
        id,
        token,
        type,
        channelId,
        createdAt: Date.now(),
        callbacks: [],
        followups: [],
        settled: false,
        settle: resolve,
      };
      this.interactions.set(token, pending);
      this.interactions.set(id, pending);
      const timer = setTimeout(
        () => this.settle(pending, { status: 'timeout', callbacks: pending.callbacks }),
        extra.timeoutMs ?? 10_000,
      );
      pending.settle = (outcome) => {
        clearTimeout(timer);
        resolve(outcome);
      };
      const session = this.sessionForGuild(guildId);
      if (!session) {
        this.settle(pending, {
          status: 'rejected',
          error: 'no gateway session for this guild',
          callbacks: [],
        });
        return;
      }
      this.dispatch(session, 'INTERACTION_CREATE', extra.rewrite ? extra.rewrite(payload) : payload);
    });
  }

  private settle(pending: PendingInteraction, outcome: InteractionOutcome): void {
    if (pending.settled) return;
    pending.settled = true;
    pending.settle(outcome);
  }

  // ---------------------------------------------------------------- gateway

  private sessionOwnsGuild(session: GatewaySession, guildId: string): boolean {
    return shardOfGuild(guildId, session.shard[1]) === session.shard[0];
  }

  private sessionForGuild(guildId: string): GatewaySession | undefined {
    const owners = [...this.sessions.values()].filter(
      (session) => session.resumable && this.sessionOwnsGuild(session, guildId),
    );
    return owners.find((session) => session.socket?.readyState === WebSocket.OPEN) ?? owners.at(-1);
  }

  private dispatch(session: GatewaySession, event: string, data: unknown): void {
    session.sequence++;
    const payload = { op: GatewayOpcodes.Dispatch, t: event, s: session.sequence, d: data };
    session.sent.push({ s: session.sequence, payload });
    if (session.sent.length > 5000) session.sent.splice(0, session.sent.length - 5000);
    if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(JSON.stringify(payload));
  }

  private handleSocket(socket: WebSocket): void {
    let session: GatewaySession | undefined;
    socket.send(
      JSON.stringify({
        op: GatewayOpcodes.Hello,
        d: { heartbeat_interval: this.options.heartbeatIntervalMs },
      }),
    );
    socket.on('message', (raw) => {
      let packet: { op: number; d: unknown };
      try {
        packet = JSON.parse(String(raw));
      } catch {
        socket.close(4002, 'Error while decoding payload.');
        return;
      }
      switch (packet.op) {
        case GatewayOpcodes.Heartbeat:
          if (this.ackHeartbeats) socket.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck }));
          break;
        case GatewayOpcodes.Identify:
          session = this.identify(socket, packet.d as { token: string; shard?: [number, number] });
          break;
        case GatewayOpcodes.Resume:
          session = this.resume(socket, packet.d as { token: string; session_id: string; seq: number });
          break;
        default:
          break;
      }
    });
    socket.on('close', () => {
      if (session && session.socket === socket) session.socket = undefined;
    });
  }

  private tokenAccepted(token: string | undefined): boolean {
    const bare = token?.replace(/^Bot /, '') ?? '';
    return bare !== '' && (this.options.token === undefined || bare === this.options.token);
  }

  private identify(
    socket: WebSocket,
    data: { token: string; shard?: [number, number] },
  ): GatewaySession | undefined {
    if (!this.tokenAccepted(data.token)) {
      socket.close(4004, 'Authentication failed.');
      return undefined;
    }
    const shard = data.shard ?? [0, 1];
    if (shard[0] >= shard[1]) {
      socket.close(4010, 'Invalid shard.');
      return undefined;
    }
    const session: GatewaySession = {
      id: randomBytes(16).toString('hex'),
      shard,
      socket,
      sequence: 0,
      sent: [],
      resumable: true,
    };
    // A new IDENTIFY for a shard replaces any older session for it.
    for (const [id, old] of this.sessions) {
      if (old.shard[0] === shard[0] && old.shard[1] === shard[1]) this.sessions.delete(id);
    }
    this.sessions.set(session.id, session);
    const owned = [...this.guilds.values()].filter((guild) => this.sessionOwnsGuild(session, guild.id));
    this.dispatch(session, 'READY', {
      v: 10,
      user: { ...this.botUser, verified: true, mfa_enabled: false, flags: 0 },
      guilds: owned.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.gatewayUrl,
      shard,
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      user_settings: {},
    });
    for (const guild of owned) this.dispatch(session, 'GUILD_CREATE', this.guildPayload(guild));
    return session;
  }

  private resume(
    socket: WebSocket,
    data: { token: string; session_id: string; seq: number },
  ): GatewaySession | undefined {
    const session = this.sessions.get(data.session_id);
    if (!this.tokenAccepted(data.token) || !session?.resumable) {
      socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false }));
      return undefined;
    }
    session.socket = socket;
    for (const entry of session.sent) if (entry.s > data.seq) socket.send(JSON.stringify(entry.payload));
    session.sequence++;
    socket.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, t: 'RESUMED', s: session.sequence, d: {} }));
    return session;
  }

  private channelPayload(channel: EmulatedChannel) {
    return {
      id: channel.id,
      type: channel.type,
      guild_id: channel.guildId,
      name: channel.name,
      position: 0,
      // The bot's permissions are modelled as a member overwrite, so discord.js computes exactly them.
      permission_overwrites: isThread(channel)
        ? []
        : [
            {
              id: this.botUser.id,
              type: 1,
              allow: String(channel.botPermissions),
              deny: String(allPermissions & ~channel.botPermissions),
            },
            ...[...(channel.hiddenFrom ?? [])].map((userId) => ({
              id: userId,
              type: 1,
              allow: '0',
              deny: String(PermissionFlagsBits.ViewChannel),
            })),
          ],
      nsfw: false,
      parent_id: channel.parentId ?? null,
      ...(channel.type === ChannelType.PublicThread || channel.type === ChannelType.PrivateThread
        ? {
            thread_metadata: {
              archived: false,
              auto_archive_duration: 1440,
              archive_timestamp: new Date().toISOString(),
              locked: false,
            },
          }
        : {}),
      ...(channel.type === ChannelType.GuildForum
        ? { available_tags: [], default_reaction_emoji: null }
        : {}),
    };
  }

  private rolePayload(role: EmulatedRole, position: number) {
    return {
      id: role.id,
      name: role.name,
      permissions: '0',
      position,
      color: 0,
      hoist: false,
      managed: false,
      mentionable: role.mentionable,
      flags: 0,
    };
  }

  private botMemberPayload() {
    return {
      user: this.botUser,
      roles: [],
      joined_at: new Date(0).toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
    };
  }

  private guildPayload(guild: EmulatedGuild) {
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      owner_id: defaultUserId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [
        {
          id: guild.id,
          name: '@everyone',
          permissions: String(memberPermissionsDefault),
          position: 0,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: false,
          flags: 0,
        },
        ...guild.roles.map((role, index) => this.rolePayload(role, index + 1)),
      ],
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      system_channel_id: guild.systemChannelId ?? null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      preferred_locale: 'en-US',
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      joined_at: new Date().toISOString(),
      large: false,
      unavailable: false,
      member_count: 2,
      members: [this.botMemberPayload()],
      voice_states: [],
      channels: guild.channels
        .filter((channel) => !isThread(channel))
        .map((channel) => this.channelPayload(channel)),
      threads: guild.channels.filter(isThread).map((channel) => this.channelPayload(channel)),
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  // ---------------------------------------------------------------- REST

  private async handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(request);
    const body = parseBody(request.headers['content-type'], raw);
    const path = decodeURIComponent(url.pathname).replace(/^\/api(\/v\d+)?/, '');
    const record: RecordedRequest = {
      method: request.method ?? 'GET',
      path,
      query: url.search,
      body,
      status: 0,
      at: Date.now(),
    };
    this.requests.push(record);
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      const write = () => {
        if (response.writableEnded) return;
        response.writeHead(
          status,
          payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
        );
        response.end(payload === undefined ? undefined : JSON.stringify(payload));
      };
      const delayed = this.latencyMs > 0 && (this.latencyOnInteractions || !isInteractionRoute);
      if (delayed) setTimeout(write, this.latencyMs);
      else write();
    };
    const isInteractionRoute = isInteractionPath(path);

    const fault = this.faults.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (!candidate.method || candidate.method === record.method) &&
        (!candidate.pathIncludes || path.includes(candidate.pathIncludes)),
    );
    if (fault) {
      fault.remaining--;
      if (fault.status === 'hang') {
        record.status = -1;
        return;
      }
      if (fault.status === 429) {
        const retryAfter = fault.retryAfterSeconds ?? 1;
        send(
          429,
          { message: 'You are being rate limited.', retry_after: retryAfter, global: fault.global === true },
          {
            'retry-after': String(retryAfter),
            ...(fault.global
              ? { 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' }
              : { 'x-ratelimit-scope': 'user' }),
          },
        );
        return;
      }
      send(fault.status, { message: 'Injected fault', code: 0 });
      return;
    }

    if (!isInteractionRoute && !this.tokenAccepted(request.headers.authorization)) {
      send(401, { message: '401: Unauthorized', code: 0 });
      return;
    }
    const bucket = bucketKey(record.method, path);
    const decision = this.rateLimiter.check(bucket, { global: !isInteractionRoute });
    if (!decision.allowed) {
      send(
        429,
        {
          message: 'You are being rate limited.',
          retry_after: decision.retryAfterSeconds,
          global: decision.scope === 'global',
        },
        decision.headers,
      );
      return;
    }
    // An empty or unparsable body reads as no fields at all, as Discord reads it: routes answer
    // "empty message" or "field required" rather than fail on a missing object.
    const fields = typeof body === 'object' && body !== null ? body : {};
    const result = this.route(record.method, path, url.searchParams, fields);
    send(result.status, result.body, decision.headers);
  }

  private route(
    method: string,
    path: string,
    query: URLSearchParams,
    body: unknown,
  ): { status: number; body?: unknown } {
    const parts = path.split('/').filter(Boolean);
    const [root, a, b, c, d] = parts;
    if (method === 'GET' && path === '/gateway/bot') {
      return {
        status: 200,
        body: {
          url: this.gatewayUrl,
          shards: this.options.recommendedShards,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
        },
      };
    }
    if (method === 'GET' && path === '/gateway') return { status: 200, body: { url: this.gatewayUrl } };
    if (method === 'GET' && path === '/users/@me') return { status: 200, body: this.botUser };
    if (method === 'GET' && (path === '/applications/@me' || path === '/oauth2/applications/@me')) {
      return {
        status: 200,
        body: {
          id: this.applicationId,
          name: this.botUser.username,
          bot: this.botUser,
          flags: 0,
          description: '',
        },
      };
    }
    if (root === 'applications' && a === this.applicationId && b === 'commands' && !c) {
      if (method === 'PUT') return { status: 200, body: this.overwriteCommands(this.globalCommands, body) };
      if (method === 'GET') return { status: 200, body: this.globalCommands };
    }
    if (root === 'applications' && a === this.applicationId && b === 'guilds' && c && d === 'commands') {
      if (!this.guilds.has(c)) return unknown(10004, 'Unknown Guild');
      const list = this.guildCommands.get(c) ?? [];
      this.guildCommands.set(c, list);
      if (method === 'PUT') return { status: 200, body: this.overwriteCommands(list, body) };
      if (method === 'GET') return { status: 200, body: list };
    }
    if (root === 'applications' && a !== this.applicationId)
      return { status: 403, body: { message: 'Missing Access', code: 50001 } };
    if (root === 'interactions' && a && b && c === 'callback' && method === 'POST') {
      return this.interactionCallback(a, b, body as { type: number; data?: unknown }, query);
    }
    if (root === 'webhooks' && a === this.applicationId && b)
      return this.webhook(method, b, parts.slice(3), body);
    if (root === 'channels' && a) return this.channelRoute(method, a, parts.slice(2), body);
    if (root === 'guilds' && a && b === 'members' && c === this.botUser.id && method === 'GET') {
      if (!this.guilds.has(a)) return unknown(10004, 'Unknown Guild');
      return { status: 200, body: this.botMemberPayload() };
    }
    if (root === 'guilds' && a && b === 'channels' && method === 'GET') {
      const guild = this.guilds.get(a);
      if (!guild) return unknown(10004, 'Unknown Guild');
      return { status: 200, body: guild.channels.map((channel) => this.channelPayload(channel)) };
    }
    return { status: 404, body: { message: '404: Not Found', code: 0 } };
  }

  private overwriteCommands(
    list: (RESTPostAPIChatInputApplicationCommandsJSONBody & { id: string })[],
    body: unknown,
  ) {
    const definitions = Array.isArray(body)
      ? (body as RESTPostAPIChatInputApplicationCommandsJSONBody[])
      : [];
    const previous = new Map(list.map((command) => [command.name, command.id]));
    list.length = 0;
    for (const definition of definitions) {
      list.push({ ...definition, id: previous.get(definition.name) ?? this.ids.next() });
    }
    return list.map((command) => ({
      ...command,
      application_id: this.applicationId,
      version: this.ids.next(),
    }));
  }

  private interactionCallback(
    id: string,
    token: string,
    body: { type: number; data?: unknown },
    query: URLSearchParams,
  ) {
    const pending = this.interactions.get(token);
    if (!pending || pending.id !== id || Date.now() - pending.createdAt > this.options.interactionTimeoutMs) {
      return unknown(10062, 'Unknown interaction');
    }
    if (pending.callbacks.length > 0) {
      return { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } };
    }
    const data = (body.data ?? {}) as {
      content?: string;
      embeds?: unknown[];
      flags?: number;
      choices?: { name: string; value: string }[];
    };
    let errors: FieldError[] = [];
    if (body.type === InteractionResponseType.ApplicationCommandAutocompleteResult) {
      errors = validateAutocompleteChoices(data);
    } else if (
      body.type === InteractionResponseType.ChannelMessageWithSource ||
      body.type === InteractionResponseType.UpdateMessage
    ) {
      errors = validateMessage(data).map((error) => ({ ...error, path: `data.${error.path}` }));
    } else if (
      body.type !== InteractionResponseType.DeferredChannelMessageWithSource &&
      body.type !== InteractionResponseType.DeferredMessageUpdate
    ) {
      errors = [
        { path: 'type', code: 'BASE_TYPE_CHOICES', message: `Value must be one of (4, 5, 6, 7, 8).` },
      ];
    }
    if (errors.length > 0) {
      this.settle(pending, {
        status: 'rejected',
        error: invalidFormBody(errors),
        callbacks: [...pending.callbacks, body.type],
      });
      return { status: 400, body: invalidFormBody(errors) };
    }
    pending.callbacks.push(body.type);
    if (body.type === InteractionResponseType.ApplicationCommandAutocompleteResult) {
      this.settle(pending, {
        status: 'autocomplete',
        choices: data.choices ?? [],
        callbacks: pending.callbacks,
      });
    } else if (
      body.type === InteractionResponseType.ChannelMessageWithSource ||
      body.type === InteractionResponseType.UpdateMessage
    ) {
      pending.original = this.makeMessage(pending.channelId, data);
      this.storeInteractionMessage(pending.original);
      this.settle(pending, {
        status: 'message',
        message: pending.original,
        ephemeral: ((data.flags ?? 0) & 64) === 64,
        deferred: false,
        callbacks: pending.callbacks,
      });
    } else {
      pending.original = this.makeMessage(pending.channelId, { content: '', flags: (data.flags ?? 0) | 128 });
    }
    if (query.get('with_response') === 'true') {
      return {
        status: 200,
        body: {
          interaction: {
            id: pending.id,
            type: pending.type,
            activity_instance_id: null,
            response_message_id: pending.original?.id,
            response_message_loading: body.type === 5,
            response_message_ephemeral: ((pending.original?.flags ?? 0) & 64) === 64,
          },
          resource: pending.original ? { type: body.type, message: pending.original } : { type: body.type },
        },
      };
    }
    return { status: 204 };
  }

  private storeInteractionMessage(message: EmulatedMessage): void {
    if ((message.flags & 64) === 64) return; // ephemeral: only the invoking user ever sees it
    const list = this.messages.get(message.channel_id) ?? [];
    list.push(message);
    this.messages.set(message.channel_id, list);
  }

  private webhook(method: string, token: string, rest: string[], body: unknown) {
    const pending = this.interactions.get(token);
    if (!pending) return unknown(10015, 'Unknown Webhook');
    const data = body as { content?: string; embeds?: unknown[]; flags?: number };
    if (rest.length === 0 && method === 'POST') {
      if (pending.callbacks.length === 0) return unknown(10015, 'Unknown Webhook');
      const errors = validateMessage(data);
      if (errors.length > 0) return { status: 400, body: invalidFormBody(errors) };
      const message = this.makeMessage(pending.channelId, data);
      pending.followups.push(message);
      this.storeInteractionMessage(message);
      this.settle(pending, {
        status: 'message',
        message,
        ephemeral: ((data.flags ?? 0) & 64) === 64,
        deferred: true,
        callbacks: pending.callbacks,
      });
      return { status: 200, body: message };
    }
    if (rest[0] !== 'messages' || !rest[1])
      return { status: 404, body: { message: '404: Not Found', code: 0 } };
    const target =
      rest[1] === '@original'
        ? pending.original
        : pending.followups.find((message) => message.id === rest[1]);
    if (!target) return unknown(10008, 'Unknown Message');
    if (method === 'GET') return { status: 200, body: target };
    if (method === 'DELETE') {
      if (target === pending.original) pending.original = undefined;
      return { status: 204 };
    }
    if (method === 'PATCH') {
      const errors = validateMessage({
        content: data.content ?? target.content,
        embeds: data.embeds ?? target.embeds,
      });
      if (errors.length > 0) {
        const error = invalidFormBody(errors);
        this.settle(pending, { status: 'rejected', error, callbacks: pending.callbacks });
        return { status: 400, body: error };
      }
      if (data.content !== undefined) target.content = data.content ?? '';
      if (data.embeds !== undefined) target.embeds = data.embeds ?? [];
      target.flags &= ~128;
      if (target === pending.original) this.storeInteractionMessage(target);
      this.settle(pending, {
        status: 'message',
        message: target,
        ephemeral: (target.flags & 64) === 64,
        deferred: true,
        callbacks: pending.callbacks,
      });
      return { status: 200, body: target };
    }
    return { status: 405, body: { message: '405: Method Not Allowed', code: 0 } };
  }

  private channelRoute(method: string, channelId: string, rest: string[], body: unknown) {
    const channel = this.channels.get(channelId);
    if (!channel || channel.deleted) return unknown(10003, 'Unknown Channel');
    if ((channel.botPermissions & PermissionFlagsBits.ViewChannel) === 0n) {
      return { status: 403, body: { message: 'Missing Access', code: 50001 } };
    }
    if (rest.length === 0 && method === 'GET') return { status: 200, body: this.channelPayload(channel) };
    if (rest[0] === 'messages' && rest.length === 1) {
      if (method === 'GET')
        return { status: 200, body: [...(this.messages.get(channelId) ?? [])].reverse().slice(0, 50) };
      if (method === 'POST') {
        const needed = isThread(channel)
          ? PermissionFlagsBits.SendMessagesInThreads
          : PermissionFlagsBits.SendMessages;
        if ((channel.botPermissions & needed) === 0n)
          return { status: 403, body: { message: 'Missing Permissions', code: 50013 } };
        if (channel.type === ChannelType.GuildForum) {
          return {
            status: 400,
            body: { message: 'Cannot send messages in a forum channel; create a thread', code: 50008 },
          };
        }
        const data = body as {
          content?: string;
          embeds?: unknown[];
          flags?: number;
          allowed_mentions?: unknown;
          nonce?: string | number;
          enforce_nonce?: boolean;
        };
        const errors = validateMessage(data);
        if (data.nonce !== undefined && String(data.nonce).length > 25)
          errors.push({
            path: 'nonce',
            code: 'BASE_TYPE_MAX_LENGTH',
            message: 'Must be 25 or fewer in length.',
          });
        if (errors.length > 0) return { status: 400, body: invalidFormBody(errors) };
        // Discord returns the earlier message instead of posting again for a nonce seen in the last minutes.
        const nonceKey =
          data.enforce_nonce && data.nonce !== undefined ? `${channelId}:${data.nonce}` : undefined;
        const earlier = nonceKey ? this.recentNonces.get(nonceKey) : undefined;
        if (earlier && Date.now() - earlier.at < nonceWindowMs) return { status: 200, body: earlier.message };
        const withoutEmbeds = (channel.botPermissions & PermissionFlagsBits.EmbedLinks) === 0n;
        const message = this.makeMessage(channelId, withoutEmbeds ? { ...data, embeds: [] } : data);
        if (nonceKey) this.recentNonces.set(nonceKey, { message, at: Date.now() });
        this.storeInteractionMessage(message);
        for (const listener of this.channelMessageListeners) listener(message);
        return { status: 200, body: message };
      }
    }
    if (
      rest[0] === 'threads' &&
      rest.length === 1 &&
      method === 'POST' &&
      channel.type === ChannelType.GuildForum
    ) {
      const data = body as {
        name?: string;
        message?: { content?: string; embeds?: unknown[]; allowed_mentions?: unknown };
      };
      const errors = validateMessage(data.message ?? {});
      if (!data.name)
        errors.push({ path: 'name', code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
      if (errors.length > 0) return { status: 400, body: invalidFormBody(errors) };
      const thread: EmulatedChannel = {
        id: this.ids.next(),
        guildId: channel.guildId,
        name: data.name ?? 'post',
        type: ChannelType.PublicThread,
        parentId: channel.id,
        botPermissions: channel.botPermissions,
        deleted: false,
      };
      this.channels.set(thread.id, thread);
      this.guilds.get(channel.guildId)?.channels.push(thread);
      const message = this.makeMessage(thread.id, data.message ?? {});
      message.id = thread.id;
      this.storeInteractionMessage(message);
      for (const listener of this.channelMessageListeners) listener(message);
      return { status: 201, body: { ...this.channelPayload(thread), message } };
    }
    return { status: 404, body: { message: '404: Not Found', code: 0 } };
  }

  private makeMessage(
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
}

/** Route bucket: ids become ":id" except the major parameter (the channel, guild or webhook addressed). */
function bucketKey(method: string, path: string): string {
  const parts = path.split('/');
  const major = ['channels', 'guilds', 'webhooks'].includes(parts[1] ?? '');
  return `${method} ${parts.map((part, index) => (/^\d{17,20}$/.test(part) && !(major && index === 2) ? ':id' : part)).join('/')}`;
}

function isThread(channel: EmulatedChannel): boolean {
  return (
    channel.type === ChannelType.PublicThread ||
    channel.type === ChannelType.PrivateThread ||
    channel.type === ChannelType.AnnouncementThread
  );
}

function unknown(code: number, message: string) {
  return { status: 404, body: { message, code } };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** JSON bodies, and multipart bodies whose JSON is in the `payload_json` part (as discord.js sends with files). */
function parseBody(contentType: string | undefined, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  if (contentType?.startsWith('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
    const marker = `--${boundary?.[1] ?? boundary?.[2] ?? ''}`;
    for (const part of raw.toString('utf8').split(marker)) {
      if (/name="payload_json"/.test(part)) {
        const json = part.slice(part.indexOf('\r\n\r\n') + 4).replace(/\r\n$/, '');
        return safeJson(json);
      }
    }
    return undefined;
  }
  return safeJson(raw.toString('utf8'));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Interaction callbacks and webhooks (follow-ups): Discord does not count them toward the global limit. */
function isInteractionPath(path: string): boolean {
  return path.startsWith('/interactions/') || path.startsWith('/webhooks/');
}
