import type { FactStore } from '../data/fact-store.js';
import type { Place } from '../data/schema.js';
import { asOfLabel, SourceCitations } from './attribution.js';
import type { Brief } from './brief.js';
import { factSections } from './fact-sections.js';

/** "town in Sudzha district, Kursk region" */
export function describePlace(store: FactStore, place: Place): string {
  const ancestors = store.placeAncestors(place.id);
  const within = ancestors.filter((ancestor) => ancestor.kind !== 'country').map((ancestor) => ancestor.name);
  const country = ancestors.find((ancestor) => ancestor.kind === 'country');
  const parts = [...within, ...(country ? [country.name] : [])];
  return parts.length > 0 ? `${place.kind} in ${parts.join(', ')}` : place.kind;
}

export function buildStatusBrief(store: FactStore, place: Place): Brief {
  const facts = store.factsForPlace(place.id);
  const citations = new SourceCitations(store);
  const sections = factSections(store, facts, citations, {
    focusPlaceId: place.id,
    memoKey: `place:${place.id}`,
  });
  const inside = store.placeAndDescendants(place.id).length > 1 ? ' and the places inside it' : '';
  return {
    title: `Situation: ${place.name}`,
    intro:
      facts.length > 0
        ? `${place.name} (${describePlace(store, place)}): ${facts.length} statement${facts.length === 1 ? '' : 's'} about it${inside}, each shown with who makes it.`
        : `No statements about ${place.name} (${describePlace(store, place)}) are in the store yet.`,
    sections,
    sources: () => citations.list(),
    asOf: store.derive(`asOf:place:${place.id}`, () => asOfLabel(store, facts)),
    storeUpdated: store.lastAdded(),
    continuation: (nextPage) => `/status region:${place.name} page:${nextPage}`,
    tone: 'info',
  };
}
