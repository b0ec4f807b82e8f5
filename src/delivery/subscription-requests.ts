// A moderator's /digest subscribe request -> a new subscription record, or the reason it is refused.
// Pure apart from a random id: a refused request saves nothing.
import { randomBytes } from 'node:crypto';
import type { DigestLimits } from '../config.js';
import type { FactStore } from '../data/fact-store.js';
import { commandLine, commandLocalizations } from '../i18n/command-localizations.js';
import type { Locale } from '../i18n/locales.js';
import { type Words, wordsIn } from '../i18n/words.js';
import { type Result, refuse, succeed } from '../result.js';
import { parseSchedule, SlotCalculator, scheduleRefusalText } from '../scheduler/schedule.js';
import { resolveTimeZone } from '../scheduler/time-zones.js';
import { type ChannelKind, newSubscription, type Subscription } from '../store/subscription.js';
import { quoteUserInput, truncate } from '../text.js';

export interface SubscribeRequest {
  guildId: string;
  channel: { id: string; name: string; kind: ChannelKind };
  schedule: string;
  timeZone?: string | null;
  topics?: string | null;
  quiet?: boolean | null;
  /** Attach a map of what changed to each digest (off by default). */
  includeMap?: boolean | null;
  /** Publish each digest to the servers following the channel: announcement channels only. */
  publish?: boolean | null;
  pingRoleId?: string | null;
  /** The language digests are written in (default English); the command settles the default. */
  language?: Locale | null;
  requestedBy: string;
  /** The language of the moderator asking, for the reasons a request is refused. Default English. */
  readerLocale?: Locale;
}

export interface RequestContext {
  /** The guild's subscriptions now. */
  existing: readonly Subscription[];
  limits: DigestLimits;
  facts: FactStore;
  now: number;
}

function newSubscriptionId(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return [...randomBytes(8)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

function formatDuration(ms: number, words: Words): string {
  if (ms % 3_600_000 === 0) {
    const hours = ms / 3_600_000;
    return hours === 1
      ? words.t('digests.requests.hour')
      : words.t('digests.requests.hours', { count: hours });
  }
  const minutes = Math.round(ms / 60_000);
  return minutes === 1
    ? words.t('digests.requests.minute')
    : words.t('digests.requests.minutes', { count: minutes });
}

/** Presets that the operator's minimum interval accepts, to suggest after a refusal. */
function presetHint(minIntervalMs: number, words: Words): string {
  if (minIntervalMs <= 3_600_000) return words.t('digests.requests.hintHourly');
  if (minIntervalMs <= 6 * 3_600_000) return words.t('digests.requests.hintSixHours');
  if (minIntervalMs <= 24 * 3_600_000) return words.t('digests.requests.hintDaily');
  return words.t('digests.requests.hintWeekly');
}

/** An option of /digest subscribe as a reader of `locale` types it ("publish", "опублікувати"). */
export function subscribeOption(locale: Locale, name: string): string {
  return locale === 'en' ? name : (commandLocalizations[`digest.subscribe.${name}`]?.name[locale] ?? name);
}

/** What /digest says when a typed id names no subscription of this server. */
export function unknownIdMessage(id: string, locale: Locale = 'en'): string {
  return wordsIn(locale).t('digests.access.unknownId', {
    id: quoteUserInput(id, 20),
    list: commandLine(locale, 'digest list'),
  });
}

export function prepareSubscription(
  request: SubscribeRequest,
  { existing, limits, facts, now }: RequestContext,
): Result<Subscription> {
  const locale = request.readerLocale ?? 'en';
  const words = wordsIn(locale);
  if (existing.length >= limits.maxPerGuild) {
    return refuse(
      words.t('digests.requests.tooMany', {
        count: existing.length,
        max: limits.maxPerGuild,
        remove: commandLine(locale, 'digest remove'),
      }),
    );
  }
  if (request.publish && request.channel.kind !== 'announcement') {
    return refuse(
      words.t('digests.requests.publishNotAnnouncement', {
        publishTrue: `${subscribeOption(locale, 'publish')}:true`,
        publish: subscribeOption(locale, 'publish'),
        channel: request.channel.id,
      }),
    );
  }
  const schedule = parseSchedule(request.schedule);
  if (!schedule.ok) return refuse(scheduleRefusalText(schedule.refusal, words));
  const timeZoneInput = request.timeZone?.trim() || limits.defaultTimeZone;
  const timeZone = resolveTimeZone(timeZoneInput);
  if (!timeZone) {
    return refuse(words.t('digests.requests.unknownZone', { zone: quoteUserInput(timeZoneInput, 60) }));
  }
  const calculator = new SlotCalculator(schedule.schedule.cron, timeZone);
  const shortest = calculator.shortestInterval(now);
  if (!Number.isFinite(shortest) && !calculator.next(now)) {
    return refuse(words.t('digests.requests.neverRuns'));
  }
  if (shortest < limits.minIntervalMs) {
    return refuse(
      words.t('digests.requests.tooOften', {
        shortest: formatDuration(shortest, words),
        limit: formatDuration(limits.minIntervalMs, words),
        hint: presetHint(limits.minIntervalMs, words),
      }),
    );
  }
  // Topics as the moderator knows them: in their language, or in English.
  const named = facts.in(locale);
  const topics: string[] = [];
  for (const name of (request.topics ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const topic = named.resolveTopic(name) ?? facts.english.resolveTopic(name);
    if (!topic) {
      const known = named.topics.map((candidate) => candidate.name).join(', ');
      return refuse(
        words.t('digests.requests.unknownTopic', { topic: quoteUserInput(name, 60), topics: known }),
      );
    }
    if (!topics.includes(topic.id)) topics.push(topic.id);
  }
  const duplicate = existing.find(
    (subscription) =>
      subscription.channelId === request.channel.id &&
      subscription.schedule.cron === schedule.schedule.cron &&
      subscription.timeZone === timeZone &&
      subscription.topics.join() === topics.join() &&
      // The same digest in another language is another digest (a bilingual server may want both).
      subscription.language === (request.language ?? 'en'),
  );
  if (duplicate) {
    return refuse(
      words.t('digests.requests.duplicate', {
        channel: request.channel.id,
        id: duplicate.id,
        list: commandLine(locale, 'digest list'),
      }),
    );
  }
  return succeed(
    newSubscription({
      id: newSubscriptionId(),
      guildId: request.guildId,
      channelId: request.channel.id,
      channelName: truncate(request.channel.name, 100),
      channelKind: request.channel.kind,
      schedule: { input: truncate(request.schedule.trim(), 100), ...schedule.schedule },
      timeZone,
      topics,
      quiet: request.quiet ?? false,
      includeMap: request.includeMap ?? false,
      publish: request.publish ?? false,
      pingRoleId: request.pingRoleId ?? null,
      language: request.language ?? 'en',
      createdBy: request.requestedBy,
      createdAt: new Date(now).toISOString(),
    }),
  );
}
