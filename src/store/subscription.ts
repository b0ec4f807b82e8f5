// A digest subscription as stored. The schema is checked on every read: a record written by another
// version, damaged by hand, or naming a zone or cron this runtime cannot run (record-checks.ts) is
// reported and skipped instead of crashing the scheduler.
import { z } from 'zod';
import type { Locale } from '../i18n/locales.js';
import {
  currentZoneName,
  isRunnableCron,
  isRunnableTimeZone,
  isStoredLanguage,
  storedLanguageMessage,
} from './record-checks.js';

const subscriptionSchemaVersion = 1;

const channelKinds = ['text', 'announcement', 'thread', 'forum'] as const;
export type ChannelKind = (typeof channelKinds)[number];

const pauseCodes = ['moderator', 'channel-deleted', 'missing-access', 'missing-permissions'] as const;
export type PauseCode = (typeof pauseCodes)[number];

const deliveryResults = ['posted', 'quiet', 'failed', 'paused', 'missed', 'superseded'] as const;
export type DeliveryResult = (typeof deliveryResults)[number];

const isoDate = z.iso.datetime({ offset: true });
const snowflake = z.string().regex(/^\d{17,20}$/);

const publicationStates = ['published', 'pending', 'failed'] as const;
export type PublicationState = (typeof publicationStates)[number];

/** A posted digest's publication to the servers following its announcement channel. */
const publicationSchema = z.object({
  state: z.enum(publicationStates),
  /** Publish requests made so far: a pending one is given up after a few. */
  attempts: z.number().int().min(0),
  /** Why it is pending or failed. */
  detail: z.string().max(300).optional(),
});
export type Publication = z.infer<typeof publicationSchema>;

const deliveryRecordSchema = z.object({
  at: isoDate,
  /** The slot's wall time in the subscription's zone; absent for tests and the first post. */
  slotKey: z.string().optional(),
  kind: z.enum(['initial', 'scheduled', 'late', 'test']),
  result: z.enum(deliveryResults),
  detail: z.string().max(300).optional(),
  messageId: z.string().optional(),
  /** Set for a digest posted by a subscription that publishes it. */
  publication: publicationSchema.optional(),
});
export type DeliveryRecord = z.infer<typeof deliveryRecordSchema>;

export const subscriptionSchema = z.object({
  version: z.literal(subscriptionSchemaVersion),
  id: z.string().regex(/^[a-z0-9]{6,12}$/),
  guildId: snowflake,
  channelId: snowflake,
  channelName: z.string().max(100),
  channelKind: z.enum(channelKinds),
  schedule: z.object({
    /** What the moderator typed, shown back to them. */
    input: z.string().max(100),
    /** Five fields node-cron parses: a record the scheduler cannot run is skipped, not fatal. */
    cron: z.string().refine(isRunnableCron, 'not a 5-field cron expression node-cron accepts'),
    description: z.string(),
  }),
  /** A named zone Intl knows, read under its current IANA spelling ("Asia/Calcutta" -> "Asia/Kolkata"). */
  timeZone: z
    .string()
    .refine(isRunnableTimeZone, 'not a time zone this runtime knows')
    .overwrite(currentZoneName),
  topics: z.array(z.string()).max(25),
  quiet: z.boolean(),
  /** Attach a map of where the digest's changes are; records from before the option read as off. */
  includeMap: z.boolean().default(false),
  /** Publish (crosspost) each digest in an announcement channel; records from before the option read as off. */
  publish: z.boolean().default(false),
  pingRoleId: snowflake.nullable(),
  /** The language the digest is written in; records from before the option read as English. */
  language: z.custom<Locale>(isStoredLanguage, storedLanguageMessage).default('en'),
  createdBy: snowflake,
  createdAt: isoDate,
  /** Slots due at or before this (creation, or the last resume) are not owed. */
  activeSince: isoDate,
  paused: z.object({ code: z.enum(pauseCodes), reason: z.string().max(300), at: isoDate }).nullable(),
  /** When the content of the last posted digest was gathered: the next digest reports changes since. */
  lastDigestAt: isoDate.nullable(),
  /** The last slot handled; `sending` survives a crash mid-send so a restart re-sends with the same nonce. */
  lastSlot: z
    .object({
      key: z.string(),
      dueAt: isoDate,
      state: z.enum(['sending', 'done']),
      nonce: z.string().max(25),
      /** When the send was claimed: a re-send is only safe while Discord still remembers the nonce. */
      claimedAt: isoDate.optional(),
    })
    .nullable(),
  history: z.array(deliveryRecordSchema).max(20),
  /** Set once the guild has been told this subscription was paused by a delivery failure. */
  guildNotifiedAt: isoDate.nullable(),
});
export type Subscription = z.infer<typeof subscriptionSchema>;

/** What a new subscription must be told; everything else starts empty. */
export type NewSubscription = Pick<
  Subscription,
  | 'id'
  | 'guildId'
  | 'channelId'
  | 'channelName'
  | 'channelKind'
  | 'schedule'
  | 'timeZone'
  | 'createdBy'
  | 'createdAt'
> &
  Partial<Subscription>;

/** A subscription record as first saved: active since its creation, nothing delivered yet. */
export function newSubscription(fields: NewSubscription): Subscription {
  return {
    version: subscriptionSchemaVersion,
    topics: [],
    quiet: false,
    includeMap: false,
    publish: false,
    pingRoleId: null,
    language: 'en',
    activeSince: fields.createdAt,
    paused: null,
    lastDigestAt: null,
    lastSlot: null,
    history: [],
    guildNotifiedAt: null,
    ...fields,
  };
}

/** Delivery records kept per subscription, newest last. */
export const deliveryHistoryLength = 10;

export function withDelivery(subscription: Subscription, record: DeliveryRecord): Subscription {
  return { ...subscription, history: [...subscription.history, record].slice(-deliveryHistoryLength) };
}

/** The subscription with the publication of its delivery of `messageId` replaced. */
export function withPublication(
  subscription: Subscription,
  messageId: string,
  publication: Publication,
): Subscription {
  return {
    ...subscription,
    history: subscription.history.map((record) =>
      record.messageId === messageId ? { ...record, publication } : record,
    ),
  };
}

/** Posted digests still waiting to be published, oldest first. */
export function pendingPublications(
  subscription: Pick<Subscription, 'history'>,
): (DeliveryRecord & { messageId: string; publication: Publication })[] {
  return subscription.history.filter(
    (record): record is DeliveryRecord & { messageId: string; publication: Publication } =>
      record.messageId !== undefined && record.publication?.state === 'pending',
  );
}
