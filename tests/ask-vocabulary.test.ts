// The domain vocabulary (src/data/vocabulary.json): validated at load like the facts, every problem
// named with the file, the entry and the reason; and consistent with the bundled store.
import { describe, expect, it } from 'vitest';
import {
  bundledVocabulary,
  parseVocabulary,
  VocabularyValidationError,
  vocabularyStoreProblems,
} from '../src/data/vocabulary.js';
import { bundledStore } from './support/bundled-store.js';

const valid = {
  concepts: [{ id: 'casualties', label: 'casualty figures', terms: ['killed', 'dead'] }],
  spellings: [],
  absent: [],
  units: [],
  standingTopics: [],
  sides: {},
};

function problemsOf(raw: unknown): string[] {
  try {
    parseVocabulary(raw, 'vocabulary.json');
  } catch (error) {
    if (error instanceof VocabularyValidationError)
      return error.problems.map((problem) => `${problem.file} › ${problem.entry}: ${problem.reason}`);
    throw error;
  }
  return [];
}

describe('the vocabulary', () => {
  it("loads the bundled file, with the issue's synonyms", () => {
    const casualties = bundledVocabulary.concepts.find((concept) => concept.id === 'casualties');
    expect(casualties?.terms).toEqual(expect.arrayContaining(['killed', 'dead', 'losses']));
    const encirclement = bundledVocabulary.concepts.find((concept) => concept.id === 'encirclement');
    expect(encirclement?.terms).toEqual(
      expect.arrayContaining(['encircled', 'surrounded', 'cauldron', 'trapped']),
    );
    const recapture = bundledVocabulary.concepts.find((concept) => concept.id === 'recapture');
    expect(recapture?.terms).toEqual(expect.arrayContaining(['retake', 'liberate', 'secure']));
    const ceasefire = bundledVocabulary.concepts.find((concept) => concept.id === 'ceasefire');
    expect(ceasefire?.terms).toEqual(expect.arrayContaining(['truce', 'pause']));
  });

  it('names only places, actors and topics the bundled store holds, and no name it holds as absent', async () => {
    expect(vocabularyStoreProblems(bundledVocabulary, await bundledStore())).toEqual([]);
  });

  it('reports each problem with the file, the entry and the reason', () => {
    expect(problemsOf(valid)).toEqual([]);
    expect(problemsOf({ ...valid, concepts: [{ id: 'Bad Id', label: 'x', terms: [] }] })).toEqual([
      'vocabulary.json › concepts[0] (Bad Id): id: must be lower-case kebab-case (letters, digits, hyphens)',
      'vocabulary.json › concepts[0] (Bad Id): terms: needs at least one term',
    ]);
    expect(
      problemsOf({ ...valid, concepts: [{ id: 'a', label: 'a', terms: ['x'], broader: ['missing'] }] }),
    ).toEqual(['vocabulary.json › concepts[0] (a): broader names unknown concept "missing"']);
    expect(
      problemsOf({
        ...valid,
        absent: [
          { id: 'one', terms: ['Wotan'], what: 'Wotan' },
          { id: 'two', terms: ['wotan'], what: 'Wotan again' },
        ],
      }),
    ).toEqual(['vocabulary.json › absent[1] (two): term "wotan" is also a term of absent[0] (one)']);
    expect(problemsOf({ concepts: [] })[0]).toMatch(/^vocabulary\.json › /);
  });

  it('finds store names it points to that do not exist', async () => {
    const store = await bundledStore();
    const broken = {
      ...bundledVocabulary,
      spellings: [{ entity: { place: 'atlantis' }, terms: ['Atlantis'] }],
      absent: [{ id: 'kursk', terms: ['Kursk'], what: 'Kursk' }],
    };
    expect(vocabularyStoreProblems(broken, store)).toEqual([
      'spelling of unknown {"place":"atlantis"}',
      'absent kursk: "Kursk" is a name the store holds',
    ]);
  });
});
