// Matching what a person types against names and aliases: case-, accent- and punctuation-insensitive,
// ranked exact > prefix > word prefix > substring > close spelling.

import { type LetterMask, letterMask, missingLetters } from './letter-mask.js';

export interface Named {
  id: string;
  name: string;
  aliases: readonly string[];
}

export interface NameMatch<T extends Named> {
  item: T;
  /** The name or alias that matched best, so a reply can say "Sudzha (matched Суджа)". */
  matched: string;
  /** Lower is better: 0 exact, 1 prefix, 2 word prefix, 3 substring, 4+ edit distance. */
  score: number;
}

export function normalizeName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[’‘`´]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();
}

// Two rows of the distance table, reused: autocomplete scores every name and alias on every keystroke.
let previousRow = new Int32Array(64);
let currentRow = new Int32Array(64);

/** Levenshtein distance between `a` and `b[0, bLength)`, giving up early once it exceeds `limit`. */
function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY, bLength = b.length): number {
  if (Math.abs(a.length - bLength) > limit) return limit + 1;
  if (previousRow.length <= bLength) {
    previousRow = new Int32Array(bLength + 1);
    currentRow = new Int32Array(bLength + 1);
  }
  let previous = previousRow;
  let current = currentRow;
  for (let j = 0; j <= bLength; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const letter = a.charCodeAt(i - 1);
    for (let j = 1; j <= bLength; j++) {
      const cost = letter === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    const swap = previous;
    previous = current;
    current = swap;
  }
  return previous[bLength] as number;
}

interface Query {
  text: string;
  mask: LetterMask;
  /** Edits a close spelling may need. */
  tolerance: number;
}

function scoreCandidate(query: Query, candidate: Candidate): number {
  // Each character of the query the candidate lacks costs an edit, and rules out the cheaper matches.
  const missing = missingLetters(query.mask, candidate.mask);
  if (missing > query.tolerance) return Number.POSITIVE_INFINITY;
  const text = query.text;
  const normalized = candidate.normalized;
  if (missing === 0) {
    if (normalized === text) return 0;
    if (normalized.startsWith(text)) return 1;
    for (const word of candidate.words) if (word.startsWith(text)) return 2;
    if (normalized.includes(text)) return 3;
  }
  // Compare with the candidate's prefix too, so a typo in the first letters of a long name still finds it.
  const whole = editDistance(text, normalized, query.tolerance);
  const prefix = editDistance(text, normalized, query.tolerance, Math.min(text.length, normalized.length));
  const best = Math.min(whole, prefix);
  return best <= query.tolerance ? 4 + best : Number.POSITIVE_INFINITY;
}

interface Candidate {
  shown: string;
  normalized: string;
  words: string[];
  mask: LetterMask;
}

interface IndexedItem<T extends Named> {
  item: T;
  /** The id, the name and the aliases: what is shown, and its normalised form. */
  candidates: Candidate[];
}

/**
 * A list of named things, normalised once: ranking what a person types against them, and finding
 * the one an input names exactly. (Normalising every name on every keystroke was a measurable share
 * of each command's time.)
 */
export class NameIndex<T extends Named> {
  private readonly entries: IndexedItem<T>[];
  private readonly byNormalizedName = new Map<string, T>();
  private readonly byId = new Map<string, T>();

  constructor(private readonly items: readonly T[]) {
    this.entries = items.map((item) => ({
      item,
      candidates: [
        { shown: item.name, text: item.id },
        ...[item.name, ...item.aliases].map((name) => ({ shown: name, text: name })),
      ].map(({ shown, text }) => {
        const normalized = normalizeName(text);
        return { shown, normalized, words: normalized.split(' '), mask: letterMask(normalized) };
      }),
    }));
    for (const item of items) {
      this.byId.set(item.id, item);
      for (const name of [item.name, ...item.aliases]) {
        const normalized = normalizeName(name);
        if (normalized !== '' && !this.byNormalizedName.has(normalized))
          this.byNormalizedName.set(normalized, item);
      }
    }
  }

  /**
   * Ranks the items against a query. An empty query returns every item in its given order, which
   * callers use to put the most useful entries first.
   */
  rank(query: string, limit: number): NameMatch<T>[] {
    const normalizedQuery = normalizeName(query);
    if (normalizedQuery === '') {
      return this.items.slice(0, limit).map((item) => ({ item, matched: item.name, score: 0 }));
    }
    const asked: Query = {
      text: normalizedQuery,
      mask: letterMask(normalizedQuery),
      tolerance: normalizedQuery.length <= 4 ? 1 : normalizedQuery.length <= 8 ? 2 : 3,
    };
    const matches: (NameMatch<T> & { order: number })[] = [];
    for (let order = 0; order < this.entries.length; order++) {
      const { item, candidates } = this.entries[order] as IndexedItem<T>;
      let bestScore = Number.POSITIVE_INFINITY;
      let bestShown = '';
      for (const candidate of candidates) {
        const score = scoreCandidate(asked, candidate);
        if (score < bestScore) {
          bestScore = score;
          bestShown = candidate.shown;
          if (score === 0) break;
        }
      }
      if (Number.isFinite(bestScore)) matches.push({ item, matched: bestShown, score: bestScore, order });
    }
    matches.sort((a, b) => a.score - b.score || a.order - b.order);
    return matches.slice(0, limit).map(({ item, matched, score }) => ({ item, matched, score }));
  }

  /** The item whose id, name or an alias equals the input (after normalisation), if any. */
  find(input: string): T | undefined {
    const normalized = normalizeName(input);
    if (normalized === '') return undefined;
    return this.byId.get(input.trim()) ?? this.byNormalizedName.get(normalized);
  }
}
