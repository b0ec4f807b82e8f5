// What changed for one user's watches since their last message: new statements about a watched place
// (or a place inside it), topic or actor, and statements whose status changed. Pure: the caller
// supplies the ledger's memory of when each fact appeared and when its status changed.
import type { FactStore } from '../data/fact-store.js';
import type { Fact } from '../data/schema.js';
import { commandLine } from '../i18n/command-localizations.js';
import { wordsIn } from '../i18n/words.js';
import {
  asOfLabel,
  attributedLine,
  attributedSentence,
  byImportance,
  SourceCitations,
  statusLabel,
} from './attribution.js';
import { type Brief, type BriefSection, briefText, lazySection } from './brief.js';
import type { DigestLedger } from './digest-brief.js';

export const watchKinds = ['place', 'topic', 'actor'] as const;
export type WatchKind = (typeof watchKinds)[number];

/** A place, topic or actor a user watches, by its id in the fact files. */
export interface WatchTarget {
  kind: WatchKind;
  id: string;
}

export interface Watch extends WatchTarget {
  /** When the user started watching it: changes before then are not news to them. */
  addedAt: string;
}

/** "place:sudzha": one string per target, for maps and comparisons. */
export const targetKey = ({ kind, id }: WatchTarget): string => `${kind}:${id}`;

export const sameTarget = (a: WatchTarget, b: WatchTarget): boolean => a.kind === b.kind && a.id === b.id;

/** The target's name in the current facts ("Sudzha", "North Korea's involvement"); undefined when they no longer hold it. */
export function targetName(facts: FactStore, { kind, id }: WatchTarget): string | undefined {
  switch (kind) {
    case 'place':
      return facts.place(id)?.name;
    case 'topic':
      return facts.topic(id)?.name;
    case 'actor':
      return facts.actor(id)?.name;
  }
}

/**
 * The slash command that shows everything on a target: where to read what one message cannot hold,
 * as a reader of the store's language types it ("/ситуація місце:Суджа").
 */
function targetCommand(facts: FactStore, target: WatchTarget): string | undefined {
  const name = targetName(facts, target);
  if (name === undefined) return undefined;
  switch (target.kind) {
    case 'place':
      return commandLine(facts.locale, 'status', [['region', name]]);
    case 'topic':
      return commandLine(facts.locale, 'topic', [['name', name]]);
    case 'actor':
      return commandLine(facts.locale, 'who', [['actor', name]]);
  }
}

export interface WatchChange {
  /** The watch it is news for (the first of the user's watches it concerns). */
  target: WatchTarget;
  fact: Fact;
  change: 'added' | 'status';
  /** For a status change: the status the ledger held before. */
  previousStatus?: Fact['status'];
  /** A new statement answering a statement about the target, when it is not about the target itself. */
  answers?: Fact;
}

interface Candidate {
  fact: Fact;
  answers?: Fact;
}

/**
 * The ledger's changes in the order it recorded them, indexed by what they concern, for one delivery
 * pass over many watchers. Watchers whose cursors fall between the same two recorded changes share
 * one index, so 10,000 watchers after one reload cost one index, not 10,000 scans of the ledger.
 */
export class WatchChangeFeed {
  /** Change times, ascending, one per recorded change (a fact first seen, a status changed). */
  private readonly times: string[] = [];
  private readonly timeFacts: Fact[] = [];
  /** Position in `times` -> target key -> facts (by id) with a change after that position. */
  private readonly indexes = new Map<number, Map<string, Map<string, Candidate>>>();

  constructor(
    private readonly facts: FactStore,
    private readonly ledger: DigestLedger,
    sinceIso: string,
  ) {
    const { added, statusChanged } = ledger.changesSince(sinceIso);
    const changes: [string, Fact][] = [];
    const collect = (ids: readonly string[], time: (id: string) => string | undefined) => {
      for (const id of ids) {
        const fact = facts.fact(id);
        const at = time(id);
        if (fact && at !== undefined) changes.push([at, fact]);
      }
    };
    collect(added, (id) => ledger.entry(id)?.firstSeenAt);
    collect(statusChanged, (id) => ledger.entry(id)?.statusChangedAt);
    changes.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const [at, fact] of changes) {
      this.times.push(at);
      this.timeFacts.push(fact);
    }
  }

  /** The time of the newest change in the feed: a watcher delivered up to it is up to date. */
  get newest(): string | undefined {
    return this.times.at(-1);
  }

  /**
   * What is news for a watcher whose messages covered the ledger up to `cursor`: each fact at most
   * once, under the first of `watches` it concerns, and only if it changed after that watch was added.
   * With `until`, only changes up to then (to rebuild a message that was interrupted).
   */
  changesFor(cursor: string, watches: readonly Watch[], until?: string): WatchChange[] {
    const index = this.indexAfter(cursor);
    const seen = new Set<string>();
    const result: WatchChange[] = [];
    for (const watch of watches) {
      const since = watch.addedAt > cursor ? watch.addedAt : cursor;
      for (const { fact, answers } of index.get(targetKey(watch))?.values() ?? []) {
        if (seen.has(fact.id)) continue;
        const change = this.classify(fact, since, until);
        if (!change) continue;
        seen.add(fact.id);
        result.push({
          target: { kind: watch.kind, id: watch.id },
          fact,
          ...change,
          ...(answers ? { answers } : {}),
        });
      }
    }
    return result;
  }

  /** A fact first seen after `since` is new; one seen before whose status changed after it is a status change. */
  private classify(
    fact: Fact,
    since: string,
    until: string | undefined,
  ): Pick<WatchChange, 'change' | 'previousStatus'> | undefined {
    const entry = this.ledger.entry(fact.id);
    if (!entry) return undefined;
    const within = (at: string | undefined) =>
      at !== undefined && at > since && (until === undefined || at <= until);
    if (within(entry.firstSeenAt)) return { change: 'added' };
    if (entry.firstSeenAt <= since && within(entry.statusChangedAt)) {
      return { change: 'status', ...(entry.previousStatus ? { previousStatus: entry.previousStatus } : {}) };
    }
    return undefined;
  }

  private indexAfter(cursor: string): Map<string, Map<string, Candidate>> {
    let low = 0;
    let high = this.times.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.times[middle] as string) <= cursor) low = middle + 1;
      else high = middle;
    }
    let index = this.indexes.get(low);
    if (!index) {
      index = new Map();
      const listed = new Set<string>();
      for (const fact of this.timeFacts.slice(low)) {
        if (listed.has(fact.id)) continue;
        listed.add(fact.id);
        for (const key of this.targetKeysOf(fact)) pushTo(index, key, { fact });
        for (const answeredId of fact.respondsTo) {
          const answered = this.facts.fact(answeredId);
          if (!answered) continue;
          for (const key of this.targetKeysOf(answered)) pushTo(index, key, { fact, answers: answered });
        }
      }
      this.indexes.set(low, index);
    }
    return index;
  }

  /** Every target a fact concerns: its places and the places containing them, its topics, its actor. */
  private targetKeysOf(fact: Fact): string[] {
    const keys = new Set<string>();
    for (const placeId of fact.places) {
      keys.add(targetKey({ kind: 'place', id: placeId }));
      for (const around of this.facts.placeAncestors(placeId))
        keys.add(targetKey({ kind: 'place', id: around.id }));
    }
    for (const topicId of fact.topics) keys.add(targetKey({ kind: 'topic', id: topicId }));
    keys.add(targetKey({ kind: 'actor', id: fact.actor }));
    return [...keys];
  }
}

/** Lists a fact under a target once; a fact about the target itself beats one that answers it. */
function pushTo(index: Map<string, Map<string, Candidate>>, key: string, candidate: Candidate): void {
  let listed = index.get(key);
  if (!listed) {
    listed = new Map();
    index.set(key, listed);
  }
  const existing = listed.get(candidate.fact.id);
  if (!existing || (existing.answers && !candidate.answers)) listed.set(candidate.fact.id, candidate);
}

export interface WatchBrief {
  brief: Brief;
  newFacts: number;
  changedFacts: number;
  /** The watched targets this message reports on, in the user's order (one stop button each). */
  targets: WatchTarget[];
}

/**
 * The changes with their statements in the store's language: the feed reads the facts as loaded, the
 * message is written from the store in the watcher's language (same ids, translated wording).
 */
function inLanguageOf(facts: FactStore, changes: readonly WatchChange[]): WatchChange[] {
  const local = (fact: Fact) => facts.fact(fact.id) ?? fact;
  return changes.map((change) => ({
    ...change,
    fact: local(change.fact),
    ...(change.answers ? { answers: local(change.answers) } : {}),
  }));
}

/**
 * One message for one watcher: every change on what they watch, grouped by watch (new statements,
 * then status changes), each line attributed and sourced as in every answer. Written in the language
 * of `facts` (a store from `FactStore.in`: the watcher's). Undefined when nothing changed for them.
 */
export function buildWatchBrief(
  facts: FactStore,
  feedChanges: readonly WatchChange[],
  since: Date,
): WatchBrief | undefined {
  if (feedChanges.length === 0) return undefined;
  const words = wordsIn(facts.locale);
  const changes = facts.locale === 'en' ? feedChanges : inLanguageOf(facts, feedChanges);
  const citations = new SourceCitations(facts);
  const targets: WatchTarget[] = [];
  for (const { target } of changes)
    if (!targets.some((known) => sameTarget(known, target))) targets.push(target);
  const sections: BriefSection[] = [];
  for (const target of targets) {
    const name = targetName(facts, target) ?? target.id;
    const mine = changes.filter((change) => sameTarget(change.target, target));
    const ordered = (kind: WatchChange['change']) => {
      const picked = new Map(
        mine.filter((change) => change.change === kind).map((change) => [change.fact.id, change]),
      );
      return byImportance([...picked.values()].map((change) => change.fact)).map(
        (fact) => picked.get(fact.id) as WatchChange,
      );
    };
    const added = ordered('added');
    if (added.length > 0) {
      sections.push(
        lazySection(words.t('watches.brief.newOn', { name }), added, ({ fact, answers }) => {
          const line = attributedLine(facts, fact, citations);
          if (!answers) return line;
          const answered = `${words.t('watches.brief.inAnswerTo')}${attributedSentence(facts, answers)} ${citations.cite(answers.sources)}`;
          return { ...line, responses: [answered, ...line.responses] };
        }),
      );
    }
    const changed = ordered('status');
    if (changed.length > 0) {
      sections.push(
        lazySection(
          words.t('watches.brief.statusChangedOn', { name }),
          changed,
          ({ fact, previousStatus }) => {
            const line = attributedLine(facts, fact, citations);
            return previousStatus
              ? {
                  ...line,
                  text: `${line.text} ${words.t('watches.brief.was', { status: statusLabel(previousStatus, words) })}`,
                }
              : line;
          },
        ),
      );
    }
  }
  const newFacts = changes.filter((change) => change.change === 'added').length;
  const changedFacts = changes.length - newFacts;
  const names = targets.map((target) => targetName(facts, target) ?? target.id);
  const only = targets.length === 1 ? targetCommand(facts, targets[0] as WatchTarget) : undefined;
  return {
    brief: {
      locale: facts.locale,
      title: words.t('watches.brief.title'),
      intro: briefText(
        words.t('watches.brief.introStart', {
          newStatements: words.t('watches.brief.newStatements', { count: newFacts }),
          statusChanges: words.t('watches.brief.statusChanges', { count: changedFacts }),
          names: words.list(names),
        }),
        { at: since },
        words.t('watches.brief.introEnd', { command: commandLine(facts.locale, 'watch') }),
      ),
      sections,
      sources: () => citations.list(),
      asOf: asOfLabel(
        facts,
        changes.map((change) => change.fact),
      ),
      storeUpdated: facts.lastAdded(),
      ...(only ? { continuation: () => only } : {}),
      tone: 'info',
    },
    newFacts,
    changedFacts,
    targets,
  };
}
