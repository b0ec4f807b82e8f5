// Reads fact files (YAML or JSON) from directories, validates every entry and every reference, and
// reports each problem with its file, its entry and the reason.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { formatFigureNumber } from './figures.js';
import {
  type Actor,
  type CollectionName,
  collectionSchemas,
  type Fact,
  factFileSchema,
  type Place,
  type Source,
  type Topic,
} from './schema.js';

export const bundledFactsDirectory = fileURLToPath(new URL('./facts/', import.meta.url));

/** What a fact or translation file is named: YAML or JSON. */
export const dataFilePattern = /\.(ya?ml|json)$/i;

export interface FactProblem {
  file: string;
  /** Which entry: "facts[3] (mod-claims-sudzha)", or "file" for problems with the file as a whole. */
  entry: string;
  reason: string;
}

export class FactValidationError extends Error {
  constructor(readonly problems: readonly FactProblem[]) {
    super(
      `Fact files are invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems
        .map((problem) => `  ${problem.file} › ${problem.entry}: ${problem.reason}`)
        .join('\n')}`,
    );
    this.name = 'FactValidationError';
  }
}

export interface FactData {
  places: Place[];
  actors: Actor[];
  topics: Topic[];
  sources: Source[];
  facts: Fact[];
  /** The files read, in merge order. */
  files: string[];
  /** Where each entry that was kept comes from, by "collection:id" ("facts:mod-claims-sudzha"). */
  locations: ReadonlyMap<string, FactLocation>;
}

interface FactLocation {
  file: string;
  /** "facts[3] (mod-claims-sudzha)". */
  entry: string;
}

interface Located<T> {
  value: T;
  file: string;
  entry: string;
}

type LocatedCollections = {
  [K in CollectionName]: Map<string, Located<z.infer<(typeof collectionSchemas)[K]>>>;
} & {
  /** Ids of entries that failed validation: references to them are not reported a second time. */
  invalidIds: Set<string>;
};

const collectionNames = Object.keys(collectionSchemas) as CollectionName[];

/**
 * Loads the bundled facts, then each extra directory in order. An entry in a later directory with an
 * id already loaded replaces the earlier one ("merged over"); two entries with one id in the same
 * directory are an error. Throws FactValidationError listing every problem found.
 */
export async function loadFactData(extraDirectories: readonly string[] = []): Promise<FactData> {
  return loadFactDirectories([bundledFactsDirectory, ...extraDirectories]);
}

export async function loadFactDirectories(directories: readonly string[]): Promise<FactData> {
  const problems: FactProblem[] = [];
  const merged = emptyCollections();
  const files: string[] = [];

  for (const directory of directories) {
    const layer = emptyCollections();
    for (const file of await listDataFiles(directory, problems)) {
      files.push(file);
      const parsed = await parseFactFile(file, problems);
      if (parsed) addFileEntries(file, parsed, layer, problems);
    }
    for (const name of collectionNames) {
      for (const [id, located] of layer[name]) {
        (merged[name] as Map<string, Located<unknown>>).set(id, located);
      }
    }
    for (const id of layer.invalidIds) merged.invalidIds.add(id);
  }

  checkReferences(merged, problems);
  if (problems.length > 0) throw new FactValidationError(problems);

  const locations = new Map<string, FactLocation>();
  for (const name of collectionNames) {
    for (const [id, { file, entry }] of merged[name] as Map<string, Located<unknown>>) {
      locations.set(`${name}:${id}`, { file, entry });
    }
  }

  return {
    places: values(merged.places),
    actors: values(merged.actors),
    topics: values(merged.topics),
    sources: values(merged.sources),
    facts: values(merged.facts),
    files,
    locations,
  };
}

function emptyCollections(): LocatedCollections {
  return {
    places: new Map(),
    actors: new Map(),
    topics: new Map(),
    sources: new Map(),
    facts: new Map(),
    invalidIds: new Set(),
  };
}

function values<T>(map: Map<string, Located<T>>): T[] {
  return [...map.values()].map((located) => located.value);
}

/** The data files (YAML or JSON) directly in `directory`, sorted; a directory that cannot be read is a problem. */
export async function listDataFiles(directory: string, problems: FactProblem[]): Promise<string[]> {
  try {
    const entries = await readdir(directory, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && dataFilePattern.test(entry.name))
      .map((entry) => path.join(directory, entry.name))
      .sort();
  } catch (error) {
    problems.push({ file: directory, entry: 'directory', reason: describeFsError(error) });
    return [];
  }
}

/** A data file's parsed content, or undefined with a problem saying why it cannot be read or parsed. */
export async function readDataFile(
  file: string,
  problems: FactProblem[],
): Promise<{ raw: unknown } | undefined> {
  try {
    const text = await readFile(file, 'utf8');
    return { raw: file.toLowerCase().endsWith('.json') ? JSON.parse(text) : parseYaml(text) };
  } catch (error) {
    const reason =
      error instanceof YAMLParseError || error instanceof SyntaxError
        ? `cannot be parsed: ${error.message.split('\n')[0]}`
        : describeFsError(error);
    problems.push({ file, entry: 'file', reason });
    return undefined;
  }
}

async function parseFactFile(file: string, problems: FactProblem[]) {
  const read = await readDataFile(file, problems);
  if (!read) return undefined;
  const { raw } = read;
  if (raw === null || raw === undefined) return {};
  const shape = factFileSchema.safeParse(raw);
  if (!shape.success) {
    problems.push({
      file,
      entry: 'file',
      reason: `must be a mapping with any of ${collectionNames.join(', ')} as lists (${shape.error.issues
        .map((issue) => issue.message)
        .join('; ')})`,
    });
    return undefined;
  }
  return shape.data;
}

function addFileEntries(
  file: string,
  content: Partial<Record<CollectionName, unknown[]>>,
  layer: LocatedCollections,
  problems: FactProblem[],
): void {
  for (const name of collectionNames) {
    const entries = content[name] ?? [];
    entries.forEach((rawEntry, index) => {
      const rawId =
        typeof rawEntry === 'object' && rawEntry !== null && 'id' in rawEntry
          ? String(rawEntry.id)
          : undefined;
      const entry = `${name}[${index}]${rawId ? ` (${rawId})` : ''}`;
      const result = collectionSchemas[name].safeParse(rawEntry);
      if (!result.success) {
        if (rawId) layer.invalidIds.add(`${name}:${rawId}`);
        for (const issue of result.error.issues) {
          const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
          problems.push({ file, entry, reason: `${where}${issue.message}` });
        }
        return;
      }
      const collection = layer[name] as Map<string, Located<unknown>>;
      const existing = collection.get(result.data.id);
      if (existing) {
        problems.push({
          file,
          entry,
          reason: `duplicate id "${result.data.id}" (also ${existing.file} › ${existing.entry})`,
        });
        return;
      }
      collection.set(result.data.id, { value: result.data, file, entry });
    });
  }
}

function checkReferences(collections: LocatedCollections, problems: FactProblem[]): void {
  const missing = (located: Located<unknown>, field: string, kind: CollectionName, id: string) =>
    problems.push({
      file: located.file,
      entry: located.entry,
      reason: `${field} refers to unknown ${kind.slice(0, -1)} "${id}"`,
    });
  const check = (located: Located<unknown>, field: string, kind: CollectionName, ids: readonly string[]) => {
    for (const id of ids) {
      if (!collections[kind].has(id) && !collections.invalidIds.has(`${kind}:${id}`)) {
        missing(located, field, kind, id);
      }
    }
  };

  for (const located of collections.places.values()) {
    const place = located.value;
    if (place.parent) check(located, 'parent', 'places', [place.parent]);
    const seen = new Set([place.id]);
    for (let parent = place.parent; parent; parent = collections.places.get(parent)?.value.parent) {
      if (seen.has(parent)) {
        problems.push({
          file: located.file,
          entry: located.entry,
          reason: `parent chain loops back to "${parent}"`,
        });
        break;
      }
      seen.add(parent);
    }
  }

  for (const located of collections.topics.values()) {
    (located.value.notGiven ?? []).forEach((gap, index) => {
      check(located, `notGiven.${index}.sources`, 'sources', gap.sources);
    });
  }

  for (const located of collections.facts.values()) {
    const fact = located.value;
    check(located, 'actor', 'actors', [fact.actor]);
    if (fact.paraphrasedBy) check(located, 'paraphrasedBy', 'actors', [fact.paraphrasedBy]);
    if (fact.asOf && fact.date && fact.asOf.value < fact.date.value) {
      problems.push({
        file: located.file,
        entry: located.entry,
        reason: `asOf ${fact.asOf.value} is earlier than the statement's own date ${fact.date.value}`,
      });
    }
    check(located, 'places', 'places', fact.places);
    check(located, 'topics', 'topics', fact.topics);
    check(located, 'sources', 'sources', fact.sources);
    if (fact.date) check(located, 'date.sources', 'sources', fact.date.sources);
    check(located, 'respondsTo', 'facts', fact.respondsTo);
    if (fact.respondsTo.includes(fact.id)) {
      problems.push({
        file: located.file,
        entry: located.entry,
        reason: 'respondsTo must not name the fact itself',
      });
    }
    for (const figure of fact.figures) {
      const number = formatFigureNumber(figure.value);
      if (!fact.statement.includes(number)) {
        problems.push({
          file: located.file,
          entry: located.entry,
          reason: `figure ${number} ${figure.unit} does not appear in the statement; write the number as "${number}"`,
        });
      }
    }
  }
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EACCES') return 'cannot be read (permission denied)';
  if (code === 'ENOTDIR') return 'is not a directory';
  return `cannot be read (${code ?? String(error)})`;
}
