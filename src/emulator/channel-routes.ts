// REST routes under /channels/:id: reading a channel and its messages, posting messages (with
// permissions, forum rules and enforced nonces), and opening forum posts.
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { payloadLimits } from './payload-limits.js';
import { channelPayload, threadMemberPayload } from './payloads.js';
import { missingAccess, notFound, type RouteResult, unknownEntity } from './route-result.js';
import { attachmentsFor, type UploadedFile } from './uploads.js';
import { invalidFormBody, validateMessage } from './validate-payload.js';
import { type EmulatedChannel, type EmulatedMessage, isThread, type World } from './world.js';

/** How long Discord remembers an enforced nonce ("the past few minutes"). */
const nonceWindowMs = 5 * 60_000;

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
    uploads: readonly UploadedFile[] = [],
  ): RouteResult {
    const channel = this.world.channels.get(channelId);
    if (!channel || channel.deleted) return unknownEntity(10003, 'Unknown Channel');
    if ((channel.botPermissions & PermissionFlagsBits.ViewChannel) === 0n) return missingAccess();
    if (rest.length === 0 && method === 'GET') {
      return { status: 200, body: channelPayload(channel, this.world.botUser.id) };
    }
    if (rest[0] === 'messages' && rest.length === 1) {
      if (method === 'GET')
        return { status: 200, body: [...(this.world.messages.get(channelId) ?? [])].reverse().slice(0, 50) };
      if (method === 'POST') return this.postMessage(channel, body, uploads);
    }
    if (rest[0] === 'thread-members' && rest.length === 2 && method === 'GET') {
      return this.threadMember(channel, rest[1] ?? '');
    }
    if (
      rest[0] === 'threads' &&
      rest.length === 1 &&
      method === 'POST' &&
      channel.type === ChannelType.GuildForum
    ) {
      return this.openForumPost(channel, body, uploads);
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

  private postMessage(
    channel: EmulatedChannel,
    body: unknown,
    uploads: readonly UploadedFile[],
  ): RouteResult {
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
      attachments?: unknown[];
    };
    const errors = validateMessage(data);
    if (data.nonce !== undefined && String(data.nonce).length > payloadLimits.nonce)
      errors.push({
        path: 'nonce',
        code: 'BASE_TYPE_MAX_LENGTH',
        message: `Must be ${payloadLimits.nonce} or fewer in length.`,
      });
    if (errors.length > 0) return { status: 400, body: invalidFormBody(errors) };
    // Discord returns the earlier message instead of posting again for a nonce seen in the last minutes.
    const nonceKey =
      data.enforce_nonce && data.nonce !== undefined ? `${channel.id}:${data.nonce}` : undefined;
    const earlier = nonceKey ? this.recentNonces.get(nonceKey) : undefined;
    if (earlier && Date.now() - earlier.at < nonceWindowMs) return { status: 200, body: earlier.message };
    const attached = attachmentsFor(data.attachments, uploads, this.world.attachmentContext(channel.id));
    if ('error' in attached) return attached.error;
    const withoutEmbeds = (channel.botPermissions & PermissionFlagsBits.EmbedLinks) === 0n;
    const message = this.world.makeMessage(
      channel.id,
      withoutEmbeds ? { ...data, embeds: [] } : data,
      attached.attachments,
    );
    if (nonceKey) this.recentNonces.set(nonceKey, { message, at: Date.now() });
    this.world.storeMessage(message);
    for (const listener of this.messageListeners) listener(message);
    return { status: 200, body: message };
  }

  private openForumPost(
    forum: EmulatedChannel,
    body: unknown,
    uploads: readonly UploadedFile[],
  ): RouteResult {
    const data = body as {
      name?: string;
      message?: { content?: string; embeds?: unknown[]; allowed_mentions?: unknown; attachments?: unknown[] };
    };
    const errors = validateMessage(data.message ?? {});
    if (!data.name)
      errors.push({ path: 'name', code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
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
    return { status: 201, body: { ...channelPayload(thread, this.world.botUser.id), message } };
  }
}
