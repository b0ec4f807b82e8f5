// Interactions: slash commands and autocomplete sent to the bot as INTERACTION_CREATE, and the routes
// it answers on (the interaction callback, and the webhook for follow-ups and edits of the original).
import { randomBytes } from 'node:crypto';
import {
  type APIApplicationCommandInteractionDataOption,
  ApplicationCommandOptionType,
  InteractionResponseType,
  type InteractionType,
} from 'discord-api-types/v10';
import type { Gateway } from './gateway.js';
import { channelPayload, rolePayload } from './payloads.js';
import { notFound, type RouteResult, unknownEntity } from './route-result.js';
import { attachmentsFor, resolveAttachmentUrls, type UploadedFile } from './uploads.js';
import {
  type FieldError,
  invalidFormBody,
  validateAutocompleteChoices,
  validateMessage,
} from './validate-payload.js';
import { defaultUserId, type EmulatedMessage, type World } from './world.js';

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
  /**
   * Server-wide permissions the invoking member holds beyond @everyone's, through a role the
   * emulator makes for them (announced with GUILD_ROLE_CREATE first), as members hold them on
   * Discord. The payload's `member.permissions` and each resolved channel's `permissions` are then
   * computed from @everyone, the member's roles and the channel's overwrites, as discord.js does.
   */
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

export type OptionValues = Record<string, string | number | boolean>;

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

interface MessageData {
  content?: string;
  embeds?: unknown[];
  flags?: number;
  allowed_mentions?: unknown;
  /** Which uploaded files (`files[n]`, by id n) and kept attachments the message carries. */
  attachments?: unknown[];
}

type CallbackData = MessageData & { choices?: { name: string; value: string }[] };

const ephemeralFlag = 64;
/** Marks a deferred response's placeholder ("the bot is thinking") until it is edited. */
const loadingFlag = 128;

export class Interactions {
  /** Each pending interaction, under both its id and its token. */
  private readonly pending = new Map<string, PendingInteraction>();

  constructor(
    private readonly world: World,
    private readonly gateway: Gateway,
    /** Discord forgets an interaction not answered within this time. */
    private readonly responseTimeoutMs: number,
  ) {}

  /** Sends INTERACTION_CREATE to the session owning the guild, and resolves with the bot's answer. */
  invoke(
    type: InteractionType,
    guildId: string,
    channelId: string,
    name: string,
    options: OptionValues,
    focused: string | undefined,
    extra: InvokeExtra,
  ): Promise<InteractionOutcome> {
    const { world } = this;
    const command = [...(world.guildCommands.get(guildId) ?? []), ...world.globalCommands].find(
      (candidate) => candidate.name === name,
    );
    const channel = world.channels.get(channelId);
    if (!channel) throw new Error(`no channel ${channelId}`);
    const subcommand = extra.subcommand
      ? command?.options?.find((option) => option.name === extra.subcommand)
      : undefined;
    const definitions = (subcommand && 'options' in subcommand ? subcommand.options : command?.options) ?? [];
    const userId = extra.userId ?? defaultUserId;
    const roleIds = this.memberRoles(guildId, userId, extra.memberPermissions);
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
          const target = world.channels.get(String(value));
          if (target) {
            resolved.channels ??= {};
            resolved.channels[target.id] = {
              ...channelPayload(target, world.botUser.id),
              // Discord resolves the invoking member's permissions in the channel.
              permissions: String(world.permissionsOf(guildId, userId, roleIds, target)),
            };
          }
        }
        if (optionType === ApplicationCommandOptionType.Role && key !== focused) {
          const guild = world.guilds.get(guildId);
          const index = guild?.roles.findIndex((role) => role.id === String(value)) ?? -1;
          const role = guild?.roles[index];
          if (role) {
            resolved.roles ??= {};
            resolved.roles[role.id] = rolePayload(role, index + 1);
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
    const id = world.ids.next();
    const token = `interaction.${randomBytes(32).toString('base64url')}`;
    const payload = {
      id,
      application_id: world.applicationId,
      type,
      token,
      version: 1,
      guild_id: guildId,
      channel_id: channelId,
      channel: {
        ...channelPayload(channel, world.botUser.id),
        permissions: String(world.permissionsOf(guildId, userId, roleIds, channel)),
      },
      data: {
        id: command?.id ?? world.ids.next(),
        name,
        type: 1,
        options: dataOptions,
        ...(resolved.channels || resolved.roles ? { resolved } : {}),
        guild_id: command && world.guildCommands.has(guildId) ? guildId : undefined,
      },
      member: {
        user: { id: userId, username: 'member', discriminator: '0', global_name: 'Member', avatar: null },
        roles: roleIds,
        // Discord sends the member's permissions in the channel the command was used in.
        permissions: String(world.permissionsOf(guildId, userId, roleIds, channel)),
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
      this.pending.set(token, pending);
      this.pending.set(id, pending);
      const timer = setTimeout(
        () => this.settle(pending, { status: 'timeout', callbacks: pending.callbacks }),
        extra.timeoutMs ?? 10_000,
      );
      pending.settle = (outcome) => {
        clearTimeout(timer);
        resolve(outcome);
      };
      const session = this.gateway.sessionForGuild(guildId);
      if (!session) {
        this.settle(pending, {
          status: 'rejected',
          error: 'no gateway session for this guild',
          callbacks: [],
        });
        return;
      }
      this.gateway.dispatch(session, 'INTERACTION_CREATE', extra.rewrite ? extra.rewrite(payload) : payload);
    });
  }

  /**
   * The invoking member's roles: those the world knows for them, and the role granting a test's
   * `memberPermissions` beyond @everyone's, announced to the bot before the interaction when new.
   */
  private memberRoles(guildId: string, userId: string, memberPermissions: bigint | undefined): string[] {
    const guild = this.world.guilds.get(guildId);
    const roles = [...(guild?.memberRoles.get(userId) ?? [])];
    if (!guild || memberPermissions === undefined) return roles;
    if ((memberPermissions & ~guild.everyonePermissions) === 0n) return roles;
    const { role, created } = this.world.roleGranting(guildId, memberPermissions);
    if (created) {
      this.gateway.dispatchToGuild(guildId, 'GUILD_ROLE_CREATE', {
        guild_id: guildId,
        role: rolePayload(role, guild.roles.indexOf(role) + 1),
      });
    }
    if (!roles.includes(role.id)) roles.push(role.id);
    return roles;
  }

  /** Settles every interaction still waiting as timed out (the emulator is stopping). */
  expireAll(): void {
    for (const pending of this.pending.values()) {
      if (!pending.settled) this.settle(pending, { status: 'timeout', callbacks: pending.callbacks });
    }
  }

  /** POST /interactions/:id/:token/callback */
  callback(
    id: string,
    token: string,
    body: { type: number; data?: unknown },
    query: URLSearchParams,
    uploads: readonly UploadedFile[] = [],
  ): RouteResult {
    const pending = this.pending.get(token);
    if (!pending || pending.id !== id || Date.now() - pending.createdAt > this.responseTimeoutMs) {
      return unknownEntity(10062, 'Unknown interaction');
    }
    if (pending.callbacks.length > 0) {
      return { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } };
    }
    const data = (body.data ?? {}) as CallbackData;
    const errors = callbackErrors(body.type, data);
    if (errors.length > 0) {
      this.settle(pending, {
        status: 'rejected',
        error: invalidFormBody(errors),
        callbacks: [...pending.callbacks, body.type],
      });
      return { status: 400, body: invalidFormBody(errors) };
    }
    let attachments: ReturnType<typeof attachmentsFor> = { attachments: [] };
    if (isMessageResponse(body.type)) {
      attachments = attachmentsFor(
        data.attachments,
        uploads,
        this.world.attachmentContext(pending.channelId),
      );
      if ('error' in attachments) {
        this.settle(pending, {
          status: 'rejected',
          error: attachments.error.body,
          callbacks: [...pending.callbacks, body.type],
        });
        return attachments.error;
      }
    }
    pending.callbacks.push(body.type);
    if (body.type === InteractionResponseType.ApplicationCommandAutocompleteResult) {
      this.settle(pending, {
        status: 'autocomplete',
        choices: data.choices ?? [],
        callbacks: pending.callbacks,
      });
    } else if (isMessageResponse(body.type)) {
      pending.original = this.world.makeMessage(pending.channelId, data, attachments.attachments);
      this.world.storeMessage(pending.original);
      this.settle(pending, {
        status: 'message',
        message: pending.original,
        ephemeral: ((data.flags ?? 0) & ephemeralFlag) === ephemeralFlag,
        deferred: false,
        callbacks: pending.callbacks,
      });
    } else {
      pending.original = this.world.makeMessage(pending.channelId, {
        content: '',
        flags: (data.flags ?? 0) | loadingFlag,
      });
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
            response_message_loading: body.type === InteractionResponseType.DeferredChannelMessageWithSource,
            response_message_ephemeral: ((pending.original?.flags ?? 0) & ephemeralFlag) === ephemeralFlag,
          },
          resource: pending.original ? { type: body.type, message: pending.original } : { type: body.type },
        },
      };
    }
    return { status: 204 };
  }

  /** /webhooks/:application/:token[/messages/(@original|:id)]: follow-ups, and edits of the answers. */
  webhook(
    method: string,
    token: string,
    rest: string[],
    body: unknown,
    uploads: readonly UploadedFile[] = [],
  ): RouteResult {
    const pending = this.pending.get(token);
    if (!pending) return unknownEntity(10015, 'Unknown Webhook');
    const data = body as MessageData;
    if (rest.length === 0 && method === 'POST') {
      if (pending.callbacks.length === 0) return unknownEntity(10015, 'Unknown Webhook');
      const errors = validateMessage(data);
      if (errors.length > 0) return { status: 400, body: invalidFormBody(errors) };
      const attached = attachmentsFor(
        data.attachments,
        uploads,
        this.world.attachmentContext(pending.channelId),
      );
      if ('error' in attached) return attached.error;
      const message = this.world.makeMessage(pending.channelId, data, attached.attachments);
      pending.followups.push(message);
      this.world.storeMessage(message);
      this.settle(pending, {
        status: 'message',
        message,
        ephemeral: ((data.flags ?? 0) & ephemeralFlag) === ephemeralFlag,
        deferred: true,
        callbacks: pending.callbacks,
      });
      return { status: 200, body: message };
    }
    if (rest[0] !== 'messages' || !rest[1]) return notFound();
    const target =
      rest[1] === '@original'
        ? pending.original
        : pending.followups.find((message) => message.id === rest[1]);
    if (!target) return unknownEntity(10008, 'Unknown Message');
    if (method === 'GET') return { status: 200, body: target };
    if (method === 'DELETE') {
      if (target === pending.original) pending.original = undefined;
      return { status: 204 };
    }
    if (method === 'PATCH') {
      const errors = validateMessage({
        content: data.content ?? target.content,
        embeds: data.embeds ?? target.embeds,
        attachments: data.attachments ?? target.attachments,
      });
      const attached = attachmentsFor(
        data.attachments,
        uploads,
        this.world.attachmentContext(pending.channelId),
        target.attachments,
      );
      if (errors.length > 0 || 'error' in attached) {
        const error =
          'error' in attached && errors.length === 0
            ? attached.error
            : { status: 400, body: invalidFormBody(errors) };
        this.settle(pending, { status: 'rejected', error: error.body, callbacks: pending.callbacks });
        return error;
      }
      if (data.content !== undefined) target.content = data.content ?? '';
      target.attachments = attached.attachments;
      if (data.embeds !== undefined)
        target.embeds = resolveAttachmentUrls(data.embeds ?? [], target.attachments);
      if (data.allowed_mentions !== undefined) target.allowed_mentions = data.allowed_mentions;
      target.flags &= ~loadingFlag;
      if (target === pending.original) this.world.storeMessage(target);
      this.settle(pending, {
        status: 'message',
        message: target,
        ephemeral: (target.flags & ephemeralFlag) === ephemeralFlag,
        deferred: true,
        callbacks: pending.callbacks,
      });
      return { status: 200, body: target };
    }
    return { status: 405, body: { message: '405: Method Not Allowed', code: 0 } };
  }

  private settle(pending: PendingInteraction, outcome: InteractionOutcome): void {
    if (pending.settled) return;
    pending.settled = true;
    pending.settle(outcome);
  }
}

function isMessageResponse(type: number): boolean {
  return (
    type === InteractionResponseType.ChannelMessageWithSource ||
    type === InteractionResponseType.UpdateMessage
  );
}

/** What Discord finds wrong with an interaction callback's body; deferrals carry nothing to check. */
function callbackErrors(type: number, data: CallbackData): FieldError[] {
  if (type === InteractionResponseType.ApplicationCommandAutocompleteResult) {
    return validateAutocompleteChoices(data);
  }
  if (isMessageResponse(type)) {
    return validateMessage(data).map((error) => ({ ...error, path: `data.${error.path}` }));
  }
  if (
    type !== InteractionResponseType.DeferredChannelMessageWithSource &&
    type !== InteractionResponseType.DeferredMessageUpdate
  ) {
    return [{ path: 'type', code: 'BASE_TYPE_CHOICES', message: `Value must be one of (4, 5, 6, 7, 8).` }];
  }
  return [];
}
