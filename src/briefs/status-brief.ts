import type { FactStore } from '../data/fact-store.js';
import type { Place } from '../data/schema.js';
import { commandLine } from '../i18n/command-localizations.js';
import { wordsIn } from '../i18n/words.js';
import { lexiconFor } from './answers/lexicon.js';
import { describePlace, placeLead } from './answers/place-lead.js';
import { asOfLabel, SourceCitations } from './attribution.js';
import type { Brief } from './brief.js';
import { factSections } from './fact-sections.js';

export { describePlace };

/** Room for the whole opening (lead and count) on Discord, which shows 600 characters of it. */
const introBudget = 600;

export function buildStatusBrief(store: FactStore, place: Place): Brief {
  const facts = store.factsForPlace(place.id);
  const citations = new SourceCitations(store);
  const sections = factSections(store, facts, citations, {
    focusPlaceId: place.id,
    memoKey: `place:${place.id}`,
  });
  const words = wordsIn(store.locale);
  const inside = store.placeAndDescendants(place.id).length > 1 ? words.t('briefs.status.insidePlaces') : '';
  const description = describePlace(store, place);
  const count =
    facts.length > 0
      ? words.t('briefs.status.count', { place: place.name, description, count: facts.length, inside })
      : words.t('briefs.status.none', { place: place.name, description });
  // Where things stand first, in two or three attributed lines; then the count and the sections.
  const budget = introBudget - count.length - 2;
  const lead = facts.length > 0 ? placeLead(store, lexiconFor(store), place, budget) : undefined;
  // A lead that cannot fit whole is left out rather than cut (a cut could drop a negation); the
  // sections below still show every statement.
  const fits = lead !== undefined && lead.text.length <= budget;
  return {
    locale: store.locale,
    title: words.t('briefs.status.title', { place: place.name }),
    intro: fits ? `${lead.text}\n\n${count}` : count,
    sections,
    sources: () => citations.list(),
    asOf: store.derive(`asOf:place:${place.id}`, () => asOfLabel(store, facts)),
    storeUpdated: store.lastAdded(),
    continuation: (nextPage) =>
      commandLine(store.locale, 'status', [
        ['region', place.name],
        ['page', nextPage],
      ]),
    tone: 'info',
  };
}
