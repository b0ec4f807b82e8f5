// A situation digest: what changed since a channel's last digest, then a short standing summary.
// Pure: the caller supplies the ledger's memory of when facts appeared and changed.
import type { FactStore } from '../data/fact-store.js';
import type { Fact } from '../data/schema.js';
import { discordTimestamp } from '../render/text.js';
import { asOfLabel, attributedLine, byImportance, SourceCitations, statusLabel } from './attribution.js';
import type { Brief, BriefLine, BriefSection } from './brief.js';
import { type CeasefireParty, ceasefireParties } from './ceasefire-brief.js';

export interface FactHistory {
  firstSeenAt: string;
  statusChangedAt?: string;
  previousStatus?: Fact['status'];
}

export interface DigestRequest {
  facts: FactStore;
  history: (factId: string) => FactHistory | undefined;
  /** The previous digest's time; null for a channel's first digest. */
  since: Date | null;
  /** Topic ids to keep; empty keeps everything. */
  topics: readonly string[];
  /** A line shown first, e.g. why the digest is late. */
  note?: string;
}

export interface Digest {
  brief: Brief;
  newFacts: number;
  changedFacts: number;
}

const newest = (a: Fact, b: Fact) => (b.date?.value ?? '').localeCompare(a.date?.value ?? '');

function standingSummary(
  facts: FactStore,
  relevant: readonly Fact[],
  topics: readonly string[],
  citations: SourceCitations,
): BriefSection[] {
  const sections: BriefSection[] = [];
  const relevantIds = new Set(relevant.map((fact) => fact.id));
  const placeLines: BriefLine[] = [];
  for (const region of facts.places.filter((place) => place.kind === 'region')) {
    const latest = facts
      .factsForPlace(region.id)
      .filter((fact) => relevantIds.has(fact.id) && fact.nature !== 'background')
      .sort((a, b) => newest(a, b) || a.importance - b.importance)[0];
    if (latest) placeLines.push(attributedLine(facts, latest, citations));
  }
  if (placeLines.length > 0) sections.push({ heading: 'Latest by region', lines: placeLines });

  if (topics.length === 0 || topics.includes('ceasefire')) {
    const ceasefireFacts = facts.factsForTopic('ceasefire');
    const lines = (Object.keys(ceasefireParties) as CeasefireParty[]).flatMap((party) => {
      const sides: readonly string[] = ceasefireParties[party].sides;
      const latest = ceasefireFacts
        .filter((fact) => sides.includes(facts.actorOf(fact).side))
        .sort(newest)[0];
      return latest ? [attributedLine(facts, latest, citations, { withResponses: false })] : [];
    });
    if (lines.length > 0) sections.push({ heading: 'Ceasefire talks: latest from each party', lines });
  }
  return sections;
}

export function buildDigestBrief({ facts, history, since, topics, note }: DigestRequest): Digest {
  const relevant =
    topics.length === 0
      ? facts.facts
      : facts.facts.filter((fact) => fact.topics.some((topic) => topics.includes(topic)));
  const sinceIso = since?.toISOString();
  const added = sinceIso ? relevant.filter((fact) => (history(fact.id)?.firstSeenAt ?? '') > sinceIso) : [];
  const addedIds = new Set(added.map((fact) => fact.id));
  const changed = sinceIso
    ? relevant.filter(
        (fact) => !addedIds.has(fact.id) && (history(fact.id)?.statusChangedAt ?? '') > sinceIso,
      )
    : [];

  const citations = new SourceCitations(facts);
  const sections: BriefSection[] = [];
  if (since && added.length > 0) {
    sections.push({
      heading: `New since ${discordTimestamp(since, 'f')}`,
      lines: byImportance(added).map((fact) => attributedLine(facts, fact, citations)),
    });
  }
  if (changed.length > 0) {
    sections.push({
      heading: 'Status changed',
      lines: byImportance(changed).map((fact) => {
        const line = attributedLine(facts, fact, citations);
        const previous = history(fact.id)?.previousStatus;
        return previous ? { ...line, text: `${line.text} _(was: ${statusLabel(previous)})_` } : line;
      }),
    });
  }
  sections.push(...standingSummary(facts, relevant, topics, citations));

  const topicNames = topics.map((id) => facts.topic(id)?.name ?? id);
  const changes = added.length + changed.length;
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const summary = !since
    ? 'The current situation, as this channel’s first digest. Later digests show what changed since the one before.'
    : changes === 0
      ? `No new developments since ${discordTimestamp(since, 'f')}. The standing summary follows.`
      : `${plural(added.length, 'new statement')} and ${plural(changed.length, 'status change')} since ${discordTimestamp(since, 'f')}.`;
  const shown = sections.flatMap((section) => section.lines.flatMap((line) => line.factId ?? []));
  return {
    brief: {
      title: topicNames.length > 0 ? `Situation digest: ${topicNames.join(', ')}` : 'Situation digest',
      intro: [note, summary].filter(Boolean).join('\n'),
      sections,
      sources: citations.list(),
      asOf: asOfLabel(
        facts,
        shown.flatMap((id) => facts.fact(id) ?? []),
      ),
      storeUpdated: facts.lastAdded(),
      continuation: () => '/timeline',
      tone: 'info',
    },
    newFacts: added.length,
    changedFacts: changed.length,
  };
}
