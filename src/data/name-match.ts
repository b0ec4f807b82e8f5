// Matching what a person types against names and aliases: case-, accent- and punctuation-insensitive,
// ranked exact > prefix > word prefix > substring > close spelling.

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

/** Levenshtein distance, giving up early once it exceeds `limit`. */
function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}

function scoreCandidate(query: string, candidate: string, words: readonly string[]): number {
  if (candidate === query) return 0;
  if (candidate.startsWith(query)) return 1;
  if (words.some((word) => word.startsWith(query))) return 2;
  if (candidate.includes(query)) return 3;
  const tolerance = query.length <= 4 ? 1 : query.length <= 8 ? 2 : 3;
  // Compare with the candidate's prefix too, so a typo in the first letters of a long name still finds it.
  const whole = editDistance(query, candidate, tolerance);
  const prefix = editDistance(query, candidate.slice(0, query.length), tolerance);
  const best = Math.min(whole, prefix);
  return best <= tolerance ? 4 + best : Number.POSITIVE_INFINITY;
}

interface IndexedItem<T extends Named> {
  item: T;
  /** The id, the name and the aliases: what is shown, and its normalised form. */
  candidates: { shown: string; normalized: string; words: string[] }[];
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
        return { shown, normalized, words: normalized.split(' ') };
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
    const matches: (NameMatch<T> & { order: number })[] = [];
    this.entries.forEach(({ item, candidates }, order) => {
      let best: NameMatch<T> | undefined;
      for (const { shown, normalized, words } of candidates) {
        const score = scoreCandidate(normalizedQuery, normalized, words);
        if (!best || score < best.score) best = { item, matched: shown, score };
        if (score === 0) break;
      }
      if (best && Number.isFinite(best.score)) matches.push({ ...best, order });
    });
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
