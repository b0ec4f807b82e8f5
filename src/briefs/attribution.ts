// The house style: every statement is shown with who asserts it and how, never as bare fact.
import type { FactStore } from '../data/fact-store.js';
import {
  type Actor,
  clauseStatuses,
  type Fact,
  type FactStatus,
  type Source,
  verdictStatuses,
} from '../data/schema.js';
import { type Words, wordsIn } from '../i18n/words.js';
import type { BriefLine, BriefSource } from './brief.js';

/** "not confirmed", "claimed": a status as a short label. */
export const statusLabel = (status: FactStatus, words: Words): string => words.t(`common.status.${status}`);

/** "claims", "has not confirmed", "не підтвердила": the status as a verb agreeing with the actor. */
export function statusVerb(store: FactStore, status: FactStatus, actor: Actor): string {
  return wordsIn(store.locale).t(`common.verb.${status}`, { context: store.genderOf(actor) });
}

/** Said after the statement in sitrep's own voice, where the verb alone would let a claim pass as fact. */
const qualifiedStatuses: ReadonlySet<FactStatus> = new Set(['announced-unverified']);

/**
 * Numbers sources in the order a brief first cites them, and remembers which answers the brief has
 * already shown in full so a denial that covers three claims is spelled out once.
 */
export class SourceCitations {
  private readonly numbers = new Map<string, number>();
  readonly shownResponses = new Set<string>();
  constructor(private readonly store: FactStore) {}

  cite(sourceIds: readonly string[]): string {
    return sourceIds.map((id) => `[${this.number(id)}]`).join('');
  }

  number(sourceId: string): number {
    let number = this.numbers.get(sourceId);
    if (number === undefined) {
      number = this.numbers.size + 1;
      this.numbers.set(sourceId, number);
    }
    return number;
  }

  /**
   * "[1] Business-News-Today.com, c. 17 Mar 2025: "Ukraine resists ..."" for each cited source, with
   * its link apart: the renderer shows links when they fit its medium; /sources always has them.
   */
  list(): BriefSource[] {
    return [...this.numbers].map(([id, number]) => {
      const source = this.store.source(id);
      if (!source) return { text: `[${number}] ${id}` };
      return {
        text: `[${number}] ${sourceReference(source, { withLink: false, words: wordsIn(this.store.locale) })}`,
        url: source.url,
      };
    });
  }
}

/**
 * A source as a reader can find it: outlet, date, headline (or what the story covers when its headline
 * is not recorded), language when not English, and link. `outlet` lets a caller style the outlet's name.
 * "The Moscow Times, 13 Mar 2025: "Russian Army Regains ..." https://www.themoscowtimes.com/..."
 */
export function sourceReference(
  source: Source,
  {
    outlet = source.outlet,
    withLink = true,
    words = wordsIn('en'),
  }: { outlet?: string; withLink?: boolean; words?: Words } = {},
): string {
  const date = source.published
    ? `, ${words.date(source.published, source.publishedApproximate)}`
    : `, ${words.t('common.source.undated')}`;
  const what = source.title
    ? words.t('common.source.title', { title: source.title })
    : source.about
      ? `, ${source.about}`
      : '';
  // A story in the reader's own language needs no note.
  const language =
    source.language && source.language !== words.locale
      ? words.t('common.source.inLanguage', { language: words.languageName(source.language) })
      : '';
  const link = withLink && source.url ? ` ${source.url}` : '';
  return `${outlet}${date}${what}${language}${link}`;
}

/** "13 Mar 2025", "c. 16 Mar 2025", "15–16 Mar 2025", "Aug 2024": a date or span as written in answers. */
export function formatWhen(
  {
    value,
    until,
    approximate,
  }: {
    value: string;
    until?: string | undefined;
    approximate?: boolean;
  },
  words: Words,
): string {
  return until ? words.dateSpan(value, until, approximate) : words.date(value, approximate);
}

/**
 * "Business-News-Today.com gives no casualty figures for either side.": what the named sources do not
 * give, said in sitrep's voice (never as the source's words).
 */
export function notGivenSentence(store: FactStore, sourceIds: readonly string[], what: string): string {
  const outlets = [...new Set(sourceIds.map((id) => store.source(id)?.outlet ?? id))];
  const words = wordsIn(store.locale);
  return words.t('common.attribution.notGiven', {
    outlets: words.list(outlets),
    what,
    count: outlets.length,
  });
}

/** The statement with what sitrep adds to it: "(not independently verified)", ", as of c. 17 Mar 2025". */
function qualifiedStatement(fact: Fact, words: Words): string {
  const qualifier = qualifiedStatuses.has(fact.status)
    ? words.t(`common.qualifier.${fact.status}`)
    : undefined;
  const asOf = fact.asOf
    ? `, ${words.t('common.attribution.asOf', { when: formatWhen(fact.asOf, words) })}`
    : '';
  const additions = `${qualifier ? ` (${qualifier})` : ''}${asOf}`;
  if (additions === '') return fact.statement;
  const end = /[.!?]$/.test(fact.statement) ? fact.statement.slice(-1) : '';
  // "станом на 17 бер. 2025 р." already ends in a full stop.
  const closing = end === '.' && additions.endsWith('.') ? '' : end;
  return `${fact.statement.slice(0, fact.statement.length - end.length)}${additions}${closing}`;
}

/**
 * "**Russia's Defence Ministry** claims: Russian troops have fully secured the town of Sudzha."
 * A paraphrase says whose: "**Russian President Vladimir Putin** says, in Business-News-Today.com's
 * paraphrase: ...".
 */
export function attributedSentence(store: FactStore, fact: Fact): string {
  const words = wordsIn(store.locale);
  const actor = store.actorOf(fact);
  const verb = statusVerb(store, fact.status, actor);
  const outlet = fact.paraphrasedBy ? store.actor(fact.paraphrasedBy) : undefined;
  const paraphrase = outlet ? words.t('common.attribution.paraphrase', { outlet: outlet.name }) : '';
  const statement = qualifiedStatement(fact, words);
  return clauseStatuses.has(fact.status)
    ? `**${actor.name}** ${verb}${paraphrase ? `${paraphrase},` : ''} ${statement}`
    : `**${actor.name}** ${verb}${paraphrase}: ${statement}`;
}

/**
 * "(13 Mar 2025, date from other reporting [2][3])" or "(Aug 2024, per the article [1])".
 * External dates are always labelled as such: the article never said them.
 */
function dateLabel(fact: Fact, citations: SourceCitations, words: Words): string | undefined {
  const date = fact.date;
  if (!date) return undefined;
  const when = formatWhen(date, words);
  if (date.provenance === 'external') {
    if (date.sources.every((id) => fact.sources.includes(id))) {
      return words.t('common.attribution.dateFromItsSource', { when });
    }
    return words.t('common.attribution.dateFromOtherReporting', {
      when,
      cites: citations.cite(date.sources),
    });
  }
  return words.t('common.attribution.dateFromSource', { when });
}

export interface LineOptions {
  /** Show the fact's date label after the statement (timelines put the date first instead). */
  withDate?: boolean;
  /** Nest the facts that answer this one beneath it. */
  withResponses?: boolean;
}

/** How many answers deep a line follows: a claim, its "not confirmed", what came after that, and one more. */
const maxResponseDepth = 3;

export function attributedLine(
  store: FactStore,
  fact: Fact,
  citations: SourceCitations,
  { withDate = true, withResponses = true }: LineOptions = {},
): BriefLine {
  const label = withDate ? dateLabel(fact, citations, wordsIn(store.locale)) : undefined;
  const text = `${attributedSentence(store, fact)}${label ? ` (${label})` : ''} ${citations.cite(fact.sources)}`;
  const gaps = (fact.notGiven ?? []).map((what) => notGivenSentence(store, fact.sources, what));
  const responses = withResponses ? responseLines(store, fact, citations, 1, new Set([fact.id])) : [];
  return { factId: fact.id, text, responses: [...gaps, ...responses] };
}

/**
 * The statements answering `answered`, each followed by what answered it in turn. Answers to a
 * statement that held "as of" a date say where they fall: "What came next: ...".
 */
function responseLines(
  store: FactStore,
  answered: Fact,
  citations: SourceCitations,
  depth: number,
  onThisLine: Set<string>,
): string[] {
  const lines: string[] = [];
  const words = wordsIn(store.locale);
  for (const response of store.responsesTo(answered.id)) {
    if (onThisLine.has(response.id)) continue;
    if (citations.shownResponses.has(response.id)) {
      // Repeat only the verdict (not confirmed, denied...) so every claim still carries it.
      if (verdictStatuses.has(response.status)) {
        lines.push(
          words.t('common.attribution.asAbove', {
            actor: store.actorOf(response).name,
            status: statusLabel(response.status, words),
          }),
        );
      }
      continue;
    }
    citations.shownResponses.add(response.id);
    onThisLine.add(response.id);
    const label = dateLabel(response, citations, words);
    lines.push(
      `${sequenceLabel(answered, response, words)}${attributedSentence(store, response)}${label ? ` (${label})` : ''} ${citations.cite(response.sources)}`,
    );
    if (depth < maxResponseDepth) {
      lines.push(...responseLines(store, response, citations, depth + 1, onThisLine));
    }
  }
  return lines;
}

/**
 * Where an answer falls against the "as of" of the statement it answers: "What came next: " when it is
 * dated after it, "Earlier: " when it ended more than a week before, else "Around the same time: ".
 * No label when the answered statement has no "as of" or the answer no date.
 */
function sequenceLabel(answered: Fact, response: Fact, words: Words): string {
  if (!answered.asOf || !response.date) return '';
  if (response.date.value > answered.asOf.value) return words.t('common.attribution.cameNext');
  const end = Date.parse(response.date.until ?? response.date.value);
  const asOf = Date.parse(answered.asOf.value);
  const week = 7 * 24 * 60 * 60 * 1000;
  return asOf - end > week ? words.t('common.attribution.earlier') : words.t('common.attribution.sameTime');
}

/**
 * The most recent day the given facts speak for: a fact's own day-precise date, else its source's
 * publication date. Returns a display string such as "c. 17 Mar 2025".
 */
export function asOfLabel(store: FactStore, facts: readonly Fact[]): string | undefined {
  let best: { value: string; approximate: boolean } | undefined;
  const consider = (value: string | undefined, approximate: boolean) => {
    if (value && value.length === 10 && (!best || value > best.value)) best = { value, approximate };
  };
  for (const fact of facts) {
    if (fact.date) consider(fact.date.until ?? fact.date.value, fact.date.approximate);
    if (fact.asOf) consider(fact.asOf.value, fact.asOf.approximate);
    for (const id of fact.sources) {
      const source = store.source(id);
      consider(source?.published, source?.publishedApproximate ?? false);
    }
  }
  return best ? wordsIn(store.locale).date(best.value, best.approximate) : undefined;
}

/**
 * Headline facts first; then, when a place is in focus, facts primarily about it (listed first in
 * their places); then the most recent; then store order.
 */
export function byImportance(facts: readonly Fact[], focusPlaceId?: string): Fact[] {
  const primary = (fact: Fact) => (focusPlaceId && fact.places[0] === focusPlaceId ? 0 : 1);
  return facts
    .map((fact, index) => ({ fact, index }))
    .sort(
      (a, b) =>
        a.fact.importance - b.fact.importance ||
        primary(a.fact) - primary(b.fact) ||
        (b.fact.date?.value ?? '').localeCompare(a.fact.date?.value ?? '') ||
        a.index - b.index,
    )
    .map(({ fact }) => fact);
}
