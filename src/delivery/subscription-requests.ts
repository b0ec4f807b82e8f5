// A moderator's /digest subscribe request -> a new subscription record, or the reason it is refused.
// Pure apart from a random id: a refused request saves nothing.
import { randomBytes } from 'node:crypto';
import type { DigestLimits } from '../config.js';
import type { FactStore } from '../data/fact-store.js';
import { type Result, refuse, succeed } from '../result.js';
import { parseSchedule, SlotCalculator } from '../scheduler/schedule.js';
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
  requestedBy: string;
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

function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) {
    const hours = ms / 3_600_000;
    return hours === 1 ? 'hour' : `${hours} hours`;
  }
  const minutes = Math.round(ms / 60_000);
  return minutes === 1 ? 'minute' : `${minutes} minutes`;
}

/** Presets that the operator's minimum interval accepts, to suggest after a refusal. */
function presetHint(minIntervalMs: number): string {
  if (minIntervalMs <= 3_600_000) return 'Try "hourly" or "every 6 hours".';
  if (minIntervalMs <= 6 * 3_600_000) return 'Try "every 6 hours" or "daily 08:00".';
  if (minIntervalMs <= 24 * 3_600_000) return 'Try "daily 08:00".';
  return 'Try "weekly mon 09:00".';
}

/** What /digest says when a typed id names no subscription of this server. */
export function unknownIdMessage(id: string): string {
  return `No digest ${quoteUserInput(id, 20)} on this server. /digest list shows the ids.`;
}

export function prepareSubscription(
  request: SubscribeRequest,
  { existing, limits, facts, now }: RequestContext,
): Result<Subscription> {
  if (existing.length >= limits.maxPerGuild) {
    return refuse(
      `This server already has ${existing.length} digest subscriptions, the most allowed (${limits.maxPerGuild}). Remove one with /digest remove first.`,
    );
  }
  if (request.publish && request.channel.kind !== 'announcement') {
    return refuse(
      `publish:true publishes each digest to the servers that follow an announcement channel, and <#${request.channel.id}> is not one. Pick an announcement channel, or leave publish out. Nothing was saved.`,
    );
  }
  const schedule = parseSchedule(request.schedule);
  if (!schedule.ok) return refuse(schedule.reason);
  const timeZoneInput = request.timeZone?.trim() || limits.defaultTimeZone;
  const timeZone = resolveTimeZone(timeZoneInput);
  if (!timeZone) {
    return refuse(
      `${quoteUserInput(timeZoneInput, 60)} is not a time zone I know. Use an IANA name such as Europe/Kyiv, Europe/Moscow or UTC; pick one from the list as you type.`,
    );
  }
  const calculator = new SlotCalculator(schedule.schedule.cron, timeZone);
  const shortest = calculator.shortestInterval(now);
  if (!Number.isFinite(shortest) && !calculator.next(now)) {
    return refuse('That schedule never runs (no such date exists). Check the day and month fields.');
  }
  if (shortest < limits.minIntervalMs) {
    return refuse(
      `That schedule runs every ${formatDuration(shortest)} at its most frequent; digests can run at most every ${formatDuration(limits.minIntervalMs)}. ${presetHint(limits.minIntervalMs)}`,
    );
  }
  const topics: string[] = [];
  for (const name of (request.topics ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const topic = facts.resolveTopic(name);
    if (!topic) {
      const known = facts.topics.map((candidate) => candidate.name).join(', ');
      return refuse(`I don't know the topic ${quoteUserInput(name, 60)}. Topics: ${known}.`);
    }
    if (!topics.includes(topic.id)) topics.push(topic.id);
  }
  const duplicate = existing.find(
    (subscription) =>
      subscription.channelId === request.channel.id &&
      subscription.schedule.cron === schedule.schedule.cron &&
      subscription.timeZone === timeZone &&
      subscription.topics.join() === topics.join(),
  );
  if (duplicate) {
    return refuse(
      `<#${request.channel.id}> already has this digest (id \`${duplicate.id}\`). Use /digest list to see it.`,
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
      createdBy: request.requestedBy,
      createdAt: new Date(now).toISOString(),
    }),
  );
}
