// Where things stand in a place, in two or three attributed lines (the lead of /status and of "what
// is the situation in ..."): the thread that says who holds what (a claim and what contests it), the
// latest dated development, and a standing "as of" statement; and "where is ...?".
import type { FactStore } from '../../data/fact-store.js';
import type { Fact, Place } from '../../data/schema.js';
import { wordsIn } from '../../i18n/words.js';
import { composeLead, type Lead, type LeadClause, leadBudget, statementClause } from './lead.js';
import type { Lexicon } from './lexicon.js';
import { answersTo, threadStart } from './threads.js';
import { summarizeThread } from './verdict-leads.js';

/** "town in Sudzha district, Kursk region, Russia" */
export function describePlace(store: FactStore, place: Place): string {
  const ancestors = store.placeAncestors(place.id);
  const within = ancestors.filter((ancestor) => ancestor.kind !== 'country').map((ancestor) => ancestor.name);
  const country = ancestors.find((ancestor) => ancestor.kind === 'country');
  const parts = [...within, ...(country ? [country.name] : [])];
  const words = wordsIn(store.locale);
  const kind = words.t(`briefs.placeKind.${place.kind}`);
  return parts.length > 0 ? words.t('briefs.placeIn', { kind, within: parts.join(', ') }) : kind;
}

/** The latest day a thread speaks for: its dates and "as of"s. */
function latestActivity(facts: readonly Fact[]): string {
  let latest = '';
  for (const fact of facts) {
    const when = fact.date?.until ?? fact.date?.value ?? fact.asOf?.value ?? '';
    if (when.localeCompare(latest) > 0) latest = when;
  }
  return latest;
}

/**
 * The thread that best says where things stand: on the first standing topic (territorial control
 * first) that has one, the most important, then the one primarily about the place, then the one with
 * the latest development.
 */
function standingThread(
  store: FactStore,
  lexicon: Lexicon,
  place: Place,
  facts: readonly Fact[],
): Fact | undefined {
  const order = new Map(facts.map((fact, index) => [fact.id, index]));
  const rankOf = (fact: Fact) => order.get(fact.id) ?? facts.length;
  const inside = new Set(store.placeAndDescendants(place.id));
  for (const topic of [...lexicon.standingTopics, undefined]) {
    const starts = new Map<string, Fact>();
    for (const fact of facts) {
      if (topic && !fact.topics.includes(topic)) continue;
      const start = threadStart(store, fact, rankOf);
      if (start.places.some((id) => inside.has(id))) starts.set(start.id, start);
    }
    const ranked = [...starts.values()]
      .map((start) => ({
        start,
        primary: start.places[0] === place.id ? 0 : 1,
        latest: latestActivity([start, ...answersTo(store, start).map((answer) => answer.fact)]),
      }))
      .sort(
        (a, b) =>
          a.start.importance - b.start.importance ||
          a.primary - b.primary ||
          b.latest.localeCompare(a.latest) ||
          rankOf(a.start) - rankOf(b.start),
      );
    if (ranked[0]) return ranked[0].start;
  }
  return undefined;
}

/** Where things stand in a place, in a lead of at most `budget` characters. */
export function placeLead(store: FactStore, lexicon: Lexicon, place: Place, budget = leadBudget): Lead {
  return store.derive(`answers:place-lead:${place.id}:${budget}`, () =>
    buildPlaceLead(store, lexicon, place, budget),
  );
}

function buildPlaceLead(store: FactStore, lexicon: Lexicon, place: Place, budget: number): Lead {
  const words = wordsIn(store.locale);
  const facts = store.factsForPlace(place.id);
  const label = words.t('answers.label.place', { place: place.name });
  const start = standingThread(store, lexicon, place, facts);
  if (!start) {
    return composeLead('place', label, [
      {
        text: words.t('answers.place.none', { place: place.name }),
        factIds: [],
        basis: `place:${place.id}`,
      },
    ]);
  }
  const summary = summarizeThread(store, start);
  const threadClauses = summary?.clauses ?? [statementClause(store, start)];
  const required = summary?.required ?? 1;
  const used = new Set([start.id, ...answersTo(store, start).map((answer) => answer.fact.id)]);
  const others = facts.filter((fact) => !used.has(fact.id) && fact.importance <= 2);
  const primary = others.filter((fact) => fact.places[0] === place.id);
  const latest = (primary.some((fact) => fact.date) ? primary : others)
    .filter((fact) => fact.date)
    .sort(
      (a, b) =>
        (b.date?.until ?? b.date?.value ?? '').localeCompare(a.date?.until ?? a.date?.value ?? '') ||
        a.importance - b.importance,
    )[0];
  const standing = others.find(
    (fact) => fact.asOf && !fact.date && fact.places[0] === place.id && fact.id !== latest?.id,
  );
  // The thread's own required clauses first, then the latest development and a standing statement,
  // then the thread's optional clauses (what came next, comments) if room is left.
  const clauses: LeadClause[] = [
    ...threadClauses.slice(0, required),
    ...(latest ? [statementClause(store, latest, words.t('answers.prefix.latest'))] : []),
    ...(standing ? [statementClause(store, standing)] : []),
    ...threadClauses.slice(required),
  ];
  return composeLead('place', label, clauses, { required, budget, separator: '\n' });
}

/** "Where is Sudzha?": the place in the store's hierarchy, and a background statement about it if any. */
export function whereLead(store: FactStore, place: Place, ranked: readonly Fact[]): Lead {
  const words = wordsIn(store.locale);
  const background = ranked.find((fact) => fact.places[0] === place.id && fact.status === 'background');
  return composeLead('where', words.t('answers.label.where'), [
    {
      text: words.t('answers.place.is', { place: place.name, description: describePlace(store, place) }),
      factIds: [],
      basis: `place:${place.id}`,
    },
    ...(background ? [statementClause(store, background)] : []),
  ]);
}

/** "Where are North Korean troops fighting?": the places of the best statement, with it. */
export function wherePlacesLead(store: FactStore, fact: Fact): Lead {
  const words = wordsIn(store.locale);
  const names = fact.places.map((id) => store.place(id)?.name ?? id);
  const where = names.length
    ? words.t('answers.place.placesIt', { places: names.join(', ') })
    : words.t('answers.place.noPlace');
  const statement = statementClause(store, fact);
  return composeLead('where', words.t('answers.label.where'), [
    { text: `${where} ${statement.text}`, factIds: [fact.id] },
  ]);
}
