// Posting digests through Discord's REST routes, without fetching channels into the cache, and
// sorting failures into "the channel is gone or closed to us" (pause), "try again" and "rejected".
import { DiscordAPIError, HTTPError, RateLimitError, type REST, Routes } from 'discord.js';
import type { APIEmbed } from 'discord-api-types/v10';
import { evenStartsBelowGlobalLimit } from '../config.js';
import { Pacer } from '../scheduler/pacer.js';
import type { ChannelKind, PauseCode } from '../store/subscription.js';

export interface DigestMessage {
  content?: string;
  embeds: APIEmbed[];
  allowedMentions: { parse: []; roles?: string[] };
  /** Uploaded with the message (multipart); an embed shows one as `attachment://<name>`. */
  files?: DigestFile[];
}

interface DigestFile {
  name: string;
  data: Uint8Array;
  contentType: string;
  /** Alt text, within Discord's 1024 characters. */
  description?: string;
}

interface PostTarget {
  channelId: string;
  channelKind: ChannelKind;
}

interface PostOptions {
  /** Discord drops a second message with the same nonce from the same bot within minutes. */
  nonce: string;
  /** A forum gets a new post per digest; this is its title. */
  threadName: string;
}

export interface DigestPoster {
  post(target: PostTarget, message: DigestMessage, options: PostOptions): Promise<{ messageId: string }>;
  /** Publishes a posted message to the channels following its announcement channel. */
  publish(target: Pick<PostTarget, 'channelId'>, messageId: string): Promise<void>;
  /** Tells a guild something in its system channel; false when it has none the bot can post in. */
  notifyGuild(guildId: string, text: string): Promise<boolean>;
  /** Shutting down: posts waiting for their turn, and any later, fail with LeftForRestart. */
  close?(): void;
}

/** A post that was never sent because the process is stopping; the restart catches its slot up. */
export class LeftForRestart extends Error {
  constructor() {
    super('not sent: sitrep is shutting down; the restart posts it');
    this.name = 'LeftForRestart';
  }
}

export type DeliveryFailure =
  | { kind: 'gone'; code: Exclude<PauseCode, 'moderator'>; reason: string }
  | { kind: 'transient'; reason: string }
  | { kind: 'rejected'; reason: string };

const goneCodes: Record<number, { code: Exclude<PauseCode, 'moderator'>; reason: string }> = {
  10003: { code: 'channel-deleted', reason: 'the channel was deleted' },
  50001: { code: 'missing-access', reason: 'sitrep can no longer see the channel (Missing Access)' },
  50013: {
    code: 'missing-permissions',
    reason: 'sitrep lacks permission to post there (Send Messages, Embed Links, or Send Messages in Threads)',
  },
};

export function classifyDeliveryError(error: unknown): DeliveryFailure {
  // Shutting down is not a failure to retry: the restart posts it.
  if (error instanceof LeftForRestart) return { kind: 'rejected', reason: error.message };
  if (error instanceof DiscordAPIError) {
    const gone = typeof error.code === 'number' ? goneCodes[error.code] : undefined;
    if (gone) return { kind: 'gone', ...gone };
    if (error.status >= 500) return { kind: 'transient', reason: `Discord answered ${error.status}` };
    return { kind: 'rejected', reason: `Discord refused the digest: ${error.message} (code ${error.code})` };
  }
  if (error instanceof HTTPError) {
    return error.status >= 500
      ? { kind: 'transient', reason: `Discord answered ${error.status}` }
      : { kind: 'rejected', reason: `Discord answered ${error.status}` };
  }
  const name = (error as Error | undefined)?.name;
  const message = (error as Error | undefined)?.message ?? String(error);
  if (name === 'AbortError' || name === 'TimeoutError')
    return { kind: 'transient', reason: 'Discord did not answer in time' };
  return { kind: 'transient', reason: `network error: ${message.slice(0, 120)}` };
}

export type PublishFailure =
  | Extract<DeliveryFailure, { kind: 'gone' }>
  /** Over Discord's 10 publishes an hour in the channel: try again after `retryAfterMs`. */
  | { kind: 'limited'; reason: string; retryAfterMs: number }
  | { kind: 'transient'; reason: string }
  | { kind: 'rejected'; reason: string }
  /** Discord says the message is published already. */
  | { kind: 'published' };

export const publishLimitReason = 'Discord allows 10 publishes an hour';

export function classifyPublishError(error: unknown): PublishFailure {
  if (error instanceof RateLimitError) {
    return { kind: 'limited', reason: publishLimitReason, retryAfterMs: Math.max(0, error.retryAfter) };
  }
  if (error instanceof DiscordAPIError) {
    if (error.code === 40033) return { kind: 'published' };
    if (error.code === 50013) {
      return {
        kind: 'gone',
        code: 'missing-permissions',
        reason:
          'sitrep lacks permission to publish there (Send Messages, which publishing its own digests needs)',
      };
    }
    if (error.code === 10008) return { kind: 'rejected', reason: 'the message was deleted' };
    if (error.code === 50024) {
      return { kind: 'rejected', reason: 'the channel is no longer an announcement channel' };
    }
  }
  const failure = classifyDeliveryError(error);
  return failure.kind === 'rejected'
    ? {
        kind: 'rejected',
        reason: failure.reason.replace('refused the digest', 'refused to publish the digest'),
      }
    : failure;
}

const crosspostBucket = '/channels/:id/messages/:id/crosspost';

/**
 * Makes discord.js reject a publish over the limit instead of queueing it: Discord allows 10 publishes
 * an hour per channel, and discord.js would otherwise hold the request (and the subscription's lock)
 * until the hour is over. sitrep remembers the digest and publishes it later. Other routes keep the
 * client's own setting.
 */
function rejectPublishesOverTheLimit(rest: REST): void {
  const previous = rest.options.rejectOnRateLimit;
  rest.options.rejectOnRateLimit = async (data) => {
    if (data.route === crosspostBucket) return true;
    if (!previous) return false;
    if (typeof previous === 'function') return previous(data);
    return previous.some((route) => data.route.startsWith(route.toLowerCase()));
  };
}

/** Retries transient failures after each delay in turn; anything else is thrown at once. */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  delaysMs: readonly number[],
  onRetry: (failure: DeliveryFailure, attemptNumber: number) => void,
): Promise<T> {
  for (let index = 0; ; index++) {
    try {
      return await attempt();
    } catch (error) {
      const failure = classifyDeliveryError(error);
      const delay = delaysMs[index];
      if (failure.kind !== 'transient' || delay === undefined) throw error;
      onRetry(failure, index + 1);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

export interface GuildDirectory {
  /** The guild's system channel, if the bot can post there (checked against its cached permissions). */
  postableSystemChannel(guildId: string): string | undefined;
}

export function createRestPoster(
  rest: REST,
  guilds: GuildDirectory,
  {
    postsPerSecond = evenStartsBelowGlobalLimit,
    pacer = new Pacer(postsPerSecond),
  }: {
    postsPerSecond?: number;
    /** Shared with other senders of this process (watch messages), so together they keep the rate. */
    pacer?: Pacer;
  } = {},
): DigestPoster {
  rejectPublishesOverTheLimit(rest);
  return {
    async post(target, message, { nonce, threadName }) {
      const files = message.files ?? [];
      const body = {
        content: message.content,
        embeds: message.embeds,
        allowed_mentions: message.allowedMentions,
        // Each upload is `files[n]` in the multipart body, matched to its entry here by id n.
        ...(files.length > 0
          ? {
              attachments: files.map((file, index) => ({
                id: String(index),
                filename: file.name,
                description: file.description,
              })),
            }
          : {}),
      };
      const uploads =
        files.length > 0
          ? { files: files.map(({ name, data, contentType }) => ({ name, data, contentType })) }
          : {};
      if (target.channelKind === 'forum') {
        const thread = (await pacer.run(() =>
          rest.post(Routes.threads(target.channelId), {
            body: { name: threadName, message: body },
            ...uploads,
          }),
        )) as { id: string; message?: { id: string } };
        return { messageId: thread.message?.id ?? thread.id };
      }
      const posted = (await pacer.run(() =>
        rest.post(Routes.channelMessages(target.channelId), {
          body: { ...body, nonce, enforce_nonce: true },
          ...uploads,
        }),
      )) as { id: string };
      return { messageId: posted.id };
    },
    async publish(target, messageId) {
      await pacer.run(() => rest.post(Routes.channelMessageCrosspost(target.channelId, messageId)));
    },
    close: () => pacer.close(new LeftForRestart()),
    async notifyGuild(guildId, text) {
      const channelId = guilds.postableSystemChannel(guildId);
      if (!channelId) return false;
      await pacer.run(() =>
        rest.post(Routes.channelMessages(channelId), {
          body: { content: text, allowed_mentions: { parse: [] } },
        }),
      );
      return true;
    },
  };
}
