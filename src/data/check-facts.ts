// `npm run facts:check [dir...]`: validates the bundled facts plus FACTS_DIR or the given directories,
// exactly as the bot does at start, then audits them (statements stand alone and are in our own
// words, names are clean and unambiguous, no text carries links or mentions Discord would render:
// see audit-facts.ts). Then it loads the bundled translations and checks them (complete for every
// bundled entry, figures and negations kept, no actor added: see check-translations.ts).
import 'dotenv/config';
import { checkFacts } from './audit-facts.js';
import { checkTranslations } from './check-translations.js';
import { FactStore } from './fact-store.js';
import { bundledFactsDirectory, type FactData, FactValidationError } from './load-facts.js';
import { localeNames, translatedLocales } from './translation-schema.js';
import {
  bundledTranslationsDirectory,
  loadTranslations,
  TranslationValidationError,
  translatedCollections,
} from './translations.js';

const extra = process.argv.slice(2);
const directories = extra.length > 0 ? extra : process.env.FACTS_DIR ? [process.env.FACTS_DIR] : [];

/** Checks the bundled translations against the loaded facts; returns the lines to print. */
async function checkBundledTranslations(data: FactData): Promise<string[]> {
  const translations = await loadTranslations(bundledTranslationsDirectory, data);
  // Only the bundled entries must be translated: facts added from another directory are shown in
  // English where no translation exists, marked as such.
  const { problems, fallbacks } = checkTranslations(data, translations, {
    directory: bundledTranslationsDirectory,
    mustTranslate: (collection, id) =>
      data.locations.get(`${collection}:${id}`)?.file.startsWith(bundledFactsDirectory) ?? false,
  });
  if (problems.length > 0) throw new TranslationValidationError(problems);
  const counts = translatedLocales.map((locale) => {
    const translation = translations.get(locale);
    const entries = translation
      ? translatedCollections.reduce(
          (sum, collection) => sum + Object.keys(translation[collection]).length,
          0,
        )
      : 0;
    return `${entries} ${localeNames[locale]}`;
  });
  const lines = [
    `Translations of the bundled entries are complete and pass the faithfulness checks: ${counts.join(', ')} entries.`,
  ];
  for (const locale of translatedLocales) {
    const count = fallbacks.filter((fallback) => fallback.locale === locale).length;
    if (count > 0) {
      lines.push(
        `Not translated into ${localeNames[locale]}: ${count} ${count === 1 ? 'entry' : 'entries'} from ${directories.join(', ')}; answers in ${locale} show the English, marked as such.`,
      );
    }
  }
  return lines;
}

try {
  const data = await checkFacts(directories);
  const store = new FactStore(data);
  console.log(
    `Fact files are valid: ${store.facts.length} facts, ${store.places.length} places, ${store.actors.length} actors, ${store.topics.length} topics, ${store.sources.length} sources from ${data.files.length} files.`,
  );
  for (const line of await checkBundledTranslations(data)) console.log(line);
} catch (error) {
  console.error(
    error instanceof FactValidationError || error instanceof TranslationValidationError
      ? error.message
      : `Could not check fact files: ${String(error)}`,
  );
  process.exitCode = 1;
}
