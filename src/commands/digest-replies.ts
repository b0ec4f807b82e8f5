// Replies for /digest, as pure functions of subscriptions and times, so they test without Discord.
import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { DeliveryReport } from '../delivery/digest-delivery.js';
import { publishLimitReason } from '../delivery/rest-poster.js';
import { colours, type ReplyPayload, renderUserError } from '../render/discord-embed.js';
import { DiscordLimits } from '../render/discord-limits.js';
import { discordTimestamp } from '../render/discord-markup.js';
import {
  parseSchedule,
  type ScheduleParse,
  type Slot,
  SlotCalculator,
  schedulePresets,
} from '../scheduler/schedule.js';
import { zoneFormatter } from '../scheduler/time-zones.js';
import {
  type ChannelKind,
  type DeliveryRecord,
  deliveryHistoryLength,
  type Publication,
  pendingPublications,
  type Subscription,
} from '../store/subscription.js';
import { truncate } from '../text.js';
import type { AutocompleteChoice } from './command.js';

const view = { flag: PermissionFlagsBits.ViewChannel, name: 'View Channel' };
const embed = { flag: PermissionFlagsBits.EmbedLinks, name: 'Embed Links' };
const send = { flag: PermissionFlagsBits.SendMessages, name: 'Send Messages' };
const sendInThreads = { flag: PermissionFlagsBits.SendMessagesInThreads, name: 'Send Messages in Threads' };
const attach = { flag: PermissionFlagsBits.AttachFiles, name: 'Attach Files' };

/** What a digest needs besides the channel: its map, uploaded as a file. */
export interface DigestNeeds {
  map: boolean;
}

/** What the bot needs in a channel to post digests there, by kind of channel (and for the map). */
function requiredPermissions(kind: ChannelKind, { map }: DigestNeeds = { map: false }) {
  const posting =
    kind === 'thread'
      ? [view, sendInThreads, embed]
      : kind === 'forum'
        ? [view, send, sendInThreads, embed]
        : [view, send, embed];
  return map ? [...posting, attach] : posting;
}

/**
 * What the moderator needs there themselves for sitrep to post for them: what posting by hand takes
 * (in a forum, Send Messages opens a post and Send Messages in Threads writes in it).
 */
function invokerPostingPermissions(kind: ChannelKind): { flag: bigint; name: string }[] {
  if (kind === 'thread') return [sendInThreads];
  if (kind === 'forum') return [send, sendInThreads];
  return [send];
}

/** Names of the posting permissions the invoking moderator lacks in a channel they can see. */
export function missingInvokerPermissions(granted: bigint, kind: ChannelKind): string[] {
  return invokerPostingPermissions(kind)
    .filter(({ flag }) => (granted & flag) !== flag)
    .map(({ name }) => name);
}

const postingRefusals: Record<string, string> = {
  subscribe: 'so sitrep will not post there for you. Nothing was saved.',
  test: 'so sitrep will not post a test there for you.',
  resume: 'so sitrep will not resume posting there for you; the digest stays as it is.',
};

/** The moderator may see the channel but not post in it; `action` is the subcommand refused. */
export function invokerCannotPostReply(
  channelId: string,
  missing: readonly string[],
  action: string,
): ReplyPayload {
  return renderUserError(
    `You cannot post in <#${channelId}> yourself (you lack ${missing.join(' and ')} there), ${postingRefusals[action] ?? postingRefusals.subscribe} Ask a moderator who can post there.`,
  );
}

/** A ping role that is not mentionable, chosen by a moderator who may not mention every role there. */
export function unmentionableRoleReply(roleId: string, channelId: string): ReplyPayload {
  return renderUserError(
    `<@&${roleId}> is not mentionable, and you may not mention it yourself in <#${channelId}> (that takes Mention @everyone, @here and All Roles), so sitrep will not ping it for you. Pick a mentionable role, have the role made mentionable (Server Settings → Roles), or leave ping_role out. Nothing was saved.`,
  );
}

/** Names of the permissions missing from `granted` (undefined: the bot cannot see the channel at all). */
export function missingPermissions(
  granted: bigint | undefined,
  kind: ChannelKind,
  needs?: DigestNeeds,
): string[] {
  return requiredPermissions(kind, needs)
    .filter(({ flag }) => granted === undefined || (granted & flag) !== flag)
    .map(({ name }) => name);
}

export function permissionChecklistReply(
  channelId: string,
  kind: ChannelKind,
  missing: readonly string[],
  needs?: DigestNeeds,
): ReplyPayload {
  const lines = requiredPermissions(kind, needs).map(
    ({ name }) =>
      `${missing.includes(name) ? '❌' : '✅'} ${name}${name === attach.name ? ' (for map:true)' : ''}`,
  );
  const withoutMap = missing.includes(attach.name) ? ', or subscribe without map:true' : '';
  return renderUserError(
    `I can't post digests in <#${channelId}> yet. What I need there:\n${lines.join('\n')}\nGrant the missing ones to sitrep's role (channel settings → Permissions), then run the command again${withoutMap}. Nothing was saved.`,
  );
}

const runList = (slots: readonly Slot[]) =>
  slots
    .map((slot) => `${discordTimestamp(slot.dueAt, 'F')} (${discordTimestamp(slot.dueAt, 'R')})`)
    .join('\n');

const firstPostText: Record<DeliveryRecord['result'], string> = {
  posted: 'The current situation was posted there just now.',
  quiet: 'Nothing was posted (quiet).',
  failed: 'The first post failed; the next scheduled digest will try again.',
  paused: 'The first post failed and the subscription is paused.',
  missed: 'The first post was skipped.',
  superseded: 'The first post was skipped.',
};

const mapWords = (subscription: Pick<Subscription, 'includeMap'>) =>
  subscription.includeMap ? 'attaches a map of what changed (when the changes name a place)' : 'no map';

export function subscribedReply(
  subscription: Subscription,
  next: readonly Slot[],
  first: DeliveryReport,
  topicNames: readonly string[],
  warnings: readonly string[] = [],
): ReplyPayload {
  const fields: APIEmbedField[] = [
    { name: 'Channel', value: `<#${subscription.channelId}>`, inline: true },
    { name: 'Id', value: `\`${subscription.id}\``, inline: true },
    { name: 'Schedule', value: `${subscription.schedule.description} (${subscription.timeZone})` },
    { name: 'Next runs (your local time)', value: runList(next) || 'none' },
    {
      name: 'Content',
      value: truncate(
        [
          topicNames.length > 0 ? `Topics: ${topicNames.join(', ')}` : 'All topics',
          subscription.quiet
            ? 'quiet: nothing is posted when nothing changed'
            : 'posts "no new developments" when nothing changed',
          mapWords(subscription),
          ...(subscription.publish ? ['publishes each digest to the servers following the channel'] : []),
          subscription.pingRoleId ? `pings <@&${subscription.pingRoleId}>` : 'pings nobody',
        ].join('\n'),
        DiscordLimits.embedFieldValue,
      ),
    },
    {
      name: 'First digest',
      value: truncate(
        `${firstPostText[first.result]}${first.detail ? ` (${first.detail})` : ''}`,
        DiscordLimits.embedFieldValue,
      ),
    },
  ];
  if (warnings.length > 0)
    fields.push({ name: 'Note', value: truncate(warnings.join('\n'), DiscordLimits.embedFieldValue) });
  const embed: APIEmbed = {
    title: 'Digest subscribed',
    description: `Each digest reports what changed since the one before. Manage it with \`/digest pause|resume|preview|test|history|remove id:${subscription.id}\`.`,
    color: colours.info,
    fields,
  };
  return { embeds: [embed], allowedMentions: { parse: [] }, ephemeral: true };
}

const resultWords: Record<DeliveryRecord['result'], string> = {
  posted: 'posted',
  quiet: 'nothing new (quiet)',
  failed: 'failed',
  paused: 'failed; paused',
  missed: 'missed while offline',
  superseded: 'superseded',
};

function describeLastDelivery(subscription: Subscription): string {
  const last = subscription.history.at(-1);
  if (!last) return 'none yet';
  const when = discordTimestamp(new Date(last.at), 'R');
  // A posted digest's detail says how it went out (late, without its map); a failure's says why.
  const detail = last.detail ? `${last.result === 'posted' ? ';' : ':'} ${truncate(last.detail, 120)}` : '';
  return `${resultWords[last.result]}${last.kind === 'test' ? ' (test)' : ''} ${when}${detail}`;
}

/** The words for a posted digest its subscription publishes, as /digest list and history show them. */
export const notYetPublished = 'posted, not yet published (Discord allows 10 publishes an hour)';

function describePublication(publication: Publication): string {
  if (publication.state === 'published') return 'published';
  if (publication.state === 'failed')
    return `not published: ${truncate(publication.detail ?? 'failed', 160)}`;
  return publication.detail && publication.detail !== publishLimitReason
    ? `posted, not yet published (${truncate(publication.detail, 120)}; trying again)`
    : notYetPublished;
}

/** The publish line of /digest list: on or off, and how many digests wait to be published. */
function describePublishing(subscription: Subscription): string {
  if (!subscription.publish) return 'Publish: off';
  const pending = pendingPublications(subscription);
  const latest = pending.at(-1);
  if (!latest) return 'Publish: on';
  const count = pending.length > 1 ? ` (${pending.length} digests)` : '';
  return `Publish: on · ${describePublication(latest.publication)}${count}`;
}

export function describeState(subscription: Subscription): string {
  if (!subscription.paused) return 'active';
  return `paused ${discordTimestamp(new Date(subscription.paused.at), 'R')}: ${subscription.paused.reason}`;
}

const subscriptionCount = (count: number) => `${count} digest subscription${count === 1 ? '' : 's'}`;

/**
 * The subscriptions the moderator may see, and a count (never the names) of those in channels they
 * cannot see.
 */
export function listReply(
  subscriptions: readonly Subscription[],
  nextRun: (subscription: Subscription) => Slot | undefined,
  maxPerGuild: number,
  inHiddenChannels = 0,
): ReplyPayload {
  if (subscriptions.length === 0 && inHiddenChannels === 0) {
    return renderUserError(
      'This server has no digest subscriptions. Create one with `/digest subscribe channel:#channel schedule:daily 08:00`.',
    );
  }
  if (subscriptions.length === 0) {
    return renderUserError(
      `This server has ${subscriptionCount(inHiddenChannels)}, all in channels you cannot see, so none is shown.`,
    );
  }
  const fields = subscriptions.slice(0, DiscordLimits.embedFields).map((subscription) => {
    const next = subscription.paused ? undefined : nextRun(subscription);
    return {
      name: truncate(`${subscription.id} · #${subscription.channelName}`, DiscordLimits.embedFieldName),
      value: truncate(
        [
          `<#${subscription.channelId}> · ${subscription.schedule.description} (${subscription.timeZone})`,
          `Map: ${subscription.includeMap ? 'on' : 'off'}`,
          ...(subscription.publish || subscription.channelKind === 'announcement'
            ? [describePublishing(subscription)]
            : []),
          `Next: ${next ? `${discordTimestamp(next.dueAt, 'F')}` : subscription.paused ? 'none while paused' : 'none'}`,
          `State: ${describeState(subscription)}`,
          `Last delivery: ${describeLastDelivery(subscription)}`,
        ].join('\n'),
        DiscordLimits.embedFieldValue,
      ),
    };
  });
  const overflow = subscriptions.length - fields.length;
  const total = subscriptions.length + inHiddenChannels;
  const embed: APIEmbed = {
    title: 'Digest subscriptions',
    description: `${total} of at most ${maxPerGuild} on this server.${inHiddenChannels > 0 ? ` ${subscriptionCount(inHiddenChannels)} in channels you cannot see (not shown).` : ''}${overflow > 0 ? ` ${overflow} more not shown.` : ''}`,
    color: colours.info,
    fields,
  };
  return { embeds: [embed], allowedMentions: { parse: [] }, ephemeral: true };
}

const historyResultWords: Record<DeliveryRecord['result'], string> = {
  posted: 'posted',
  quiet: 'quiet',
  failed: 'failed',
  paused: 'failed; paused',
  missed: 'skipped',
  superseded: 'skipped',
};

/** Which run a delivery was: its slot in the subscription's zone, or why it had none. */
function describeRun(record: DeliveryRecord, timeZone: string): string {
  if (record.slotKey) {
    const run = record.kind === 'late' ? 'late run' : 'slot';
    return `${run} ${record.slotKey.replace('T', ' ')} (${timeZone})`;
  }
  return record.kind === 'initial' ? 'first digest' : record.kind === 'test' ? 'test post' : 'unscheduled';
}

/**
 * Where a posted digest is. A forum post's starter message has its thread's id, so its link names
 * the thread and the message by the same id.
 */
export function messageLink(
  subscription: Pick<Subscription, 'guildId' | 'channelId' | 'channelKind'>,
  messageId: string,
): string {
  const channel = subscription.channelKind === 'forum' ? messageId : subscription.channelId;
  return `https://discord.com/channels/${subscription.guildId}/${channel}/${messageId}`;
}

/** Room per delivery: ten of them, with the title and description, stay within the embed's 6000. */
const historyFieldName = 120;
const historyFieldValue = 400;

/** /digest history: the kept deliveries, newest first, with their results and links. */
export function historyReply(subscription: Subscription): ReplyPayload {
  const records = [...subscription.history].reverse().slice(0, DiscordLimits.embedFields);
  const fields = records.map((record) => {
    const at = new Date(record.at);
    const lines = [
      `${discordTimestamp(at, 'F')} (${discordTimestamp(at, 'R')})`,
      record.detail ? `${record.result === 'posted' ? 'Note' : 'Reason'}: ${record.detail}` : undefined,
      record.publication ? `Publication: ${describePublication(record.publication)}` : undefined,
      record.messageId ? `[Posted message](${messageLink(subscription, record.messageId)})` : undefined,
    ].filter((line) => line !== undefined);
    return {
      name: truncate(
        `${historyResultWords[record.result]}${record.kind === 'test' ? ' (test)' : ''} · ${describeRun(record, subscription.timeZone)}`,
        historyFieldName,
      ),
      // The link goes last and must stay whole: the other lines give way to it.
      value: truncateKeepingLast(lines, historyFieldValue),
    };
  });
  const embed: APIEmbed = {
    title: truncate(
      `Delivery history · ${subscription.id} · #${subscription.channelName}`,
      DiscordLimits.embedTitle,
    ),
    description:
      records.length > 0
        ? `The last ${records.length === 1 ? 'delivery' : `${records.length} deliveries`} to <#${subscription.channelId}>, newest first (sitrep keeps the last ${deliveryHistoryLength}).`
        : `Nothing has been delivered to <#${subscription.channelId}> yet.`,
    color: colours.info,
    fields,
  };
  return { embeds: [embed], allowedMentions: { parse: [] }, ephemeral: true };
}

/** Lines joined within `max`, the earlier ones shortened so the last (a link) stays whole. */
function truncateKeepingLast(lines: readonly string[], max: number): string {
  const joined = lines.join('\n');
  if (joined.length <= max) return joined;
  const last = lines.at(-1) ?? '';
  if (last.length + 2 > max) return truncate(joined, max);
  return `${truncate(lines.slice(0, -1).join('\n'), max - last.length - 1)}\n${last}`;
}

/** The local clock in a zone, for autocomplete labels (plain text: no Discord timestamps there). */
function localLabel(at: number, timeZone: string): string {
  return zoneFormatter(timeZone, 'label').format(at).replace(',', '');
}

/** How many typed schedules autocomplete keeps parsed: what moderators are typing now, not all ever typed. */
export const scheduleCacheLimit = 500;

/**
 * Parsed schedules by what was typed, least recently used first (a Map keeps insertion order):
 * autocomplete asks again on every keystroke, and anyone may type any number of distinct schedules.
 */
const parsedSchedules = new Map<string, ScheduleParse>();

function parseScheduleCached(input: string): ScheduleParse {
  const cached = parsedSchedules.get(input);
  if (cached) {
    parsedSchedules.delete(input);
    parsedSchedules.set(input, cached);
    return cached;
  }
  const parsed = parseSchedule(input);
  parsedSchedules.set(input, parsed);
  for (const oldest of parsedSchedules.keys()) {
    if (parsedSchedules.size <= scheduleCacheLimit) break;
    parsedSchedules.delete(oldest);
  }
  return parsed;
}

/** How many typed schedules are cached now (for the test that it stays bounded). */
export function scheduleCacheSize(): number {
  return parsedSchedules.size;
}

/** Presets when nothing is typed; otherwise what was typed, with its next runs or why it is refused. */
export function scheduleChoices(typed: string, timeZone: string, now: number): AutocompleteChoice[] {
  const describe = (input: string, parsed: ScheduleParse): AutocompleteChoice => {
    if (!parsed.ok)
      return {
        name: truncate(`✗ ${input}: ${parsed.reason}`, DiscordLimits.choiceName),
        value: truncate(input, DiscordLimits.choiceValue),
      };
    const next = new SlotCalculator(parsed.schedule.cron, timeZone).upcoming(now, 2);
    const runs = next.map((slot) => localLabel(slot.dueAt, timeZone)).join(', ');
    return {
      name: truncate(`${input} → next ${runs} (${timeZone})`, DiscordLimits.choiceName),
      value: truncate(input, DiscordLimits.choiceValue),
    };
  };
  const presets = schedulePresets;
  const trimmed = typed.trim();
  if (trimmed === '') return presets.map((preset) => describe(preset, parseScheduleCached(preset)));
  const matchingPresets = presets.filter(
    (preset) => preset.startsWith(trimmed.toLowerCase()) && preset !== trimmed.toLowerCase(),
  );
  return [
    describe(trimmed, parseScheduleCached(trimmed)),
    ...matchingPresets.map((preset) => describe(preset, parseScheduleCached(preset))),
  ].slice(0, DiscordLimits.autocompleteChoices);
}
