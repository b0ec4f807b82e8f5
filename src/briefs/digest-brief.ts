// A situation digest: what changed since a channel's last digest, then a short standing summary.
// Pure: the caller supplies the ledger's memory of when facts appeared and changed.
import type { FactStore } from '../data/fact-store.js';
import type { Fact } from '../data/schema.js';
import { commandLine } from '../i18n/command-localizations.js';
import { type Words, wordsIn } from '../i18n/words.js';
import { asOfLabel, attributedLine, byImportance, SourceCitations, statusLabel } from './attribution.js';
import { type Brief, type BriefSection, type BriefText, briefText, lazySection } from './brief.js';
import { type CeasefireParty, ceasefireParties } from './ceasefire-brief.js';

export interface FactHistory {
  firstSeenAt: string;
  statusChangedAt?: string;
  previousStatus?: Fact['status'];
}

/** What the digest needs from the fact ledger (src/scheduler/fact-ledger.ts). */
export interface DigestLedger {
  /** Ids of facts first seen after `sinceIso`, and of facts whose status changed after it. */
  changesSince(sinceIso: string): { added: readonly string[]; statusChanged: readonly string[] };
  entry(factId: string): FactHistory | undefined;
}

export interface DigestRequest {
  /** The store in the digest's language (`FactStore.in(subscription.language)`): the digest is written in it. */
  facts: FactStore;
  ledger: DigestLedger;
  /** The previous digest's time; null for a channel's first digest. */
  since: Date | null;
  /** Topic ids to keep; empty keeps everything. */
  topics: readonly string[];
  /** Why this digest is unusual (late, moved by a clock change, a test), said first. */
  note?: DigestNote;
}

export type DigestNote =
  /** Posted after its slot because sitrep was offline then. */
  | { kind: 'late'; dueAt: Date }
  /** Its local time did not exist today (clocks sprang forward); `localTime` is "HH:MM". */
  | { kind: 'shifted'; localTime: string }
  /** A moderator asked for a test post. */
  | { kind: 'test' };

/** Stands in for a moment in a message, which is then split around it. */
const momentMark = '\u2063at\u2063';

/** A message with one moment in it ("New since {{at}}"): the words around it, and the moment between. */
function textWithMoment(words: Words, key: string, at: Date, values: Record<string, unknown> = {}) {
  const [before = '', ...after] = words.t(key, { ...values, at: momentMark }).split(momentMark);
  const rest = after.join(momentMark);
  return briefText(before || undefined, { at }, rest || undefined);
}

function noteText(note: DigestNote, words: Words): BriefText {
  switch (note.kind) {
    case 'late':
      return textWithMoment(words, 'digests.brief.noteLate', note.dueAt);
    case 'shifted':
      return words.t('digests.brief.noteShifted', { time: note.localTime });
    case 'test':
      return words.t('digests.brief.noteTest');
  }
}

export interface Digest {
  brief: Brief;
  newFacts: number;
  changedFacts: number;
  /** The new statements, then those whose status changed: what a digest's map shows. */
  changes: readonly Fact[];
}

const newest = (a: Fact, b: Fact) => (b.date?.value ?? '').localeCompare(a.date?.value ?? '');

/** Facts on any of the topics (all facts when none are given), computed once per store and topic set. */
function relevantFacts(facts: FactStore, topics: readonly string[]): readonly Fact[] {
  if (topics.length === 0) return facts.facts;
  return facts.derive(`digest:relevant:${topics.join(',')}`, () =>
    facts.facts.filter((fact) => fact.topics.some((topic) => topics.includes(topic))),
  );
}

/** The standing summary's facts: the latest claim per region, and each party's latest on a ceasefire. */
function standingFacts(facts: FactStore, topics: readonly string[]): { regions: Fact[]; ceasefire: Fact[] } {
  return facts.derive(`digest:standing:${topics.join(',')}`, () => {
    const relevantIds = new Set(relevantFacts(facts, topics).map((fact) => fact.id));
    const regions = facts.places
      .filter((place) => place.kind === 'region')
      .flatMap((region) => {
        const latest = facts
          .factsForPlace(region.id)
          .filter((fact) => relevantIds.has(fact.id) && fact.nature !== 'background')
          .sort((a, b) => newest(a, b) || a.importance - b.importance)[0];
        return latest ? [latest] : [];
      });
    const ceasefire =
      topics.length === 0 || topics.includes('ceasefire')
        ? (Object.keys(ceasefireParties) as CeasefireParty[]).flatMap((party) => {
            const sides: readonly string[] = ceasefireParties[party].sides;
            const latest = facts
              .factsForTopic('ceasefire')
              .filter((fact) => sides.includes(facts.actorOf(fact).side))
              .sort(newest)[0];
            return latest ? [latest] : [];
          })
        : [];
    return { regions, ceasefire };
  });
}

export function buildDigestBrief({ facts, ledger, since, topics, note }: DigestRequest): Digest {
  const added: Fact[] = [];
  const changed: Fact[] = [];
  if (since) {
    const changes = ledger.changesSince(since.toISOString());
    const relevantIds =
      topics.length === 0
        ? undefined
        : facts.derive(
            `digest:relevantIds:${topics.join(',')}`,
            () => new Set(relevantFacts(facts, topics).map((fact) => fact.id)),
          );
    const keep = (ids: readonly string[]) =>
      ids.flatMap((id) => {
        const fact = facts.fact(id);
        return fact && (!relevantIds || relevantIds.has(id)) ? [fact] : [];
      });
    added.push(...keep(changes.added));
    const addedIds = new Set(changes.added);
    changed.push(...keep(changes.statusChanged.filter((id) => !addedIds.has(id))));
  }

  const words = wordsIn(facts.locale);
  const citations = new SourceCitations(facts);
  const sections: BriefSection[] = [];
  if (since && added.length > 0) {
    sections.push(
      lazySection(textWithMoment(words, 'digests.brief.newSince', since), byImportance(added), (fact) =>
        attributedLine(facts, fact, citations),
      ),
    );
  }
  if (changed.length > 0) {
    sections.push(
      lazySection(words.t('digests.brief.statusChanged'), byImportance(changed), (fact) => {
        const line = attributedLine(facts, fact, citations);
        const previous = ledger.entry(fact.id)?.previousStatus;
        return previous
          ? {
              ...line,
              text: `${line.text} ${words.t('digests.brief.was', { status: statusLabel(previous, words) })}`,
            }
          : line;
      }),
    );
  }
  const standing = standingFacts(facts, topics);
  if (standing.regions.length > 0) {
    sections.push(
      lazySection(words.t('digests.brief.latestByRegion'), standing.regions, (fact) =>
        attributedLine(facts, fact, citations),
      ),
    );
  }
  if (standing.ceasefire.length > 0) {
    sections.push(
      lazySection(words.t('digests.brief.ceasefire'), standing.ceasefire, (fact) =>
        attributedLine(facts, fact, citations, { withResponses: false }),
      ),
    );
  }

  const topicNames = topics.map((id) => facts.topic(id)?.name ?? id);
  const changes = added.length + changed.length;
  const summary = !since
    ? words.t('digests.brief.first')
    : changes === 0
      ? textWithMoment(words, 'digests.brief.nothingNew', since)
      : textWithMoment(words, 'digests.brief.changes', since, {
          added: words.t('digests.brief.newStatements', { count: added.length }),
          changed: words.t('digests.brief.statusChanges', { count: changed.length }),
        });
  return {
    brief: {
      locale: facts.locale,
      title:
        topicNames.length > 0
          ? words.t('digests.brief.titleTopics', { topics: topicNames.join(', ') })
          : words.t('digests.brief.title'),
      intro: note ? joinLines(noteText(note, words), summary) : summary,
      sections,
      sources: () => citations.list(),
      asOf: asOfLabel(facts, [...added, ...changed, ...standing.regions, ...standing.ceasefire]),
      storeUpdated: facts.lastAdded(),
      continuation: () => commandLine(facts.locale, 'timeline'),
      tone: 'info',
    },
    newFacts: added.length,
    changedFacts: changed.length,
    changes: [...added, ...changed],
  };
}

function joinLines(first: BriefText, second: BriefText): BriefText {
  const parts = (text: BriefText) => (typeof text === 'string' ? [text] : text);
  return briefText(...parts(first), '\n', ...parts(second));
}
