// One watcher's message exactly once: work out what changed for them, claim the message, send it to
// their direct messages with a nonce, record it. Discord saying the user cannot be messaged pauses the
// watcher; a 5xx or a timeout is retried a few times and then left for the next reload.
import { DiscordAPIError, type REST, RESTJSONErrorCodes, Routes } from 'discord.js';
import type { APIEmbed } from 'discord-api-types/v10';
import {
  buildWatchBrief,
  targetName,
  type WatchBrief,
  type WatchChange,
  type WatchChangeFeed,
  type WatchTarget,
  watchKinds,
} from '../briefs/watch-brief.js';
import type { Clock } from '../clock.js';
import type { FactStore } from '../data/fact-store.js';
import { wordsIn } from '../i18n/words.js';
import type { Logger } from '../log.js';
import { button, buttonRows } from '../render/discord-components.js';
import { type ReplyComponentRow, renderBriefEmbed } from '../render/discord-embed.js';
import { DiscordLimits } from '../render/discord-limits.js';
import type { Pacer } from '../scheduler/pacer.js';
import { deliveryNonce, nonceResendWindowMs } from '../scheduler/slot-runner.js';
import type { Watcher, WatcherDelivery, WatchPauseCode } from '../store/watch.js';
import type { WatchStore } from '../store/watch-store.js';
import { truncate } from '../text.js';
import { classifyDeliveryError, LeftForRestart, withRetries } from './rest-poster.js';

export interface DirectMessage {
  embeds: APIEmbed[];
  components: ReplyComponentRow[];
  /** Nobody is pinged by a watch message, whatever a statement contains. */
  allowedMentions: { parse: [] };
}

// ---------------------------------------------------------------- the stop button

const stopPrefix = 'watch:stop:';

/**
 * The custom_id of a "Stop watching" button: `watch:stop:<kind>:<id>`. The button only ever stops a
 * watch of whoever presses it (Discord says who), so the id needs no user. Undefined when it would
 * not fit Discord's 100 characters: no button then, never a broken one.
 */
function stopWatchingId(target: WatchTarget): string | undefined {
  const id = `${stopPrefix}${target.kind}:${target.id}`;
  return id.length <= DiscordLimits.customId ? id : undefined;
}

/** The watch a stop button names, or undefined for any id sitrep would not have made. */
export function parseStopWatchingId(customId: string): WatchTarget | undefined {
  if (customId.length > DiscordLimits.customId || !customId.startsWith(stopPrefix)) return undefined;
  const match = /^([a-z]+):([a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(customId.slice(stopPrefix.length));
  const kind = watchKinds.find((known) => known === match?.[1]);
  return kind && match?.[2] ? { kind, id: match[2] } : undefined;
}

/**
 * The brief as one embed (paged within Discord's limits), with a stop button per watch it reports on,
 * labelled in the language of `facts` (the watcher's, as the brief is).
 */
export function watchMessage(facts: FactStore, watch: WatchBrief): DirectMessage {
  const { embeds } = renderBriefEmbed(watch.brief);
  const words = wordsIn(facts.locale);
  const buttons = watch.targets.flatMap((target) => {
    const customId = stopWatchingId(target);
    return customId
      ? [
          button({
            label: words.t('watches.brief.stop', { name: targetName(facts, target) ?? target.id }),
            customId,
          }),
        ]
      : [];
  });
  const rows = buttonRows(buttons.slice(0, DiscordLimits.actionRowsPerMessage * DiscordLimits.buttonsPerRow));
  return { embeds, components: rows, allowedMentions: { parse: [] } };
}

// ---------------------------------------------------------------- sending

export interface DirectMessenger {
  /** Sends `message` to the user's direct messages; Discord drops a re-send with the same nonce for minutes. */
  send(userId: string, message: DirectMessage, nonce: string): Promise<{ messageId: string }>;
  /** Shutting down: sends not yet started fail with LeftForRestart. */
  close(): void;
}

/** DM channels this process opened, by user; at most this many, the oldest forgotten first. Never stored. */
const maxRememberedChannels = 100_000;

/** Discord's "opening direct messages too fast": worth another try after a wait, like a 5xx. */
class TryAgainLater extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'TryAgainLater';
  }
}

const discordCode = (error: unknown) => (error instanceof DiscordAPIError ? error.code : undefined);

/**
 * Direct messages over discord.js's REST client: `POST /users/@me/channels` opens (or finds) the DM
 * channel, `POST /channels/{id}/messages` posts with `enforce_nonce`. Both start on `pacer`'s grid,
 * the one digests use, so watches and digests together stay under Discord's global limit.
 */
export function createDirectMessenger(rest: REST, pacer: Pacer): DirectMessenger {
  const channels = new Map<string, string>();
  let closed = false;
  const paced = <T>(request: () => Promise<unknown>) =>
    pacer.run(async () => {
      if (closed) throw new LeftForRestart();
      try {
        return (await request()) as T;
      } catch (error) {
        if (discordCode(error) === RESTJSONErrorCodes.OpeningDirectMessagesTooFast)
          throw new TryAgainLater('Discord: opening direct messages too fast');
        throw error;
      }
    });
  const openChannel = async (userId: string) => {
    const channel = await paced<{ id: string }>(() =>
      rest.post(Routes.userChannels(), { body: { recipient_id: userId } }),
    );
    channels.set(userId, channel.id);
    if (channels.size > maxRememberedChannels) channels.delete(channels.keys().next().value as string);
    return channel.id;
  };
  const post = (channelId: string, message: DirectMessage, nonce: string) =>
    paced<{ id: string }>(() =>
      rest.post(Routes.channelMessages(channelId), {
        body: {
          embeds: message.embeds,
          components: message.components,
          allowed_mentions: message.allowedMentions,
          nonce,
          enforce_nonce: true,
        },
      }),
    );
  return {
    async send(userId, message, nonce) {
      if (closed) throw new LeftForRestart();
      const known = channels.get(userId);
      if (known) {
        try {
          return { messageId: (await post(known, message, nonce)).id };
        } catch (error) {
          // A DM channel remembered from before can be gone; a fresh one is opened once.
          if (discordCode(error) !== RESTJSONErrorCodes.UnknownChannel) throw error;
          channels.delete(userId);
        }
      }
      return { messageId: (await post(await openChannel(userId), message, nonce)).id };
    },
    close() {
      closed = true;
    },
  };
}

type WatchFailure =
  | { kind: 'unreachable'; code: WatchPauseCode; reason: string }
  | { kind: 'transient'; reason: string }
  | { kind: 'stopping'; reason: string };

const unreachableCodes: Partial<Record<number, { code: WatchPauseCode; reason: string }>> = {
  [RESTJSONErrorCodes.CannotSendMessagesToThisUser]: {
    code: 'dms-closed',
    reason: 'Discord does not let sitrep send you direct messages (your privacy settings, or you blocked it)',
  },
  [RESTJSONErrorCodes.CannotSendMessagesToThisUserDueToHavingNoMutualGuilds]: {
    code: 'dms-closed',
    reason:
      'Discord does not let sitrep send you direct messages: you share no server with it and have not added it to your apps',
  },
  [RESTJSONErrorCodes.UnknownUser]: { code: 'unknown-user', reason: 'Discord does not know this account' },
};

/** What a failed send means for the watcher: pause it, try again later, or leave it for the restart. */
function classifyWatchFailure(error: unknown): WatchFailure {
  if (error instanceof LeftForRestart) return { kind: 'stopping', reason: error.message };
  const code = discordCode(error);
  const unreachable = typeof code === 'number' ? unreachableCodes[code] : undefined;
  if (unreachable) return { kind: 'unreachable', ...unreachable };
  const failure = classifyDeliveryError(error);
  if (failure.kind === 'transient' || failure.kind === 'gone')
    return { kind: 'transient', reason: failure.reason };
  // Anything else Discord refuses would be refused again on every reload: pause, and say why.
  return {
    kind: 'unreachable',
    code: 'refused',
    reason: truncate(
      `Discord refused the message${error instanceof DiscordAPIError ? ` (code ${error.code}: ${error.message})` : ''}`,
      300,
    ),
  };
}

// ---------------------------------------------------------------- one watcher, once

export type WatchDeliveryResult =
  /** Nothing new for this watcher. */
  | 'nothing'
  | 'sent'
  /** Another process claimed the message first, and sends it. */
  | 'claimed-elsewhere'
  | 'paused'
  /** 5xx or timeouts after every retry: the claim is undone and the next reload tries again. */
  | 'failed'
  /** Not sent because the process is stopping: the claim is undone and the restart sends it. */
  | 'left-for-restart'
  /** An interrupted send found after Discord forgot its nonce: not sent again (at most once beats twice). */
  | 'given-up';

/**
 * The nonce of a message, from what it reports rather than from the ledger's times: two processes whose
 * ledgers stamped one reload a second apart (both running shard 0 during a re-shard) send the same
 * nonce for the same news, and Discord keeps one copy.
 */
function watchNonce(userId: string, changes: readonly WatchChange[]): string {
  const reported = changes.map(({ fact, change }) => `${fact.id}:${change}:${fact.status}`).sort();
  return deliveryNonce(`watch-${userId}`, reported.join('|'));
}

export interface WatchDeliveryOptions {
  watches: WatchStore;
  messenger: DirectMessenger;
  clock: Clock;
  log: Logger;
  /** Waits between attempts when Discord fails with a 5xx or a timeout. */
  retryDelaysMs?: readonly number[];
  /** Told the moment Discord accepted a message, before it is recorded (latency figures). */
  onSent?(userId: string): void;
}

export class WatchDelivery {
  constructor(private readonly options: WatchDeliveryOptions) {}

  /**
   * Brings one watcher up to date with `feed`: first an interrupted message of theirs (re-sent with its
   * nonce, or given up), then one message with everything newer. Never two messages for one change.
   */
  async deliver(watcher: Watcher, feed: WatchChangeFeed, facts: FactStore): Promise<WatchDeliveryResult> {
    if (watcher.lastDelivery?.state !== 'sending') return this.deliverNew(watcher, feed, facts);
    const interrupted = await this.finishInterrupted(watcher, watcher.lastDelivery, feed, facts);
    if (!interrupted.watcher) return interrupted.result;
    const next = await this.deliverNew(interrupted.watcher, feed, facts);
    return next === 'nothing' ? interrupted.result : next;
  }

  private async deliverNew(
    watcher: Watcher,
    feed: WatchChangeFeed,
    facts: FactStore,
  ): Promise<WatchDeliveryResult> {
    const stamp = feed.newest;
    if (watcher.paused || stamp === undefined || watcher.cursor >= stamp) return 'nothing';
    const changes = feed.changesFor(watcher.cursor, watcher.watches);
    if (changes.length === 0) return 'nothing';
    const delivery = {
      stamp,
      nonce: watchNonce(watcher.userId, changes),
      claimedAt: this.options.clock.now().toISOString(),
    };
    const claimed = await this.options.watches.claim(watcher.userId, delivery);
    if (!claimed) {
      this.options.log.info({ user: watcher.userId }, 'watch message already claimed; not sent here');
      return 'claimed-elsewhere';
    }
    // The record as claimed: the user may have added or removed a watch since the pass read it.
    return this.send(claimed, { ...delivery, state: 'sending' }, watcher.lastDelivery, feed, facts);
  }

  private async finishInterrupted(
    watcher: Watcher,
    interrupted: WatcherDelivery,
    feed: WatchChangeFeed,
    facts: FactStore,
  ): Promise<{ result: WatchDeliveryResult; watcher?: Watcher }> {
    const age = this.options.clock.now().getTime() - Date.parse(interrupted.claimedAt);
    if (age <= nonceResendWindowMs) {
      const result = await this.send(watcher, interrupted, interrupted, feed, facts);
      return { result, watcher: result === 'sent' ? await this.readBack(watcher.userId) : undefined };
    }
    this.options.log.warn(
      { user: watcher.userId, claimedAt: interrupted.claimedAt },
      'watch message interrupted longer ago than Discord remembers its nonce; not sent again',
    );
    const settled = await this.settle(watcher.userId, interrupted);
    return { result: 'given-up', watcher: settled };
  }

  private async readBack(userId: string): Promise<Watcher | undefined> {
    const stored = await this.options.watches.read(userId);
    return stored === 'unreadable' ? undefined : stored;
  }

  /**
   * Sends the claimed message (changes after the cursor up to the claim's stamp) and records it. On
   * failure the claim is undone (`previous` restored), or the watcher paused.
   */
  private async send(
    watcher: Watcher,
    claim: WatcherDelivery,
    previous: WatcherDelivery | null,
    feed: WatchChangeFeed,
    facts: FactStore,
  ): Promise<WatchDeliveryResult> {
    const { log } = this.options;
    // Written in the language of whoever made the watches.
    const local = facts.in(watcher.locale);
    const brief = buildWatchBrief(
      local,
      feed.changesFor(watcher.cursor, watcher.watches, claim.stamp),
      new Date(watcher.cursor),
    );
    if (!brief) {
      // Nothing left to say (the watch was removed meanwhile): the changes are behind this watcher.
      await this.settle(watcher.userId, claim);
      return 'nothing';
    }
    let messageId: string;
    try {
      ({ messageId } = await withRetries(
        () => this.options.messenger.send(watcher.userId, watchMessage(local, brief), claim.nonce),
        this.options.retryDelaysMs ?? [2_000, 10_000, 30_000],
        (failure, attempt) =>
          log.warn(
            { user: watcher.userId, attempt, reason: failure.reason },
            'watch message failed; retrying',
          ),
      ));
    } catch (error) {
      const failure = classifyWatchFailure(error);
      if (failure.kind === 'unreachable') {
        await this.pause(watcher.userId, claim, failure);
        log.warn({ user: watcher.userId, reason: failure.reason }, 'watch paused: user cannot be messaged');
        return 'paused';
      }
      await this.undoClaim(watcher.userId, claim, previous);
      if (failure.kind === 'stopping') return 'left-for-restart';
      log.error(
        { user: watcher.userId, reason: failure.reason },
        'watch message not sent; the next reload tries again',
      );
      return 'failed';
    }
    this.options.onSent?.(watcher.userId);
    // Sent: a failure to record it from here on leaves the claim standing, so the next pass re-sends
    // with the same nonce (Discord keeps one copy) instead of claiming the changes afresh.
    await this.settle(watcher.userId, claim);
    log.info(
      { user: watcher.userId, messageId, new: brief.newFacts, changed: brief.changedFacts },
      'watch message sent',
    );
    return 'sent';
  }

  /** Is this still our claim, as stored? */
  private static holds(current: Watcher | undefined, claim: WatcherDelivery): current is Watcher {
    return current?.lastDelivery?.nonce === claim.nonce && current.lastDelivery.state === 'sending';
  }

  /** The claimed changes are behind the watcher: cursor moved to the stamp, the claim done. */
  private async settle(userId: string, claim: WatcherDelivery): Promise<Watcher | undefined> {
    const result = await this.options.watches.update(userId, (current) =>
      WatchDelivery.holds(current, claim)
        ? {
            ...current,
            cursor: [current.cursor, claim.stamp].sort()[1] ?? claim.stamp,
            lastDelivery: { ...claim, state: 'done' },
          }
        : undefined,
    );
    return result.outcome === 'unreadable' ? undefined : result.watcher;
  }

  private async undoClaim(
    userId: string,
    claim: WatcherDelivery,
    previous: WatcherDelivery | null,
  ): Promise<void> {
    await this.options.watches.update(userId, (current) =>
      WatchDelivery.holds(current, claim) ? { ...current, lastDelivery: previous } : undefined,
    );
  }

  /** Paused with the reason; the cursor stays, so once resumed the next message has what this one had. */
  private async pause(
    userId: string,
    claim: WatcherDelivery,
    failure: Extract<WatchFailure, { kind: 'unreachable' }>,
  ): Promise<void> {
    const at = this.options.clock.now().toISOString();
    await this.options.watches.update(userId, (current) =>
      WatchDelivery.holds(current, claim)
        ? {
            ...current,
            paused: { code: failure.code, reason: failure.reason, at },
            lastDelivery: { ...claim, state: 'done' },
          }
        : undefined,
    );
  }
}
