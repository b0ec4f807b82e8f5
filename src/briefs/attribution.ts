// The house style: every statement is shown with who asserts it and how, never as bare fact.
import type { FactStore } from '../data/fact-store.js';
import { clauseStatuses, type Fact, type FactStatus, type Source, verdictStatuses } from '../data/schema.js';
import { formatPartialDate } from '../text.js';
import type { BriefLine, BriefSource } from './brief.js';

const verbs: Record<FactStatus, readonly [singular: string, plural: string]> = {
  claimed: ['claims', 'claim'],
  confirmed: ['confirms', 'confirm'],
  denied: ['denies', 'deny'],
  disputed: ['disputes', 'dispute'],
  'not-confirmed': ['has not confirmed', 'have not confirmed'],
  'not-officially-confirmed': ['has not officially confirmed', 'have not officially confirmed'],
  reported: ['reports', 'report'],
  announced: ['announced', 'announced'],
  'announced-unverified': ['announced', 'announced'],
  proposed: ['proposed', 'proposed'],
  stated: ['says', 'say'],
  warned: ['warns', 'warn'],
  concerned: ['has expressed concern', 'have expressed concern'],
  assessed: ['assesses', 'assess'],
  unverifiable: ['reports, without independent verification', 'report, without independent verification'],
  background: ['gives as background', 'give as background'],
};

/** Said after the statement in sitrep's own voice, where the verb alone would let a claim pass as fact. */
const statusQualifiers: Partial<Record<FactStatus, string>> = {
  'announced-unverified': 'not independently verified',
};

const shortStatus: Record<FactStatus, string> = {
  claimed: 'claimed',
  confirmed: 'confirmed',
  denied: 'denied',
  disputed: 'disputed',
  'not-confirmed': 'not confirmed',
  'not-officially-confirmed': 'not officially confirmed',
  reported: 'reported',
  announced: 'announced',
  'announced-unverified': 'announced, not independently verified',
  proposed: 'proposed',
  stated: 'noted',
  warned: 'warned',
  concerned: 'concern expressed',
  assessed: 'assessed',
  unverifiable: 'unverifiable',
  background: 'background',
};

/** "not confirmed", "claimed": a status as a short label. */
export const statusLabel = (status: FactStatus): string => shortStatus[status];

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
      return { text: `[${number}] ${sourceReference(source, { withLink: false })}`, url: source.url };
    });
  }
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

/**
 * A source as a reader can find it: outlet, date, headline (or what the story covers when its headline
 * is not recorded), language when not English, and link. `outlet` lets a caller style the outlet's name.
 * "The Moscow Times, 13 Mar 2025: "Russian Army Regains ..." https://www.themoscowtimes.com/..."
 */
export function sourceReference(
  source: Source,
  { outlet = source.outlet, withLink = true }: { outlet?: string; withLink?: boolean } = {},
): string {
  const date = source.published
    ? `, ${source.publishedApproximate ? 'c. ' : ''}${formatPartialDate(source.published)}`
    : ', undated';
  const what = source.title ? `: "${source.title}"` : source.about ? `, ${source.about}` : '';
  const language = source.language ? ` (in ${languageNames.of(source.language) ?? source.language})` : '';
  const link = withLink && source.url ? ` ${source.url}` : '';
  return `${outlet}${date}${what}${language}${link}`;
}

/** "13 Mar 2025", "c. 16 Mar 2025", "15–16 Mar 2025", "Aug 2024": a date or span as written in answers. */
export function formatWhen({
  value,
  until,
  approximate,
}: {
  value: string;
  until?: string | undefined;
  approximate?: boolean;
}): string {
  const prefix = approximate ? 'c. ' : '';
  if (!until) return `${prefix}${formatPartialDate(value)}`;
  const [fromYear, fromMonth, fromDay] = value.split('-');
  const [toYear, toMonth] = until.split('-');
  const end = formatPartialDate(until);
  if (fromDay && fromYear === toYear && fromMonth === toMonth) return `${prefix}${Number(fromDay)}–${end}`;
  const start = formatPartialDate(value);
  if (fromYear === toYear) return `${prefix}${start.slice(0, -(fromYear?.length ?? 0) - 1)} – ${end}`;
  return `${prefix}${start} – ${end}`;
}

/** "A", "A and B", "A, B and C". */
function joinNames(names: readonly string[]): string {
  return names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * "Business-News-Today.com gives no casualty figures for either side.": what the named sources do not
 * give, said in sitrep's voice (never as the source's words).
 */
export function notGivenSentence(store: FactStore, sourceIds: readonly string[], what: string): string {
  const outlets = [...new Set(sourceIds.map((id) => store.source(id)?.outlet ?? id))];
  return `${joinNames(outlets)} ${outlets.length === 1 ? 'gives' : 'give'} no ${what}.`;
}

/** The statement with what sitrep adds to it: "(not independently verified)", ", as of c. 17 Mar 2025". */
function qualifiedStatement(fact: Fact): string {
  const qualifier = statusQualifiers[fact.status];
  const additions = `${qualifier ? ` (${qualifier})` : ''}${fact.asOf ? `, as of ${formatWhen(fact.asOf)}` : ''}`;
  if (additions === '') return fact.statement;
  const end = /[.!?]$/.test(fact.statement) ? fact.statement.slice(-1) : '';
  return `${fact.statement.slice(0, fact.statement.length - end.length)}${additions}${end}`;
}

/**
 * "**Russia's Defence Ministry** claims: Russian troops have fully secured the town of Sudzha."
 * A paraphrase says whose: "**Russian President Vladimir Putin** says, in Business-News-Today.com's
 * paraphrase: ...".
 */
export function attributedSentence(store: FactStore, fact: Fact): string {
  const actor = store.actorOf(fact);
  const verb = verbs[fact.status][actor.plural ? 1 : 0];
  const outlet = fact.paraphrasedBy ? store.actor(fact.paraphrasedBy) : undefined;
  const paraphrase = outlet ? `, in ${outlet.name}'s paraphrase` : '';
  const statement = qualifiedStatement(fact);
  return clauseStatuses.has(fact.status)
    ? `**${actor.name}** ${verb}${paraphrase ? `${paraphrase},` : ''} ${statement}`
    : `**${actor.name}** ${verb}${paraphrase}: ${statement}`;
}

/**
 * "(13 Mar 2025, date from other reporting [2][3])" or "(Aug 2024, per the article [1])".
 * External dates are always labelled as such: the article never said them.
 */
function dateLabel(fact: Fact, citations: SourceCitations): string | undefined {
  const date = fact.date;
  if (!date) return undefined;
  const when = formatWhen(date);
  if (date.provenance === 'external') {
    if (date.sources.every((id) => fact.sources.includes(id))) return `${when}, per its source`;
    return `${when}, date from other reporting ${citations.cite(date.sources)}`;
  }
  return `${when}, per the source`;
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
  const label = withDate ? dateLabel(fact, citations) : undefined;
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
  for (const response of store.responsesTo(answered.id)) {
    if (onThisLine.has(response.id)) continue;
    if (citations.shownResponses.has(response.id)) {
      // Repeat only the verdict (not confirmed, denied...) so every claim still carries it.
      if (verdictStatuses.has(response.status)) {
        lines.push(`**${store.actorOf(response).name}**: ${shortStatus[response.status]}, as above`);
      }
      continue;
    }
    citations.shownResponses.add(response.id);
    onThisLine.add(response.id);
    const label = dateLabel(response, citations);
    lines.push(
      `${sequenceLabel(answered, response)}${attributedSentence(store, response)}${label ? ` (${label})` : ''} ${citations.cite(response.sources)}`,
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
function sequenceLabel(answered: Fact, response: Fact): string {
  if (!answered.asOf || !response.date) return '';
  if (response.date.value > answered.asOf.value) return 'What came next: ';
  const end = Date.parse(response.date.until ?? response.date.value);
  const asOf = Date.parse(answered.asOf.value);
  const week = 7 * 24 * 60 * 60 * 1000;
  return asOf - end > week ? 'Earlier: ' : 'Around the same time: ';
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
  return best ? `${best.approximate ? 'c. ' : ''}${formatPartialDate(best.value)}` : undefined;
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
