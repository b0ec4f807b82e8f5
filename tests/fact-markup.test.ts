// `npm run facts:check` refuses Discord markup in fact files: masked links and mentions would render
// verbatim in public embeds (issue 15).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditFactData, readSourceTexts } from '../src/data/audit-facts.js';
import { loadFactDirectories } from '../src/data/load-facts.js';
import { directoryWith, factsCheckFailure } from './support/fact-files.js';

const base = `
places:
  - { id: a-town, name: A Town, aliases: [Townsville], kind: town, country: RU }
actors:
  - { id: someone, name: Someone, aliases: [Some One], side: independent, kind: outlet, description: A test actor. }
topics:
  - { id: things, name: Things, description: A test topic. }
sources:
  - { id: a-source, outlet: An Outlet, kind: article, published: 2025-03-17, url: "https://example.com/a?b=(c)" }
facts:
  - id: a-fact
    statement: Something happened in A Town.
    actor: someone
    status: reported
    nature: event
    topics: [things]
    date: { value: 2025-03-10, provenance: article, note: as the article dates it }
    sources: [a-source]
    importance: 2
    added: 2026-11-24
`;

async function auditOf(content: string) {
  const facts = await directoryWith({ 'bad.yaml': content });
  const texts = await directoryWith({});
  return auditFactData(await loadFactDirectories([facts]), await readSourceTexts(texts));
}

describe('facts:check refuses links and mentions Discord would render', () => {
  it('passes the same file without markup, its source url included', async () => {
    expect(await auditOf(base)).toEqual([]);
  });

  it.each([
    [
      'a masked link in a statement',
      base.replace('Something happened in A Town.', 'Something happened in [A Town](https://evil.example).'),
      'facts[0] (a-fact)',
      'statement: has a markdown link ("[A Town](https://evil.example)")',
    ],
    [
      'a user mention in a statement',
      base.replace(
        'Something happened in A Town.',
        'Something happened in A Town, says <@123456789012345678>.',
      ),
      'facts[0] (a-fact)',
      'statement: has a user mention ("<@123456789012345678>")',
    ],
    [
      'a nickname mention in a date note',
      base.replace('note: as the article dates it', 'note: "as <@!123456789012345678> dates it"'),
      'facts[0] (a-fact)',
      'date.note: has a user mention ("<@!123456789012345678>")',
    ],
    [
      'a role mention in an actor description',
      base.replace('description: A test actor.', 'description: "A test actor, ping <@&123456789012345678>."'),
      'actors[0] (someone)',
      'description: has a role mention ("<@&123456789012345678>")',
    ],
    [
      'a channel mention in a topic description',
      base.replace('description: A test topic.', 'description: "A test topic, see <#123456789012345678>."'),
      'topics[0] (things)',
      'description: has a channel mention ("<#123456789012345678>")',
    ],
    [
      '@everyone in a place alias',
      base.replace('aliases: [Townsville]', 'aliases: [Townsville, "Town of @everyone"]'),
      'places[0] (a-town)',
      'aliases[1]: has a mass mention ("@everyone")',
    ],
    [
      '@here in a source title',
      base.replace('outlet: An Outlet,', 'outlet: An Outlet, title: "Look @here now",'),
      'sources[0] (a-source)',
      'title: has a mass mention ("@here")',
    ],
    [
      'a masked link in a source outlet',
      base.replace('outlet: An Outlet,', 'outlet: "[An Outlet](https://evil.example)",'),
      'sources[0] (a-source)',
      'outlet: has a markdown link',
    ],
  ])('rejects %s, naming the file, the entry and the reason', async (_, content, entry, reason) => {
    const problems = await auditOf(content);
    expect(problems).toEqual([
      expect.objectContaining({ entry, reason: expect.stringContaining(reason), file: expect.any(String) }),
    ]);
    expect(problems[0]?.file).toMatch(/bad\.yaml$/);
    expect(problems[0]?.reason).toContain('which Discord would render in public embeds');
  });

  it('lets brackets, parentheses and at-signs that are not markup through', async () => {
    const plain = base.replace(
      'Something happened in A Town.',
      'Something happened in A Town [sic] (per the outlet), at 05:00, @ the border; not @everyones business.',
    );
    expect(await auditOf(plain)).toEqual([]);
  });

  it('fails `npm run facts:check` with the file, the entry and the reason', async () => {
    const directory = await directoryWith({
      'bad.yaml': `facts:
  - id: masked-link
    statement: Russian troops advanced, [reports say](https://evil.example).
    actor: business-news-today
    status: reported
    nature: event
    topics: [verification]
    sources: [bnt-kursk-article]
    importance: 3
    added: 2026-11-28
`,
    });
    const failure = await factsCheckFailure(directory);
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain(
      `${path.join(directory, 'bad.yaml')} › facts[0] (masked-link): statement: has a markdown link ("[reports say](https://evil.example)")`,
    );
  });
});
