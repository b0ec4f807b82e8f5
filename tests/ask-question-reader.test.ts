// Reading a question: its kind, what it names, what it names that the store lacks, its quantity; and
// the stemmer and unit arithmetic the reader and the leads stand on.
import { describe, expect, it } from 'vitest';
import { lexiconFor } from '../src/briefs/answers/lexicon.js';
import { compareWithQuestion, proportionText } from '../src/briefs/answers/quantities.js';
import { readQuestion } from '../src/briefs/answers/read-question.js';
import { stem } from '../src/briefs/answers/stem.js';
import { wordsIn } from '../src/i18n/words.js';
import { bundledStore } from './support/bundled-store.js';

async function read(text: string) {
  const store = await bundledStore();
  return readQuestion(text, lexiconFor(store), store);
}

describe('question kinds', () => {
  it.each([
    ['How many North Korean troops are in Kursk?', 'figure'],
    ['How much military aid has Ukraine asked for?', 'figure'],
    ['What is the death toll in Kursk?', 'figure'],
    ['How long is the ceasefire Trump proposed?', 'figure'],
    ['Is the proposed truce longer than 60 days?', 'figure'],
    ['When did Russia say it had taken Sudzha?', 'date'],
    ['Since when has Kursk been a flashpoint?', 'date'],
    ['Did Russia confirm that North Korean troops are in Kursk?', 'verdict'],
    ['Has Ukraine confirmed the loss of Sudzha?', 'verdict'],
    ['Who controls Sudzha?', 'verdict'],
    ['How far can the long Neptune strike?', 'capability'],
    ['Can the long Neptune reach 1,500 km?', 'capability'],
    ['What is the range of the long Neptune in miles?', 'capability'],
    ['Who says Russia is preparing an offensive on Sumy?', 'actors'],
    ['Which sources expect an offensive on Sumy?', 'actors'],
    ['Where is Sudzha?', 'where'],
    ['What is the situation in Sudzha?', 'place'],
    ['latest on sumy', 'place'],
    ['Sudzha', 'place'],
    ['How current is this information?', 'currency'],
    ['When was the fact store last updated?', 'currency'],
    ['Which sources does sitrep use?', 'sources'],
    ['Where does this information come from?', 'sources'],
    ['Why does Sudzha matter?', 'general'],
  ])('%s -> %s', async (text, kind) => {
    expect((await read(text)).kind).toBe(kind);
  });
});

describe('what a question names', () => {
  it('finds places, actors, sides and concepts through the vocabulary and other spellings', async () => {
    const question = await read('Did Зеленський say the troops in Курськ are surrounded?');
    expect(question.actors).toContain('zelenskyy');
    expect(question.places).toContain('kursk-region');
    expect(question.namedConcepts).toContain('encirclement');
    expect((await read('how many were killed')).namedConcepts).toContain('casualties');
    expect((await read('was there a truce')).namedConcepts).toContain('ceasefire');
    expect((await read('did russia liberate sudzha')).concepts).toEqual(new Set(['recapture', 'control']));
  });

  it('takes the first side named as the speaker asked about', async () => {
    expect((await read('Did Russia confirm North Korean troops in Kursk?')).subjectSide).toBe('russia');
    expect((await read('When did North Korea confirm its troops fought?')).subjectSide).toBe('north-korea');
  });

  it('corrects a mistyped name', async () => {
    expect((await read('what did zelenskky say about sumy')).actors).toContain('zelenskyy');
  });

  it('reads a quantity with its unit and how it compares', async () => {
    expect((await read('Can the long Neptune reach 1,500 km?')).quantity).toMatchObject({
      value: 1500,
      unit: { id: 'km' },
      comparison: 'at-least',
    });
    expect((await read('is the truce under 60 days')).quantity).toMatchObject({
      value: 60,
      comparison: 'at-most',
    });
    expect((await read('What did Zelenskyy say in 2025?')).quantity).toBeUndefined();
    expect((await read('Has Ukraine used F-16 jets?')).quantity).toBeUndefined();
  });
});

describe('what a question names that the store does not hold', () => {
  it('a region asked about as a city', async () => {
    expect((await read('Is the city of Kursk under attack?')).absent).toEqual([
      { what: 'the city of Kursk', nearest: { place: 'kursk-region' }, typed: false },
    ]);
    expect((await read('Has Sumy city been shelled?')).absent[0]?.what).toBe('the city of Sumy');
    expect((await read('Is Kursk region under attack?')).absent).toEqual([]);
  });

  it('names the vocabulary lists, capitalised names no statement uses, and unknown speakers', async () => {
    expect((await read('What does Syrskyi say about Kursk?')).absent[0]).toMatchObject({
      what: 'Oleksandr Syrskyi',
      nearest: { actor: 'ua-military' },
    });
    expect((await read('What did Wotan Grimsby announce?')).absent.map((absent) => absent.what)).toEqual([
      'Wotan',
      'Grimsby',
    ]);
    expect((await read('what does blorvak say')).absent).toEqual([{ what: 'blorvak', typed: true }]);
    expect((await read('What did the Defence Ministry say about Sudzha?')).absent).toEqual([]);
  });
});

describe('stems and units', () => {
  it('stems with Porter so a word meets its other forms', () => {
    expect(['encircled', 'encircle', 'encirclement'].map(stem)).toEqual(['encircl', 'encircl', 'encircl']);
    expect(['evacuated', 'evacuations', 'evacuation'].map(stem)).toEqual(['evacu', 'evacu', 'evacu']);
    expect(['confirmed', 'confirmation', 'confirms'].map(stem)).toEqual(['confirm', 'confirm', 'confirm']);
    expect(['caresses', 'ponies', 'relational', 'hopping'].map(stem)).toEqual([
      'caress',
      'poni',
      'relat',
      'hop',
    ]);
    expect(stem('Суджа')).toBe('Суджа');
  });

  it('says how a figure stands to the number asked, never rounding silently', () => {
    expect(proportionText(1000, 1500, '1,500 km', wordsIn('en'))).toBe('two-thirds of 1,500 km');
    expect(proportionText(621, 1000, '1,000 miles', wordsIn('en'))).toBe('about three-fifths of 1,000 miles');
    expect(proportionText(1000, 500, '500 km', wordsIn('en'))).toBe('twice 500 km');
    expect(proportionText(621, 600, '600 miles', wordsIn('en'))).toBe('a little more than 600 miles');
    expect(proportionText(30, 60, '60 days', wordsIn('en'))).toBe('half of 60 days');
  });

  it("keeps a figure's qualifier in the comparison", () => {
    expect(compareWithQuestion(1000, undefined, { value: 1500, comparison: 'at-least' })).toBe('no');
    expect(compareWithQuestion(1000, undefined, { value: 500, comparison: 'at-least' })).toBe('yes');
    expect(compareWithQuestion(300, 'more than', { value: 500, comparison: 'at-least' })).toBe('unclear');
    expect(compareWithQuestion(300, 'more than', { value: 500, comparison: 'at-most' })).toBe('unclear');
    expect(compareWithQuestion(30, undefined, { value: 30, comparison: 'about' })).toBe('yes');
  });
});
