import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { checkTranslations } from '../src/data/check-translations.js';
import {
  bundledFactsDirectory,
  type FactData,
  loadFactData,
  loadFactDirectories,
} from '../src/data/load-facts.js';
import { supportedLocales, translatedLocales } from '../src/data/translation-schema.js';
import {
  bundledTranslationsDirectory,
  englishEntries,
  englishFields,
  loadTranslations,
  type Translations,
  TranslationValidationError,
  translatedCollections,
  translatedText,
} from '../src/data/translations.js';
import { directoryWith } from './support/fact-files.js';

let data: FactData;
let bundled: Translations;

beforeAll(async () => {
  data = await loadFactData();
  bundled = await loadTranslations(bundledTranslationsDirectory, data);
});

type Entries = Record<string, Record<string, unknown>>;

interface TranslationDocument {
  locale: string;
  facts: Entries;
  actors: Entries;
  places: Entries;
  topics: Entries;
  sources: Entries;
}

/** An entry of a parsed translation file, to change in place. */
function entryOf(entries: Entries, id: string): Record<string, unknown> {
  const entry = entries[id];
  if (!entry) throw new Error(`no entry ${id}`);
  return entry;
}

async function bundledDocument(locale: 'uk' | 'ru'): Promise<TranslationDocument> {
  return parse(await readFile(path.join(bundledTranslationsDirectory, `${locale}.yaml`), 'utf8'));
}

/** The bundled uk and ru files in a temporary directory, uk changed by `change`. */
async function translationsWith(change: (uk: TranslationDocument) => void) {
  const uk = await bundledDocument('uk');
  change(uk);
  const directory = await directoryWith({
    'uk.yaml': stringify(uk),
    'ru.yaml': stringify(await bundledDocument('ru')),
  });
  return { directory, file: path.join(directory, 'uk.yaml') };
}

async function checkProblems(change: (uk: TranslationDocument) => void) {
  const { directory, file } = await translationsWith(change);
  const translations = await loadTranslations(directory, data);
  return { file, problems: checkTranslations(data, translations, { directory }).problems };
}

async function loadProblems(change: (uk: TranslationDocument) => void) {
  const { directory, file } = await translationsWith(change);
  const error = await loadTranslations(directory, data).then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(TranslationValidationError);
  return { file, error: error as TranslationValidationError };
}

function statementOf(uk: TranslationDocument, id: string): string {
  const statement = uk.facts[id]?.statement;
  if (typeof statement !== 'string') throw new Error(`no uk statement for ${id}`);
  return statement;
}

describe('the bundled translations', () => {
  it('exist for every supported locale but English, which is the fact files themselves', () => {
    expect(supportedLocales).toEqual(['en', 'uk', 'ru']);
    expect([...bundled.keys()].sort()).toEqual([...translatedLocales].sort());
  });

  it('translate every text field of every entry, in Ukrainian and in Russian', () => {
    for (const locale of translatedLocales) {
      for (const collection of translatedCollections) {
        const entries = englishEntries(data, collection);
        expect(entries.size).toBeGreaterThan(0);
        for (const [id, entry] of entries) {
          for (const [field, english] of englishFields(collection, entry)) {
            const translated = translatedText(bundled, locale, collection, id, field as never, english);
            expect({ locale, collection, id, field, fallback: translated.fallback }).toEqual({
              locale,
              collection,
              id,
              field,
              fallback: false,
            });
            // Every text is in Cyrillic but the outlet's own name, which stays as published.
            if (!(collection === 'actors' && id === 'business-news-today' && field === 'name')) {
              expect(translated.text).toMatch(/\p{Script=Cyrillic}/u);
            }
          }
        }
      }
    }
  });

  it('pass the faithfulness checks: figures, negations, actors and how a statement composes', () => {
    const { problems, fallbacks } = checkTranslations(data, bundled, {
      directory: bundledTranslationsDirectory,
    });
    expect(problems).toEqual([]);
    expect(fallbacks).toEqual([]);
  });

  it('keep the figures, hedges and names of people in each language', () => {
    const text = (locale: 'uk' | 'ru', id: string) =>
      translatedText(bundled, locale, 'facts', id, 'statement', '').text;
    expect(text('uk', 'long-neptune-range')).toContain('1000 км (621');
    expect(text('ru', 'long-neptune-range')).toContain('1000 км (621');
    expect(text('uk', 'emergencies-ministry-evacuations')).toMatch(/^Понад 300 /);
    expect(text('ru', 'emergencies-ministry-evacuations')).toMatch(/^Более 300 /);
    expect(text('uk', 'zelenskyy-briefing')).toMatch(/^Зеленський /);
    expect(text('ru', 'zelenskyy-briefing')).toMatch(/^Зеленский /);
    expect(text('uk', 'zelenskyy-forces-not-trapped')).toMatch(/ не /);
    expect(text('ru', 'zelenskyy-forces-not-trapped')).toMatch(/ не /);
    expect(text('uk', 'zelenskyy-warns-sumy-concentration')).toContain('схоже');
    expect(text('ru', 'zelenskyy-warns-sumy-concentration')).toContain('судя по всему');
  });

  it('give each actor a subject in the nominative and the gender its verbs agree with', () => {
    expect(bundled.get('uk')?.actors['ua-military']).toMatchObject({
      name: 'Збройні сили України',
      gender: 'plural',
    });
    expect(bundled.get('ru')?.actors['ru-defence-ministry']).toMatchObject({
      name: 'Министерство обороны России',
      gender: 'neuter',
    });
  });
});

describe('looking up a translated field', () => {
  it('returns the translation, or the English marked as a fallback, never silently', () => {
    const english = 'Russian troops have fully secured the town of Sudzha.';
    expect(translatedText(bundled, 'uk', 'facts', 'mod-claims-sudzha', 'statement', english)).toEqual({
      text: 'Російські війська повністю встановили контроль над містом Суджа.',
      fallback: false,
    });
    expect(translatedText(new Map(), 'uk', 'facts', 'mod-claims-sudzha', 'statement', english)).toEqual({
      text: english,
      fallback: true,
    });
    expect(translatedText(bundled, 'ru', 'facts', 'no-such-fact', 'statement', english)).toEqual({
      text: english,
      fallback: true,
    });
    expect(translatedText(bundled, 'en', 'facts', 'mod-claims-sudzha', 'statement', english)).toEqual({
      text: english,
      fallback: false,
    });
  });

  it('reads nested fields by path: a figure’s unit, what the sources do not give', () => {
    expect(
      translatedText(bundled, 'uk', 'facts', 'long-neptune-range', 'figures.0.alternateUnit', 'mi'),
    ).toEqual({
      text: 'миля',
      fallback: false,
    });
    expect(translatedText(bundled, 'ru', 'topics', 'fighting-intensity', 'notGiven.0', 'x').fallback).toBe(
      false,
    );
    expect(translatedText(bundled, 'ru', 'topics', 'fighting-intensity', 'notGiven.1', 'x')).toEqual({
      text: 'x',
      fallback: true,
    });
  });
});

describe('unfaithful translations fail the checks with file, entry and reason', () => {
  it('a statement that drops "1,000"', async () => {
    const { file, problems } = await checkProblems((uk) => {
      entryOf(uk.facts, 'long-neptune-range').statement = statementOf(uk, 'long-neptune-range').replace(
        '1000 км',
        'тисячу км',
      );
    });
    expect(problems).toEqual([
      {
        file,
        entry: 'facts.long-neptune-range',
        reason: 'statement: drops the figure 1000 that the English gives',
      },
    ]);
  });

  it('accepts 1 000 with a no-break space for 1,000, and rejects 1,000, which reads as one here', async () => {
    const spaced = await checkProblems((uk) => {
      entryOf(uk.facts, 'long-neptune-range').statement = statementOf(uk, 'long-neptune-range').replace(
        '1000 км',
        '1\u00a0000 км',
      );
    });
    expect(spaced.problems).toEqual([]);
    const comma = await checkProblems((uk) => {
      entryOf(uk.facts, 'long-neptune-range').statement = statementOf(uk, 'long-neptune-range').replace(
        '1000 км',
        '1,000 км',
      );
    });
    expect(comma.problems.map((problem) => problem.reason)).toEqual([
      'statement: drops the figure 1000 that the English gives (a comma is a decimal separator here: write 1 000 or 1000)',
      'statement: has the figure 1.000, which the English does not give',
    ]);
  });

  it('a statement that drops the negation of a denial ("are not trapped")', async () => {
    const { file, problems } = await checkProblems((uk) => {
      entryOf(uk.facts, 'zelenskyy-forces-not-trapped').statement = statementOf(
        uk,
        'zelenskyy-forces-not-trapped',
      ).replace(' не ', ' ');
    });
    expect(problems).toEqual([
      {
        file,
        entry: 'facts.zelenskyy-forces-not-trapped',
        reason: 'statement: the English is negative ("not") but the translation has no negation; keep it',
      },
    ]);
  });

  it('a statement that turns a claim into its opposite', async () => {
    const { problems } = await checkProblems((uk) => {
      entryOf(uk.facts, 'mod-claims-sudzha').statement =
        'Російські війська не встановили контроль над містом Суджа.';
    });
    expect(problems.map(({ entry, reason }) => ({ entry, reason }))).toEqual([
      {
        entry: 'facts.mod-claims-sudzha',
        reason:
          'statement: adds a negation ("не") the English does not have; a statement must not turn into its opposite',
      },
    ]);
  });

  it('a statement that names an actor the English does not, in any grammatical case', async () => {
    const { file, problems } = await checkProblems((uk) => {
      entryOf(uk.facts, 'mod-claims-sudzha').statement =
        'За словами Зеленського, російські війська повністю встановили контроль над містом Суджа.';
    });
    expect(problems).toEqual([
      {
        file,
        entry: 'facts.mod-claims-sudzha',
        reason:
          'statement: names zelenskyy ("Зеленський"), whom the English statement does not name; a translation must not add a speaker',
      },
    ]);
  });

  it('a statement that drops an actor the English names ("Kyiv" made "Ukraine")', async () => {
    const { file, problems } = await checkProblems((uk) => {
      entryOf(uk.facts, 'kyiv-seeks-western-aid').statement = statementOf(
        uk,
        'kyiv-seeks-western-aid',
      ).replace('Київ', 'Україна');
    });
    expect(problems).toEqual([
      {
        file,
        entry: 'facts.kyiv-seeks-western-aid',
        reason:
          'statement: does not name ua-government, whom the English statement names ("Kyiv"); keep who is said to act or speak',
      },
    ]);
  });

  it('a fragment that would not continue the status verb, and a missing full stop', async () => {
    const { problems } = await checkProblems((uk) => {
      entryOf(uk.facts, 'zelenskyy-denies-encirclement').statement =
        'Повідомлення про те, що українські війська оточені в Курській області';
    });
    expect(problems.map((problem) => problem.reason)).toEqual([
      'statement: with status "denied" it continues "<actor> <verb> ..." as in English and must start in lower case',
      'statement: the English ends a sentence with a full stop; end it the same way',
    ]);
  });

  it('an entry left untranslated', async () => {
    const { file, problems } = await checkProblems((uk) => {
      delete uk.facts['mod-claims-sudzha'];
      delete entryOf(uk.facts, 'long-neptune-range').figures;
    });
    expect(problems).toEqual([
      {
        file,
        entry: 'facts.mod-claims-sudzha',
        reason: 'no Ukrainian translation of statement',
      },
      {
        file,
        entry: 'facts.long-neptune-range',
        reason: 'no Ukrainian translation of figures.0.unit, figures.0.alternateUnit, figures.0.measures',
      },
    ]);
  });

  it('a locale with no file', async () => {
    const directory = await directoryWith({ 'uk.yaml': stringify(await bundledDocument('uk')) });
    const translations = await loadTranslations(directory, data);
    expect(checkTranslations(data, translations, { directory }).problems).toEqual([
      {
        file: path.join(directory, 'ru.yaml'),
        entry: 'file',
        reason: 'missing: the fact files need a Russian translation',
      },
    ]);
  });
});

describe('invalid translation files fail to load with file, entry and reason', () => {
  it('an id the fact files do not have', async () => {
    const { file, error } = await loadProblems((uk) => {
      uk.facts['russia-retakes-kyiv'] = { statement: 'Вигадане твердження.' };
    });
    expect(error.problems).toEqual([
      {
        file,
        entry: 'facts.russia-retakes-kyiv',
        reason: 'no fact "russia-retakes-kyiv" in the fact files; a translation needs an entry to translate',
      },
    ]);
    expect(error.message).toContain(`${file} › facts.russia-retakes-kyiv: no fact "russia-retakes-kyiv"`);
  });

  it('a field of the wrong type, an unknown field, a gender that is not one', async () => {
    const { file, error } = await loadProblems((uk) => {
      entryOf(uk.facts, 'mod-claims-sudzha').statement = 42;
      entryOf(uk.places, 'sudzha').population = 'невідомо';
      entryOf(uk.actors, 'putin').gender = 'male';
    });
    expect(error.problems).toEqual([
      {
        file,
        entry: 'facts.mod-claims-sudzha',
        reason: 'statement: Invalid input: expected string, received number',
      },
      {
        file,
        entry: 'actors.putin',
        reason: 'gender: Invalid option: expected one of "masculine"|"feminine"|"neuter"|"plural"',
      },
      { file, entry: 'places.sudzha', reason: 'Unrecognized key: "population"' },
    ]);
  });

  it('a text the English entry does not have, such as a second figure or an `about` beside a title', async () => {
    const { file, error } = await loadProblems((uk) => {
      entryOf(uk.sources, 'bnt-kursk-article').about = 'про Курськ';
      entryOf(uk.facts, 'mod-claims-sudzha').figures = [{ unit: 'км', measures: 'відстань' }];
    });
    expect(error.problems).toEqual([
      {
        file,
        entry: 'facts.mod-claims-sudzha',
        reason: 'figures.0.unit: the English entry has no such text to translate',
      },
      {
        file,
        entry: 'facts.mod-claims-sudzha',
        reason: 'figures.0.measures: the English entry has no such text to translate',
      },
      {
        file,
        entry: 'sources.bnt-kursk-article',
        reason: 'about: the English entry has no such text to translate',
      },
    ]);
  });

  it('a file named for another locale, and a file that is not a translation', async () => {
    const uk = await bundledDocument('uk');
    const directory = await directoryWith({
      'ru.yaml': stringify(uk),
      'de.yaml': 'locale: de\nfacts: {}\n',
    });
    const error = await loadTranslations(directory, data).catch((rejection: unknown) => rejection);
    expect(error).toBeInstanceOf(TranslationValidationError);
    expect((error as TranslationValidationError).problems).toEqual([
      {
        file: path.join(directory, 'de.yaml'),
        entry: 'file',
        reason:
          'must be a mapping with a locale and any of facts, actors, places, topics, sources keyed by id (locale: Invalid option: expected one of "uk"|"ru")',
      },
      {
        file: path.join(directory, 'ru.yaml'),
        entry: 'locale',
        reason: 'is "uk" but the file is named for "ru"; name the file <locale>.yaml',
      },
    ]);
  });
});

describe('facts added from another directory', () => {
  it('may stay untranslated: they are listed as shown in English, not reported as problems', async () => {
    const extra = await directoryWith({
      'extra.yaml': `facts:
  - id: an-extra-fact
    statement: Something happened in Sudzha.
    actor: business-news-today
    status: reported
    nature: event
    places: [sudzha]
    topics: [verification]
    sources: [bnt-kursk-article]
    importance: 3
    added: 2026-11-28
`,
    });
    const withExtra = await loadFactDirectories([bundledFactsDirectory, extra]);
    const translations = await loadTranslations(bundledTranslationsDirectory, withExtra);
    const check = checkTranslations(withExtra, translations, {
      directory: bundledTranslationsDirectory,
      mustTranslate: (collection, id) =>
        withExtra.locations.get(`${collection}:${id}`)?.file.startsWith(bundledFactsDirectory) ?? false,
    });
    expect(check.problems).toEqual([]);
    expect(check.fallbacks).toEqual([
      { locale: 'uk', collection: 'facts', id: 'an-extra-fact' },
      { locale: 'ru', collection: 'facts', id: 'an-extra-fact' },
    ]);
  });
});
