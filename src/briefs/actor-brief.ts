import type { FactStore } from '../data/fact-store.js';
import type { Actor } from '../data/schema.js';
import { commandLine } from '../i18n/command-localizations.js';
import { wordsIn } from '../i18n/words.js';
import { asOfLabel, attributedLine, byImportance, SourceCitations } from './attribution.js';
import { type Brief, lazySection } from './brief.js';

/** What one actor asserts, with how others answered each statement; in the store's language. */
export function buildActorBrief(store: FactStore, actor: Actor): Brief {
  const facts = store.derive(`ranked:actor:${actor.id}`, () => byImportance(store.factsForActor(actor.id)));
  const citations = new SourceCitations(store);
  const words = wordsIn(store.locale);
  return {
    locale: store.locale,
    title: words.t('briefs.actor.title', { actor: actor.name }),
    intro: words.t('briefs.actor.intro', { description: actor.description, count: facts.length }),
    sections:
      facts.length > 0
        ? [
            lazySection(words.t('briefs.actor.statements'), facts, (fact) =>
              attributedLine(store, fact, citations),
            ),
          ]
        : [],
    sources: () => citations.list(),
    asOf: store.derive(`asOf:actor:${actor.id}`, () => asOfLabel(store, facts)),
    storeUpdated: store.lastAdded(),
    continuation: (nextPage) =>
      commandLine(store.locale, 'who', [
        ['actor', actor.name],
        ['page', nextPage],
      ]),
    tone: 'info',
  };
}
