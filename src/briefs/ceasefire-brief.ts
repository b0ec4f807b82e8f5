import type { FactStore } from '../data/fact-store.js';
import type { ActorSide, Fact } from '../data/schema.js';
import { asOfLabel, attributedLine, SourceCitations } from './attribution.js';
import { type Brief, type BriefSection, lazySection } from './brief.js';

export const ceasefireParties = {
  'united-states': { label: 'United States', sides: ['united-states'] },
  ukraine: { label: 'Ukraine', sides: ['ukraine'] },
  russia: { label: 'Russia', sides: ['russia'] },
  europe: { label: 'The UK and Europe', sides: ['united-kingdom', 'europe'] },
  observers: { label: 'Observers and analysis', sides: ['independent', 'north-korea'] },
} as const satisfies Record<string, { label: string; sides: readonly ActorSide[] }>;

export type CeasefireParty = keyof typeof ceasefireParties;

/** Accepts the option value ("united-states") or the label a person might type ("United States"). */
export function resolveCeasefireParty(input: string): CeasefireParty | undefined {
  const wanted = input.trim().toLowerCase();
  return (Object.keys(ceasefireParties) as CeasefireParty[]).find(
    (key) => key === wanted || ceasefireParties[key].label.toLowerCase() === wanted,
  );
}

const chronological = (a: Fact, b: Fact) => (a.date?.value ?? '9999').localeCompare(b.date?.value ?? '9999');

/** Each party's position on a ceasefire, attributed and in date order; or one party's only. */
export function buildCeasefireBrief(store: FactStore, party?: CeasefireParty): Brief {
  const facts = store.factsForTopic('ceasefire');
  const citations = new SourceCitations(store);
  const parties = party ? [party] : (Object.keys(ceasefireParties) as CeasefireParty[]);
  const sections: BriefSection[] = [];
  const shown: Fact[] = [];
  for (const key of parties) {
    const { label, sides } = ceasefireParties[key];
    const own = store.derive(`ceasefire:${key}`, () =>
      facts
        .filter((fact) => (sides as readonly ActorSide[]).includes(store.actorOf(fact).side))
        .sort(chronological),
    );
    if (own.length === 0) continue;
    shown.push(...own);
    sections.push(
      lazySection(label, own, (fact) => attributedLine(store, fact, citations, { withResponses: false })),
    );
  }
  const partyLabel = party ? ceasefireParties[party].label : undefined;
  return {
    title: partyLabel ? `Ceasefire diplomacy: ${partyLabel}` : 'Ceasefire diplomacy',
    intro:
      sections.length > 0
        ? 'Where each party stands on a ceasefire, in their own reported words. Proposals are not agreements.'
        : `No ceasefire positions from ${partyLabel ?? 'any party'} are in the store yet.`,
    sections,
    sources: () => citations.list(),
    asOf: store.derive(`asOf:ceasefire:${parties.join()}`, () => asOfLabel(store, shown)),
    storeUpdated: store.lastAdded(),
    continuation: () => '/topic name:ceasefire',
    tone: 'info',
  };
}
