// Leads about who says what and about the information itself: who says so, how current the store is,
// which sources it rests on, what the question names that the store does not hold, and nothing found.
import type { FactStore } from '../../data/fact-store.js';
import type { Fact } from '../../data/schema.js';
import type { EntityReference } from '../../data/vocabulary.js';
import { commandLine } from '../../i18n/command-localizations.js';
import { type Words, wordsIn } from '../../i18n/words.js';
import { quoteUserInput } from '../../text.js';
import { asOfLabel, statusLabel, statusVerb } from '../attribution.js';
import {
  composeLead,
  dateText,
  type Lead,
  type LeadClause,
  type LeadContext,
  statementClause,
} from './lead.js';
import { wordsOf } from './lexicon.js';
import type { AbsentMention } from './read-question.js';
import { stem } from './stem.js';
import { answersTo, counterStatuses } from './threads.js';

/** "Who says ...?": each speaker of the relevant statements with how and when, and who contests them. */
export function actorsLead(context: LeadContext): Lead {
  const { store, question, words } = context;
  const best = context.ranked[0]?.score ?? 0;
  let relevant = context.ranked
    .filter(({ score }) => score >= 0.7 * best)
    .slice(0, 6)
    .map(({ fact }) => fact);
  // "Who proposed / claimed / denied ...": the statements made that way, when there are any.
  const asked = new Set(question.stems);
  const firstStem = (label: string) => stem(wordsOf(label)[0] ?? '');
  const madeThatWay = relevant.filter(
    (fact) =>
      asked.has(firstStem(statusLabel(fact.status, wordsIn('en')))) ||
      (words.locale !== 'en' &&
        [statusLabel(fact.status, words), statusVerb(store, fact.status, store.actorOf(fact))].some((label) =>
          asked.has(firstStem(label)),
        )),
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
      ...new Set(
        facts.map((fact) =>
          [statusLabel(fact.status, words), dateText(fact, words)].filter(Boolean).join(', '),
        ),
      ),
    ];
    return {
      name: words.t('answers.actors.speaker', {
        name: store.actor(actorId)?.name ?? actorId,
        how: how.join('; '),
      }),
      facts,
    };
  });
  const listed = speakers.flatMap((speaker) => speaker.facts);
  const clauses: LeadClause[] = [
    {
      text: `${words.list(speakers.map((speaker) => speaker.name))}.`,
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
      const when = fact.asOf
        ? words.t('common.attribution.asOf', { when: words.date(fact.asOf.value) })
        : dateText(fact, words);
      return words.t('answers.actors.speaker', {
        name: store.actorOf(fact).name,
        how: [statusLabel(fact.status, words), when].filter(Boolean).join(', '),
      });
    });
    clauses.push({
      text: words.t('answers.actors.contested', { names: words.list(names) }),
      factIds: uniqueCounters.map((fact) => fact.id),
    });
  }
  return composeLead('actors', words.t('answers.label.actors'), clauses, { required: clauses.length });
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
  const { store, words } = context;
  const scope = scopeOf(context);
  const latest = latestDated(store, scope.name ?? '*', scope.facts);
  const asOf = store.derive(`answers:as-of:${scope.name ?? '*'}`, () => asOfLabel(store, scope.facts));
  const on = scope.name ? 'On' : '';
  const clauses: LeadClause[] = [];
  if (latest?.date) {
    clauses.push({
      text: words.t(`answers.currency.latest${on}`, {
        scope: scope.name,
        date: dateText(latest, words),
        actor: store.actorOf(latest).name,
      }),
      factIds: [latest.id],
    });
  }
  const updated = store.lastAdded();
  clauses.push({
    text: words.t(`answers.currency.information${on}`, {
      scope: scope.name,
      asOf: asOf ?? words.t('answers.currency.noKnownDate'),
      updated: updated ? words.t('answers.currency.updated', { date: words.date(updated) }) : '',
    }),
    factIds: [],
    basis: 'store',
  });
  return composeLead('currency', words.t('answers.label.currency'), clauses, { required: clauses.length });
}

/** "Which sources?": the sources the relevant statements rest on, most cited first. */
export function sourcesLead(context: LeadContext): Lead {
  const { store, question, words } = context;
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
      ? `, ${words.date(source.published, source.publishedApproximate)}`
      : '';
    return words.t('answers.sources.outlet', { outlet: source?.outlet ?? id, published, count });
  });
  const more =
    counts.size > ordered.length
      ? words.t('answers.sources.more', { number: counts.size - ordered.length })
      : '';
  const values = {
    outlets: words.list(named),
    more,
    command: commandLine(words.locale, 'sources'),
    facts: store.facts.length,
    sources: counts.size,
  };
  return composeLead('sources', words.t('answers.label.sources'), [
    {
      text: words.t(scoped ? 'answers.sources.scoped' : 'answers.sources.all', values),
      factIds: scoped ? facts.map((fact) => fact.id) : [],
      basis: 'sources',
    },
  ]);
}

function nearestName(
  store: FactStore,
  words: Words,
  nearest: EntityReference | undefined,
): string | undefined {
  if (!nearest) return undefined;
  if ('place' in nearest)
    return words.t('answers.absent.place', { name: store.place(nearest.place)?.name ?? nearest.place });
  if ('actor' in nearest)
    return words.t('answers.absent.actor', { name: store.actor(nearest.actor)?.name ?? nearest.actor });
  return words.t('answers.absent.topic', { name: store.topic(nearest.topic)?.name ?? nearest.topic });
}

/**
 * The question names what the store does not hold: say so, say what it covers instead, and give the
 * nearest statement when one matches the rest of the question.
 */
export function absentLead(context: LeadContext, absent: readonly AbsentMention[]): Lead {
  const { store, words } = context;
  const parts = absent.map((mention) => {
    const what = mention.typed ? quoteUserInput(mention.what, 40) : mention.what;
    const instead = nearestName(store, words, mention.nearest);
    return words.t('answers.absent.mentions', {
      what,
      instead: instead ? words.t('answers.absent.instead', { nearest: instead }) : '',
    });
  });
  const text = `${parts.join('. ').replace(/^./, (first) => first.toUpperCase())}.`;
  const clauses: LeadClause[] = [{ text, factIds: [], basis: 'vocabulary' }];
  const nearest = nearestFact(context, absent);
  if (nearest) clauses.push(statementClause(store, nearest, words.t('answers.prefix.nearest')));
  return composeLead('absent', words.t('answers.label.absent'), clauses);
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

/** Nothing in the store matches the question: said in the store's language, the question quoted. */
export function nothingLead(question: string, words: Words): Lead {
  return composeLead('nothing', words.t('answers.label.nothing'), [
    {
      text: words.t('answers.nothing', {
        question: quoteUserInput(question),
        topic: commandLine(words.locale, 'topic'),
        status: commandLine(words.locale, 'status'),
        timeline: commandLine(words.locale, 'timeline'),
      }),
      factIds: [],
      basis: 'store',
    },
  ]);
}
