// REST routing once a request is admitted: its body checked against Discord's OpenAPI document, then
// the gateway and identity routes, application commands and guild routes here; interaction, webhook,
// channel and DM-opening routes handed to their owners.
import { ChannelType } from 'discord-api-types/v10';
import type { ChannelRoutes } from './channel-routes.js';
import { commandErrors, commandPayload, registeredCommand } from './command-rules.js';
import { type FieldError, invalidFormBody, mergeErrors, type SchemaCheck } from './field-errors.js';
import type { Interactions } from './interactions.js';
import { channelPayload, memberPayload } from './payloads.js';
import { missingAccess, notFound, type RouteResult, unknownEntity } from './route-result.js';
import { requestBodyErrors } from './spec-validation.js';
import type { UploadedFile } from './uploads.js';
import { openDirectMessage } from './user-routes.js';
import { defaultUserId, type RegisteredCommand, type World } from './world.js';

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
    // A forum post is one of the two bodies Discord's document allows on this route.
    const forumPost =
      root === 'channels' && b === 'threads' && world.channels.get(a ?? '')?.type === ChannelType.GuildForum;
    // Checked only by the routes that take the body, so a route the emulator does not serve costs nothing.
    let checked: readonly FieldError[] | undefined;
    const schemaErrors: SchemaCheck = () => {
      checked ??= requestBodyErrors(method, path, body, forumPost ? 'CreateForumThreadRequest' : undefined);
      return checked;
    };
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
    if (method === 'GET' && path === '/users/@me') {
      return { status: 200, body: { ...botUser, mfa_enabled: false, locale: 'en-US', verified: true } };
    }
    if (method === 'POST' && path === '/users/@me/channels') {
      return openDirectMessage(world, body, schemaErrors);
    }
    if (method === 'GET' && (path === '/applications/@me' || path === '/oauth2/applications/@me')) {
      return { status: 200, body: this.application() };
    }
    if (root === 'applications' && a === applicationId && b === 'commands' && !c) {
      if (method === 'PUT') return this.overwriteCommands(world.globalCommands, body, schemaErrors);
      if (method === 'GET') {
        return {
          status: 200,
          body: world.globalCommands.map((command) => commandPayload(command, applicationId)),
        };
      }
    }
    if (
      root === 'applications' &&
      a === applicationId &&
      b === 'guilds' &&
      c &&
      d === 'commands' &&
      !parts[5]
    ) {
      if (!world.guilds.has(c)) return unknownEntity(10004, 'Unknown Guild');
      const list = world.guildCommands.get(c) ?? [];
      world.guildCommands.set(c, list);
      if (method === 'PUT') return this.overwriteCommands(list, body, schemaErrors, c);
      if (method === 'GET') {
        return { status: 200, body: list.map((command) => commandPayload(command, applicationId, c)) };
      }
    }
    if (root === 'applications' && a !== applicationId) return missingAccess();
    if (root === 'interactions' && a && b && c === 'callback' && method === 'POST') {
      return this.interactions.callback(
        a,
        b,
        body as { type: number; data?: unknown },
        query,
        uploads,
        schemaErrors,
      );
    }
    if (root === 'webhooks' && a === applicationId && b)
      return this.interactions.webhook(method, b, parts.slice(3), body, uploads, schemaErrors);
    if (root === 'channels' && a)
      return this.channels.route(method, a, parts.slice(2), body, uploads, schemaErrors);
    if (root === 'guilds' && a && b === 'members' && c === botUser.id && method === 'GET') {
      if (!world.guilds.has(a)) return unknownEntity(10004, 'Unknown Guild');
      return { status: 200, body: memberPayload(botUser, []) };
    }
    if (root === 'guilds' && a && b === 'channels' && method === 'GET') {
      const guild = world.guilds.get(a);
      if (!guild) return unknownEntity(10004, 'Unknown Guild');
      return { status: 200, body: guild.channels.map((channel) => channelPayload(channel, world)) };
    }
    return notFound();
  }

  /** GET /applications/@me: the application as its owner sees it (PrivateApplicationResponse). */
  private application() {
    const { applicationId, botUser } = this.world;
    return {
      id: applicationId,
      name: botUser.username,
      icon: null,
      description: '',
      type: null,
      bot: botUser,
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: 0,
      flags_new: '0',
      redirect_uris: [],
      interactions_endpoint_url: null,
      role_connections_verification_url: null,
      owner: this.world.user(defaultUserId),
      approximate_guild_count: this.world.guilds.size,
      approximate_user_install_count: 0,
      approximate_user_authorization_count: 0,
      explicit_content_filter: 0,
      team: null,
      eligible_oauth2_scopes: [],
      integration_types_config: { '0': {}, '1': {} },
    };
  }

  /**
   * A bulk overwrite: the list becomes the body's commands, each keeping the id (and, unchanged, the
   * version) of the command of that name and type it replaces. Nothing changes if any is invalid.
   */
  private overwriteCommands(
    list: RegisteredCommand[],
    body: unknown,
    schemaErrors: SchemaCheck,
    guildId?: string,
  ): RouteResult {
    const errors = mergeErrors(commandErrors(body), schemaErrors());
    if (errors.length > 0) return { status: 400, body: invalidFormBody(errors) };
    const definitions = (Array.isArray(body) ? body : []) as Record<string, unknown>[];
    const previous = new Map(list.map((command) => [`${command.type}:${command.name}`, command]));
    list.length = 0;
    for (const definition of definitions) {
      const kept = previous.get(`${Number(definition.type ?? 1)}:${String(definition.name)}`);
      const command = registeredCommand(definition, kept?.id ?? this.world.ids.next(), '');
      const { version: _old, ...was } = kept ?? { version: '' };
      const { version: _new, ...now } = command;
      command.version =
        kept && JSON.stringify(was) === JSON.stringify(now) ? kept.version : this.world.ids.next();
      list.push(command);
    }
    return {
      status: 200,
      body: list.map((command) => commandPayload(command, this.world.applicationId, guildId)),
    };
  }
}
