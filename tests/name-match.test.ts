import { describe, expect, it } from 'vitest';
import { type Named, NameIndex, normalizeName } from '../src/data/name-match.js';
import { bundledStore } from './support/bundled-store.js';

/** The ranking rules written out plainly, with a full edit-distance table and no shortcuts. */
function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current.push(
        Math.min(
          (previous[j] ?? 0) + 1,
          (current[j - 1] ?? 0) + 1,
          (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
        ),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function referenceScore(query: string, candidate: string): number {
  if (candidate === query) return 0;
  if (candidate.startsWith(query)) return 1;
  if (candidate.split(' ').some((word) => word.startsWith(query))) return 2;
  if (candidate.includes(query)) return 3;
  const tolerance = query.length <= 4 ? 1 : query.length <= 8 ? 2 : 3;
  const best = Math.min(levenshtein(query, candidate), levenshtein(query, candidate.slice(0, query.length)));
  return best <= tolerance ? 4 + best : Number.POSITIVE_INFINITY;
}

describe('name matching', () => {
  it('ranks as the plain rules do, in English, Ukrainian and Russian, typos included', async () => {
    const english = await bundledStore();
    const queries = [
      'sudzha',
      'sudja',
      'sudzah',
      'sujda',
      'суджа',
      'суджя',
      'cуджа',
      'kursk',
      'kursc',
      'курськ',
      'курск',
      'sumy',
      'summy',
      'суми',
      'сумы',
      'zel',
      'zelenski',
      'зеленськ',
      'зеленский',
      'cease',
      'cesefire',
      'перемир',
      'перемирие',
      'truce',
      'north korea',
      'северн',
      'кндр',
      'defence',
      'defense',
      'міноборони',
      'минобороны',
      'evacuaton',
      'евакуац',
      'неп',
      'neptun',
    ];
    for (const locale of ['en', 'uk', 'ru'] as const) {
      const store = english.in(locale);
      const lists: (readonly Named[])[] = [store.places, store.topics, store.actors];
      for (const items of lists) {
        const index = new NameIndex<Named>(items);
        for (const query of queries) {
          const normalized = normalizeName(query);
          const expected = items
            .map((item, order) => {
              const candidates = [item.id, item.name, ...item.aliases].map(normalizeName);
              return {
                id: item.id,
                order,
                score: Math.min(...candidates.map((c) => referenceScore(normalized, c))),
              };
            })
            .filter(({ score }) => Number.isFinite(score))
            .sort((a, b) => a.score - b.score || a.order - b.order)
            .slice(0, 25)
            .map(({ id, score }) => ({ id, score }));
          const ranked = index.rank(query, 25).map(({ item, score }) => ({ id: item.id, score }));
          expect({ locale, query, ranked }).toEqual({ locale, query, ranked: expected });
        }
      }
    }
  });
});
