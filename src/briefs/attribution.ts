// The house style: every statement is shown with who asserts it and how, never as bare fact.
import type { FactStore } from '../data/fact-store.js';
import { clauseStatuses, type Fact, type FactStatus } from '../data/schema.js';
import { formatPartialDate } from '../text.js';
import type { BriefLine } from './brief.js';

const verbs: Record<FactStatus, readonly [singular: string, plural: string]> = {
  claimed: ['claims', 'claim'],
  confirmed: ['confirms', 'confirm'],
  denied: ['denies', 'deny'],
  disputed: ['disputes', 'dispute'],
  'not-confirmed': ['has not confirmed', 'have not confirmed'],
  reported: ['reports', 'report'],
  announced: ['announced', 'announced'],
  proposed: ['proposed', 'proposed'],
  stated: ['says', 'say'],
  warned: ['warns', 'warn'],
  assessed: ['assesses', 'assess'],
  unverifiable: ['reports, without independent verification', 'report, without independent verification'],
  background: ['gives as background', 'give as background'],
};

const verdictStatuses: ReadonlySet<FactStatus> = new Set([
  'confirmed',
  'denied',
  'disputed',
  'not-confirmed',
]);

const shortStatus: Record<FactStatus, string> = {
  claimed: 'claimed',
  confirmed: 'confirmed',
  denied: 'denied',
  disputed: 'disputed',
  'not-confirmed': 'not confirmed',
  reported: 'reported',
  announced: 'announced',
  proposed: 'proposed',
  stated: 'noted',
  warned: 'warned',
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

  /** "[1] Business-News-Today.com, c. 17 Mar 2025: "Ukraine resists ..."" for each cited source. */
  list(): string[] {
    return [...this.numbers].map(([id, number]) => {
      const source = this.store.source(id);
      if (!source) return `[${number}] ${id}`;
      const date = source.published
        ? `, ${source.publishedApproximate ? 'c. ' : ''}${formatPartialDate(source.published)}`
        : '';
      const title = source.title ? `: "${source.title}"` : '';
      return `[${number}] ${source.outlet}${date}${title}`;
    });
  }
}

/** "**Russia's Defence Ministry** claims: Russian troops have fully secured the town of Sudzha." */
export function attributedSentence(store: FactStore, fact: Fact): string {
  const actor = store.actorOf(fact);
  const verb = verbs[fact.status][actor.plural ? 1 : 0];
  return clauseStatuses.has(fact.status)
    ? `**${actor.name}** ${verb} ${fact.statement}`
    : `**${actor.name}** ${verb}: ${fact.statement}`;
}

/**
 * "(13 Mar 2025, date from other reporting [2][3])" or "(Aug 2024, per the article [1])".
 * External dates are always labelled as such: the article never said them.
 */
export function dateLabel(fact: Fact, citations: SourceCitations): string | undefined {
  const date = fact.date;
  if (!date) return undefined;
  const when = `${date.approximate ? 'c. ' : ''}${formatPartialDate(date.value)}`;
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

export function attributedLine(
  store: FactStore,
  fact: Fact,
  citations: SourceCitations,
  { withDate = true, withResponses = true }: LineOptions = {},
): BriefLine {
  const label = withDate ? dateLabel(fact, citations) : undefined;
  const text = `${attributedSentence(store, fact)}${label ? ` (${label})` : ''} ${citations.cite(fact.sources)}`;
  const responses = withResponses
    ? store.responsesTo(fact.id).flatMap((response) => {
        if (citations.shownResponses.has(response.id)) {
          // Repeat only the verdict (not confirmed, denied...) so every claim still carries it.
          return verdictStatuses.has(response.status)
            ? [`**${store.actorOf(response).name}**: ${shortStatus[response.status]}, as above`]
            : [];
        }
        citations.shownResponses.add(response.id);
        const responseLabel = dateLabel(response, citations);
        return [
          `${attributedSentence(store, response)}${responseLabel ? ` (${responseLabel})` : ''} ${citations.cite(response.sources)}`,
        ];
      })
    : [];
  return { factId: fact.id, text, responses };
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
    if (fact.date) consider(fact.date.value, fact.date.approximate);
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
