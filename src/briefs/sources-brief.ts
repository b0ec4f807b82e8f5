import type { FactStore } from '../data/fact-store.js';
import type { Place, Source } from '../data/schema.js';
import { sourceReference } from './attribution.js';
import { type Brief, lazySection } from './brief.js';

/**
 * Every source in the store, how many statements cite it, and how dates are labelled; with a place,
 * only the sources of the statements about it (and the places inside it).
 */
export function buildSourcesBrief(store: FactStore, place?: Place): Brief {
  const { counts, ordered } = store.derive(`sources:cited:${place?.id ?? '*'}`, () => {
    const counts = new Map<string, number>();
    for (const fact of place ? store.factsForPlace(place.id) : store.facts) {
      const ids = new Set([...fact.sources, ...(fact.date?.sources ?? [])]);
      for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const ordered = store.sources
      .filter((source) => !place || counts.has(source.id))
      .sort((a, b) => (counts.get(b.id) ?? 0) - (counts.get(a.id) ?? 0) || a.outlet.localeCompare(b.outlet));
    return { counts, ordered };
  });
  const toLine = (source: Source) => {
    const note = source.publishedNote ? ` _${source.publishedNote}_` : '';
    const count = counts.get(source.id) ?? 0;
    const about = place ? ` about ${place.name}` : '';
    return {
      text: `${sourceReference(source, { outlet: `**${source.outlet}**` })} · Cited by ${count} statement${count === 1 ? '' : 's'}${about}.${note}`,
      responses: [],
    };
  };
  const labelling =
    'Dates the first article did not give come from other reporting and are labelled "date from other reporting".';
  return {
    title: place ? `Sources: ${place.name}` : 'Sources',
    intro: place
      ? ordered.length > 0
        ? `Where the statements about ${place.name} come from. ${labelling}`
        : `No statements about ${place.name} are in the store yet, so no sources either.`
      : `Every statement names its source. ${labelling}`,
    sections: ordered.length > 0 ? [lazySection(`${ordered.length} sources`, ordered, toLine)] : [],
    storeUpdated: store.lastAdded(),
    continuation: (nextPage) => `/sources${place ? ` region:${place.name}` : ''} page:${nextPage}`,
    tone: 'info',
  };
}
