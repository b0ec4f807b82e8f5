import type { FactStore } from '../data/fact-store.js';
import type { Place, Source } from '../data/schema.js';
import { commandLine } from '../i18n/command-localizations.js';
import { wordsIn } from '../i18n/words.js';
import { sourceReference } from './attribution.js';
import { type Brief, lazySection } from './brief.js';

/**
 * Every source in the store, how many statements cite it, and how dates are labelled; with a place,
 * only the sources of the statements about it (and the places inside it). In the store's language.
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
  const words = wordsIn(store.locale);
  const about = place ? words.t('briefs.sources.about', { place: place.name }) : '';
  const toLine = (source: Source) => {
    const note = source.publishedNote ? ` _${source.publishedNote}_` : '';
    const cited = words.t('briefs.sources.cited', { count: counts.get(source.id) ?? 0, about });
    return {
      text: `${sourceReference(source, { outlet: `**${source.outlet}**`, words })} · ${cited}${note}`,
      responses: [],
    };
  };
  const labelling = words.t('briefs.sources.labelling');
  return {
    locale: store.locale,
    title: place
      ? words.t('briefs.sources.titleFor', { place: place.name })
      : words.t('briefs.sources.title'),
    intro: place
      ? ordered.length > 0
        ? words.t('briefs.sources.introFor', { place: place.name, labelling })
        : words.t('briefs.sources.noneFor', { place: place.name })
      : words.t('briefs.sources.intro', { labelling }),
    sections:
      ordered.length > 0
        ? [lazySection(words.t('briefs.sources.section', { count: ordered.length }), ordered, toLine)]
        : [],
    storeUpdated: store.lastAdded(),
    continuation: (nextPage) =>
      commandLine(store.locale, 'sources', [
        ...(place ? [['region', place.name] as const] : []),
        ['page', nextPage],
      ]),
    tone: 'info',
  };
}
