// Leads that answer with a number: a figure the sources give, a capability with its unit (converted
// when the question uses another unit), a yes or no against the question's own number, or, when no
// statement gives one, "no figure" with what the sources do say.
import { formatFigureIn } from '../../data/figures.js';
import type { Fact, Figure } from '../../data/schema.js';
import type { Unit } from '../../data/vocabulary.js';
import { notGivenSentence, statusLabel } from '../attribution.js';
import {
  composeLead,
  type Lead,
  type LeadClause,
  type LeadContext,
  possessive,
  statementClause,
} from './lead.js';
import { compareWithQuestion, convert, proportionText, quantityText } from './quantities.js';
import { coverage, questionKeys } from './rank-facts.js';

/** How much of a figure's description must match the question for it to be the figure asked for. */
const figureFitNeeded = 0.5;

interface FoundFigure {
  fact: Fact;
  figure: Figure;
  /** The same figure in the English store: its unit ids ("km") whatever the language. */
  english: Figure;
  unit: Unit | undefined;
  /** How much of the question the figure's description covers. */
  fit: number;
}

/** The figure among the best-ranked statements whose description best matches the question. */
function findFigure(context: LeadContext): FoundFigure | undefined {
  const { lexicon, question } = context;
  const keys = questionKeys(question);
  const wantedDimension = question.quantity?.unit?.dimension ?? question.askedUnit?.dimension;
  const lengthAsked = question.kind === 'capability' || wantedDimension === 'length';
  let best: FoundFigure | undefined;
  for (const { fact } of context.ranked.slice(0, 12)) {
    const englishFigures = context.store.english.fact(fact.id)?.figures ?? fact.figures;
    for (const [index, figure] of fact.figures.entries()) {
      const english = englishFigures[index] ?? figure;
      const unit = lexicon.units.get(english.unit);
      if (lengthAsked && unit?.dimension !== 'length') continue;
      if (wantedDimension && unit && unit.dimension !== wantedDimension) continue;
      const fit = coverage(lexicon, question, keys, lexicon.termsOfText(`${figure.measures} ${figure.unit}`));
      const needed = lengthAsked ? figureFitNeeded / 2 : figureFitNeeded;
      if (fit >= needed && (!best || fit > best.fit)) best = { fact, figure, english, unit, fit };
    }
  }
  return best;
}

/** "The announced striking range of the long Neptune is 1,000 km (621 mi)", in the unit asked for. */
function figureInUnit(found: FoundFigure, wanted: Unit | undefined, context: LeadContext) {
  const { lexicon, words } = context;
  const { figure, unit, english } = found;
  const alternateUnit = english.alternate ? lexicon.units.get(english.alternate.unit) : undefined;
  let value = figure.value;
  let converted = '';
  if (wanted && unit && wanted.id !== unit.id) {
    if (alternateUnit?.id === wanted.id && figure.alternate) value = figure.alternate.value;
    else {
      value = Math.round(convert(figure.value, unit, wanted));
      converted = words.t('answers.figure.converted', { quantity: quantityText(value, wanted, words) });
    }
  }
  return { value, text: `${formatFigureIn(words, figure, english)}${converted}` };
}

/** "Ukrainian President Volodymyr Zelenskyy's figure (announced, not independently verified)." */
function whoseFigure(context: LeadContext, fact: Fact): string {
  const { store, words } = context;
  const actor = store.actorOf(fact);
  return words.t('answers.figure.whose', {
    owner: words.locale === 'en' ? possessive(actor.name) : actor.name,
    status: statusLabel(fact.status, words),
    context: store.genderOf(actor),
  });
}

/** How many, how far, can it reach 1,500 km: the stored figure, compared when the question gives a number. */
export function figureLead(context: LeadContext): Lead {
  const { question, words } = context;
  const found = findFigure(context);
  const gap = findGap(context);
  // "How many were killed" must not be answered with the number evacuated: a stored "no casualty
  // figures" that fits the question better than any figure is the answer.
  if (!found || (gap && gap.fit > found.fit)) return noFigureLead(context, gap);
  const { fact, figure, unit } = found;
  const measured = unit !== undefined;
  const asked = question.quantity;
  if (asked?.unit && unit && asked.unit.dimension === unit.dimension) {
    const { value, text } = figureInUnit(found, asked.unit, context);
    const verdict = compareWithQuestion(value, figure.qualifier, asked);
    const proportion = proportionText(
      value,
      asked.value,
      quantityText(asked.value, asked.unit, words),
      words,
    );
    const clause: LeadClause = {
      text: words.t('answers.figure.compared', {
        measures: measuresText(words, figure.measures),
        figure: text,
        proportion,
        whose: whoseFigure(context, fact),
      }),
      factIds: [fact.id],
    };
    if (verdict === 'yes') return composeLead('yes', words.t('answers.label.yes'), [clause]);
    if (verdict === 'no') return composeLead('no', words.t('answers.label.no'), [clause]);
    return composeLead('figure', words.t('answers.label.cannotSay'), [clause]);
  }
  if (measured) {
    const { text } = figureInUnit(found, question.askedUnit, context);
    return composeLead(
      question.kind === 'capability' ? 'capability' : 'figure',
      words.t('answers.label.figure'),
      [
        {
          text: words.t('answers.figure.is', {
            measures: measuresText(words, figure.measures),
            figure: text,
            whose: whoseFigure(context, fact),
          }),
          factIds: [fact.id],
        },
      ],
    );
  }
  return composeLead('figure', words.t('answers.label.figure'), [statementClause(context.store, fact)]);
}

/**
 * No statement gives the number: say which sources give none (the store's "not given" data, in
 * sitrep's voice), then the nearest statement the store does hold.
 */
interface FoundGap {
  what: string;
  sources: readonly string[];
  factIds: string[];
  fit: number;
}

/** The best-fitting "not given" the store holds on the statements and topics the question reached. */
function findGap(context: LeadContext): FoundGap | undefined {
  const { store, lexicon, question } = context;
  const keys = questionKeys(question);
  const gaps: { what: string; sources: readonly string[]; factIds: string[] }[] = [];
  for (const { fact } of context.ranked.slice(0, 10)) {
    for (const what of fact.notGiven ?? []) {
      const known = gaps.find((gap) => gap.what === what);
      if (known) known.factIds.push(fact.id);
      else gaps.push({ what, sources: fact.sources, factIds: [fact.id] });
    }
  }
  const topicIds = new Set([
    ...question.topics,
    ...context.ranked.slice(0, 3).flatMap(({ fact }) => fact.topics),
  ]);
  for (const topicId of topicIds) {
    for (const gap of store.topic(topicId)?.notGiven ?? []) {
      if (gaps.some((known) => known.what === gap.what)) continue;
      const carriers = context.ranked.filter(({ fact }) => fact.topics.includes(topicId)).slice(0, 1);
      gaps.push({ what: gap.what, sources: gap.sources, factIds: carriers.map(({ fact }) => fact.id) });
    }
  }
  return gaps
    .map((candidate) => ({
      ...candidate,
      fit: coverage(lexicon, question, keys, lexicon.termsOfText(candidate.what)),
    }))
    .filter((candidate) => candidate.fit >= figureFitNeeded)
    .sort((a, b) => b.fit - a.fit)[0];
}

/** What a figure measures, opening a sentence: "The announced striking range..." in English, capitalised otherwise. */
function measuresText(words: LeadContext['words'], measures: string): string {
  if (words.locale === 'en') return measures;
  const first = measures.charAt(0);
  // Only a lower-case letter changes (as /^\p{Ll}/u would find it); anything else is left as it is.
  return first !== first.toUpperCase() && first === first.toLowerCase()
    ? `${first.toUpperCase()}${measures.slice(1)}`
    : measures;
}

function noFigureLead(context: LeadContext, gap: FoundGap | undefined): Lead {
  const { store, question, words } = context;
  const nearest = context.ranked[0]?.fact;
  const clauses: LeadClause[] = [];
  if (gap) {
    clauses.push({
      text: words.t('answers.figure.gap', {
        notGiven: notGivenSentence(store, gap.sources, gap.what).slice(0, -1),
      }),
      factIds: gap.factIds,
    });
  } else {
    const unknown =
      question.unknown.length > 0
        ? words.t('answers.figure.unknownWords', {
            words: question.unknown
              .map((word) => words.t('answers.figure.quoted', { word }))
              .join(words.t('answers.figure.or')),
          })
        : '';
    clauses.push({
      text: `${words.t('answers.figure.none')}${unknown}`,
      factIds: [],
      basis: 'store',
    });
  }
  if (nearest && !clauses.some((clause) => clause.factIds.includes(nearest.id))) {
    clauses.push(statementClause(store, nearest, words.t('answers.prefix.nearest')));
  } else if (nearest) {
    clauses.push(statementClause(store, nearest, words.t('answers.prefix.storeHas')));
  }
  return composeLead('no-figure', words.t('answers.label.noFigure'), clauses, { required: 1 });
}
