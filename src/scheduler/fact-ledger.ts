// When this deployment first saw each fact, and when a fact's status last changed. Fact files say
// what is true now; the ledger remembers what they said before, so a digest can report "an unverified
// claim has since been confirmed" and "new since your last digest".
import type Keyv from 'keyv';
import { z } from 'zod';
import type { FactStore } from '../data/fact-store.js';
import { factStatuses } from '../data/schema.js';
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

export class FactLedger {
  private entries = new Map<string, LedgerEntry>();

  constructor(private readonly store: Keyv) {}

  /** Reads the saved ledger. An unreadable one is reported by the caller and rebuilt from now. */
  async load(): Promise<{ ok: true } | { ok: false; reason: string }> {
    const raw = await this.store.get(ledgerKey);
    if (raw === undefined) return { ok: true };
    const parsed = ledgerSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, reason: parsed.error.issues[0]?.message ?? 'invalid' };
    this.entries = new Map(Object.entries(parsed.data.facts));
    return { ok: true };
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
      await setOrThrow(this.store, ledgerKey, { version: 1, facts: Object.fromEntries(this.entries) });
    }
    return changes;
  }

  entry(factId: string): LedgerEntry | undefined {
    return this.entries.get(factId);
  }
}
