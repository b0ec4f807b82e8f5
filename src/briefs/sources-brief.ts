import type { FactStore } from '../data/fact-store.js';
import type { Source } from '../data/schema.js';
import { sourceReference } from './attribution.js';
import { type Brief, lazySection } from './brief.js';

/** Every source in the store, how many statements cite it, and how dates are labelled. */
export function buildSourcesBrief(store: FactStore): Brief {
  const { counts, ordered } = store.derive('sources:cited', () => {
    const counts = new Map<string, number>();
    for (const fact of store.facts) {
      const ids = new Set([...fact.sources, ...(fact.date?.sources ?? [])]);
      for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const ordered = [...store.sources].sort(
      (a, b) => (counts.get(b.id) ?? 0) - (counts.get(a.id) ?? 0) || a.outlet.localeCompare(b.outlet),
    );
    return { counts, ordered };
  });
  const toLine = (source: Source) => {
    const note = source.publishedNote ? ` _${source.publishedNote}_` : '';
    const count = counts.get(source.id) ?? 0;
    return {
      text: `${sourceReference(source, { outlet: `**${source.outlet}**` })} · Cited by ${count} statement${count === 1 ? '' : 's'}.${note}`,
      responses: [],
    };
  };
  return {
    title: 'Sources',
    intro:
      'Every statement names its source. Dates the first article did not give come from other reporting and are labelled "date from other reporting".',
    sections: [lazySection(`${store.sources.length} sources`, ordered, toLine)],
    storeUpdated: store.lastAdded(),
    continuation: (nextPage) => `/sources page:${nextPage}`,
    tone: 'info',
  };
}
