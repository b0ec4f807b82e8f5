// REST routes under /channels/:id: reading a channel and its messages, posting messages (with
// permissions, forum rules and enforced nonces), publishing them (crosspost.ts), and opening forum
// posts. DMs answer too: the bot's own DM with a user like a channel it may post in (50007 when the
// user refuses its messages), a group DM it is not in with 50001.
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { crosspost } from './crosspost.js';
import { invalidFormBody, mergeErrors, type SchemaCheck } from './field-errors.js';
import { payloadLimits } from './payload-limits.js';
import { channelPayload, messagePayload, privateChannelPayload, threadMemberPayload } from './payloads.js';
import { missingAccess, notFound, type RouteResult, unknownEntity } from './route-result.js';
import { attachmentsFor, type UploadedFile } from './uploads.js';
import { validateMessage } from './validate-payload.js';
import {
  type EmulatedChannel,
  type EmulatedMessage,
  type EmulatedPrivateChannel,
  isThread,
  type MessageInput,
  type World,
} from './world.js';

/** How long Discord remembers an enforced nonce ("the past few minutes"). */
const nonceWindowMs = 5 * 60_000;
/** The most messages one GET returns (Discord's `limit` defaults to 50). */
const messagesPerPage = 50;

type MessageBody = MessageInput & { enforce_nonce?: boolean | null; attachments?: unknown[] | null };

export class ChannelRoutes {
  /** Called for every message the bot posts to a channel outside an interaction (digests). */
  readonly messageListeners = new Set<(message: EmulatedMessage) => void>();
  private readonly recentNonces = new Map<string, { message: EmulatedMessage; at: number }>();

  constructor(private readonly world: World) {}

  route(
    method: string,
    channelId: string,
    rest: string[],
    body: unknown,
    uploads: readonly UploadedFile[],
    schemaErrors: SchemaCheck,
  ): RouteResult {
    const privateChannel = this.world.privateChannels.get(channelId);
    if (privateChannel) {
      if (!privateChannel.botIsMember) return missingAccess();
      if (rest.length === 0 && method === 'GET') {
        return { status: 200, body: privateChannelPayload(privateChannel, this.world) };
      }
      return this.messages(method, channelId, rest, () => {
        const refusal = this.refuseDirectMessage(privateChannel);
        return refusal ?? this.postMessage(channelId, body, uploads, schemaErrors);
      });
    }
    const channel = this.world.channels.get(channelId);
    if (!channel || channel.deleted) return unknownEntity(10003, 'Unknown Channel');
    if ((channel.botPermissions & PermissionFlagsBits.ViewChannel) === 0n) return missingAccess();
    if (rest.length === 0 && method === 'GET')
      return { status: 200, body: channelPayload(channel, this.world) };
    if (rest[0] === 'thread-members' && rest.length === 2 && method === 'GET') {
      return this.threadMember(channel, rest[1] ?? '');
    }
    if (
      rest[0] === 'threads' &&
      rest.length === 1 &&
      method === 'POST' &&
      channel.type === ChannelType.GuildForum
    ) {
      return this.openForumPost(channel, body, uploads, schemaErrors);
    }
    if (rest[0] === 'messages' && rest[2] === 'crosspost' && rest.length === 3 && method === 'POST') {
      return crosspost(this.world, channel, rest[1] ?? '');
    }
    return this.messages(method, channelId, rest, () => {
      const refusal = this.refusePosting(channel);
      return refusal ?? this.postMessage(channelId, body, uploads, schemaErrors);
    });
  }

  /** GET .../messages (newest first), GET .../messages/:id, and POST .../messages. */
  private messages(method: string, channelId: string, rest: string[], post: () => RouteResult): RouteResult {
    if (rest[0] !== 'messages') return notFound();
    if (rest.length === 1 && method === 'GET') {
      const list = this.world.messages.get(channelId) ?? [];
      return { status: 200, body: [...list].reverse().slice(0, messagesPerPage).map(messagePayload) };
    }
    if (rest.length === 1 && method === 'POST') return post();
    if (rest.length === 2 && method === 'GET') {
      const message = this.world.messages.get(channelId)?.find((candidate) => candidate.id === rest[1]);
      return message
        ? { status: 200, body: messagePayload(message) }
        : unknownEntity(10008, 'Unknown Message');
    }
    return notFound();
  }

  /** GET /channels/:thread/thread-members/:user: the membership, or 10007 Unknown Member. */
  private threadMember(channel: EmulatedChannel, userId: string): RouteResult {
    if (!isThread(channel)) {
      return { status: 400, body: { message: 'Cannot execute action on this channel type', code: 50024 } };
    }
    if (!channel.threadMembers?.has(userId)) return unknownEntity(10007, 'Unknown Member');
    return { status: 200, body: threadMemberPayload(channel.id, userId) };
  }

  /**
   * The user's privacy settings (or a block) refuse the bot: 50007. Discord does not say what a DM
   * with a deleted account answers; it cannot be delivered, so the same.
   */
  private refuseDirectMessage(channel: EmulatedPrivateChannel): RouteResult | undefined {
    const recipient = channel.recipientIds[0] ?? '';
    if (this.world.closedDirectMessages.has(recipient) || this.world.deletedUsers.has(recipient)) {
      return { status: 403, body: { message: 'Cannot send messages to this user', code: 50007 } };
    }
    return undefined;
  }

  private refusePosting(channel: EmulatedChannel): RouteResult | undefined {
    const needed = isThread(channel)
      ? PermissionFlagsBits.SendMessagesInThreads
      : PermissionFlagsBits.SendMessages;
    if ((channel.botPermissions & needed) === 0n) {
      return { status: 403, body: { message: 'Missing Permissions', code: 50013 } };
    }
    if (channel.type === ChannelType.GuildForum) {
      return {
        status: 400,
        body: { message: 'Cannot send messages in a forum channel; create a thread', code: 50008 },
      };
    }
    return undefined;
  }

  private postMessage(
    channelId: string,
    body: unknown,
    uploads: readonly UploadedFile[],
    schemaErrors: SchemaCheck,
  ): RouteResult {
    const data = body as MessageBody;
    const rules = validateMessage(data);
    if (data.nonce !== undefined && data.nonce !== null && String(data.nonce).length > payloadLimits.nonce)
      rules.push({
        path: 'nonce',
        code: 'BASE_TYPE_MAX_LENGTH',
        message: `Must be ${payloadLimits.nonce} or fewer in length.`,
      });
    const errors = mergeErrors(rules, schemaErrors());
    if (errors.length > 0) return { status: 400, body: invalidFormBody(errors) };
    // Discord returns the earlier message instead of posting again for a nonce seen in the last minutes.
    const nonceKey =
      data.enforce_nonce && data.nonce !== undefined && data.nonce !== null
        ? `${channelId}:${data.nonce}`
        : undefined;
    const earlier = nonceKey ? this.recentNonces.get(nonceKey) : undefined;
    if (earlier && Date.now() - earlier.at < nonceWindowMs) {
      return { status: 200, body: messagePayload(earlier.message) };
    }
    const attached = attachmentsFor(data.attachments, uploads, this.world.attachmentContext(channelId));
    if ('error' in attached) return attached.error;
    const channel = this.world.channels.get(channelId);
    const withoutEmbeds =
      channel !== undefined && (channel.botPermissions & PermissionFlagsBits.EmbedLinks) === 0n;
    const message = this.world.makeMessage(
      channelId,
      withoutEmbeds ? { ...data, embeds: [] } : data,
      attached.attachments,
    );
    if (nonceKey) this.recentNonces.set(nonceKey, { message, at: Date.now() });
    this.world.storeMessage(message);
    for (const listener of this.messageListeners) listener(message);
    return { status: 200, body: messagePayload(message) };
  }

  private openForumPost(
    forum: EmulatedChannel,
    body: unknown,
    uploads: readonly UploadedFile[],
    schemaErrors: SchemaCheck,
  ): RouteResult {
    const data = body as { name?: string; message?: MessageBody };
    const rules = validateMessage(data.message ?? {}).map((error) => ({
      ...error,
      path: `message.${error.path}`,
    }));
    if (!data.name)
      rules.push({ path: 'name', code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    const errors = mergeErrors(rules, schemaErrors());
    if (errors.length > 0) return { status: 400, body: invalidFormBody(errors) };
    const thread = this.world.addThread(forum, data.name ?? 'post');
    const attached = attachmentsFor(
      data.message?.attachments,
      uploads,
      this.world.attachmentContext(thread.id),
    );
    if ('error' in attached) return attached.error;
    // A forum post's starter message shares its thread's id.
    const message = this.world.makeMessage(thread.id, data.message ?? {}, attached.attachments);
    message.id = thread.id;
    this.world.storeMessage(message);
    for (const listener of this.messageListeners) listener(message);
    return { status: 201, body: { ...channelPayload(thread, this.world), message: messagePayload(message) } };
  }
}
