// Leads read from a claim's thread: "did X confirm / retake / agree?" (disputed, denied, confirmed,
// not confirmed, conditional, unanswered, reported), "when?" (the date, with what contests it), and
// the best statement for a general question. The verdict is the statuses' own: sitrep never decides
// who is right, it says who claims and who contests.
import type { Fact, FactStatus } from '../../data/schema.js';
import { wordsIn } from '../../i18n/words.js';
import {
  composeLead,
  type Lead,
  type LeadClause,
  type LeadContext,
  sequenceLabel,
  statementClause,
} from './lead.js';
import { answersTo, claimStatuses, counterStatuses, type ThreadAnswer, threadStart } from './threads.js';

const notConfirmed: ReadonlySet<FactStatus> = new Set(['not-confirmed', 'not-officially-confirmed']);

/** Statuses with a lead label of their own ("An assessment."); the rest are "Reported.". */
const reportedLabels: ReadonlySet<FactStatus> = new Set([
  'assessed',
  'warned',
  'concerned',
  'stated',
  'background',
]);

/** The answers to `answered` in the thread, each as a clause saying where it falls in time. */
function answerClauses(
  store: LeadContext['store'],
  answered: Fact,
  thread: readonly ThreadAnswer[],
): LeadClause[] {
  return thread
    .filter((answer) => answer.answers.id === answered.id)
    .map((answer) =>
      statementClause(store, answer.fact, sequenceLabel(answered, answer.fact, wordsIn(store.locale))),
    );
}

/**
 * "Did X accept / agree to ...?": find the proposal asked about (when two are close, the one X
 * answered), then X's answers to it. Answers that accept only on conditions ("in principle", "subject
 * to") make the lead; no answer from X makes "nothing answers it".
 */
function acceptanceLead(context: LeadContext): Lead | undefined {
  const { question, lexicon, store, words } = context;
  if (!question.namedConcepts.includes('acceptance')) return undefined;
  const subject = question.subjectSide;
  const fromSubject = (fact: Fact) => !subject || store.actorOf(fact).side === subject;
  const conditional = (fact: Fact) => lexicon.termsOf(fact).concepts.has('conditions');
  const byRank = (facts: Fact[]) => facts.sort((a, b) => context.rankOf(a) - context.rankOf(b));
  const ranked = context.ranked.slice(0, 8);
  const proposals = ranked.filter(({ fact }) => fact.status === 'proposed');
  const answersOf = (proposal: Fact) =>
    byRank(
      answersTo(store, proposal, 2)
        .map((answer) => answer.fact)
        .filter((fact) => fact.actor !== proposal.actor && fact.status !== 'proposed' && fromSubject(fact)),
    );
  const first = proposals[0];
  if (first) {
    const chosen =
      proposals.find(({ fact, score }) => score >= 0.85 * first.score && answersOf(fact).length > 0) ?? first;
    const answers = answersOf(chosen.fact);
    if (answers.length === 0) {
      const label = subject
        ? words.t('answers.label.proposedNoAnswerFrom', {
            side:
              words.locale === 'en'
                ? (lexicon.sideNames.get(subject) ?? subject)
                : words.t(`answers.sideFrom.${subject}`),
          })
        : words.t('answers.label.proposedNoAnswer');
      return composeLead('unanswered', label, [statementClause(store, chosen.fact)]);
    }
    const withConditions = answers.filter(conditional);
    if (withConditions.length === 0) return undefined;
    return composeLead(
      'conditional',
      words.t('answers.label.conditional'),
      withConditions.slice(0, 2).map((fact) => statementClause(store, fact)),
    );
  }
  const own = ranked.map(({ fact }) => fact).filter(fromSubject);
  if (!own[0] || !conditional(own[0])) return undefined;
  return composeLead(
    'conditional',
    words.t('answers.label.conditional'),
    own
      .filter(conditional)
      .slice(0, 2)
      .map((fact) => statementClause(store, fact)),
  );
}

/** A verdict read from a thread's statuses alone, before any question is asked of it. */
export interface ThreadSummary {
  kind: 'confirmed' | 'disputed' | 'denied' | 'not-confirmed' | 'unanswered';
  label: string;
  clauses: LeadClause[];
  /** Clauses kept whatever the room: a claim and what contests it. */
  required: number;
}

/**
 * What a thread says, from its start: confirmed (later), disputed (a claim and what contests it),
 * denied, not confirmed, or a claim nothing answers. Undefined for reports and assessments, which
 * carry no verdict. `sides` puts a side's own confirmation first.
 */
export function summarizeThread(
  store: LeadContext['store'],
  start: Fact,
  sides: ReadonlySet<string> = new Set(),
): ThreadSummary | undefined {
  const words = wordsIn(store.locale);
  const thread = answersTo(store, start);
  const inThread = [start, ...thread.map((answer) => answer.fact)];
  const own = (fact: Fact) => (sides.has(store.actorOf(fact).side) ? 0 : 1);
  const confirmations = inThread
    .filter((fact) => fact.status === 'confirmed')
    .sort((a, b) => own(a) - own(b));
  if (start.status === 'confirmed') {
    return {
      kind: 'confirmed',
      label: words.t('answers.label.confirmed'),
      clauses: [statementClause(store, start)],
      required: 1,
    };
  }
  if (confirmations.length > 0) {
    const clauses = [
      statementClause(store, start),
      ...confirmations.map((fact) => statementClause(store, fact, sequenceLabel(start, fact, words))),
    ];
    return { kind: 'confirmed', label: words.t('answers.label.confirmedLater'), clauses, required: 2 };
  }
  const counter = thread.find((answer) => counterStatuses.has(answer.fact.status));
  if (counter && !counterStatuses.has(start.status)) {
    const claim = counter.answers;
    const counters = thread.filter(
      (answer) => answer.answers.id === claim.id && counterStatuses.has(answer.fact.status),
    );
    const counterIds = new Set(counters.map((answer) => answer.fact.id));
    const followUps = thread.filter((answer) => counterIds.has(answer.answers.id));
    const comments = thread.filter(
      (answer) => answer.answers.id === claim.id && !counterIds.has(answer.fact.id),
    );
    const clauses = [
      statementClause(store, claim),
      ...counters.map((answer) =>
        statementClause(store, answer.fact, sequenceLabel(claim, answer.fact, words)),
      ),
      ...followUps.map((answer) =>
        statementClause(store, answer.fact, sequenceLabel(answer.answers, answer.fact, words)),
      ),
      ...comments.map((answer) => statementClause(store, answer.fact)),
      ...(claim.id !== start.id ? [statementClause(store, start, words.t('answers.prefix.beforeThat'))] : []),
    ];
    return {
      kind: 'disputed',
      label: words.t('answers.label.disputed'),
      clauses,
      required: 1 + counters.length,
    };
  }
  if (start.status === 'denied' || start.status === 'disputed') {
    return {
      kind: 'denied',
      label: words.t('answers.label.denied'),
      clauses: [statementClause(store, start)],
      required: 1,
    };
  }
  if (notConfirmed.has(start.status)) {
    const label = words.t(`answers.label.${start.status}`);
    const clauses = [statementClause(store, start), ...answerClauses(store, start, thread)];
    return { kind: 'not-confirmed', label, clauses, required: 1 };
  }
  if (claimStatuses.has(start.status) && thread.length === 0) {
    const status = start.status === 'proposed' || start.status === 'claimed' ? start.status : 'announced';
    const clauses = [statementClause(store, start)];
    return {
      kind: 'unanswered',
      label: words.t(`answers.label.unanswered.${status}`),
      clauses,
      required: 1,
    };
  }
  return undefined;
}

/** "Did X ...?": the verdict the thread of the best-matching statement gives. */
export function verdictLead(context: LeadContext): Lead {
  const { store, question } = context;
  const focus = context.ranked[0]?.fact as Fact;
  const acceptance = acceptanceLead(context);
  if (acceptance) return acceptance;

  const start = threadStart(store, focus, context.rankOf);
  const summary = summarizeThread(store, start, question.sides);
  const compose = (found: ThreadSummary) =>
    composeLead(found.kind, found.label, found.clauses, { required: found.required });
  if (summary?.kind === 'confirmed') return compose(summary);

  // "Has Ukraine confirmed ...?": its own "not confirmed" answers it, whatever else the thread holds.
  const inThread = [start, ...answersTo(store, start).map((answer) => answer.fact)];
  const unconfirmed = inThread.find(
    (fact) =>
      notConfirmed.has(fact.status) &&
      (question.sides.size === 0 || question.sides.has(store.actorOf(fact).side)),
  );
  if (unconfirmed && question.namedConcepts.includes('confirmation')) {
    const label = context.words.t(`answers.label.${unconfirmed.status}`);
    return composeLead('not-confirmed', label, [
      statementClause(store, unconfirmed),
      ...answerClauses(store, unconfirmed, answersTo(store, unconfirmed, 1)),
    ]);
  }
  if (summary?.kind === 'denied') {
    const alike = context.ranked
      .slice(1, 4)
      .map((ranked) => ranked.fact)
      .filter((fact) => fact.actor === start.actor && fact.id !== start.id);
    summary.clauses.push(...alike.slice(0, 1).map((fact) => statementClause(store, fact)));
  }
  if (summary) return compose(summary);
  return reportedLead(context, focus);
}

/** Reports, assessments, warnings: the best statement, and the next one when it adds another voice or a date. */
function reportedLead(context: LeadContext, focus: Fact): Lead {
  const { store } = context;
  const best = context.ranked[0]?.score ?? 0;
  const second = context.ranked
    .slice(1, 4)
    .find(
      ({ fact, score }) =>
        score >= 0.7 * best &&
        (fact.actor !== focus.actor || fact.asOf !== undefined) &&
        !fact.respondsTo.includes(focus.id),
    );
  const clauses = [statementClause(store, focus), ...(second ? [statementClause(store, second.fact)] : [])];
  const label = reportedLabels.has(focus.status) ? focus.status : 'reported';
  return composeLead('reported', context.words.t(`answers.label.${label}`), clauses);
}

/**
 * "When ...?": the date of the best-matching dated statement, with what contests it and what it
 * answers. A "not confirmed" with no date of its own is dated by the claim it answers. When the same
 * speaker has a second statement that answers as well, both are given, oldest first.
 */
export function dateLead(context: LeadContext): Lead {
  const { store, words } = context;
  const best = context.ranked[0]?.score ?? 0;
  const top = context.ranked[0]?.fact as Fact;
  const start = counterStatuses.has(top.status) ? threadStart(store, top, context.rankOf) : top;
  const dated = top.date ? top : start.date ? start : undefined;
  if (!dated) {
    return composeLead('no-date', words.t('answers.label.noDate'), [
      statementClause(store, top),
      { text: words.t('answers.date.none'), factIds: [], basis: 'store' },
    ]);
  }
  const alike = context.ranked
    .slice(1, 3)
    .find(
      ({ fact, score }) =>
        fact.date && fact.actor === dated.actor && score >= 0.9 * best && !fact.respondsTo.includes(dated.id),
    )?.fact;
  const dates = [dated, ...(alike ? [alike] : [])].sort((a, b) =>
    (a.date?.value ?? '').localeCompare(b.date?.value ?? ''),
  );
  const clauses: LeadClause[] = [];
  let required = 0;
  for (const fact of dates) {
    const counters = answersTo(store, fact, 1).filter((answer) => counterStatuses.has(answer.fact.status));
    clauses.push(
      statementClause(store, fact),
      ...counters.map((answer) =>
        statementClause(store, answer.fact, sequenceLabel(fact, answer.fact, words)),
      ),
    );
    required = clauses.length;
  }
  // What the dated statement answers, when it is an answer ("the maps answer 'not confirmed'").
  for (const target of dated.respondsTo
    .map((id) => store.fact(id))
    .filter((fact): fact is Fact => fact !== undefined)) {
    if (counterStatuses.has(target.status)) {
      const held = target.asOf?.value ?? target.date?.value;
      const before =
        held && (dated.date?.value ?? '') > held
          ? words.t('answers.prefix.beforeThat')
          : held
            ? words.t('common.attribution.sameTime')
            : '';
      clauses.push(statementClause(store, target, before));
      required = clauses.length;
    }
  }
  return composeLead('date', words.t('answers.label.when'), clauses, { required });
}

/** A general question: the best statement, what contests it, and a second statement close behind. */
export function statementLead(context: LeadContext): Lead {
  const { store, words } = context;
  const top = context.ranked[0]?.fact as Fact;
  const best = context.ranked[0]?.score ?? 0;
  const thread = answersTo(store, top, 1).filter((answer) => counterStatuses.has(answer.fact.status));
  const threadIds = new Set([
    top.id,
    ...answersTo(store, top).map((answer) => answer.fact.id),
    ...top.respondsTo,
  ]);
  const second = context.ranked
    .slice(1, 3)
    .find(({ fact, score }) => score >= 0.85 * best && !threadIds.has(fact.id));
  return composeLead(
    'statement',
    words.t('answers.label.statement'),
    [
      statementClause(store, top),
      ...thread.map((answer) => statementClause(store, answer.fact, sequenceLabel(top, answer.fact, words))),
      ...(second ? [statementClause(store, second.fact)] : []),
    ],
    { required: 1 + thread.length },
  );
}
