import { describe, expect, it } from 'vitest';
import { TextIndex, tokenize, typoAllowance } from '../src/data/text-index.js';

const stopWords = new Set(['the', 'how', 'can']);

function indexOf(texts: string[]): TextIndex {
  return new TextIndex(
    texts.map((text) => [{ text, boost: 1 }]),
    { stopWords },
  );
}

/** Documents matching `query`, best first, with their scores; leaves the score array clean. */
function ranked(index: TextIndex, query: string): { document: number; score: number }[] {
  const scores = new Float64Array(index.documentCount);
  const touched = new Int32Array(index.documentCount);
  const count = index.search(query, scores, touched);
  const hits = Array.from(touched.subarray(0, count), (document) => ({
    document,
    score: scores[document] ?? 0,
  }));
  return hits.sort((a, b) => b.score - a.score);
}

describe('TextIndex', () => {
  const documents = [
    'The long Neptune missile can strike targets up to 1,000 km away.',
    'Drones strike Sumy overnight.',
    'Residents of Sudzha were evacuated.',
    'Переговоры о прекращении огня в Стамбуле.',
  ];

  it('splits text into lower-case words of letters and digits, in any script', () => {
    expect(tokenize('Long-Neptune: 1,000 km; Суджа!')).toEqual([
      'long',
      'neptune',
      '1',
      '000',
      'km',
      'суджа',
    ]);
  });

  it('finds a word, and ranks documents matching more of the question first', () => {
    const index = indexOf(documents);
    expect(ranked(index, 'strike').map((hit) => hit.document)).toEqual(expect.arrayContaining([0, 1]));
    expect(ranked(index, 'how can the long neptune strike')[0]?.document).toBe(0);
    expect(ranked(index, 'drones strike')[0]?.document).toBe(1);
  });

  it('matches the beginnings of words from four letters, and a whole word above a prefix', () => {
    const index = indexOf(['evacuated towns', 'evac']);
    expect(ranked(index, 'evac').map((hit) => hit.document)).toEqual([1, 0]);
    expect(ranked(indexOf(['strikes']), 'str')).toEqual([]);
  });

  it('corrects typos only in words it does not know', () => {
    const index = indexOf(['strike on a base', 'stroke of luck']);
    // "strke" is unknown: both "strike" and "stroke" are one edit away.
    expect(
      ranked(index, 'strke')
        .map((hit) => hit.document)
        .sort(),
    ).toEqual([0, 1]);
    // "stroke" is known: it does not pull in "strike".
    expect(ranked(index, 'stroke').map((hit) => hit.document)).toEqual([1]);
    expect(typoAllowance(3)).toBe(0);
    expect(typoAllowance(5)).toBe(1);
    expect(typoAllowance(10)).toBe(2);
  });

  it('searches other scripts, and ignores stop words and empty questions', () => {
    const index = indexOf(documents);
    expect(ranked(index, 'Стамбуле')[0]?.document).toBe(3);
    expect(ranked(index, 'the how can')).toEqual([]);
    expect(ranked(index, '  ?! ')).toEqual([]);
  });

  it('gives the same answer every time: nothing of one search leaks into the next', () => {
    const index = indexOf(documents);
    const first = ranked(index, 'long neptune strike');
    for (let round = 0; round < 5; round++) ranked(index, 'drones sumy evacuated');
    expect(ranked(index, 'long neptune strike')).toEqual(first);
  });

  it('weights a boosted field above a plain one', () => {
    const index = new TextIndex(
      [
        [
          { text: 'range', boost: 1 },
          { text: 'missile', boost: 2 },
        ],
        [
          { text: 'missile', boost: 1 },
          { text: 'range', boost: 2 },
        ],
      ],
      { stopWords },
    );
    expect(ranked(index, 'missile')[0]?.document).toBe(0);
    expect(ranked(index, 'range')[0]?.document).toBe(1);
  });
});

describe('typo matching skips only words that cannot be near', () => {
  function levenshtein(a: string, b: string): number {
    const rows = Array.from({ length: a.length + 1 }, (_, i) =>
      Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
    );
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++)
        (rows[i] as number[])[j] = Math.min(
          (rows[i - 1]?.[j] ?? 0) + 1,
          (rows[i]?.[j - 1] ?? 0) + 1,
          (rows[i - 1]?.[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
        );
    return rows[a.length]?.[b.length] ?? 0;
  }

  // Latin, Cyrillic and mixed words (a Latin "C" in "Cуджа", as people type it), of nearby lengths.
  const words = [
    'neptune',
    'neptun',
    'нептун',
    'нептуна',
    'sudzha',
    'sudja',
    'суджа',
    'cуджа',
    'суджи',
    'судзха',
    'strike',
    'stroke',
    'strikes',
    'удар',
    'удари',
    'kursk',
    'курськ',
    'курск',
    'kурск',
    'sumy',
    'суми',
    'сумы',
    'ceasefire',
    'перемир',
    'перемирие',
    'truce',
    'trace',
    'оборона',
    'oborona',
    'zelensky',
    'зеленський',
    'зеленский',
    'zelenskyy',
    'missile',
    'ракета',
    'raketa',
    'pакета',
  ];
  const index = indexOf(words);

  it('finds every indexed word within the allowance of a query word, in any alphabet', () => {
    const queries = [
      'neptne',
      'нептн',
      'sudzah',
      'суджя',
      'cудж',
      'strke',
      'курськк',
      'kursc',
      'summy',
      'сумі',
      'cesefire',
      'перемири',
      'zelenski',
      'зеленськи',
      'missle',
      'ракеты',
      'paкета',
      'оборна',
      'obrona',
    ];
    for (const query of queries) {
      const allowance = typoAllowance(query.length);
      const expected = words
        .map((word, document) => ({ word, document }))
        .filter(
          ({ word }) =>
            word !== query &&
            !(query.length >= 4 && word.startsWith(query)) &&
            levenshtein(query, word) <= allowance,
        )
        .map(({ document }) => document)
        .sort((a, b) => a - b);
      const found = ranked(index, query)
        .map((hit) => hit.document)
        .sort((a, b) => a - b);
      // Prefix matches (words beginning with the query) come on top of typo matches.
      const prefixed = words.flatMap((word, document) =>
        query.length >= 4 && word.startsWith(query) ? [document] : [],
      );
      expect({ query, found }).toEqual({
        query,
        found: [...new Set([...expected, ...prefixed])].sort((a, b) => a - b),
      });
    }
  });
});
