// A watcher as stored: one record per Discord user who watches places, topics or actors with /watch.
// What identifies a person is only their user id and what they watch; the rest is delivery
// bookkeeping (times, a nonce, why messages are paused). The schema is checked on every read: a record
// written by another version or damaged by hand is reported and skipped, never silently deleted.
import { z } from 'zod';
import { watchKinds } from '../briefs/watch-brief.js';
import { maxWatchesPerUserCeiling } from '../config.js';
import { type Locale, supportedLocales } from '../i18n/locales.js';

const watcherSchemaVersion = 1;

/** Read in one spelling (UTC, milliseconds) however it was written, so that times compare as strings. */
const isoDate = z.iso.datetime({ offset: true }).overwrite((value) => new Date(value).toISOString());
const snowflake = z.string().regex(/^\d{17,20}$/);

const pauseCodes = ['dms-closed', 'unknown-user', 'refused'] as const;
export type WatchPauseCode = (typeof pauseCodes)[number];

const watchSchema = z.object({
  kind: z.enum(watchKinds),
  id: z
    .string()
    .max(100)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  addedAt: isoDate,
});

export const watcherSchema = z.object({
  version: z.literal(watcherSchemaVersion),
  userId: snowflake,
  /**
   * The language of the person who made the watches (their Discord locale at their latest
   * `/watch add`): their messages are written in it. Records from before it was kept read as English.
   */
  locale: z.enum(supportedLocales).default('en'),
  /** In the order the user added them. */
  watches: z.array(watchSchema).max(maxWatchesPerUserCeiling),
  /** Ledger changes up to this time were delivered to this user, or came before they watched. */
  cursor: isoDate,
  /** Set when Discord says the user cannot be messaged; nothing is sent until they resume. */
  paused: z.object({ code: z.enum(pauseCodes), reason: z.string().max(300), at: isoDate }).nullable(),
  /**
   * The last message claimed: `sending` survives a crash mid-send, so a restart re-sends it with the
   * same nonce (Discord drops the copy if the first arrived) or, once Discord has forgotten the nonce,
   * gives it up rather than risk a second copy.
   */
  lastDelivery: z
    .object({
      /** The ledger time the message covers changes up to: the cursor once it is delivered. */
      stamp: isoDate,
      state: z.enum(['sending', 'done']),
      nonce: z.string().max(25),
      claimedAt: isoDate,
    })
    .nullable(),
});
export type Watcher = z.infer<typeof watcherSchema>;
/** A record as it may be written: one without a language (from before it was kept) reads as English. */
export type WatcherRecord = z.input<typeof watcherSchema>;
export type WatcherDelivery = NonNullable<Watcher['lastDelivery']>;

/** A user's record before their first watch: changes already in the ledger are not news to them. */
export function newWatcher(userId: string, nowIso: string, locale: Locale = 'en'): Watcher {
  return {
    version: watcherSchemaVersion,
    userId,
    locale,
    watches: [],
    cursor: nowIso,
    paused: null,
    lastDelivery: null,
  };
}
