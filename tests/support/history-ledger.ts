import type { DigestLedger, FactHistory } from '../../src/briefs/digest-brief.js';
import type { FactStore } from '../../src/data/fact-store.js';

/** A ledger given as a function of fact id, for building digests from chosen histories. */
export function historyLedger(
  facts: FactStore,
  history: (factId: string) => FactHistory | undefined,
): DigestLedger {
  return {
    entry: history,
    changesSince(sinceIso) {
      const added: string[] = [];
      const statusChanged: string[] = [];
      for (const fact of facts.facts) {
        const entry = history(fact.id);
        if (!entry) continue;
        if (entry.firstSeenAt > sinceIso) added.push(fact.id);
        if ((entry.statusChangedAt ?? '') > sinceIso) statusChanged.push(fact.id);
      }
      return { added, statusChanged };
    },
  };
}
