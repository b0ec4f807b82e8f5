// A short fingerprint of the facts an answer was built from, carried in its buttons' custom_ids: a
// press after a reload can then say the facts changed since the message was written.
import { createHash } from 'node:crypto';
import type { FactStore } from '../data/fact-store.js';
import type { Locale } from '../i18n/locales.js';
import { wordsIn } from '../i18n/words.js';

/** Six base64url characters (36 bits): enough to tell one load of the facts from the next. */
export function factsVersion(store: FactStore): string {
  // One fingerprint for every language: a button made in Ukrainian still matches after a reload-free
  // press in Russian.
  const facts = store.english;
  return facts.derive('factsVersion', () =>
    createHash('sha256')
      .update(JSON.stringify([facts.places, facts.actors, facts.topics, facts.sources, facts.facts]))
      .digest('base64url')
      .slice(0, 6),
  );
}

/** Said above an answer whose buttons were made from facts that have since changed. */
export const factsUpdatedNote = (locale: Locale = 'en'): string => wordsIn(locale).t('commands.factsUpdated');
