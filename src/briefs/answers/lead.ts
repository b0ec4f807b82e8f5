// A lead: the answer in a line or three, built only from stored statements and store data, each
// clause saying which facts (or which store data) it rests on. Clauses quote statements through the
// house style (attributedSentence), so a hedge, a negation or a speaker is never lost or invented.
import type { FactStore } from '../../data/fact-store.js';
import type { Fact } from '../../data/schema.js';
import { type Words, wordsIn } from '../../i18n/words.js';
import { attributedSentence, formatWhen } from '../attribution.js';
import type { Lexicon } from './lexicon.js';
import type { RankedFact } from './rank-facts.js';
import type { Question } from './read-question.js';

export const leadKinds = [
  /** A number the sources give. */
  'figure',
  /** The sources give no number for what was asked. */
  'no-figure',
  /** A capability with its unit: a range. */
  'capability',
  /** A stored figure compared with the question's: it is, or is not, as large. */
  'yes',
  'no',
  'date',
  /** The statement has no date in the store. */
  'no-date',
  /** A claim and an answer that contests it. */
  'disputed',
  /** A denial, with no stored claim it answers. */
  'denied',
  /** Confirmed (often after an earlier "not confirmed"). */
  'confirmed',
  /** Not (officially) confirmed, and nothing since confirms it. */
  'not-confirmed',
  /** Accepted only on conditions. */
  'conditional',
  /** A claim or proposal that nothing in the store answers. */
  'unanswered',
  /** Reports, assessments or warnings: no verdict either way. */
  'reported',
  /** Who says so. */
  'actors',
  'where',
  /** Where things stand in a place. */
  'place',
  /** How current the information is. */
  'currency',
  /** Which sources the statements rest on. */
  'sources',
  /** The statement that best answers a general question. */
  'statement',
  /** The question names something the store does not hold. */
  'absent',
  /** Nothing in the store matches. */
  'nothing',
] as const;
export type LeadKind = (typeof leadKinds)[number];

export interface LeadClause {
  /** One or more whole sentences, light markdown. */
  text: string;
  /** The statements this clause rests on. */
  factIds: string[];
  /** Store data other than statements it rests on: "place:sudzha", "sources", "store". */
  basis?: string;
}

export interface Lead {
  kind: LeadKind;
  /** The first words, in bold: "Disputed.", "No figure.". */
  label: string;
  clauses: LeadClause[];
  /** Label and clauses as one text. */
  text: string;
  /** Every statement the lead rests on, in order. */
  factIds: string[];
}

/** Room for a lead in a reply's opening (Discord shows 600 characters of it). */
export const leadBudget = 560;

/**
 * Joins the label and as many clauses as fit the budget, in order. The first `required` clauses are
 * always kept (a claim and the answer contesting it travel together); later ones are left out whole,
 * never cut, when they do not fit (the statements below the lead show them).
 */
export function composeLead(
  kind: LeadKind,
  label: string,
  clauses: readonly LeadClause[],
  {
    required = 1,
    budget = leadBudget,
    separator = ' ',
  }: { required?: number; budget?: number; separator?: ' ' | '\n' } = {},
): Lead {
  const kept: LeadClause[] = [];
  let length = label.length + 4;
  clauses.forEach((clause, index) => {
    if (index >= required && length + clause.text.length + 1 > budget) return;
    kept.push(clause);
    length += clause.text.length + 1;
  });
  return {
    kind,
    label,
    clauses: kept,
    text: [`**${label}**`, ...kept.map((clause) => clause.text)].join(separator),
    factIds: [...new Set(kept.flatMap((clause) => clause.factIds))],
  };
}

/** "13 Mar 2025", or "13 Mar 2025, date from other reporting" when the statement's source did not give it. */
export function dateText(fact: Fact, words: Words): string | undefined {
  const date = fact.date;
  if (!date) return undefined;
  const fromItsSources = date.sources.every((id) => fact.sources.includes(id));
  const when = formatWhen(date, words);
  return date.provenance === 'external' && !fromItsSources
    ? words.t('answers.date.fromOtherReporting', { when })
    : when;
}

/**
 * The statement in the house style, its date in brackets before the full stop: "**Russia's Defence
 * Ministry** claims: Russian troops have fully secured the town of Sudzha (13 Mar 2025, date from
 * other reporting)." A prefix goes first: "What came next: ".
 */
export function statementClause(store: FactStore, fact: Fact, prefix = ''): LeadClause {
  const sentence = attributedSentence(store, fact);
  const when = dateText(fact, wordsIn(store.locale));
  const end = /[.!?]["”’]?$/.exec(sentence);
  const body = end ? sentence.slice(0, end.index) : sentence;
  const stop = end ? end[0] : '.';
  return { text: `${prefix}${body}${when ? ` (${when})` : ''}${stop}`, factIds: [fact.id] };
}

/** "Ukrainian President Volodymyr Zelenskyy's", "Kyiv's intelligence reports'". */
export function possessive(name: string): string {
  return name.endsWith('s') ? `${name}'` : `${name}'s`;
}

/**
 * Where an answer falls against the statement it answers: "What came next: " when it is dated after
 * the other's date or "as of", "Earlier: " when it ended more than a week before, else "Around the
 * same time: ". No label when either has no date.
 */
export function sequenceLabel(answered: Fact, response: Fact, words: Words): string {
  const held = answered.asOf?.value ?? answered.date?.until ?? answered.date?.value;
  if (!held || !response.date) return '';
  if (response.date.value > held) return words.t('common.attribution.cameNext');
  const week = 7 * 24 * 60 * 60 * 1000;
  return Date.parse(held) - Date.parse(response.date.until ?? response.date.value) > week
    ? words.t('common.attribution.earlier')
    : words.t('common.attribution.sameTime');
}

/** What every lead builder is given: the store, the question as read, and the ranked statements. */
export interface LeadContext {
  store: FactStore;
  /** The fixed words of the store's language. */
  words: Words;
  lexicon: Lexicon;
  question: Question;
  ranked: readonly RankedFact[];
  /** A statement's place in the ranking (lower is better; unranked last). */
  rankOf(fact: Fact): number;
}
