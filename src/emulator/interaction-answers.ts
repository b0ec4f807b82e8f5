// How a bot answers an interaction: the callback (a message, a deferral, an update of the message a
// pressed component sits on, autocomplete choices), then follow-ups and edits through the
// application's webhook. Each answer settles what the test that sent the interaction gets back.
import { InteractionResponseType, InteractionType, type MessageType } from 'discord-api-types/v10';
import { normalizeComponents } from './components.js';
import { type FieldError, invalidFormBody, mergeErrors, prefixed, type SchemaCheck } from './field-errors.js';
import { normalizeEmbeds } from './message-parts.js';
import { messagePayload } from './payloads.js';
import { notFound, type RouteResult, unknownEntity } from './route-result.js';
import { attachmentsFor, type EmulatedAttachment, type UploadedFile } from './uploads.js';
import {
  interactionMessageFlags,
  messageFlags,
  validateAutocompleteChoices,
  validateMessage,
} from './validate-payload.js';
import type { EmulatedMessage, MessageInput, World } from './world.js';

export type InteractionOutcome =
  | {
      status: 'message';
      message: EmulatedMessage;
      ephemeral: boolean;
      deferred: boolean;
      callbacks: number[];
      /** True when the answer edited the message a pressed component sits on (callback 7, or 6 then an edit). */
      updated?: boolean;
    }
  | { status: 'autocomplete'; choices: { name: string; value: string | number }[]; callbacks: number[] }
  | { status: 'rejected'; error: unknown; callbacks: number[] }
  | { status: 'timeout'; callbacks: number[] };

export interface PendingInteraction {
  id: string;
  token: string;
  type: InteractionType;
  channelId: string;
  createdAt: number;
  callbacks: number[];
  /** The type of the message that answers it. */
  answerType: MessageType;
  /** The `interaction_metadata` of the messages that answer it. */
  metadata: Record<string, unknown>;
  /** For a pressed component: the message it sits on. */
  componentMessage?: EmulatedMessage;
  /** After callback 6 or 7, "@original" is the component's message, edited in place. */
  updatesInPlace: boolean;
  original?: EmulatedMessage;
  followups: EmulatedMessage[];
  settle: (outcome: InteractionOutcome) => void;
  settled: boolean;
}

type MessageData = MessageInput & {
  /** Which uploaded files (`files[n]`, by id n) and kept attachments the message carries. */
  attachments?: unknown[] | null;
};

type CallbackData = MessageData & { choices?: { name: string; value: string }[] };

/** The callbacks Discord accepts for each kind of interaction. */
const allowedCallbacks: Record<number, readonly number[]> = {
  [InteractionType.ApplicationCommand]: [4, 5, 9, 12],
  [InteractionType.MessageComponent]: [4, 5, 6, 7, 9, 12],
  [InteractionType.ApplicationCommandAutocomplete]: [8],
};

/** Callbacks the emulator carries out; modals (9) and activities (12) it does not emulate. */
const emulatedCallbacks = new Set<number>([4, 5, 6, 7, 8]);

/** Flags an edit can change: the rest (ephemeral above all) stay as the message was made. */
const editableFlags = messageFlags.suppressEmbeds | messageFlags.isComponentsV2;

export class InteractionAnswers {
  constructor(
    private readonly world: World,
    /** Discord forgets an interaction not answered within this time. */
    private readonly responseTimeoutMs: number,
  ) {}

  settle(pending: PendingInteraction, outcome: InteractionOutcome): void {
    if (pending.settled) return;
    pending.settled = true;
    pending.settle(outcome);
  }

  callback(
    pending: PendingInteraction,
    body: { type: number; data?: unknown },
    query: URLSearchParams,
    uploads: readonly UploadedFile[],
    schemaErrors: SchemaCheck,
  ): RouteResult {
    if (Date.now() - pending.createdAt > this.responseTimeoutMs)
      return unknownEntity(10062, 'Unknown interaction');
    if (pending.callbacks.length > 0) {
      return { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } };
    }
    const type = body.type;
    const data = (typeof body.data === 'object' && body.data !== null ? body.data : {}) as CallbackData;
    const reject = (result: RouteResult): RouteResult => {
      this.settle(pending, {
        status: 'rejected',
        error: result.body,
        callbacks: [...pending.callbacks, type],
      });
      return result;
    };
    const errors = mergeErrors(callbackErrors(pending, type, data), schemaErrors());
    if (errors.length > 0) return reject({ status: 400, body: invalidFormBody(errors) });
    if (!emulatedCallbacks.has(type)) {
      return reject({
        status: 400,
        body: { code: 0, message: `The emulator does not emulate interaction callback type ${type}` },
      });
    }
    let answer: EmulatedMessage | undefined;
    if (type === InteractionResponseType.ChannelMessageWithSource) {
      const attached = attachmentsFor(
        data.attachments,
        uploads,
        this.world.attachmentContext(pending.channelId),
      );
      if ('error' in attached) return reject(attached.error);
      answer = this.answerMessage(pending, data, attached.attachments);
      this.world.storeMessage(answer);
      pending.original = answer;
    } else if (type === InteractionResponseType.UpdateMessage) {
      // Callback 7 is allowed only for component interactions, which always carry their message.
      const target = pending.componentMessage as EmulatedMessage;
      const failure = this.edit(pending, target, data, uploads, [], 'data.');
      if (failure) return reject(failure);
      answer = target;
      pending.original = target;
      pending.updatesInPlace = true;
    } else if (type === InteractionResponseType.DeferredMessageUpdate) {
      pending.original = pending.componentMessage;
      pending.updatesInPlace = true;
    } else if (type === InteractionResponseType.DeferredChannelMessageWithSource) {
      // "The bot is thinking": stored once the bot edits its answer in.
      pending.original = this.answerMessage(
        pending,
        { content: '', flags: (data.flags ?? 0) | messageFlags.loading },
        [],
      );
    }
    pending.callbacks.push(type);
    if (type === InteractionResponseType.ApplicationCommandAutocompleteResult) {
      this.settle(pending, {
        status: 'autocomplete',
        choices: data.choices ?? [],
        callbacks: pending.callbacks,
      });
    } else if (answer) {
      this.settle(pending, {
        status: 'message',
        message: answer,
        ephemeral: (answer.flags & messageFlags.ephemeral) !== 0,
        deferred: false,
        callbacks: pending.callbacks,
        ...(pending.updatesInPlace ? { updated: true } : {}),
      });
    }
    if (query.get('with_response') !== 'true') return { status: 204 };
    const original = pending.original;
    return {
      status: 200,
      body: {
        interaction: {
          id: pending.id,
          type: pending.type,
          activity_instance_id: null,
          ...(original ? { response_message_id: original.id } : {}),
          response_message_loading: type === InteractionResponseType.DeferredChannelMessageWithSource,
          response_message_ephemeral: ((original?.flags ?? 0) & messageFlags.ephemeral) !== 0,
        },
        // Discord describes the resource only for the callbacks that show a message at once.
        ...(answer ? { resource: { type, message: messagePayload(answer) } } : {}),
      },
    };
  }

  webhook(
    pending: PendingInteraction,
    method: string,
    rest: string[],
    body: unknown,
    uploads: readonly UploadedFile[],
    schemaErrors: SchemaCheck,
  ): RouteResult {
    const data = (typeof body === 'object' && body !== null ? body : {}) as MessageData;
    if (rest.length === 0 && method === 'POST') {
      if (pending.callbacks.length === 0) return unknownEntity(10015, 'Unknown Webhook');
      const errors = mergeErrors(
        validateMessage(data, { allowedFlags: interactionMessageFlags }),
        schemaErrors(),
      );
      if (errors.length > 0) return { status: 400, body: invalidFormBody(errors) };
      const attached = attachmentsFor(
        data.attachments,
        uploads,
        this.world.attachmentContext(pending.channelId),
      );
      if ('error' in attached) return attached.error;
      const message = this.world.makeMessage(pending.channelId, data, attached.attachments, {
        viaWebhook: true,
        interaction: {
          ...pending.metadata,
          ...(pending.original ? { original_response_message_id: pending.original.id } : {}),
        },
      });
      pending.followups.push(message);
      this.world.storeMessage(message);
      this.settle(pending, {
        status: 'message',
        message,
        ephemeral: (message.flags & messageFlags.ephemeral) !== 0,
        deferred: true,
        callbacks: pending.callbacks,
      });
      return { status: 200, body: messagePayload(message) };
    }
    if (rest[0] !== 'messages' || !rest[1] || rest.length > 2) return notFound();
    const target =
      rest[1] === '@original'
        ? pending.original
        : pending.followups.find((message) => message.id === rest[1]);
    if (!target) return unknownEntity(10008, 'Unknown Message');
    if (method === 'GET') return { status: 200, body: messagePayload(target) };
    if (method === 'DELETE') {
      this.world.deleteMessage(target);
      if (target === pending.original) pending.original = undefined;
      pending.followups = pending.followups.filter((message) => message !== target);
      return { status: 204 };
    }
    if (method !== 'PATCH') return { status: 405, body: { message: '405: Method Not Allowed', code: 0 } };
    const failure = this.edit(pending, target, data, uploads, schemaErrors(), '');
    if (failure) {
      this.settle(pending, { status: 'rejected', error: failure.body, callbacks: pending.callbacks });
      return failure;
    }
    this.settle(pending, {
      status: 'message',
      message: target,
      ephemeral: (target.flags & messageFlags.ephemeral) !== 0,
      deferred: true,
      callbacks: pending.callbacks,
      ...(pending.updatesInPlace && target === pending.componentMessage ? { updated: true } : {}),
    });
    return { status: 200, body: messagePayload(target) };
  }

  /** The interaction's own answer (callback 4, or 5's placeholder), posted through the app's webhook. */
  private answerMessage(
    pending: PendingInteraction,
    data: MessageData,
    attachments: EmulatedAttachment[],
  ): EmulatedMessage {
    return this.world.makeMessage(pending.channelId, data, attachments, {
      type: pending.answerType,
      viaWebhook: true,
      interaction: pending.metadata,
    });
  }

  /**
   * Edits a message in place (callback 7, or PATCH of "@original" or a follow-up): the fields given
   * replace the old ones, attachments kept or replaced as the payload's `attachments` says. Checked
   * as the message it would become. Undefined when it went through, else the error to answer.
   */
  private edit(
    pending: PendingInteraction,
    target: EmulatedMessage,
    data: MessageData,
    uploads: readonly UploadedFile[],
    schemaErrors: readonly FieldError[],
    prefix: string,
  ): RouteResult | undefined {
    const rules = validateMessage(
      {
        content: data.content ?? (data.content === null ? '' : target.content),
        embeds: data.embeds ?? (data.embeds === null ? [] : target.embeds),
        attachments: data.attachments ?? target.attachments,
        components: data.components ?? (data.components === null ? [] : target.components),
        flags: data.flags,
        allowed_mentions: data.allowed_mentions,
      },
      { allowedFlags: interactionMessageFlags },
    );
    const errors = mergeErrors(prefixed(rules, prefix), schemaErrors);
    if (errors.length > 0) return { status: 400, body: invalidFormBody(errors) };
    const attached = attachmentsFor(
      data.attachments,
      uploads,
      this.world.attachmentContext(pending.channelId),
      target.attachments,
    );
    if ('error' in attached) return attached.error;
    const wasPlaceholder = (target.flags & messageFlags.loading) !== 0;
    if (data.content !== undefined) target.content = data.content ?? '';
    target.attachments = attached.attachments;
    if (data.embeds !== undefined) target.embeds = normalizeEmbeds(data.embeds ?? [], target.attachments);
    if (data.components !== undefined) target.components = normalizeComponents(data.components ?? []);
    if (data.allowed_mentions !== undefined) target.allowed_mentions = data.allowed_mentions;
    if (typeof data.flags === 'number')
      target.flags = (target.flags & ~editableFlags) | (data.flags & editableFlags);
    target.flags &= ~messageFlags.loading;
    Object.assign(
      target,
      this.world.mentionsOf(
        target.channel_id,
        target.content,
        target.allowed_mentions,
        target.webhook_id !== undefined,
      ),
    );
    if (!wasPlaceholder) target.edited_timestamp = new Date().toISOString();
    this.world.storeMessage(target);
    return undefined;
  }
}

/** What Discord's documented rules find wrong with a callback, for this kind of interaction. */
function callbackErrors(pending: PendingInteraction, type: number, data: CallbackData): FieldError[] {
  const allowed = allowedCallbacks[pending.type] ?? [];
  if (!allowed.includes(type)) {
    return [
      { path: 'type', code: 'BASE_TYPE_CHOICES', message: `Value must be one of (${allowed.join(', ')}).` },
    ];
  }
  const options = { allowedFlags: interactionMessageFlags };
  switch (type) {
    case InteractionResponseType.ApplicationCommandAutocompleteResult:
      return validateAutocompleteChoices(data);
    case InteractionResponseType.ChannelMessageWithSource:
      return prefixed(validateMessage(data, options), 'data.');
    case InteractionResponseType.UpdateMessage:
      return prefixed(validateMessage(data, { ...options, requireContent: false }), 'data.');
    case InteractionResponseType.DeferredChannelMessageWithSource:
      return prefixed(validateMessage({ flags: data.flags }, { ...options, requireContent: false }), 'data.');
    default:
      return [];
  }
}
