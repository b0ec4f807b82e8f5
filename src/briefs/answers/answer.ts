// The answer engine behind /ask: reads the question, ranks the statements, chooses the lead its kind
// of question wants, and keeps only the statements that support it (then the related ones, for a
// second page). Deterministic, offline, and the same for any free-text entry point.
import type { FactStore } from '../../data/fact-store.js';
import type { Fact, Place } from '../../data/schema.js';
import { bundledVocabulary, type Vocabulary } from '../../data/vocabulary.js';
import { wordsIn } from '../../i18n/words.js';
import { figureLead } from './figure-leads.js';
import { absentLead, actorsLead, currencyLead, nothingLead, sourcesLead } from './information-leads.js';
import type { Lead, LeadContext } from './lead.js';
import { lexiconFor } from './lexicon.js';
import { placeLead, whereLead, wherePlacesLead } from './place-lead.js';
import { type RankedFact, rankFacts } from './rank-facts.js';
import { type Question, readQuestion } from './read-question.js';
import { nestedUnder } from './threads.js';
import { dateLead, statementLead, verdictLead } from './verdict-leads.js';

export interface Answer {
  question: Question;
  lead: Lead;
  /** The statements shown under the lead, in order: the lead's own first. */
  supporting: Fact[];
  /** Further statements on the question, best first, for the next page. */
  related: Fact[];
}

/** At most this many statements under the lead. */
const maxSupporting = 4;
/** A statement supports the answer when it scores at least this share of the best one. */
const supportingShare = 0.6;
/** ...and is related when it scores at least this share. */
const relatedShare = 0.3;
const maxRelated = 24;

/**
 * The answer to a question from `store`, in the store's language (a store from `FactStore.in`): the
 * question is read in that language too, with the English names and words the store also knows.
 */
export function answerQuestion(
  store: FactStore,
  text: string,
  vocabulary: Vocabulary = bundledVocabulary,
): Answer {
  const lexicon = lexiconFor(store, vocabulary);
  const question = readQuestion(text, lexicon, store);
  const ranked = rankFacts(store, lexicon, question);
  const positions = new Map(ranked.map((entry, index) => [entry.fact.id, index]));
  const context: LeadContext = {
    store,
    words: wordsIn(store.locale),
    lexicon,
    question,
    ranked,
    rankOf: (fact) => positions.get(fact.id) ?? ranked.length,
  };
  const lead = chooseLead(context);
  const leadOnly = ['currency', 'sources', 'absent', 'nothing'].includes(lead.kind);
  return { question, lead, ...selectStatements(store, lead, leadOnly ? [] : ranked) };
}

/** The place a question is about: a region, town or village before a country. */
function placeAskedAbout(store: FactStore, question: Question): Place | undefined {
  const places = question.places
    .map((id) => store.place(id))
    .filter((place): place is Place => place !== undefined);
  return places.find((place) => place.kind !== 'country') ?? places[0];
}

function chooseLead(context: LeadContext): Lead {
  const { question, ranked, store, lexicon } = context;
  if (question.kind === 'currency') return currencyLead(context);
  if (question.kind === 'sources') return sourcesLead(context);
  if (question.absent.length > 0) return absentLead(context, question.absent);
  const named =
    question.places.length + question.actors.length + question.topics.length + question.namedConcepts.length;
  if (ranked.length === 0 || (named === 0 && question.unknown.length >= question.words.length)) {
    return nothingLead(question.text, context.words);
  }
  const place = placeAskedAbout(store, question);
  if (question.kind === 'place' && place) return placeLead(store, lexicon, place);
  const top = (ranked[0] as RankedFact).fact;
  switch (question.kind) {
    case 'figure':
    case 'capability':
      return figureLead(context);
    case 'date':
      return dateLead(context);
    case 'verdict':
      return verdictLead(context);
    case 'actors':
      return actorsLead(context);
    case 'where':
      return place && place.kind !== 'country'
        ? whereLead(
            store,
            place,
            ranked.map((entry) => entry.fact),
          )
        : wherePlacesLead(store, top);
    default:
      return statementLead(context);
  }
}

/**
 * The lead's statements first, then the best-ranked down to the relevance cut-off, at most four
 * lines; a statement shown beneath another's line (an answer to it) takes no line of its own.
 */
function selectStatements(
  store: FactStore,
  lead: Lead,
  ranked: readonly RankedFact[],
): { supporting: Fact[]; related: Fact[] } {
  const best = ranked[0]?.score ?? 0;
  const supporting: Fact[] = [];
  const covered = new Set<string>();
  const show = (fact: Fact) => {
    if (covered.has(fact.id) || supporting.length >= maxSupporting) return;
    supporting.push(fact);
    covered.add(fact.id);
    for (const id of nestedUnder(store, fact)) covered.add(id);
  };
  for (const id of lead.factIds) {
    const fact = store.fact(id);
    if (fact) show(fact);
  }
  for (const { fact, score } of ranked) {
    if (score < supportingShare * best) break;
    show(fact);
  }
  const related = ranked
    .filter(({ fact, score }) => !covered.has(fact.id) && score >= relatedShare * best)
    .slice(0, maxRelated)
    .map(({ fact }) => fact);
  return { supporting, related };
}
