// Interactions sent to the bot as INTERACTION_CREATE: slash commands, autocomplete, message commands
// and pressed components, from a guild, the bot's DM or a group DM. Each waits for the bot's answer
// (interaction-answers.ts), which settles what the caller gets back.
import { randomBytes } from 'node:crypto';
import { ApplicationCommandType, InteractionType, MessageType } from 'discord-api-types/v10';
import { findComponent } from './components.js';
import type { SchemaCheck } from './field-errors.js';
import type { Gateway } from './gateway.js';
import {
  InteractionAnswers,
  type InteractionOutcome,
  type PendingInteraction,
} from './interaction-answers.js';
import { chatInputData, componentData, messageCommandData, type OptionValues } from './interaction-data.js';
import {
  type InteractionSource,
  type InvokeExtra,
  interactionSource,
  unavailableReason,
} from './interaction-source.js';
import { messagePayload, rolePayload } from './payloads.js';
import { type RouteResult, unknownEntity } from './route-result.js';
import type { UploadedFile } from './uploads.js';
import { defaultUserId, type EmulatedMessage, type RegisteredCommand, type World } from './world.js';

export type { InteractionOutcome } from './interaction-answers.js';
export type { OptionValues } from './interaction-data.js';
export type { InvokeExtra } from './interaction-source.js';

/** What a test adds when pressing a component: the values chosen in a select menu, its type to check. */
export interface ComponentExtra extends InvokeExtra {
  values?: string[];
  componentType?: number;
}

const ephemeralFlag = 64;

interface FoundCommand {
  command: RegisteredCommand;
  guildCommand: boolean;
  /** Registered in another guild than the one the user is in (or in one, for a DM). */
  elsewhere?: boolean;
}

interface Dispatch {
  type: InteractionType;
  data: Record<string, unknown>;
  /** The message a pressed component sits on: sent with the interaction, edited by callbacks 6 and 7. */
  componentMessage?: EmulatedMessage;
  /** The type of the message that answers it: a slash command's, a context menu command's, or plain. */
  answerType: MessageType;
  metadata: Record<string, unknown>;
}

export class Interactions {
  /** Each pending interaction, under both its id and its token. */
  private readonly pending = new Map<string, PendingInteraction>();
  private readonly answers: InteractionAnswers;

  constructor(
    private readonly world: World,
    private readonly gateway: Gateway,
    /** Discord forgets an interaction not answered within this time. */
    responseTimeoutMs: number,
  ) {
    this.answers = new InteractionAnswers(world, responseTimeoutMs);
  }

  /** A slash command or autocomplete request, resolving with the bot's answer. */
  async invoke(
    type: InteractionType.ApplicationCommand | InteractionType.ApplicationCommandAutocomplete,
    guildId: string | undefined,
    channelId: string,
    name: string,
    options: OptionValues,
    focused: string | undefined,
    extra: InvokeExtra,
  ): Promise<InteractionOutcome> {
    const source = this.source(guildId, channelId, extra);
    const found = this.findCommand(name, ApplicationCommandType.ChatInput, source);
    // An unregistered name is still sent: tests send what Discord never would, to see the bot cope.
    if (found) this.refuseUnavailable(found, source, `/${name}`);
    return this.dispatch(source, extra, {
      type,
      data: chatInputData(this.world, source, found, name, options, focused, extra.subcommand),
      answerType: MessageType.ChatInputCommand,
      metadata: { name, command_type: ApplicationCommandType.ChatInput },
    });
  }

  /** A message command (right click on a message, Apps), resolving with the bot's answer. */
  async invokeMessageCommand(
    guildId: string | undefined,
    channelId: string,
    name: string,
    targetMessageId: string,
    extra: InvokeExtra,
  ): Promise<InteractionOutcome> {
    const source = this.source(guildId, channelId, extra);
    const found = this.findCommand(name, ApplicationCommandType.Message, source);
    if (!found) throw new Error(`no message command "${name}" is registered where this user is`);
    this.refuseUnavailable(found, source, `message command "${name}"`);
    const target = this.visibleMessage(targetMessageId, source);
    if ((target.flags & ephemeralFlag) !== 0) {
      throw new Error(`message ${targetMessageId} is ephemeral: Discord offers no apps on it`);
    }
    return this.dispatch(source, extra, {
      type: InteractionType.ApplicationCommand,
      data: messageCommandData(found.command, found.guildCommand, target, source.guildId),
      answerType: MessageType.ContextMenuCommand,
      metadata: { name, command_type: ApplicationCommandType.Message, target_message_id: target.id },
    });
  }

  /** A press of a button, or a choice in a select menu, on a message the user can see. */
  async invokeComponent(
    guildId: string | undefined,
    channelId: string,
    messageId: string,
    customId: string,
    extra: ComponentExtra,
  ): Promise<InteractionOutcome> {
    const source = this.source(guildId, channelId, extra);
    const message = this.visibleMessage(messageId, source);
    const component = findComponent(message.components, customId);
    if (!component) throw new Error(`message ${messageId} has no component with custom_id "${customId}"`);
    if (component.disabled === true) throw new Error(`the component "${customId}" is disabled`);
    const componentType = Number(component.type);
    if (extra.componentType !== undefined && extra.componentType !== componentType) {
      throw new Error(`the component "${customId}" is of type ${componentType}, not ${extra.componentType}`);
    }
    checkValues(component, extra.values);
    return this.dispatch(source, extra, {
      type: InteractionType.MessageComponent,
      data: componentData(component, extra.values),
      componentMessage: message,
      answerType: MessageType.Default,
      metadata: { interacted_message_id: message.id },
    });
  }

  /** Settles every interaction still waiting as timed out (the emulator is stopping). */
  expireAll(): void {
    for (const pending of this.pending.values()) {
      this.answers.settle(pending, { status: 'timeout', callbacks: pending.callbacks });
    }
  }

  /** POST /interactions/:id/:token/callback */
  callback(
    id: string,
    token: string,
    body: { type: number; data?: unknown },
    query: URLSearchParams,
    uploads: readonly UploadedFile[],
    schemaErrors: SchemaCheck,
  ): RouteResult {
    const pending = this.pending.get(token);
    if (!pending || pending.id !== id)
      return { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
    return this.answers.callback(pending, body, query, uploads, schemaErrors);
  }

  /** /webhooks/:application/:token[/messages/(@original|:id)]: follow-ups, and edits of the answers. */
  webhook(
    method: string,
    token: string,
    rest: string[],
    body: unknown,
    uploads: readonly UploadedFile[],
    schemaErrors: SchemaCheck,
  ): RouteResult {
    const pending = this.pending.get(token);
    if (!pending) return unknownEntity(10015, 'Unknown Webhook');
    return this.answers.webhook(pending, method, rest, body, uploads, schemaErrors);
  }

  private source(guildId: string | undefined, channelId: string, extra: InvokeExtra): InteractionSource {
    const inGuild = (extra.context ?? 'guild') === 'guild' && guildId !== undefined;
    const userId = extra.userId ?? defaultUserId;
    const roleIds = inGuild ? this.memberRoles(guildId, userId, extra.memberPermissions) : [];
    return interactionSource(this.world, guildId, channelId, extra, roleIds);
  }

  /** A registered command by name and type: the guild's own first, then the global ones. */
  private findCommand(
    name: string,
    type: ApplicationCommandType,
    source: InteractionSource,
  ): FoundCommand | undefined {
    const matches = (command: RegisteredCommand) => command.name === name && command.type === type;
    const inGuild = source.guildId ? this.world.guildCommands.get(source.guildId)?.find(matches) : undefined;
    if (inGuild) return { command: inGuild, guildCommand: true };
    const global = this.world.globalCommands.find(matches);
    if (global) return { command: global, guildCommand: false };
    // Registered in another guild only: no client here offers it, which refuseUnavailable says.
    for (const [guildId, commands] of this.world.guildCommands) {
      const elsewhere = guildId === source.guildId ? undefined : commands.find(matches);
      if (elsewhere) return { command: elsewhere, guildCommand: true, elsewhere: true };
    }
    return undefined;
  }

  private refuseUnavailable(found: FoundCommand, source: InteractionSource, label: string): void {
    const reason = unavailableReason(found.command, found.guildCommand, source, !found.elsewhere);
    if (reason) throw new Error(`a user cannot use ${label} from ${source.context}: ${reason}`);
  }

  /** A message the invoking user can see in the channel they are in; throws for any other. */
  private visibleMessage(messageId: string, source: InteractionSource): EmulatedMessage {
    const message = this.world.findMessage(messageId);
    if (!message) throw new Error(`no message ${messageId}`);
    if (message.channel_id !== source.channelId) {
      throw new Error(`message ${messageId} is in channel ${message.channel_id}, not ${source.channelId}`);
    }
    const user = (message.interaction_metadata?.user as { id?: string } | undefined)?.id;
    if ((message.flags & ephemeralFlag) !== 0 && user !== source.userId) {
      throw new Error(`message ${messageId} is ephemeral: only user ${user} sees it`);
    }
    return message;
  }

  private dispatch(
    source: InteractionSource,
    extra: InvokeExtra,
    spec: Dispatch,
  ): Promise<InteractionOutcome> {
    const { world } = this;
    const id = world.ids.next();
    const token = `interaction.${randomBytes(32).toString('base64url')}`;
    const payload: Record<string, unknown> = {
      id,
      application_id: world.applicationId,
      type: spec.type,
      token,
      version: 1,
      ...source.fields,
      data: spec.data,
      ...(spec.componentMessage ? { message: messagePayload(spec.componentMessage) } : {}),
    };
    return new Promise<InteractionOutcome>((resolve) => {
      const pending: PendingInteraction = {
        id,
        token,
        type: spec.type,
        channelId: source.channelId,
        createdAt: Date.now(),
        callbacks: [],
        followups: [],
        answerType: spec.answerType,
        metadata: {
          id,
          type: spec.type,
          user: world.user(source.userId),
          authorizing_integration_owners: source.fields.authorizing_integration_owners,
          ...spec.metadata,
        },
        componentMessage: spec.componentMessage,
        updatesInPlace: false,
        settled: false,
        settle: resolve,
      };
      this.pending.set(token, pending);
      this.pending.set(id, pending);
      const timer = setTimeout(
        () => this.answers.settle(pending, { status: 'timeout', callbacks: pending.callbacks }),
        extra.timeoutMs ?? 10_000,
      );
      pending.settle = (outcome) => {
        clearTimeout(timer);
        resolve(outcome);
      };
      const session = this.gateway.sessionForGuild(source.guildId);
      if (!session) {
        this.answers.settle(pending, {
          status: 'rejected',
          error: source.guildId
            ? 'no gateway session for this guild'
            : 'no gateway session on shard 0 for DMs',
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
}

/** A client offers only a select menu's own options, as many as its bounds allow; a button takes none. */
function checkValues(component: Record<string, unknown>, values: readonly string[] | undefined): void {
  const type = Number(component.type);
  const customId = String(component.custom_id);
  if (type === 2) {
    if (values !== undefined) throw new Error(`"${customId}" is a button: it takes no values`);
    return;
  }
  if (values === undefined) throw new Error(`"${customId}" is a select menu: choose its values`);
  const min = typeof component.min_values === 'number' ? component.min_values : 1;
  const max = typeof component.max_values === 'number' ? component.max_values : 1;
  if (values.length < min || values.length > max) {
    throw new Error(`"${customId}" takes between ${min} and ${max} values, not ${values.length}`);
  }
  if (type === 3) {
    const offered = (Array.isArray(component.options) ? component.options : []).map(
      (option) => (option as { value?: unknown }).value,
    );
    const unknown = values.filter((value) => !offered.includes(value));
    if (unknown.length > 0) throw new Error(`"${customId}" offers no option ${JSON.stringify(unknown)}`);
  }
}
