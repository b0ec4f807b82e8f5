// Leads about who says what and about the information itself: who says so, how current the store is,
// which sources it rests on, what the question names that the store does not hold, and nothing found.
import type { FactStore } from '../../data/fact-store.js';
import type { Fact } from '../../data/schema.js';
import type { EntityReference } from '../../data/vocabulary.js';
import { formatPartialDate, quoteUserInput } from '../../text.js';
import { asOfLabel, statusLabel } from '../attribution.js';
import {
  composeLead,
  dateText,
  joinWords,
  type Lead,
  type LeadClause,
  type LeadContext,
  statementClause,
} from './lead.js';
import type { AbsentMention } from './read-question.js';
import { stem } from './stem.js';
import { answersTo, counterStatuses } from './threads.js';

/** "Who says ...?": each speaker of the relevant statements with how and when, and who contests them. */
export function actorsLead(context: LeadContext): Lead {
  const { store, question } = context;
  const best = context.ranked[0]?.score ?? 0;
  let relevant = context.ranked
    .filter(({ score }) => score >= 0.7 * best)
    .slice(0, 6)
    .map(({ fact }) => fact);
  // "Who proposed / claimed / denied ...": the statements made that way, when there are any.
  const asked = new Set(question.stems);
  const madeThatWay = relevant.filter((fact) =>
    asked.has(stem(statusLabel(fact.status).split(/[ ,]/)[0] ?? '')),
  );
  if (madeThatWay.length > 0) relevant = madeThatWay;
  const byActor = new Map<string, Fact[]>();
  for (const fact of relevant) {
    const list = byActor.get(fact.actor) ?? [];
    if (list.length < 2) list.push(fact);
    byActor.set(fact.actor, list);
  }
  const speakers = [...byActor].slice(0, 4).map(([actorId, facts]) => {
    const how = [
      ...new Set(facts.map((fact) => [statusLabel(fact.status), dateText(fact)].filter(Boolean).join(', '))),
    ];
    return { name: `${store.actor(actorId)?.name ?? actorId} (${how.join('; ')})`, facts };
  });
  const listed = speakers.flatMap((speaker) => speaker.facts);
  const clauses: LeadClause[] = [
    {
      text: `${joinWords(speakers.map((speaker) => speaker.name))}.`,
      factIds: listed.map((fact) => fact.id),
    },
  ];
  const listedIds = new Set(listed.map((fact) => fact.id));
  const counters = listed
    .flatMap((fact) => answersTo(store, fact, 1).map((answer) => answer.fact))
    .filter((fact) => counterStatuses.has(fact.status) && !listedIds.has(fact.id));
  const uniqueCounters = [...new Map(counters.map((fact) => [fact.id, fact])).values()];
  if (uniqueCounters.length > 0) {
    const names = uniqueCounters.map((fact) => {
      const when = fact.asOf ? `as of ${formatPartialDate(fact.asOf.value)}` : dateText(fact);
      return `${store.actorOf(fact).name} (${[statusLabel(fact.status), when].filter(Boolean).join(', ')})`;
    });
    clauses.push({
      text: `Contested by ${joinWords(names)}.`,
      factIds: uniqueCounters.map((fact) => fact.id),
    });
  }
  return composeLead('actors', 'Who says so.', clauses, { required: clauses.length });
}

/** The facts a question about the information is scoped to: a place, a topic, or the whole store. */
function scopeOf(context: LeadContext): { facts: readonly Fact[]; name?: string } {
  const { store, question } = context;
  const place = question.places
    .map((id) => store.place(id))
    .find((found) => found && found.kind !== 'country');
  if (place) return { facts: store.factsForPlace(place.id), name: place.name };
  const topic = question.topics.map((id) => store.topic(id)).find(Boolean);
  if (topic) return { facts: store.factsForTopic(topic.id), name: topic.name };
  return { facts: store.facts };
}

/** The most recent dated statement in the facts. */
function latestDated(store: FactStore, key: string, facts: readonly Fact[]): Fact | undefined {
  return store.derive(`answers:latest:${key}`, () =>
    facts.reduce<Fact | undefined>((latest, fact) => {
      const when = fact.date?.until ?? fact.date?.value;
      const best = latest?.date?.until ?? latest?.date?.value ?? '';
      return when && when > best ? fact : latest;
    }, undefined),
  );
}

/** "How current is this?": the latest dated statement, how current the statements are, when the store last changed. */
export function currencyLead(context: LeadContext): Lead {
  const { store } = context;
  const scope = scopeOf(context);
  const latest = latestDated(store, scope.name ?? '*', scope.facts);
  const asOf = store.derive(`answers:as-of:${scope.name ?? '*'}`, () => asOfLabel(store, scope.facts));
  const on = scope.name ? ` on ${scope.name}` : '';
  const clauses: LeadClause[] = [];
  if (latest?.date) {
    clauses.push({
      text: `The latest dated statement${on} is of ${dateText(latest)} (${store.actorOf(latest).name}).`,
      factIds: [latest.id],
    });
  }
  const updated = store.lastAdded();
  clauses.push({
    text: `Information${on} as of ${asOf ?? 'no known date'}${updated ? `; the store was last updated ${formatPartialDate(updated)}` : ''}.`,
    factIds: [],
    basis: 'store',
  });
  return composeLead('currency', 'How current.', clauses, { required: clauses.length });
}

/** "Which sources?": the sources the relevant statements rest on, most cited first. */
export function sourcesLead(context: LeadContext): Lead {
  const { store, question } = context;
  const scoped = question.words.length > 0;
  const best = context.ranked[0]?.score ?? 0;
  const facts = scoped
    ? context.ranked
        .filter(({ score }) => score >= 0.6 * best)
        .slice(0, 4)
        .map(({ fact }) => fact)
    : store.facts;
  const counts = new Map<string, number>();
  for (const fact of facts) {
    for (const id of new Set([...fact.sources, ...(fact.date?.sources ?? [])]))
      counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const ordered = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 4);
  const named = ordered.map(([id, count]) => {
    const source = store.source(id);
    const published = source?.published
      ? `, ${source.publishedApproximate ? 'c. ' : ''}${formatPartialDate(source.published)}`
      : '';
    return `${source?.outlet ?? id}${published} (${count} statement${count === 1 ? '' : 's'})`;
  });
  const more = counts.size > ordered.length ? `, and ${counts.size - ordered.length} more` : '';
  const subject = scoped
    ? 'These statements rest on'
    : `The store's ${store.facts.length} statements rest on ${counts.size} sources, most of all`;
  return composeLead('sources', 'Sources.', [
    {
      text: `${subject} ${joinWords(named)}${more}. /sources lists every source with its link.`,
      factIds: scoped ? facts.map((fact) => fact.id) : [],
      basis: 'sources',
    },
  ]);
}

function nearestName(store: FactStore, nearest: EntityReference | undefined): string | undefined {
  if (!nearest) return undefined;
  if ('place' in nearest) return `the store covers ${store.place(nearest.place)?.name ?? nearest.place}`;
  if ('actor' in nearest)
    return `the nearest speaker it has is ${store.actor(nearest.actor)?.name ?? nearest.actor}`;
  return `the nearest topic it has is ${store.topic(nearest.topic)?.name ?? nearest.topic}`;
}

/**
 * The question names what the store does not hold: say so, say what it covers instead, and give the
 * nearest statement when one matches the rest of the question.
 */
export function absentLead(context: LeadContext, absent: readonly AbsentMention[]): Lead {
  const { store } = context;
  const parts = absent.map((mention) => {
    const what = mention.typed ? quoteUserInput(mention.what, 40) : mention.what;
    const instead = nearestName(store, mention.nearest);
    return `no statement mentions ${what}${instead ? `; ${instead}` : ''}`;
  });
  const text = `${parts.join('. ').replace(/^./, (first) => first.toUpperCase())}.`;
  const clauses: LeadClause[] = [{ text, factIds: [], basis: 'vocabulary' }];
  const nearest = nearestFact(context, absent);
  if (nearest) clauses.push(statementClause(store, nearest, 'Nearest: '));
  return composeLead('absent', 'Not in the store.', clauses);
}

/** The best-ranked statement by the absent name's nearest speaker or about its nearest place, else the best. */
function nearestFact(context: LeadContext, absent: readonly AbsentMention[]): Fact | undefined {
  const wanted = absent.map((mention) => mention.nearest).find(Boolean);
  const matches = (fact: Fact) =>
    !wanted ||
    ('place' in wanted &&
      context.store.placeAndDescendants(wanted.place).some((id) => fact.places.includes(id))) ||
    ('actor' in wanted && fact.actor === wanted.actor) ||
    ('topic' in wanted && fact.topics.includes(wanted.topic));
  return (context.ranked.find(({ fact }) => matches(fact)) ?? context.ranked[0])?.fact;
}

/** Nothing in the store matches the question. */
export function nothingLead(question: string): Lead {
  return composeLead('nothing', 'Nothing found.', [
    {
      text: `Nothing in the store matches ${quoteUserInput(question)}. Try other words, or browse with /topic, /status or /timeline.`,
      factIds: [],
      basis: 'store',
    },
  ]);
}
