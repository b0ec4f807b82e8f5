// Editorial checks the schema cannot make, because they look across entries or at source texts: each
// statement stands alone, none copies a run of words from a source text the project ships, names
// carry no stray punctuation, no name or alias means two places or actors, and no text carries
// Discord markup (links, mentions) that public embeds would render. `npm run facts:check` runs them
// after loading; each problem names its file, its entry and the reason.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FactData, type FactProblem, FactValidationError, loadFactData } from './load-facts.js';
import { normalizeName } from './name-match.js';
import { clauseStatuses } from './schema.js';
import { tokenize } from './text-index.js';

/** The texts of the sources the bundled facts are drawn from (see its README.md). */
const bundledSourceTextsDirectory = fileURLToPath(new URL('./sources-text/', import.meta.url));

/** A statement may share at most this many words in a row with a source text, minus one. */
const copiedRunLength = 12;

export interface SourceText {
  file: string;
  text: string;
}

/** Every .txt and .md file in the directory except its README: the texts statements must not copy. */
export async function readSourceTexts(directory: string): Promise<SourceText[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && /\.(txt|md)$/i.test(entry.name) && !/^readme\./i.test(entry.name))
    .map((entry) => path.join(directory, entry.name))
    .sort();
  return Promise.all(files.map(async (file) => ({ file, text: await readFile(file, 'utf8') })));
}

/** Loads the bundled facts and the extra directories, then audits them: what `npm run facts:check` does. */
export async function checkFacts(
  extraDirectories: readonly string[] = [],
  sourceTextsDirectory = bundledSourceTextsDirectory,
): Promise<FactData> {
  const data = await loadFactData(extraDirectories);
  let texts: SourceText[];
  try {
    texts = await readSourceTexts(sourceTextsDirectory);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new FactValidationError([
      { file: sourceTextsDirectory, entry: 'directory', reason: `source texts cannot be read (${code})` },
    ]);
  }
  const problems = auditFactData(data, texts);
  if (problems.length > 0) throw new FactValidationError(problems);
  return data;
}

export function auditFactData(data: FactData, sourceTexts: readonly SourceText[]): FactProblem[] {
  const problems: FactProblem[] = [];
  const where = (collection: string, id: string) =>
    data.locations.get(`${collection}:${id}`) ?? { file: '(unknown file)', entry: `${collection} (${id})` };
  const report = (collection: string, id: string, reason: string) =>
    problems.push({ ...where(collection, id), reason });

  const copies = new CopiedRuns(sourceTexts);
  for (const fact of data.facts) {
    const backReference = findBackReference(fact.statement, clauseStatuses.has(fact.status));
    if (backReference) {
      report(
        'facts',
        fact.id,
        `statement: ${backReference}; answers show statements one at a time, so each must stand alone (name what it refers to)`,
      );
    }
    const copied = copies.longestIn(fact.statement);
    if (copied) {
      report(
        'facts',
        fact.id,
        `statement: copies ${copied.words.length} words in a row from ${path.basename(copied.file)} ("${copied.words.join(' ')}"); say it in our own words (fewer than ${copiedRunLength} words in a row)`,
      );
    }
  }

  const collections = {
    places: data.places,
    actors: data.actors,
    topics: data.topics,
    sources: data.sources,
    facts: data.facts,
  };
  for (const [collection, entries] of Object.entries(collections)) {
    for (const entry of entries) {
      for (const { field, text } of textFields(entry)) {
        const markup = findMarkup(text);
        if (markup) report(collection, entry.id, `${field}: ${markup}`);
      }
    }
  }

  const named = [
    ...data.places.map((place) => ({ collection: 'places', kind: 'place', item: place })),
    ...data.actors.map((actor) => ({ collection: 'actors', kind: 'actor', item: actor })),
    ...data.topics.map((topic) => ({ collection: 'topics', kind: 'topic', item: topic })),
  ];
  for (const { collection, item } of named) {
    const problem = punctuationProblem(item.name);
    if (problem) report(collection, item.id, `name "${item.name}" ${problem}`);
    for (const alias of item.aliases) {
      const aliasProblem = punctuationProblem(alias);
      if (aliasProblem) report(collection, item.id, `alias "${alias}" ${aliasProblem}`);
    }
  }

  // A name or alias must lead to one place or one actor: /status and /who resolve what people type.
  const owners = new Map<string, { kind: string; id: string }>();
  for (const { collection, kind, item } of named) {
    if (collection === 'topics') continue;
    const own = new Set<string>();
    for (const name of [item.name, ...item.aliases]) {
      const key = normalizeName(name);
      if (key === '' || own.has(key)) continue;
      own.add(key);
      const owner = owners.get(key);
      if (owner) {
        const other = where(`${owner.kind}s`, owner.id);
        report(
          collection,
          item.id,
          `"${name}" also names ${owner.kind} "${owner.id}" (${other.file} › ${other.entry}); names and aliases must be unique across places and actors`,
        );
      } else {
        owners.set(key, { kind, id: item.id });
      }
    }
  }
  return problems;
}

/**
 * Discord markup that a public embed renders from plain text: masked links (a label pointing anywhere)
 * and mentions of users, roles, channels, commands, everyone and here. allowed_mentions keeps them from
 * pinging, but they still render, and a fact file should say what it means in words.
 */
const markupRules: { pattern: RegExp; what: string }[] = [
  { pattern: /\[[^\]\n]*\]\([^)\n]*\)/, what: 'a markdown link' },
  { pattern: /<@!?\d+>/, what: 'a user mention' },
  { pattern: /<@&\d+>/, what: 'a role mention' },
  { pattern: /<#\d+>/, what: 'a channel mention' },
  { pattern: /<\/[^:>\s]+:\d+>/, what: 'a command mention' },
  { pattern: /@(?:everyone|here)\b/, what: 'a mass mention' },
];

/** Why a text would render as a link or a mention in Discord, or undefined. */
function findMarkup(text: string): string | undefined {
  for (const { pattern, what } of markupRules) {
    const match = pattern.exec(text);
    if (match) {
      return `has ${what} ("${match[0]}"), which Discord would render in public embeds; say it in words (a source's link belongs in its url)`;
    }
  }
  return undefined;
}

/**
 * Every text an entry carries, with its field path ("figures[0].measures"), but for `url`: a source's
 * link is its own, validated field. Ids, dates and enumerations cannot hold markup.
 */
function textFields(value: unknown, field = ''): { field: string; text: string }[] {
  if (typeof value === 'string') return field === 'url' ? [] : [{ field, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => textFields(item, `${field}[${index}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      textFields(item, field === '' ? key : `${field}.${key}`),
    );
  }
  return [];
}

/** Words that, opening a statement, point back to one before it. */
const backReferenceOpeners = new Set([
  'it',
  'its',
  'this',
  'that',
  'these',
  'those',
  'they',
  'their',
  'them',
  'he',
  'she',
  'his',
  'her',
  'another',
  'also',
  'such',
  'however',
  'meanwhile',
  'moreover',
  'furthermore',
  'likewise',
  'similarly',
  'additionally',
  'besides',
  'but',
  'and',
  'then',
]);

/** Phrases that point back to something said before, wherever they stand. */
const backReferencePhrases = [
  /\b(these|those)\b/i,
  /\b(the (?:latter|former|above|same))\b/i,
  /\b(as above)\b/i,
  /\b((?:this|such) (?:claims?|reports?|statements?|moves?|developments?|operations?|areas?|aims?|figures?))\b/i,
];

/** In a clause statement ("<actor> announced | its acceptance ..."), these refer to the actor itself. */
const actorPossessives = new Set(['its', 'his', 'her', 'their']);

/** Why a statement does not stand alone, or undefined. A clause statement may open with "that". */
function findBackReference(statement: string, clause: boolean): string | undefined {
  const words = statement.replace(/^["“‘'(]+/, '').split(/\s+/);
  const first = (clause && words[0]?.toLowerCase() === 'that' ? words[1] : words[0]) ?? '';
  const opener = first.replace(/[^\p{L}'’]/gu, '').toLowerCase();
  if (backReferenceOpeners.has(opener) && !(clause && actorPossessives.has(opener))) {
    return `opens with "${first.replace(/[,;:]$/, '')}", which refers back`;
  }
  for (const pattern of backReferencePhrases) {
    const match = pattern.exec(statement);
    if (match) return `"${match[1]}" refers back to an earlier statement`;
  }
  return undefined;
}

/** Why a name would read wrongly as the subject of a sentence, or undefined. */
function punctuationProblem(name: string): string | undefined {
  if (!/^[\p{L}\p{N}"“‘'(]/u.test(name)) return 'starts with punctuation';
  if (!/[\p{L}\p{N}"”’')]$/u.test(name)) return 'ends with punctuation';
  if (/\s[,.;:!?]/.test(name)) return 'has a space before punctuation';
  if (/[,;:]\s*[,.;:]/.test(name)) return 'has doubled punctuation';
  if ((name.match(/\(/g) ?? []).length !== (name.match(/\)/g) ?? []).length) return 'has unbalanced brackets';
  return undefined;
}

/** Every run of `copiedRunLength` words in the source texts, to find statements that copy one. */
class CopiedRuns {
  private readonly runs = new Map<string, string>();

  constructor(texts: readonly SourceText[]) {
    for (const { file, text } of texts) {
      const words = tokenize(text);
      for (let start = 0; start + copiedRunLength <= words.length; start++) {
        const run = words.slice(start, start + copiedRunLength).join(' ');
        if (!this.runs.has(run)) this.runs.set(run, file);
      }
    }
  }

  /** The longest run of words the statement shares with a source text, if it reaches `copiedRunLength`. */
  longestIn(statement: string): { file: string; words: string[] } | undefined {
    const words = tokenize(statement);
    let best: { file: string; words: string[] } | undefined;
    let start = 0;
    while (start + copiedRunLength <= words.length) {
      const file = this.runs.get(words.slice(start, start + copiedRunLength).join(' '));
      if (!file) {
        start++;
        continue;
      }
      let end = start + copiedRunLength;
      while (end < words.length && this.runs.has(words.slice(end - copiedRunLength + 1, end + 1).join(' '))) {
        end++;
      }
      if (!best || end - start > best.words.length) best = { file, words: words.slice(start, end) };
      start = end;
    }
    return best;
  }
}
