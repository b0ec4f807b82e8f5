import { describe, expect, it } from 'vitest';
import { buildDigestBrief, type FactHistory } from '../src/briefs/digest-brief.js';
import { FactStore } from '../src/data/fact-store.js';
import { loadFactData } from '../src/data/load-facts.js';
import type { Fact } from '../src/data/schema.js';
import { digestMessage, digestThreadName } from '../src/delivery/digest-message.js';
import { expectWithinDiscordLimits, replyText } from './support/embed-limits.js';
import { historyLedger } from './support/history-ledger.js';

const data = await loadFactData();
const store = new FactStore(data);
const seenLongAgo: FactHistory = { firstSeenAt: '2026-01-01T00:00:00.000Z' };
const since = new Date('2026-11-20T08:00:00Z');

function render(facts: FactStore, history: (id: string) => FactHistory | undefined, topics: string[] = []) {
  const digest = buildDigestBrief({ facts, ledger: historyLedger(facts, history), since, topics });
  const message = digestMessage(digest, { pingRoleId: null });
  const payload = { ...message, ephemeral: false };
  return { digest, payload, text: replyText(payload) };
}

describe('digest content', () => {
  it('says there is nothing new, then gives the standing summary, attributed and sourced', () => {
    const { digest, text, payload } = render(store, () => seenLongAgo);
    expect(digest.newFacts + digest.changedFacts).toBe(0);
    expect(text).toContain(`No new developments since <t:${since.getTime() / 1000}:f>`);
    expect(text).toContain('Latest by region');
    expect(text).toContain('Ceasefire talks: latest from each party');
    expect(text).toMatch(/\*\*US President Donald Trump\*\* proposed/);
    expect(text).toContain('Sources');
    expectWithinDiscordLimits(payload);
  });

  it('lists facts first seen after the last digest, and status changes with the status before', () => {
    const history = (id: string): FactHistory =>
      id === 'mod-claims-sudzha'
        ? { firstSeenAt: '2026-11-21T10:00:00.000Z' }
        : id === 'mod-claims-zaoleshenka'
          ? {
              firstSeenAt: seenLongAgo.firstSeenAt,
              statusChangedAt: '2026-11-22T10:00:00.000Z',
              previousStatus: 'reported',
            }
          : seenLongAgo;
    const { digest, text } = render(store, history);
    expect([digest.newFacts, digest.changedFacts]).toEqual([1, 1]);
    expect(text).toContain('1 new statement and 1 status change since');
    expect(text).toMatch(/New since <t:\d+:f>\*\*\n• \*\*Russia's Defence Ministry\*\* claims.*Sudzha/);
    expect(text).toMatch(/Status changed\*\*\n.*Zaoleshenka.*_\(was: reported\)_/);
    // The claim still travels with Ukraine's answer to it.
    expect(text).toMatch(/Sudzha[^\n]*\n {2}↳ _\*\*Ukraine/);
  });

  it('a first digest is the current situation, with no deltas', () => {
    const digest = buildDigestBrief({
      facts: store,
      ledger: historyLedger(store, () => seenLongAgo),
      since: null,
      topics: [],
    });
    expect(digest.brief.intro).toContain('first digest');
    expect(digest.brief.sections.map((section) => section.heading)).toEqual([
      'Latest by region',
      'Ceasefire talks: latest from each party',
    ]);
  });

  it('keeps only the chosen topics, in the title too', () => {
    const { text } = render(
      store,
      (id) => (id === 'mod-claims-sudzha' ? { firstSeenAt: '2026-11-21T00:00:00.000Z' } : seenLongAgo),
      ['north-korea'],
    );
    expect(text).toContain('Situation digest: North Korea');
    expect(text).not.toContain('Sudzha');
    expect(text).not.toContain('Ceasefire talks');
  });

  it('stays within Discord limits with 100 new long facts, and says how many more there are', () => {
    const template = data.facts.find((fact) => fact.id === 'mod-claims-sudzha') as Fact;
    const extra: Fact[] = Array.from({ length: 100 }, (_, index) => ({
      ...template,
      id: `synthetic-${index}`,
      statement: `Russian troops have taken position ${index} after heavy fighting ${'near the border '.repeat(20)}.`,
      respondsTo: [],
    }));
    const big = new FactStore({ ...data, facts: [...data.facts, ...extra] });
    const { digest, payload, text } = render(big, (id) =>
      id.startsWith('synthetic-') ? { firstSeenAt: '2026-11-21T00:00:00.000Z' } : seenLongAgo,
    );
    expect(digest.newFacts).toBe(100);
    expectWithinDiscordLimits(payload);
    expect(text).toMatch(/_\d+ more statements: `\/timeline`_/);
  });

  it('pings a configured role through allowed_mentions only, and names forum posts within limits', () => {
    const digest = buildDigestBrief({
      facts: store,
      ledger: historyLedger(store, () => seenLongAgo),
      since,
      topics: [],
    });
    expect(digestMessage(digest, { pingRoleId: '123456789012345678' })).toMatchObject({
      content: '<@&123456789012345678>',
      allowedMentions: { parse: [], roles: ['123456789012345678'] },
    });
    const name = digestThreadName(digest, new Date('2027-03-28T05:00:00Z'), 'Europe/Kyiv');
    expect(name).toBe('Situation digest · 28 Mar 2027 08:00 (Europe/Kyiv)');
    const long = digestThreadName(
      { ...digest, brief: { ...digest.brief, title: `Situation digest: ${'Ceasefire, '.repeat(20)}` } },
      new Date(),
      'America/Argentina/ComodRivadavia',
    );
    expect(long.length).toBeLessThanOrEqual(100);
  });
});
