// Replies for /digest, as pure functions of subscriptions and times, so they test without Discord.
import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { DeliveryReport } from '../delivery/digest-delivery.js';
import { pauseReasonIn } from '../delivery/digest-message.js';
import { publishLimitReason } from '../delivery/rest-poster.js';
import { subscribeOption } from '../delivery/subscription-requests.js';
import { commandLine } from '../i18n/command-localizations.js';
import type { Locale } from '../i18n/locales.js';
import { type Words, wordsIn } from '../i18n/words.js';
import { colours, type ReplyPayload, renderUserError } from '../render/discord-embed.js';
import { DiscordLimits } from '../render/discord-limits.js';
import { discordTimestamp } from '../render/discord-markup.js';
import {
  describeCron,
  parseSchedule,
  type ScheduleParse,
  type Slot,
  SlotCalculator,
  schedulePresets,
  scheduleRefusalText,
} from '../scheduler/schedule.js';
import { localizedZoneFormatter } from '../scheduler/time-zones.js';
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

// Permissions by Discord's English names (what these functions return); said in the reader's language
// with `permissionName`.
const view = { flag: PermissionFlagsBits.ViewChannel, name: 'View Channel', key: 'view' };
const embed = { flag: PermissionFlagsBits.EmbedLinks, name: 'Embed Links', key: 'embed' };
const send = { flag: PermissionFlagsBits.SendMessages, name: 'Send Messages', key: 'send' };
const sendInThreads = {
  flag: PermissionFlagsBits.SendMessagesInThreads,
  name: 'Send Messages in Threads',
  key: 'sendInThreads',
};
const attach = { flag: PermissionFlagsBits.AttachFiles, name: 'Attach Files', key: 'attach' };
const permissionKeys = new Map(
  [view, embed, send, sendInThreads, attach].map(({ name, key }) => [name, key]),
);

/** A permission's name as the reader's Discord shows it (Discord's English name after it). */
function permissionName(name: string, words: Words): string {
  const key = permissionKeys.get(name);
  return key ? words.t(`digests.access.permission.${key}`) : name;
}

/** The words of a locale, and the language a subscription's digests are in, named in them. */
const languageLine = (subscription: Pick<Subscription, 'language'>, words: Words) =>
  words.t('digests.language', { language: words.languageName(subscription.language) });

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
function invokerPostingPermissions(kind: ChannelKind): { flag: bigint; name: string; key: string }[] {
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

const postingRefusals = new Set(['subscribe', 'test', 'resume']);

/** The moderator may see the channel but not post in it; `action` is the subcommand refused. */
export function invokerCannotPostReply(
  channelId: string,
  missing: readonly string[],
  action: string,
  locale: Locale = 'en',
): ReplyPayload {
  const words = wordsIn(locale);
  return renderUserError(
    words.t('digests.access.cannotPost', {
      channel: channelId,
      missing: words.list(missing.map((name) => permissionName(name, words))),
      refusal: words.t(`digests.access.postingRefusal.${postingRefusals.has(action) ? action : 'subscribe'}`),
    }),
  );
}

/** A ping role that is not mentionable, chosen by a moderator who may not mention every role there. */
export function unmentionableRoleReply(
  roleId: string,
  channelId: string,
  locale: Locale = 'en',
): ReplyPayload {
  return renderUserError(
    wordsIn(locale).t('digests.access.unmentionableRole', {
      role: roleId,
      channel: channelId,
      pingRole: subscribeOption(locale, 'ping_role'),
    }),
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
  locale: Locale = 'en',
): ReplyPayload {
  const words = wordsIn(locale);
  const mapTrue = `${subscribeOption(locale, 'map')}:true`;
  const lines = requiredPermissions(kind, needs).map(
    ({ name }) =>
      `${missing.includes(name) ? '❌' : '✅'} ${permissionName(name, words)}${name === attach.name ? words.t('digests.access.forMap', { mapTrue }) : ''}`,
  );
  const withoutMap = missing.includes(attach.name) ? words.t('digests.access.withoutMap', { mapTrue }) : '';
  return renderUserError(
    words.t('digests.access.checklist', { channel: channelId, lines: lines.join('\n'), withoutMap }),
  );
}

const runList = (slots: readonly Slot[]) =>
  slots
    .map((slot) => `${discordTimestamp(slot.dueAt, 'F')} (${discordTimestamp(slot.dueAt, 'R')})`)
    .join('\n');

const mapWords = (subscription: Pick<Subscription, 'includeMap'>, words: Words) =>
  words.t(subscription.includeMap ? 'digests.replies.mapOn' : 'digests.replies.mapOff');

/**
 * What a schedule means, in the reader's words: "every day at 08:00", "щодня о 08:00". English is the
 * description stored with the subscription; the others are written from the same shapes describeCron
 * (scheduler/schedule.ts) recognises.
 */
export function describeSchedule(
  schedule: Pick<Subscription['schedule'], 'cron' | 'description'>,
  locale: Locale,
): string {
  return locale === 'en' ? schedule.description : describeCron(schedule.cron, wordsIn(locale));
}

/** "/digest pause|resume|preview|test|history|remove id:abc", as the reader's client names them. */
function manageLine(id: string, locale: Locale): string {
  const subcommands = ['pause', 'resume', 'preview', 'test', 'history', 'remove'].map(
    (name) => commandLine(locale, `digest ${name}`).split(' ')[1] ?? name,
  );
  const idOption = commandLine(locale, 'digest pause', [['id', id]]).split(' ')[2] ?? `id:${id}`;
  return `${commandLine(locale, 'digest')} ${subcommands.join('|')} ${idOption}`;
}

/**
 * The confirmation of a new subscription, in `locale` (the moderator's); it names the language the
 * digests themselves are written in.
 */
export function subscribedReply(
  subscription: Subscription,
  next: readonly Slot[],
  first: DeliveryReport,
  topicNames: readonly string[],
  warnings: readonly string[] = [],
  locale: Locale = 'en',
): ReplyPayload {
  const words = wordsIn(locale);
  const r = (key: string, values?: Record<string, unknown>) => words.t(`digests.replies.${key}`, values);
  const fields: APIEmbedField[] = [
    { name: r('channel'), value: `<#${subscription.channelId}>`, inline: true },
    { name: r('id'), value: `\`${subscription.id}\``, inline: true },
    {
      name: r('schedule'),
      value: `${describeSchedule(subscription.schedule, locale)} (${subscription.timeZone})`,
    },
    { name: r('nextRuns'), value: runList(next) || r('none') },
    {
      name: r('content'),
      value: truncate(
        [
          topicNames.length > 0 ? r('topics', { topics: topicNames.join(', ') }) : r('allTopics'),
          languageLine(subscription, words),
          subscription.quiet ? r('quietOn') : r('quietOff'),
          mapWords(subscription, words),
          ...(subscription.publish ? [r('publishes')] : []),
          subscription.pingRoleId ? r('pings', { role: subscription.pingRoleId }) : r('pingsNobody'),
        ].join('\n'),
        DiscordLimits.embedFieldValue,
      ),
    },
    {
      name: r('firstDigest'),
      value: truncate(
        `${r(`firstPost.${first.result}`)}${first.detail ? ` (${localizedDetail(first.detail, words)})` : ''}`,
        DiscordLimits.embedFieldValue,
      ),
    },
  ];
  if (warnings.length > 0)
    fields.push({ name: r('note'), value: truncate(warnings.join('\n'), DiscordLimits.embedFieldValue) });
  const embed: APIEmbed = {
    title: r('subscribedTitle'),
    description: r('subscribedDescription', { commands: manageLine(subscription.id, locale) }),
    color: colours.info,
    fields,
  };
  return { embeds: [embed], allowedMentions: { parse: [] }, ephemeral: true };
}

/** The English details sitrep records with a delivery, by their catalogue keys. */
const detailKeys = [
  'postedLate',
  'quiet',
  'noAttach',
  'removed',
  'claimedElsewhere',
  'shuttingDown',
  'noAnswer',
  'messageDeleted',
  'notAnnouncement',
] as const;
const englishDetails = new Map(detailKeys.map((key) => [wordsIn('en').t(`digests.detail.${key}`), key]));
const englishPauseReasons = new Map(
  (['moderator', 'channel-deleted', 'missing-access', 'missing-permissions'] as const).map((code) => [
    wordsIn('en').t(`digests.pauseReason.${code}`),
    code,
  ]),
);

/**
 * A delivery's recorded detail ("posted late; without its map: ...") in the reader's language. The
 * record keeps sitrep's English; the details sitrep writes itself are said again from the catalogue,
 * and what Discord answered (a status, an error's text) is left as it was.
 */
export function localizedDetail(detail: string, words: Words): string {
  if (words.locale === 'en') return detail;
  const one = (part: string): string => {
    const key = englishDetails.get(part);
    if (key) return words.t(`digests.detail.${key}`);
    const code = englishPauseReasons.get(part);
    if (code) return words.t(`digests.pauseReason.${code}`);
    if (part.startsWith('without its map: '))
      return words.t('digests.detail.withoutMap', { reason: one(part.slice('without its map: '.length)) });
    return part;
  };
  const whole = one(detail);
  return whole !== detail ? whole : detail.split('; ').map(one).join('; ');
}

function describeLastDelivery(subscription: Subscription, words: Words): string {
  const last = subscription.history.at(-1);
  const r = (key: string, values?: Record<string, unknown>) => words.t(`digests.replies.${key}`, values);
  if (!last) return r('noneYet');
  const when = discordTimestamp(new Date(last.at), 'R');
  // A posted digest's detail says how it went out (late, without its map); a failure's says why.
  const detail = last.detail
    ? `${last.result === 'posted' ? ';' : ':'} ${truncate(localizedDetail(last.detail, words), 120)}`
    : '';
  return `${r(`result.${last.result}`)}${last.kind === 'test' ? r('test') : ''} ${when}${detail}`;
}

/** The words for a posted digest its subscription publishes, as /digest list and history show them. */
export const notYetPublished = 'posted, not yet published (Discord allows 10 publishes an hour)';

function describePublication(publication: Publication, words: Words): string {
  const r = (key: string, values?: Record<string, unknown>) => words.t(`digests.replies.${key}`, values);
  if (publication.state === 'published') return r('published');
  if (publication.state === 'failed')
    return r('notPublished', {
      detail: truncate(publication.detail ? localizedDetail(publication.detail, words) : r('failed'), 160),
    });
  return publication.detail && publication.detail !== publishLimitReason
    ? r('notYetPublishedBecause', { detail: truncate(localizedDetail(publication.detail, words), 120) })
    : r('notYetPublished');
}

/** The publish line of /digest list: on or off, and how many digests wait to be published. */
function describePublishing(subscription: Subscription, words: Words): string {
  const r = (key: string, values?: Record<string, unknown>) => words.t(`digests.replies.${key}`, values);
  if (!subscription.publish) return r('publishOff');
  const pending = pendingPublications(subscription);
  const latest = pending.at(-1);
  if (!latest) return r('publishOn');
  const count = pending.length > 1 ? r('pendingCount', { count: pending.length }) : '';
  return r('publishPending', { publication: describePublication(latest.publication, words), count });
}

export function describeState(subscription: Subscription, locale: Locale = 'en'): string {
  const words = wordsIn(locale);
  if (!subscription.paused) return words.t('digests.replies.active');
  return words.t('digests.replies.pausedState', {
    when: discordTimestamp(new Date(subscription.paused.at), 'R'),
    reason: pauseReasonIn(locale, subscription.paused.reason, subscription.paused.code),
  });
}

/**
 * The subscriptions the moderator may see, and a count (never the names) of those in channels they
 * cannot see.
 */
export function listReply(
  subscriptions: readonly Subscription[],
  nextRun: (subscription: Subscription) => Slot | undefined,
  maxPerGuild: number,
  inHiddenChannels = 0,
  locale: Locale = 'en',
): ReplyPayload {
  const words = wordsIn(locale);
  const r = (key: string, values?: Record<string, unknown>) => words.t(`digests.replies.${key}`, values);
  if (subscriptions.length === 0 && inHiddenChannels === 0) {
    return renderUserError(
      r('noSubscriptions', {
        subscribe: commandLine(locale, 'digest subscribe', [
          ['channel', '#channel'],
          ['schedule', 'daily 08:00'],
        ]),
      }),
    );
  }
  if (subscriptions.length === 0) {
    return renderUserError(
      r('allHidden', { subscriptions: r('subscriptions', { count: inHiddenChannels }) }),
    );
  }
  const fields = subscriptions.slice(0, DiscordLimits.embedFields).map((subscription) => {
    const next = subscription.paused ? undefined : nextRun(subscription);
    return {
      name: truncate(`${subscription.id} · #${subscription.channelName}`, DiscordLimits.embedFieldName),
      value: truncate(
        [
          `<#${subscription.channelId}> · ${describeSchedule(subscription.schedule, locale)} (${subscription.timeZone})`,
          languageLine(subscription, words),
          r('map', { state: r(subscription.includeMap ? 'on' : 'off') }),
          ...(subscription.publish || subscription.channelKind === 'announcement'
            ? [describePublishing(subscription, words)]
            : []),
          r('next', {
            when: next
              ? discordTimestamp(next.dueAt, 'F')
              : subscription.paused
                ? r('noneWhilePaused')
                : r('none'),
          }),
          r('state', { state: describeState(subscription, locale) }),
          r('lastDelivery', { delivery: describeLastDelivery(subscription, words) }),
        ].join('\n'),
        DiscordLimits.embedFieldValue,
      ),
    };
  });
  const overflow = subscriptions.length - fields.length;
  const total = subscriptions.length + inHiddenChannels;
  const embed: APIEmbed = {
    title: r('listTitle'),
    description: `${r('listCount', { total, max: maxPerGuild })}${inHiddenChannels > 0 ? r('listHidden', { subscriptions: r('subscriptions', { count: inHiddenChannels }) }) : ''}${overflow > 0 ? r('listOverflow', { count: overflow }) : ''}`,
    color: colours.info,
    fields,
  };
  return { embeds: [embed], allowedMentions: { parse: [] }, ephemeral: true };
}

/** Which run a delivery was: its slot in the subscription's zone, or why it had none. */
function describeRun(record: DeliveryRecord, timeZone: string, words: Words): string {
  const r = (key: string, values?: Record<string, unknown>) => words.t(`digests.replies.${key}`, values);
  if (record.slotKey) {
    return r(record.kind === 'late' ? 'lateRun' : 'slot', {
      slot: record.slotKey.replace('T', ' '),
      zone: timeZone,
    });
  }
  return r(
    record.kind === 'initial' ? 'firstDigestRun' : record.kind === 'test' ? 'testPost' : 'unscheduled',
  );
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

/** /digest history: the kept deliveries, newest first, with their results and links, in `locale`. */
export function historyReply(subscription: Subscription, locale: Locale = 'en'): ReplyPayload {
  const words = wordsIn(locale);
  const r = (key: string, values?: Record<string, unknown>) => words.t(`digests.replies.${key}`, values);
  const records = [...subscription.history].reverse().slice(0, DiscordLimits.embedFields);
  const fields = records.map((record) => {
    const at = new Date(record.at);
    const detail = record.detail ? localizedDetail(record.detail, words) : undefined;
    const lines = [
      `${discordTimestamp(at, 'F')} (${discordTimestamp(at, 'R')})`,
      detail ? r(record.result === 'posted' ? 'noteLine' : 'reasonLine', { detail }) : undefined,
      record.publication
        ? r('publicationLine', { publication: describePublication(record.publication, words) })
        : undefined,
      record.messageId
        ? r('postedMessage', { link: messageLink(subscription, record.messageId) })
        : undefined,
    ].filter((line) => line !== undefined);
    return {
      name: truncate(
        `${r(`historyResult.${record.result}`)}${record.kind === 'test' ? r('test') : ''} · ${describeRun(record, subscription.timeZone, words)}`,
        historyFieldName,
      ),
      // The link goes last and must stay whole: the other lines give way to it.
      value: truncateKeepingLast(lines, historyFieldValue),
    };
  });
  const embed: APIEmbed = {
    title: truncate(
      r('historyTitle', { id: subscription.id, channel: subscription.channelName }),
      DiscordLimits.embedTitle,
    ),
    description:
      records.length > 0
        ? r('historyLast', {
            count: records.length,
            channel: subscription.channelId,
            kept: deliveryHistoryLength,
          })
        : r('historyNone', { channel: subscription.channelId }),
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

/** Per locale and zone, for labels in Ukrainian and Russian (English has the scheduler's). */
/** The local clock in a zone, for autocomplete labels (plain text: no Discord timestamps there). */
function localLabel(at: number, timeZone: string, locale: Locale = 'en'): string {
  return localizedZoneFormatter(timeZone, 'label', locale).format(at).replace(',', '');
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
export function scheduleChoices(
  typed: string,
  timeZone: string,
  now: number,
  locale: Locale = 'en',
): AutocompleteChoice[] {
  const words = wordsIn(locale);
  const describe = (input: string, parsed: ScheduleParse): AutocompleteChoice => {
    if (!parsed.ok)
      return {
        name: truncate(
          words.t('digests.schedule.choiceRefused', {
            input,
            reason: scheduleRefusalText(parsed.refusal, words),
          }),
          DiscordLimits.choiceName,
        ),
        value: truncate(input, DiscordLimits.choiceValue),
      };
    const next = new SlotCalculator(parsed.schedule.cron, timeZone).upcoming(now, 2);
    const runs = next.map((slot) => localLabel(slot.dueAt, timeZone, locale)).join(', ');
    return {
      name: truncate(
        words.t('digests.schedule.choiceNext', { input, runs, zone: timeZone }),
        DiscordLimits.choiceName,
      ),
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
