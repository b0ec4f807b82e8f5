import type { FactStore } from '../data/fact-store.js';
import type { Place } from '../data/schema.js';
import { commandLine } from '../i18n/command-localizations.js';
import { wordsIn } from '../i18n/words.js';
import { asOfLabel, attributedSentence, formatWhen, SourceCitations } from './attribution.js';
import { type Brief, lazySection } from './brief.js';

/** Dated facts, oldest first, each with where its date comes from; in the store's language. */
export function buildTimelineBrief(store: FactStore, place?: Place): Brief {
  const facts = store.timeline(place?.id);
  const pool = place ? store.factsForPlace(place.id) : store.facts;
  const undated = pool.length - facts.length;
  const citations = new SourceCitations(store);
  const words = wordsIn(store.locale);
  const toLine = (fact: (typeof facts)[number]) => {
    const date = fact.date;
    const when = date ? formatWhen(date, words) : '';
    const provenance =
      date?.provenance === 'external'
        ? date.sources.every((id) => fact.sources.includes(id))
          ? words.t('briefs.timeline.datedByItsSource')
          : words.t('briefs.timeline.dateFromOtherReporting', { cites: citations.cite(date.sources) })
        : words.t('briefs.timeline.dateGivenBySource');
    const note = date?.note ? `; ${date.note}` : '';
    return {
      factId: fact.id,
      text: `**${when}**: ${attributedSentence(store, fact)} ${citations.cite(fact.sources)} _(${provenance}${note})_`,
      responses: [],
    };
  };
  const where = place ? words.t('briefs.timeline.where', { place: place.name }) : '';
  const undatedNote =
    undated > 0
      ? ` ${words.t('briefs.timeline.undated', { count: undated, command: commandLine(store.locale, 'status') })}`
      : '';
  return {
    locale: store.locale,
    title: place
      ? words.t('briefs.timeline.titleFor', { place: place.name })
      : words.t('briefs.timeline.title'),
    intro:
      facts.length > 0
        ? `${words.t('briefs.timeline.count', { count: facts.length, where })}${undatedNote}`
        : words.t('briefs.timeline.none', { where }),
    sections: facts.length > 0 ? [lazySection(words.t('briefs.timeline.section'), facts, toLine)] : [],
    sources: () => citations.list(),
    asOf: store.derive(`asOf:timeline:${place?.id ?? '*'}`, () => asOfLabel(store, facts)),
    storeUpdated: store.lastAdded(),
    continuation: (nextPage) =>
      commandLine(store.locale, 'timeline', [
        ...(place ? [['region', place.name] as const] : []),
        ['page', nextPage],
      ]),
    tone: 'info',
  };
}
