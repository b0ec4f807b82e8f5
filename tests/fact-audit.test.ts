import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditFactData, checkFacts, readSourceTexts } from '../src/data/audit-facts.js';
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
  - { id: a-source, outlet: An Outlet, kind: article, published: 2025-03-17 }
facts:
  - id: a-fact
    statement: Something happened in A Town.
    actor: someone
    status: reported
    nature: event
    topics: [things]
    sources: [a-source]
    importance: 2
    added: 2026-11-24
`;

const sourceText =
  'The escalating conflict in the region has drawn global attention, particularly as speculation mounts that an offensive is being prepared.';

/** Loads one fact file (it must pass the schema) and audits it against one source text. */
async function auditOf(content: string) {
  const facts = await directoryWith({ 'bad.yaml': content });
  const texts = await directoryWith({ 'article.txt': sourceText, 'README.md': sourceText });
  return auditFactData(await loadFactDirectories([facts]), await readSourceTexts(texts));
}

describe('npm run facts:check audits what the schema cannot see', () => {
  it('passes the bundled facts against the bundled source texts', async () => {
    const data = await checkFacts();
    expect(data.facts.length).toBeGreaterThan(70);
  });

  it('passes a file that breaks none of the rules', async () => {
    expect(await auditOf(base)).toEqual([]);
  });

  it.each([
    [
      'a statement opening with "It"',
      base.replace('Something happened in A Town.', 'It was the first time since the war began.'),
      'facts[0] (a-fact)',
      'statement: opens with "It", which refers back',
    ],
    [
      'a statement opening with "Another"',
      base.replace('Something happened in A Town.', 'Another aim was a buffer zone.'),
      'facts[0] (a-fact)',
      'statement: opens with "Another", which refers back',
    ],
    [
      'a statement about "these claims"',
      base.replace('Something happened in A Town.', 'Independent verification of these claims is hard.'),
      'facts[0] (a-fact)',
      'statement: "these" refers back to an earlier statement',
    ],
    [
      'a statement copying 12 words of a shipped source text',
      base.replace(
        'Something happened in A Town.',
        'Sources say the escalating conflict in the region has drawn global attention, particularly as we know.',
      ),
      'facts[0] (a-fact)',
      'statement: copies 12 words in a row from article.txt ("the escalating conflict in the region has drawn global attention particularly as")',
    ],
    [
      'an actor name with a trailing comma',
      base.replace('name: Someone,', 'name: "Western governments, including the UK,",'),
      'actors[0] (someone)',
      'name "Western governments, including the UK," ends with punctuation',
    ],
    [
      'an actor alias that also names a place',
      base.replace('aliases: [Some One]', 'aliases: [Some One, townsville]'),
      'actors[0] (someone)',
      '"townsville" also names place "a-town"',
    ],
  ])('rejects %s, naming the file, the entry and the reason', async (_, content, entry, reason) => {
    const problems = await auditOf(content);
    expect(problems).toEqual([
      expect.objectContaining({ entry, reason: expect.stringContaining(reason), file: expect.any(String) }),
    ]);
    expect(problems[0]?.file).toMatch(/bad\.yaml$/);
  });

  it('lets a clause statement open with "that" and with its actor\'s own "its"', async () => {
    const clause = base
      .replace('status: reported', 'status: announced')
      .replace('Something happened in A Town.', 'its acceptance of the proposal.');
    expect(await auditOf(clause)).toEqual([]);
  });

  it('allows 11 words in a row from a source text, and reads no README as a source', async () => {
    const eleven = base.replace(
      'Something happened in A Town.',
      'Observers note the escalating conflict in the region has drawn global attention, particularly now.',
    );
    expect(await auditOf(eleven)).toEqual([]);
  });

  it('fails `npm run facts:check` with the file, the entry and the reason', async () => {
    const directory = await directoryWith({
      'bad.yaml': `facts:
  - id: back-reference
    statement: These claims cannot be verified.
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
      `${path.join(directory, 'bad.yaml')} › facts[0] (back-reference): statement: opens with "These", which refers back`,
    );
  });
});
