// A small full-text index for a store that is built once and then only read: BM25 weights are
// computed at build time, one packed posting list per term, so a query is a handful of dictionary
// lookups and additions into the caller's score array, with no per-document allocation. (A general
// search library builds a result object per matching document and sorts them all; at 10,000 facts
// that garbage alone set /ask's p99, see docs/BENCHMARKS.md.)

import { type LetterMask, letterMask, lettersByAlphabet, missingLetters } from './letter-mask.js';

export interface IndexedField {
  text: string;
  /** Multiplies this field's contribution to a document's score. */
  boost: number;
}

export interface TextIndexOptions {
  /** Words that carry no meaning in a question; neither indexed nor searched. */
  stopWords: ReadonlySet<string>;
}

interface QueryState {
  scores: Float64Array;
  touched: Int32Array;
  count: number;
}

interface Postings {
  documents: Int32Array;
  weights: Float32Array;
}

// BM25+ constants, the usual ones: term-frequency saturation, length normalisation, and a floor
// so that a long document matching a word still scores above one that does not.
const saturation = 1.2;
const lengthNormalisation = 0.7;
const floor = 0.5;
// A word found through a prefix counts less than the word itself. Typo matching runs only for words
// the index does not hold, where the near word is almost surely what was meant: it counts nearly
// in full.
const prefixWeight = 0.375;
const typoWeight = 0.8;
const minPrefixLength = 4;
const maxTermLength = 64;

/** An apostrophe inside a Ukrainian word ("перемир’я") is part of it, as questions are read. */
const cyrillicApostrophe = /(?<=\p{Script=Cyrillic})['’ʼ‘`](?=\p{Script=Cyrillic})/gu;

const anyApostrophe = /['’ʼ‘`]/;
const wordPattern = /[\p{L}\p{N}]+/gu;

/** Lower-cased words of letters and digits, in order. */
export function tokenize(text: string): string[] {
  const lower = text.toLowerCase();
  // The look-behind for a Cyrillic letter is the slow part; most texts have no apostrophe at all.
  return (anyApostrophe.test(lower) ? lower.replace(cyrillicApostrophe, '') : lower).match(wordPattern) ?? [];
}

/** Edits allowed when matching a word of this length to a different word: none below four letters. */
export function typoAllowance(length: number): number {
  return length >= 4 ? Math.max(1, Math.round(length * 0.2)) : 0;
}

type Alphabet = 'latin' | 'cyrillic' | 'mixed';

/** 'latin' for a term with no Cyrillic letter, 'cyrillic' for one with no Latin letter, else 'mixed'. */
function alphabetOf(term: string): Alphabet {
  const { latin, cyrillic } = lettersByAlphabet(term);
  if (cyrillic === 0) return 'latin';
  if (latin === 0) return 'cyrillic';
  return 'mixed';
}

export class TextIndex {
  readonly documentCount: number;
  private readonly postings = new Map<string, Postings>();
  /** Every indexed word, sorted: prefix matches are a binary search and a short scan. */
  private readonly sortedTerms: string[];
  /**
   * Indexed words by alphabet, then by length, for typo matching against words of nearby lengths
   * only, and only in an alphabet the query word could be a typo of (see `alphabetOf`).
   */
  private readonly termsByLength: Record<Alphabet, string[][]> = { latin: [], cyrillic: [], mixed: [] };
  /** Beside each of those words, its `letterMask`. */
  private readonly masksByLength: Record<Alphabet, LetterMask[][]> = { latin: [], cyrillic: [], mixed: [] };
  private readonly stopWords: ReadonlySet<string>;
  // Per document: how many of the current query's words it matched, and the last word that counted.
  private readonly wordsMatched: Uint16Array;
  private readonly lastWordSeen: Int32Array;
  private wordSerial = 0;
  // Two rows of the edit-distance table, reused by every query.
  private previousRow = new Int32Array(maxTermLength + 2);
  private currentRow = new Int32Array(maxTermLength + 2);

  constructor(documents: readonly (readonly IndexedField[])[], { stopWords }: TextIndexOptions) {
    this.stopWords = stopWords;
    this.documentCount = documents.length;
    this.wordsMatched = new Uint16Array(documents.length);
    this.lastWordSeen = new Int32Array(documents.length);
    const fieldCount = documents.reduce((most, fields) => Math.max(most, fields.length), 0);
    // Per field: each document's length in words, and the average length.
    const lengths = Array.from({ length: fieldCount }, () => new Float64Array(documents.length));
    const termFrequencies: Map<string, number>[][] = documents.map((fields, document) =>
      fields.map((field, fieldIndex) => {
        const counts = new Map<string, number>();
        let length = 0;
        for (const word of tokenize(field.text)) {
          if (stopWords.has(word) || word.length > maxTermLength) continue;
          counts.set(word, (counts.get(word) ?? 0) + 1);
          length++;
        }
        const fieldLengths = lengths[fieldIndex];
        if (fieldLengths) fieldLengths[document] = length;
        return counts;
      }),
    );
    const averageLengths = lengths.map(
      (fieldLengths) =>
        fieldLengths.reduce((sum, length) => sum + length, 0) / Math.max(1, documents.length) || 1,
    );

    const documentsByTerm = new Map<string, number[]>();
    for (const [document, fields] of termFrequencies.entries()) {
      const seen = new Set<string>();
      for (const counts of fields) {
        for (const term of counts.keys()) {
          if (seen.has(term)) continue;
          seen.add(term);
          const list = documentsByTerm.get(term);
          if (list) list.push(document);
          else documentsByTerm.set(term, [document]);
        }
      }
    }
    for (const [term, termDocuments] of documentsByTerm) {
      const inverseFrequency = Math.log(
        1 + (documents.length - termDocuments.length + 0.5) / (termDocuments.length + 0.5),
      );
      const weights = new Float32Array(termDocuments.length);
      for (const [slot, document] of termDocuments.entries()) {
        let weight = 0;
        const fields = documents[document] ?? [];
        for (const [fieldIndex, field] of fields.entries()) {
          const frequency = termFrequencies[document]?.[fieldIndex]?.get(term) ?? 0;
          if (frequency === 0) continue;
          const length = lengths[fieldIndex]?.[document] ?? 0;
          const average = averageLengths[fieldIndex] ?? 1;
          const normalised =
            (frequency * (saturation + 1)) /
            (frequency + saturation * (1 - lengthNormalisation + (lengthNormalisation * length) / average));
          weight += field.boost * inverseFrequency * (normalised + floor);
        }
        weights[slot] = weight;
      }
      this.postings.set(term, { documents: Int32Array.from(termDocuments), weights });
      const alphabet = alphabetOf(term);
      const terms = this.termsByLength[alphabet];
      const masks = this.masksByLength[alphabet];
      terms[term.length] ??= [];
      masks[term.length] ??= [];
      terms[term.length]?.push(term);
      masks[term.length]?.push(letterMask(term));
    }
    this.sortedTerms = [...documentsByTerm.keys()].sort();
  }

  /**
   * Scores the documents matching `query` into `scores` (indexed by document; every entry must be 0
   * on entry) and lists them in `touched`, returning how many. Each query word matches itself, longer
   * words it begins (from four letters), and, when the index does not hold the word itself, words
   * within a few typos of it. A document's score is multiplied by how many of the query's words it
   * matched, so one that answers the whole question outranks one that repeats a single word.
   */
  search(query: string, scores: Float64Array, touched: Int32Array): number {
    const state: QueryState = { scores, touched, count: 0 };
    for (const word of new Set(tokenize(query))) {
      if (this.stopWords.has(word) || word.length > maxTermLength) continue;
      this.wordSerial = this.wordSerial >= 0x7fffffff ? 1 : this.wordSerial + 1;
      if (this.wordSerial === 1) this.lastWordSeen.fill(0);
      const exact = this.postings.get(word);
      if (exact) this.addPostings(exact, 1, state);
      if (word.length >= minPrefixLength) {
        for (let slot = this.firstAtOrAfter(word); slot < this.sortedTerms.length; slot++) {
          const term = this.sortedTerms[slot] ?? '';
          if (!term.startsWith(word)) break;
          if (term === word) continue;
          const weight = (prefixWeight * word.length) / (word.length + 0.3 * (term.length - word.length));
          this.addPostings(this.postings.get(term), weight, state);
        }
      }
      if (!exact) this.addTypoMatches(word, state);
    }
    for (let slot = 0; slot < state.count; slot++) {
      const document = touched[slot] ?? 0;
      scores[document] = (scores[document] ?? 0) * (this.wordsMatched[document] ?? 1);
      this.wordsMatched[document] = 0;
    }
    return state.count;
  }

  private addTypoMatches(word: string, state: QueryState): void {
    const allowance = typoAllowance(word.length);
    if (allowance === 0) return;
    const shortest = Math.max(1, word.length - allowance);
    const longest = Math.min(maxTermLength, word.length + allowance);
    const { latin, cyrillic } = lettersByAlphabet(word);
    // Each letter of the word that a term lacks costs an edit: a word with more Latin letters than
    // the allowance is no typo of an all-Cyrillic term, and the other way round.
    const alphabets: Alphabet[] = ['mixed'];
    if (cyrillic <= allowance) alphabets.push('latin');
    if (latin <= allowance) alphabets.push('cyrillic');
    for (const alphabet of alphabets)
      this.addTypoMatchesIn(alphabet, word, shortest, longest, allowance, state);
  }

  private addTypoMatchesIn(
    alphabet: Alphabet,
    word: string,
    shortest: number,
    longest: number,
    allowance: number,
    state: QueryState,
  ): void {
    const wordMask = letterMask(word);
    for (let length = shortest; length <= longest; length++) {
      const terms = this.termsByLength[alphabet][length] ?? [];
      const masks = this.masksByLength[alphabet][length] ?? [];
      for (let index = 0; index < terms.length; index++) {
        // Letters of the word the term lacks each cost an edit: too many, and no table is needed.
        if (missingLetters(wordMask, masks[index] as LetterMask) > allowance) continue;
        const term = terms[index] as string;
        // A word that begins with the query word was already counted as a prefix match.
        if (word.length >= minPrefixLength && term.startsWith(word)) continue;
        const distance = this.editDistanceWithin(word, term, allowance);
        if (distance > allowance) continue;
        this.addPostings(
          this.postings.get(term),
          (typoWeight * word.length) / (word.length + distance),
          state,
        );
      }
    }
  }

  private addPostings(postings: Postings | undefined, weight: number, state: QueryState): void {
    if (!postings) return;
    const { documents, weights } = postings;
    const { scores, touched } = state;
    for (let slot = 0; slot < documents.length; slot++) {
      const document = documents[slot] ?? 0;
      if (scores[document] === 0) touched[state.count++] = document;
      scores[document] = (scores[document] ?? 0) + weight * (weights[slot] ?? 0);
      if (this.lastWordSeen[document] !== this.wordSerial) {
        this.lastWordSeen[document] = this.wordSerial;
        this.wordsMatched[document] = (this.wordsMatched[document] ?? 0) + 1;
      }
    }
  }

  private firstAtOrAfter(word: string): number {
    let low = 0;
    let high = this.sortedTerms.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.sortedTerms[middle] ?? '') < word) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Levenshtein distance, or `limit + 1` as soon as it must exceed `limit`. */
  private editDistanceWithin(a: string, b: string, limit: number): number {
    let previous = this.previousRow;
    let current = this.currentRow;
    for (let column = 0; column <= b.length; column++) previous[column] = column;
    for (let row = 1; row <= a.length; row++) {
      current[0] = row;
      let rowMinimum = row;
      const letter = a.charCodeAt(row - 1);
      for (let column = 1; column <= b.length; column++) {
        const substitution = (previous[column - 1] ?? 0) + (letter === b.charCodeAt(column - 1) ? 0 : 1);
        const value = Math.min(substitution, (previous[column] ?? 0) + 1, (current[column - 1] ?? 0) + 1);
        current[column] = value;
        if (value < rowMinimum) rowMinimum = value;
      }
      if (rowMinimum > limit) return limit + 1;
      const swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length] ?? limit + 1;
  }
}
