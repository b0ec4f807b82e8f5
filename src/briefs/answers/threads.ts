// A claim and what answered it: the thread a verdict is read from. Links are the store's respondsTo.
import type { FactStore } from '../../data/fact-store.js';
import type { Fact, FactStatus } from '../../data/schema.js';

/** Answers that contest a claim. */
export const counterStatuses: ReadonlySet<FactStatus> = new Set([
  'denied',
  'disputed',
  'not-confirmed',
  'not-officially-confirmed',
]);

/** Statements that assert something someone could answer: the start of a thread. */
export const claimStatuses: ReadonlySet<FactStatus> = new Set([
  'claimed',
  'proposed',
  'announced',
  'announced-unverified',
]);

export interface ThreadAnswer {
  fact: Fact;
  /** The statement it answers. */
  answers: Fact;
  depth: number;
}

/** Everything that answers the fact, and what answers those, in the order they came; three deep. */
export function answersTo(store: FactStore, fact: Fact, maxDepth = 3): ThreadAnswer[] {
  const found: ThreadAnswer[] = [];
  const seen = new Set([fact.id]);
  let level: Fact[] = [fact];
  for (let depth = 1; depth <= maxDepth && level.length > 0; depth++) {
    const next: Fact[] = [];
    for (const answered of level) {
      for (const response of store.responsesTo(answered.id)) {
        if (seen.has(response.id)) continue;
        seen.add(response.id);
        found.push({ fact: response, answers: answered, depth });
        next.push(response);
      }
    }
    level = next;
  }
  return found;
}

/**
 * The statement a thread starts from: from an answer (a denial, a "not confirmed", a confirmation or
 * a comment on a claim), up to what it answers, choosing the best-ranked when it answers several;
 * a claim stops the climb.
 */
export function threadStart(store: FactStore, fact: Fact, rankOf: (fact: Fact) => number): Fact {
  let current = fact;
  const seen = new Set([fact.id]);
  while (current.respondsTo.length > 0 && !claimStatuses.has(current.status)) {
    const targets = current.respondsTo
      .map((id) => store.fact(id))
      .filter((target): target is Fact => target !== undefined && !seen.has(target.id))
      .sort((a, b) => rankOf(a) - rankOf(b));
    const target = targets[0];
    if (!target) break;
    seen.add(target.id);
    current = target;
  }
  return current;
}

/** The facts shown beneath a statement's line (its answers, three deep), which need no line of their own. */
export function nestedUnder(store: FactStore, fact: Fact): Set<string> {
  return new Set(answersTo(store, fact).map((answer) => answer.fact.id));
}
