// Expected bad input is a value, not an exception: one Result shape across the code, and one error
// type whose text is safe to show the user who caused it.

export type Result<T> = { ok: true; value: T } | { ok: false; reason: string };

export function succeed<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** A refusal; `reason` is written for the user who asked (no secrets, user text quoted). */
export function refuse(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

/**
 * An error whose `userMessage` the interaction router shows as it is (ephemerally); the message of
 * any other error stays in the log and the user sees a generic apology.
 */
export class UserError extends Error {
  constructor(
    readonly userMessage: string,
    message = userMessage,
    /** The message's key in the catalogues (`bot.storeWriteRefused`), so it can be said in the reader's language. */
    readonly messageKey?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
