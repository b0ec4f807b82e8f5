import { describe, expect, it } from 'vitest';
import { buildStatusBrief } from '../src/briefs/status-brief.js';
import { FactStore } from '../src/data/fact-store.js';
import type { Fact } from '../src/data/schema.js';
import { briefPageCount, embedLength, renderBriefEmbed } from '../src/render/discord-embed.js';
import { DiscordLimits } from '../src/render/discord-limits.js';
import { quoteUserInput, truncate } from '../src/text.js';
import { expectWithinDiscordLimits } from './support/embed-limits.js';

function storeWithManyLongFacts(count: number, statementLength: number): FactStore {
  const facts: Fact[] = Array.from({ length: count }, (_, index) => ({
    id: `fact-${index}`,
    statement: `Fact ${index}: ${'x'.repeat(statementLength)}.`,
    actor: 'outlet',
    status: 'reported',
    nature: index % 3 === 0 ? 'assessment' : 'event',
    places: ['town'],
    topics: ['topic'],
    figures: [],
    sources: [`source-${index % 40}`],
    respondsTo: [],
    importance: 2,
    added: '2026-11-24',
  }));
  return new FactStore({
    places: [{ id: 'town', name: 'Town', aliases: [], kind: 'town', country: 'RU' }],
    actors: [
      {
        id: 'outlet',
        name: 'An Outlet',
        aliases: [],
        side: 'independent',
        kind: 'outlet',
        plural: false,
        description: 'Test.',
      },
    ],
    topics: [{ id: 'topic', name: 'Topic', aliases: [], description: 'Test.' }],
    sources: Array.from({ length: 40 }, (_, index) => ({
      id: `source-${index}`,
      outlet: `Outlet number ${index} with a fairly long name`,
      title: 't'.repeat(180),
      kind: 'article' as const,
      publishedApproximate: false,
    })),
    facts,
  });
}

describe('embed limits at the edge', () => {
  it('pages a place with many long facts, every page within limits, every fact shown exactly once', () => {
    const store = storeWithManyLongFacts(120, 390);
    const brief = buildStatusBrief(store, store.place('town') as never);
    const seen: string[] = [];
    let page = 1;
    for (; page <= 50; page++) {
      const reply = renderBriefEmbed(brief, { page });
      expectWithinDiscordLimits(reply);
      // The opening (/status's lead, the same on every page) quotes a statement too: count the lines only.
      const intro = String(brief.intro);
      const description = (reply.embeds[0]?.description ?? '').slice(intro.length);
      seen.push(...[...description.matchAll(/Fact (\d+):/g)].map((match) => match[1] as string));
      if (!description.includes(`/status region:Town page:${page + 1}`)) break;
      expect(reply.embeds[0]?.footer?.text).toContain(`page ${page} ·`);
    }
    expect(page).toBeGreaterThan(5);
    expect(renderBriefEmbed(brief, { page }).embeds[0]?.footer?.text).toContain(`page ${page} of ${page}`);
    expect(seen.sort()).toEqual(Array.from({ length: 120 }, (_, index) => String(index)).sort());
  });

  it('counts the pages it will render, so every page can say "page 2 of N"', () => {
    for (const [count, length] of [
      [1, 50],
      [12, 390],
      [120, 390],
      [300, 40],
    ] as const) {
      const store = storeWithManyLongFacts(count, length);
      const place = store.place('town') as never;
      const pages = briefPageCount(buildStatusBrief(store, place));
      const last = renderBriefEmbed(buildStatusBrief(store, place), { page: pages, pageCount: pages });
      expect(last.embeds[0]?.description).not.toContain('more statement');
      expect(last.embeds[0]?.description).not.toContain('There are only');
      if (pages === 1) continue;
      expect(last.embeds[0]?.footer?.text).toContain(`page ${pages} of ${pages}`);
      const before = renderBriefEmbed(buildStatusBrief(store, place), { page: pages - 1, pageCount: pages });
      expect(before.embeds[0]?.footer?.text).toContain(`page ${pages - 1} of ${pages} ·`);
      const past = renderBriefEmbed(buildStatusBrief(store, place), { page: pages + 1, pageCount: pages });
      expect(past.embeds[0]?.description).toContain(`There are only ${pages} pages`);
    }
  });

  it('counts pages shown before the brief in the footer (/ask: the answer, then related statements)', () => {
    const store = storeWithManyLongFacts(12, 390);
    const place = store.place('town') as never;
    const pages = briefPageCount(buildStatusBrief(store, place));
    const first = renderBriefEmbed(buildStatusBrief(store, place), {
      page: 1,
      pageCount: pages,
      pagesBefore: 1,
    });
    expect(first.embeds[0]?.footer?.text).toContain(`page 2 of ${pages + 1} ·`);
    const single = storeWithManyLongFacts(1, 50);
    const only = renderBriefEmbed(buildStatusBrief(single, single.place('town') as never), {
      pageCount: 1,
      pagesBefore: 1,
    });
    expect(only.embeds[0]?.footer?.text).toContain('page 2 of 2');
  });

  it('truncates a single line longer than the whole description', () => {
    const store = storeWithManyLongFacts(1, 9000);
    const reply = renderBriefEmbed(buildStatusBrief(store, store.place('town') as never));
    expectWithinDiscordLimits(reply);
    expect(reply.embeds[0]?.description).toContain('…');
  });

  it('keeps an embed filled to the limit at or under 6000 characters', () => {
    const store = storeWithManyLongFacts(60, 200);
    const reply = renderBriefEmbed(buildStatusBrief(store, store.place('town') as never));
    const length = embedLength(reply.embeds[0] ?? {});
    expect(length).toBeLessThanOrEqual(DiscordLimits.embedTotal);
    expect(length).toBeGreaterThan(DiscordLimits.embedTotal * 0.6);
  });
});

describe('text helpers', () => {
  it('truncates to exactly the limit with an ellipsis, never splitting a surrogate pair', () => {
    expect(truncate('abcdef', 6)).toBe('abcdef');
    expect(truncate('abcdefg', 6)).toBe('abcde…');
    const flags = '🇺🇦'.repeat(10);
    const cut = truncate(flags, 6);
    expect(cut.length).toBeLessThanOrEqual(6);
    expect(cut).not.toMatch(/[\ud800-\udbff]…$/);
  });

  it('neutralises mentions, markdown and invisible characters in echoed input', () => {
    expect(quoteUserInput('@here\u200b\u202e `x`')).toBe("`@here 'x'`");
    expect(quoteUserInput('')).toBe('(empty)');
    expect(quoteUserInput('a'.repeat(500)).length).toBeLessThanOrEqual(82);
  });
});
