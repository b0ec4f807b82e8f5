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
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
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

function scoreCandidate(query: string, candidate: string): number {
  if (candidate === query) return 0;
  if (candidate.startsWith(query)) return 1;
  if (candidate.split(' ').some((word) => word.startsWith(query))) return 2;
  if (candidate.includes(query)) return 3;
  const tolerance = query.length <= 4 ? 1 : query.length <= 8 ? 2 : 3;
  // Compare with the candidate's prefix too, so a typo in the first letters of a long name still finds it.
  const whole = editDistance(query, candidate, tolerance);
  const prefix = editDistance(query, candidate.slice(0, query.length), tolerance);
  const best = Math.min(whole, prefix);
  return best <= tolerance ? 4 + best : Number.POSITIVE_INFINITY;
}

/**
 * Ranks items against a query. An empty query returns every item in its given order, which callers
 * use to put the most useful entries first.
 */
export function rankByName<T extends Named>(
  items: readonly T[],
  query: string,
  limit: number,
): NameMatch<T>[] {
  const normalizedQuery = normalizeName(query);
  if (normalizedQuery === '') {
    return items.slice(0, limit).map((item) => ({ item, matched: item.name, score: 0 }));
  }
  const matches: (NameMatch<T> & { order: number })[] = [];
  items.forEach((item, order) => {
    let best: NameMatch<T> | undefined;
    for (const candidate of [item.id, item.name, ...item.aliases]) {
      const score = scoreCandidate(normalizedQuery, normalizeName(candidate));
      if (!best || score < best.score)
        best = { item, matched: candidate === item.id ? item.name : candidate, score };
      if (score === 0) break;
    }
    if (best && Number.isFinite(best.score)) matches.push({ ...best, order });
  });
  matches.sort((a, b) => a.score - b.score || a.order - b.order);
  return matches.slice(0, limit).map(({ item, matched, score }) => ({ item, matched, score }));
}

/** The item whose id, name or an alias equals the input (after normalisation), if any. */
export function findExact<T extends Named>(items: readonly T[], input: string): T | undefined {
  const normalized = normalizeName(input);
  if (normalized === '') return undefined;
  return (
    items.find((item) => item.id === input.trim()) ??
    items.find((item) => [item.name, ...item.aliases].some((name) => normalizeName(name) === normalized))
  );
}
