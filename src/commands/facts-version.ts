// A short fingerprint of the facts an answer was built from, carried in its buttons' custom_ids: a
// press after a reload can then say the facts changed since the message was written.
import { createHash } from 'node:crypto';
import type { FactStore } from '../data/fact-store.js';

/** Six base64url characters (36 bits): enough to tell one load of the facts from the next. */
export function factsVersion(facts: FactStore): string {
  return facts.derive('factsVersion', () =>
    createHash('sha256')
      .update(JSON.stringify([facts.places, facts.actors, facts.topics, facts.sources, facts.facts]))
      .digest('base64url')
      .slice(0, 6),
  );
}

export const factsUpdatedNote = 'The facts were updated since this message; showing the current ones.';
