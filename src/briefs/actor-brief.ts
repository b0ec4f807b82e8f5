import type { FactStore } from '../data/fact-store.js';
import type { Actor } from '../data/schema.js';
import { asOfLabel, attributedLine, byImportance, SourceCitations } from './attribution.js';
import { type Brief, lazySection } from './brief.js';

/** What one actor asserts, with how others answered each statement. */
export function buildActorBrief(store: FactStore, actor: Actor): Brief {
  const facts = store.derive(`ranked:actor:${actor.id}`, () => byImportance(store.factsForActor(actor.id)));
  const citations = new SourceCitations(store);
  return {
    title: `Who says what: ${actor.name}`,
    intro: `${actor.description} ${facts.length} statement${facts.length === 1 ? '' : 's'} in the store.`,
    sections:
      facts.length > 0
        ? [lazySection('Statements', facts, (fact) => attributedLine(store, fact, citations))]
        : [],
    sources: () => citations.list(),
    asOf: store.derive(`asOf:actor:${actor.id}`, () => asOfLabel(store, facts)),
    storeUpdated: store.lastAdded(),
    continuation: (nextPage) => `/who actor:${actor.name} page:${nextPage}`,
    tone: 'info',
  };
}
