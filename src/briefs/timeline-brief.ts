import type { FactStore } from '../data/fact-store.js';
import type { Place } from '../data/schema.js';
import { asOfLabel, attributedSentence, formatWhen, SourceCitations } from './attribution.js';
import { type Brief, lazySection } from './brief.js';

/** Dated facts, oldest first, each with where its date comes from. */
export function buildTimelineBrief(store: FactStore, place?: Place): Brief {
  const facts = store.timeline(place?.id);
  const pool = place ? store.factsForPlace(place.id) : store.facts;
  const undated = pool.length - facts.length;
  const citations = new SourceCitations(store);
  const toLine = (fact: (typeof facts)[number]) => {
    const date = fact.date;
    const when = date ? formatWhen(date) : '';
    const provenance =
      date?.provenance === 'external'
        ? date.sources.every((id) => fact.sources.includes(id))
          ? 'dated by its source'
          : `date from other reporting ${citations.cite(date.sources)}`
        : 'date given by the source';
    const note = date?.note ? `; ${date.note}` : '';
    return {
      factId: fact.id,
      text: `**${when}**: ${attributedSentence(store, fact)} ${citations.cite(fact.sources)} _(${provenance}${note})_`,
      responses: [],
    };
  };
  const where = place ? ` for ${place.name}` : '';
  return {
    title: place ? `Timeline: ${place.name}` : 'Timeline',
    intro:
      facts.length > 0
        ? `${facts.length} dated statement${facts.length === 1 ? '' : 's'}${where}, oldest first.${undated > 0 ? ` ${undated} more carry no date of their own (see /status).` : ''}`
        : `No dated statements${where} are in the store yet.`,
    sections: facts.length > 0 ? [lazySection('Dated events and statements', facts, toLine)] : [],
    sources: () => citations.list(),
    asOf: store.derive(`asOf:timeline:${place?.id ?? '*'}`, () => asOfLabel(store, facts)),
    storeUpdated: store.lastAdded(),
    continuation: (nextPage) => `/timeline${place ? ` region:${place.name}` : ''} page:${nextPage}`,
    tone: 'info',
  };
}
