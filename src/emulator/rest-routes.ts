// REST routing once a request is admitted: the gateway and identity routes, application commands and
// guild routes here; interaction, webhook and channel routes handed to their owners.
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { ChannelRoutes } from './channel-routes.js';
import type { Interactions } from './interactions.js';
import { botMemberPayload, channelPayload } from './payloads.js';
import { missingAccess, notFound, type RouteResult, unknownEntity } from './route-result.js';
import type { UploadedFile } from './uploads.js';
import type { RegisteredCommand, World } from './world.js';

export interface RestRoutesOptions {
  /** Known only once the server listens. */
  gatewayUrl: () => string;
  recommendedShards: number;
}

export class RestRoutes {
  constructor(
    private readonly world: World,
    private readonly interactions: Interactions,
    private readonly channels: ChannelRoutes,
    private readonly options: RestRoutesOptions,
  ) {}

  route(
    method: string,
    path: string,
    query: URLSearchParams,
    body: unknown,
    uploads: readonly UploadedFile[] = [],
  ): RouteResult {
    const { world } = this;
    const { applicationId, botUser } = world;
    const parts = path.split('/').filter(Boolean);
    const [root, a, b, c, d] = parts;
    if (method === 'GET' && path === '/gateway/bot') {
      return {
        status: 200,
        body: {
          url: this.options.gatewayUrl(),
          shards: this.options.recommendedShards,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
        },
      };
    }
    if (method === 'GET' && path === '/gateway')
      return { status: 200, body: { url: this.options.gatewayUrl() } };
    if (method === 'GET' && path === '/users/@me') return { status: 200, body: botUser };
    if (method === 'GET' && (path === '/applications/@me' || path === '/oauth2/applications/@me')) {
      return {
        status: 200,
        body: { id: applicationId, name: botUser.username, bot: botUser, flags: 0, description: '' },
      };
    }
    if (root === 'applications' && a === applicationId && b === 'commands' && !c) {
      if (method === 'PUT') return { status: 200, body: this.overwriteCommands(world.globalCommands, body) };
      if (method === 'GET') return { status: 200, body: world.globalCommands };
    }
    if (root === 'applications' && a === applicationId && b === 'guilds' && c && d === 'commands') {
      if (!world.guilds.has(c)) return unknownEntity(10004, 'Unknown Guild');
      const list = world.guildCommands.get(c) ?? [];
      world.guildCommands.set(c, list);
      if (method === 'PUT') return { status: 200, body: this.overwriteCommands(list, body) };
      if (method === 'GET') return { status: 200, body: list };
    }
    if (root === 'applications' && a !== applicationId) return missingAccess();
    if (root === 'interactions' && a && b && c === 'callback' && method === 'POST') {
      return this.interactions.callback(a, b, body as { type: number; data?: unknown }, query, uploads);
    }
    if (root === 'webhooks' && a === applicationId && b)
      return this.interactions.webhook(method, b, parts.slice(3), body, uploads);
    if (root === 'channels' && a) return this.channels.route(method, a, parts.slice(2), body, uploads);
    if (root === 'guilds' && a && b === 'members' && c === botUser.id && method === 'GET') {
      if (!world.guilds.has(a)) return unknownEntity(10004, 'Unknown Guild');
      return { status: 200, body: botMemberPayload(botUser) };
    }
    if (root === 'guilds' && a && b === 'channels' && method === 'GET') {
      const guild = world.guilds.get(a);
      if (!guild) return unknownEntity(10004, 'Unknown Guild');
      return { status: 200, body: guild.channels.map((channel) => channelPayload(channel, botUser.id)) };
    }
    return notFound();
  }

  /** A bulk overwrite: the list becomes the body's commands, keeping the id of each name seen before. */
  private overwriteCommands(list: RegisteredCommand[], body: unknown) {
    const definitions = Array.isArray(body)
      ? (body as RESTPostAPIChatInputApplicationCommandsJSONBody[])
      : [];
    const previous = new Map(list.map((command) => [command.name, command.id]));
    list.length = 0;
    for (const definition of definitions) {
      list.push({ ...definition, id: previous.get(definition.name) ?? this.world.ids.next() });
    }
    return list.map((command) => ({
      ...command,
      application_id: this.world.applicationId,
      version: this.world.ids.next(),
    }));
  }
}
