import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FactValidationError, loadFactData, loadFactDirectories } from '../src/data/load-facts.js';

const minimal = `
actors:
  - { id: someone, name: Someone, side: independent, kind: outlet, description: A test actor. }
topics:
  - { id: things, name: Things, description: A test topic. }
sources:
  - { id: a-source, outlet: An Outlet, kind: article, published: 2025-03-17 }
facts:
  - id: a-fact
    statement: Something happened.
    actor: someone
    status: reported
    nature: event
    topics: [things]
    sources: [a-source]
    importance: 2
    added: 2026-11-24
`;

async function directoryWith(files: Record<string, string>): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), 'sitrep-facts-'));
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(directory, name), content);
  return directory;
}

async function problemsFor(files: Record<string, string>) {
  const directory = await directoryWith(files);
  try {
    await loadFactDirectories([directory]);
  } catch (error) {
    expect(error).toBeInstanceOf(FactValidationError);
    return {
      problems: (error as FactValidationError).problems,
      message: (error as Error).message,
      directory,
    };
  }
  throw new Error('expected the fact files to be rejected');
}

describe('the bundled fact store', () => {
  it('validates, and holds every statement of the article with actor, status and source', async () => {
    const data = await loadFactData();
    expect(data.facts.length).toBeGreaterThanOrEqual(60);
    const ids = new Set(data.facts.map((fact) => fact.id));
    expect(ids.size).toBe(data.facts.length);
    for (const fact of data.facts) {
      expect(fact.actor).not.toBe('');
      expect(fact.status).not.toBe('');
      expect(fact.sources.length).toBeGreaterThan(0);
    }
  });

  it('labels dates that the article did not give as external, with the reporting named', async () => {
    const data = await loadFactData();
    const sudzha = data.facts.find((fact) => fact.id === 'mod-claims-sudzha');
    expect(sudzha?.date).toMatchObject({ value: '2025-03-13', provenance: 'external' });
    expect(sudzha?.date?.sources).toEqual(['moscow-times-2025-03-13', 'ap-2025-03-13']);
  });
});

describe('invalid fact files fail loudly with file, entry and reason', () => {
  it('accepts a minimal valid file', async () => {
    const data = await loadFactDirectories([await directoryWith({ 'ok.yaml': minimal })]);
    expect(data.facts.map((fact) => fact.id)).toEqual(['a-fact']);
  });

  it('reads "as of", spans, paraphrases, what the sources do not give, and source detail', async () => {
    const full = minimal
      .replace(
        '{ id: a-source, outlet: An Outlet, kind: article, published: 2025-03-17 }',
        '{ id: a-source, outlet: An Outlet, title: A Headline, url: "https://example.org/a", language: ru, kind: article, published: 2025-03-17 }',
      )
      .replace(
        'importance: 2',
        [
          'importance: 2',
          '    paraphrasedBy: someone',
          '    asOf: { value: 2025-03-17, approximate: true }',
          '    date: { value: 2025-03-15, until: 2025-03-16, provenance: article }',
          '    notGiven: [casualty figures]',
        ].join('\n'),
      );
    const data = await loadFactDirectories([await directoryWith({ 'ok.yaml': full })]);
    expect(data.facts[0]).toMatchObject({
      paraphrasedBy: 'someone',
      asOf: { value: '2025-03-17', approximate: true },
      date: { value: '2025-03-15', until: '2025-03-16' },
      notGiven: ['casualty figures'],
    });
    expect(data.sources[0]).toMatchObject({
      title: 'A Headline',
      url: 'https://example.org/a',
      language: 'ru',
    });
    expect(data.locations.get('facts:a-fact')).toMatchObject({ entry: 'facts[0] (a-fact)' });
  });

  it('collapses the whitespace of folded text once, at load', async () => {
    const folded = minimal.replace(
      '    statement: Something happened.\n',
      '    statement: >-\n      Something   happened\n      in two lines.\n',
    );
    const data = await loadFactDirectories([await directoryWith({ 'ok.yaml': folded })]);
    expect(data.facts[0]?.statement).toBe('Something happened in two lines.');
  });

  it.each([
    ['a missing actor', minimal.replace('    actor: someone\n', ''), 'facts[0] (a-fact)', 'actor'],
    [
      'an unknown status',
      minimal.replace('status: reported', 'status: rumoured'),
      'facts[0] (a-fact)',
      'status',
    ],
    [
      'no source',
      minimal.replace('sources: [a-source]', 'sources: []'),
      'facts[0] (a-fact)',
      'at least one source',
    ],
    [
      'an unknown actor',
      minimal.replace('actor: someone', 'actor: nobody'),
      'facts[0] (a-fact)',
      'unknown actor "nobody"',
    ],
    [
      'an unknown topic',
      minimal.replace('topics: [things]', 'topics: [stuff]'),
      'facts[0] (a-fact)',
      'unknown topic "stuff"',
    ],
    [
      'an impossible date',
      minimal.replace('added: 2026-11-24', 'added: 2026-02-31'),
      'facts[0] (a-fact)',
      'added',
    ],
    [
      'a misspelt field',
      minimal.replace('importance: 2', 'importance: 2\n    improtance: 1'),
      'facts[0] (a-fact)',
      'improtance',
    ],
    [
      'an external date without its reporting',
      minimal.replace(
        'importance: 2',
        'importance: 2\n    date: { value: 2025-03-13, provenance: external }',
      ),
      'facts[0] (a-fact)',
      'must name the reporting',
    ],
    [
      'a figure missing from its statement',
      minimal.replace(
        'importance: 2',
        'importance: 2\n    figures: [{ value: 300, unit: residents, measures: people }]',
      ),
      'facts[0] (a-fact)',
      'figure 300 residents does not appear',
    ],
    [
      'a clause status written as a sentence',
      minimal.replace('status: reported', 'status: denied'),
      'facts[0] (a-fact)',
      'must start in lower case',
    ],
    [
      'a paraphrase credited to an unknown outlet',
      minimal.replace('importance: 2', 'importance: 2\n    paraphrasedBy: no-such-outlet'),
      'facts[0] (a-fact)',
      'paraphrasedBy refers to unknown actor "no-such-outlet"',
    ],
    [
      'a date span that ends before it starts',
      minimal.replace(
        'importance: 2',
        'importance: 2\n    date: { value: 2025-03-16, until: 2025-03-15, provenance: article }',
      ),
      'facts[0] (a-fact)',
      'date.until: must be later than date.value',
    ],
    [
      'an "as of" before the statement\'s own date',
      minimal.replace(
        'importance: 2',
        'importance: 2\n    date: { value: 2025-03-16, provenance: article }\n    asOf: { value: 2025-03-01 }',
      ),
      'facts[0] (a-fact)',
      'asOf 2025-03-01 is earlier than',
    ],
    [
      'a missing figure written as a sentence',
      minimal.replace('importance: 2', 'importance: 2\n    notGiven: [No figures are given.]'),
      'facts[0] (a-fact)',
      'notGiven.0: must be a noun phrase in lower case',
    ],
    [
      'a topic gap naming an unknown source',
      minimal.replace(
        'description: A test topic. }',
        'description: A test topic., notGiven: [{ what: casualty figures, sources: [nowhere] }] }',
      ),
      'topics[0] (things)',
      'notGiven.0.sources refers to unknown source "nowhere"',
    ],
    [
      'a source link that is not http(s)',
      minimal.replace('kind: article, published', 'kind: article, url: "ftp://example.org/a", published'),
      'sources[0] (a-source)',
      'url',
    ],
  ])('rejects %s', async (_, content, entry, reason) => {
    const { problems } = await problemsFor({ 'bad.yaml': content });
    expect(problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ entry, reason: expect.stringContaining(reason) })]),
    );
    expect(problems.every((problem) => problem.file.endsWith('bad.yaml'))).toBe(true);
  });

  it('rejects duplicate ids, naming both places', async () => {
    const { problems } = await problemsFor({
      'a.yaml': minimal,
      'b.yaml': minimal.replace(/^(actors|topics|sources):[\s\S]*?(?=facts:)/m, ''),
    });
    const duplicate = problems.find((problem) => problem.reason.includes('duplicate id "a-fact"'));
    expect(duplicate?.file).toMatch(/b\.yaml$/);
    expect(duplicate?.reason).toMatch(/a\.yaml › facts\[0\]/);
  });

  it('reports a YAML syntax error with the file', async () => {
    const { problems, message } = await problemsFor({ 'broken.yaml': 'facts:\n  - id: [unclosed\n' });
    expect(problems[0]).toMatchObject({ entry: 'file', reason: expect.stringContaining('cannot be parsed') });
    expect(message).toContain('broken.yaml');
  });

  it('reports a place whose parent chain loops', async () => {
    const places = `places:
  - { id: a, name: A, kind: region, parent: b, country: RU }
  - { id: b, name: B, kind: region, parent: a, country: RU }
`;
    const { problems } = await problemsFor({ 'places.yaml': places });
    expect(problems.some((problem) => problem.reason.includes('loops back'))).toBe(true);
  });

  it('merges an operator directory over the bundled facts, replacing by id', async () => {
    const operator = await directoryWith({
      'extra.yaml': `facts:
  - id: mod-claims-sudzha
    statement: Russian troops have fully secured the town of Sudzha and its outskirts.
    actor: ru-defence-ministry
    status: claimed
    nature: event
    places: [sudzha]
    topics: [territorial-control]
    sources: [bnt-kursk-article]
    importance: 1
    added: 2026-11-25
  - id: operator-new-fact
    statement: A new statement added by an operator.
    actor: business-news-today
    status: reported
    nature: event
    places: [sumy-region]
    topics: [sumy-threat]
    sources: [bnt-kursk-article]
    importance: 2
    added: 2026-11-25
`,
    });
    const data = await loadFactData([operator]);
    expect(data.facts.find((fact) => fact.id === 'mod-claims-sudzha')?.statement).toContain('outskirts');
    expect(data.facts.some((fact) => fact.id === 'operator-new-fact')).toBe(true);
  });

  it('names a FACTS_DIR that does not exist', async () => {
    await expect(loadFactData(['/nonexistent/sitrep-facts'])).rejects.toThrow(
      /\/nonexistent\/sitrep-facts › directory: does not exist/,
    );
  });
});
