// When this deployment first saw each fact, and when a fact's status last changed. Fact files say
// what is true now; the ledger remembers what they said before, so a digest can report "an unverified
// claim has since been confirmed" and "new since your last digest".
import type Keyv from 'keyv';
import { z } from 'zod';
import type { DigestLedger } from '../briefs/digest-brief.js';
import type { FactStore } from '../data/fact-store.js';
import { factStatuses } from '../data/schema.js';
import { type Result, refuse, succeed } from '../result.js';
import { setOrThrow } from './keyv-stores.js';

const ledgerKey = 'facts';
const isoDate = z.iso.datetime({ offset: true });

const ledgerEntrySchema = z.object({
  status: z.enum(factStatuses),
  firstSeenAt: isoDate,
  statusChangedAt: isoDate.optional(),
  previousStatus: z.enum(factStatuses).optional(),
});
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

const ledgerSchema = z.object({
  version: z.literal(1),
  facts: z.record(z.string(), ledgerEntrySchema),
});

export interface LedgerChanges {
  added: string[];
  statusChanged: string[];
}

export class FactLedger implements DigestLedger {
  private entries = new Map<string, LedgerEntry>();
  /** Fact ids ordered by when they were first seen, and by when their status changed (built on demand). */
  private byTime: { added: [string, string][]; changed: [string, string][] } | undefined;

  constructor(private readonly store: Keyv) {}

  /** Reads the saved ledger. An unreadable one is reported by the caller and rebuilt from now. */
  async load(): Promise<Result<void>> {
    const raw = await this.store.get(ledgerKey);
    if (raw === undefined) return succeed(undefined);
    const parsed = ledgerSchema.safeParse(raw);
    if (!parsed.success) return refuse(parsed.error.issues[0]?.message ?? 'invalid');
    this.entries = new Map(Object.entries(parsed.data.facts));
    this.byTime = undefined;
    return succeed(undefined);
  }

  /** Records facts that are new to this deployment and statuses that changed, as of `now`. */
  async reconcile(facts: FactStore, now: Date): Promise<LedgerChanges> {
    const at = now.toISOString();
    const changes: LedgerChanges = { added: [], statusChanged: [] };
    for (const fact of facts.facts) {
      const entry = this.entries.get(fact.id);
      if (!entry) {
        this.entries.set(fact.id, { status: fact.status, firstSeenAt: at });
        changes.added.push(fact.id);
      } else if (entry.status !== fact.status) {
        this.entries.set(fact.id, {
          status: fact.status,
          firstSeenAt: entry.firstSeenAt,
          statusChangedAt: at,
          previousStatus: entry.status,
        });
        changes.statusChanged.push(fact.id);
      }
    }
    if (changes.added.length > 0 || changes.statusChanged.length > 0) {
      this.byTime = undefined;
      await setOrThrow(this.store, ledgerKey, { version: 1, facts: Object.fromEntries(this.entries) });
    }
    return changes;
  }

  entry(factId: string): LedgerEntry | undefined {
    return this.entries.get(factId);
  }

  /** Binary searches over time-ordered ids: a digest costs the changes it reports, not the store's size. */
  changesSince(sinceIso: string): { added: string[]; statusChanged: string[] } {
    if (!this.byTime) {
      const added: [string, string][] = [];
      const changed: [string, string][] = [];
      for (const [id, entry] of this.entries) {
        added.push([entry.firstSeenAt, id]);
        if (entry.statusChangedAt) changed.push([entry.statusChangedAt, id]);
      }
      const byFirst = (a: [string, string], b: [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
      this.byTime = { added: added.sort(byFirst), changed: changed.sort(byFirst) };
    }
    const after = (list: [string, string][]) => {
      let low = 0;
      let high = list.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if ((list[middle] as [string, string])[0] <= sinceIso) low = middle + 1;
        else high = middle;
      }
      return list.slice(low).map(([, id]) => id);
    };
    return { added: after(this.byTime.added), statusChanged: after(this.byTime.changed) };
  }
}
