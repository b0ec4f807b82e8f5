// The message catalogues: every locale says everything English says, with the plural forms its
// grammar needs, the same placeholders and markup, and every negative status still negative.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { factStatuses } from '../src/data/schema.js';
import { supportedLocales } from '../src/i18n/locales.js';
import { messagesDirectory, readCatalogue, wordsIn } from '../src/i18n/words.js';

type Flat = Map<string, string>;

function flatten(value: unknown, prefix: string, into: Flat): Flat {
  if (typeof value === 'string') into.set(prefix, value);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) flatten(item, prefix ? `${prefix}.${key}` : key, into);
  }
  return into;
}

const catalogues = new Map(
  supportedLocales.map((locale) => [locale, flatten(readCatalogue(locale), '', new Map())]),
);
const english = catalogues.get('en') as Flat;

const pluralSuffix = /_(zero|one|two|few|many|other)$/;
const contextSuffix = /_(feminine|neuter|plural|masculine)$/;
/** A key with its plural and context suffixes taken off: what code passes to t(). */
const baseKey = (key: string) => key.replace(pluralSuffix, '').replace(contextSuffix, '');
const placeholders = (text: string) =>
  [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1] ?? '').sort();
const markup = (text: string) => (text.match(/\*\*|`/g) ?? []).length;

/** Plural forms each locale's grammar needs (Intl.PluralRules, integers and fractions). */
const pluralForms: Record<string, readonly string[]> = {
  en: ['one', 'other'],
  uk: ['one', 'few', 'many', 'other'],
  ru: ['one', 'few', 'many', 'other'],
};

describe('message catalogues', () => {
  it('have the same areas in every locale', () => {
    const areas = (locale: string) =>
      readdirSync(new URL(`${locale}/`, messagesDirectory))
        .filter((file) => file.endsWith('.json'))
        .sort();
    for (const locale of supportedLocales) expect(areas(locale), locale).toEqual(areas('en'));
    expect(areas('en')).toContain('common.json');
  });

  it('translate every English message, with every plural form the language needs', () => {
    const englishBases = new Set([...english.keys()].map(baseKey));
    for (const locale of supportedLocales) {
      const catalogue = catalogues.get(locale) as Flat;
      const bases = new Set([...catalogue.keys()].map(baseKey));
      expect(
        [...englishBases].filter((key) => !bases.has(key)),
        `${locale} lacks`,
      ).toEqual([]);
      expect(
        [...bases].filter((key) => !englishBases.has(key)),
        `${locale} has extra`,
      ).toEqual([]);
      // A plural message has every form of the locale's plural rules.
      const plural = new Set(
        [...catalogue.keys()]
          .filter((key) => pluralSuffix.test(key))
          .map((key) => key.replace(pluralSuffix, '')),
      );
      for (const key of plural) {
        for (const form of pluralForms[locale] ?? []) {
          expect(catalogue.has(`${key}_${form}`), `${locale}: ${key}_${form}`).toBe(true);
        }
      }
    }
  });

  it('keep the placeholders and the markdown of the English', () => {
    for (const locale of ['uk', 'ru'] as const) {
      const catalogue = catalogues.get(locale) as Flat;
      for (const [key, text] of catalogue) {
        const englishKey = english.has(key)
          ? key
          : [...english.keys()].find((candidate) => baseKey(candidate) === baseKey(key));
        const original = englishKey ? english.get(englishKey) : undefined;
        if (original === undefined) continue;
        // A plural message may leave {{count}} out of the form for one ("one page"): compare the others.
        const without = (list: string[]) => list.filter((name) => name !== 'count');
        expect(without(placeholders(text)), `${locale}: ${key}`).toEqual(without(placeholders(original)));
        expect(markup(text), `${locale}: ${key} markup`).toBe(markup(original));
      }
    }
  });

  it('give every status a verb and a label in every language, and keep each negation', () => {
    const negative = ['not-confirmed', 'not-officially-confirmed'];
    for (const locale of supportedLocales) {
      const words = wordsIn(locale);
      for (const status of factStatuses) {
        for (const context of ['masculine', 'feminine', 'neuter', 'plural']) {
          const verb = words.t(`common.verb.${status}`, { context });
          expect(verb, `${locale} ${status} ${context}`).not.toMatch(/^common\./);
          if (negative.includes(status)) {
            expect(verb, `${locale} ${status} ${context}`).toMatch(
              locale === 'en' ? /\bnot\b/ : /(^|\s)не\s/,
            );
          }
        }
        const label = words.t(`common.status.${status}`);
        expect(label).not.toMatch(/^common\./);
        if (negative.includes(status)) expect(label).toMatch(locale === 'en' ? /\bnot\b/ : /(^|\s)не\s/);
      }
      // A denial stays a denial, a hedge stays a hedge.
      expect(words.t('common.verb.denied')).toMatch(
        { en: /denies/, uk: /заперечує/, ru: /отрицает/ }[locale],
      );
      expect(words.t('common.qualifier.announced-unverified')).toMatch(
        { en: /not independently verified/, uk: /незалежно не перевірено/, ru: /независимо не проверено/ }[
          locale
        ],
      );
    }
  });

  it('agree past-tense verbs with the actor in Ukrainian and Russian, and number in English', () => {
    expect(wordsIn('uk').t('common.verb.not-confirmed', { context: 'masculine' })).toBe('не підтвердив');
    expect(wordsIn('uk').t('common.verb.not-confirmed', { context: 'feminine' })).toBe('не підтвердила');
    expect(wordsIn('uk').t('common.verb.not-confirmed', { context: 'neuter' })).toBe('не підтвердило');
    expect(wordsIn('uk').t('common.verb.not-confirmed', { context: 'plural' })).toBe('не підтвердили');
    expect(wordsIn('ru').t('common.verb.proposed', { context: 'feminine' })).toBe('предложила');
    expect(wordsIn('en').t('common.verb.claimed', { context: 'masculine' })).toBe('claims');
    expect(wordsIn('en').t('common.verb.claimed', { context: 'plural' })).toBe('claim');
  });

  it('choose plural forms by each language’s rules at 1, 2, 5, 11 and 21', () => {
    const say = (locale: 'en' | 'uk' | 'ru', count: number) =>
      wordsIn(locale).t('common.embed.moreStatements', { count, command: '/x' });
    expect([1, 2, 5, 11, 21].map((count) => say('en', count))).toEqual([
      '1 more statement: `/x`',
      '2 more statements: `/x`',
      '5 more statements: `/x`',
      '11 more statements: `/x`',
      '21 more statements: `/x`',
    ]);
    expect([1, 2, 5, 11, 21].map((count) => say('uk', count))).toEqual([
      'Ще 1 заява: `/x`',
      'Ще 2 заяви: `/x`',
      'Ще 5 заяв: `/x`',
      'Ще 11 заяв: `/x`',
      'Ще 21 заява: `/x`',
    ]);
    expect([1, 2, 5, 11, 21].map((count) => say('ru', count))).toEqual([
      'Ещё 1 заявление: `/x`',
      'Ещё 2 заявления: `/x`',
      'Ещё 5 заявлений: `/x`',
      'Ещё 11 заявлений: `/x`',
      'Ещё 21 заявление: `/x`',
    ]);
  });

  it('write dates, numbers, lists and units for the locale', () => {
    const uk = wordsIn('uk');
    const ru = wordsIn('ru');
    const en = wordsIn('en');
    expect(en.date('2025-03-13')).toBe('13 Mar 2025');
    expect(uk.date('2025-03-13')).toBe('13 бер. 2025 р.');
    expect(ru.date('2025-03-13', true)).toBe('ок. 13 мар. 2025 г.');
    expect(uk.date('2024-08')).toBe('серп. 2024 р.');
    expect(en.dateSpan('2025-03-15', '2025-03-16')).toBe('15–16 Mar 2025');
    expect(uk.dateSpan('2025-03-15', '2025-03-16')).toBe('15–16 бер. 2025 р.');
    expect(en.number(1000)).toBe('1,000');
    expect(uk.number(1000)).toBe('1\u00a0000');
    expect(ru.unit(1000, 'kilometer', 'short')).toBe('1\u00a0000 км');
    expect(uk.unit(621, 'mile', 'long')).toBe('621 миля');
    expect(ru.unit(5, 'mile', 'long')).toBe('5 миль');
    expect(en.list(['A', 'B', 'C'])).toBe('A, B and C');
    expect(uk.list(['A', 'B', 'C'])).toBe('A, B і C');
    expect(ru.alternatives(['A', 'B'])).toBe('A или B');
  });
});

describe('the code', () => {
  /** Every `t('area.key'` written in src, with its literal key. */
  function keysUsed(directory: string, found = new Map<string, string>()): Map<string, string> {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) keysUsed(path, found);
      else if (entry.name.endsWith('.ts')) {
        const text = readFileSync(path, 'utf8');
        for (const match of text.matchAll(/\bt\(\s*['"]([a-z][\w-]*(?:\.[\w-]+)+)['"]/g)) {
          found.set(match[1] as string, path);
        }
      }
    }
    return found;
  }

  it('asks only for messages the English catalogue has', () => {
    const bases = new Set([...english.keys()].map(baseKey));
    const missing = [...keysUsed('src')]
      .filter(([key]) => !bases.has(key))
      .map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });
});
