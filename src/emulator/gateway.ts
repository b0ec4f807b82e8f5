// The WebSocket gateway: sessions per shard, IDENTIFY and RESUME, heartbeats, event dispatch with
// replay, and the connection faults tests inject (zombie connections, drops, outages).
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { GatewayOpcodes } from 'discord-api-types/v10';
import { WebSocket, WebSocketServer } from 'ws';
import { guildPayload } from './payloads.js';
import { shardOfGuild } from './sharding.js';
import { prepareMessageValidation } from './spec-validation.js';
import type { World } from './world.js';

export interface GatewaySession {
  id: string;
  shard: [number, number];
  socket?: WebSocket;
  sequence: number;
  /** Every dispatch sent, for replay on RESUME. */
  sent: { s: number; payload: unknown }[];
  resumable: boolean;
}

export interface GatewayOptions {
  heartbeatIntervalMs: number;
  /** Where clients resume; known only once the server listens. */
  url: () => string;
}

const replayKept = 5000;

export class Gateway {
  private readonly sessions = new Map<string, GatewaySession>();
  private readonly wss: WebSocketServer;
  private down = false;
  private ackHeartbeats = true;

  constructor(
    private readonly world: World,
    http: Server,
    private readonly options: GatewayOptions,
  ) {
    this.wss = new WebSocketServer({
      server: http,
      // During a gateway outage the upgrade is refused, as Discord's edge answers 503.
      verifyClient: (_info, accept) => accept(!this.down, 503, 'Service Unavailable'),
    });
    this.wss.on('connection', (socket) => this.handleSocket(socket));
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  dispatch(session: GatewaySession, event: string, data: unknown): void {
    session.sequence++;
    const payload = { op: GatewayOpcodes.Dispatch, t: event, s: session.sequence, d: data };
    session.sent.push({ s: session.sequence, payload });
    if (session.sent.length > replayKept) session.sent.splice(0, session.sent.length - replayKept);
    if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(JSON.stringify(payload));
  }

  /** Sends the event on every session whose shard owns the guild. */
  dispatchToGuild(guildId: string, event: string, data: unknown): void {
    for (const session of this.sessions.values()) {
      if (this.ownsGuild(session, guildId)) this.dispatch(session, event, data);
    }
  }

  /**
   * The session a guild's interactions go to (shard 0's for direct messages, as Discord sends them):
   * a connected one if any, else the latest resumable one.
   */
  sessionForGuild(guildId: string | undefined): GatewaySession | undefined {
    const owners = [...this.sessions.values()].filter(
      (session) =>
        session.resumable &&
        (guildId === undefined ? session.shard[0] === 0 : this.ownsGuild(session, guildId)),
    );
    return owners.find((session) => session.socket?.readyState === WebSocket.OPEN) ?? owners.at(-1);
  }

  connectedSessions(): number {
    return [...this.sessions.values()].filter((session) => session.socket?.readyState === WebSocket.OPEN)
      .length;
  }

  // ---------------------------------------------------------------- faults

  setHeartbeatAcks(enabled: boolean): void {
    this.ackHeartbeats = enabled;
  }

  dropConnections(code: number): void {
    for (const session of this.sessions.values()) {
      if (code === 1000 || code === 4009) session.resumable = false;
      session.socket?.close(code, 'emulator dropped the connection');
      session.socket = undefined;
    }
  }

  setDown(down: boolean): void {
    this.down = down;
    if (!down) return;
    for (const session of this.sessions.values()) {
      session.socket?.terminate();
      session.socket = undefined;
    }
  }

  requestReconnect(): void {
    for (const session of this.sessions.values())
      session.socket?.send(JSON.stringify({ op: GatewayOpcodes.Reconnect, d: null }));
  }

  invalidateSessions(resumable: boolean): void {
    for (const session of this.sessions.values()) {
      session.resumable = resumable;
      session.socket?.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: resumable }));
    }
  }

  // ---------------------------------------------------------------- connections

  private ownsGuild(session: GatewaySession, guildId: string): boolean {
    return shardOfGuild(guildId, session.shard[1]) === session.shard[0];
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

  private identify(
    socket: WebSocket,
    data: { token: string; shard?: [number, number] },
  ): GatewaySession | undefined {
    if (!this.world.acceptsToken(data.token)) {
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
    const { botUser, applicationId } = this.world;
    const owned = [...this.world.guilds.values()].filter((guild) => this.ownsGuild(session, guild.id));
    this.dispatch(session, 'READY', {
      v: 10,
      user: { ...botUser, verified: true, mfa_enabled: false, flags: 0 },
      guilds: owned.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.options.url(),
      shard,
      application: { id: applicationId, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      user_settings: {},
    });
    for (const guild of owned) this.dispatch(session, 'GUILD_CREATE', guildPayload(guild, this.world));
    // Once READY and the guilds are on their way, while the bot is still starting.
    setImmediate(prepareMessageValidation);
    return session;
  }

  private resume(
    socket: WebSocket,
    data: { token: string; session_id: string; seq: number },
  ): GatewaySession | undefined {
    const session = this.sessions.get(data.session_id);
    if (!this.world.acceptsToken(data.token) || !session?.resumable) {
      socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false }));
      return undefined;
    }
    session.socket = socket;
    for (const entry of session.sent) if (entry.s > data.seq) socket.send(JSON.stringify(entry.payload));
    session.sequence++;
    socket.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, t: 'RESUMED', s: session.sequence, d: {} }));
    return session;
  }
}
