// npm run eval [-- --record] [-- --verbose]: scores /ask on eval/questions.yaml and prints the figures
// of each language (English, Ukrainian, Russian) and every miss. --record writes the figures to eval/figures.json, the floor tests/eval.test.ts holds.
import { writeFileSync } from 'node:fs';
import { loadFactStore } from '../src/data/load-store.js';
import { figuresFile, figuresTable, figuresToRecord, loadQuestions, misses, scoreByLocale } from './score.js';

const store = await loadFactStore();
const byLocale = scoreByLocale(store, loadQuestions(store));
const results = [...byLocale.en.results, ...byLocale.uk.results, ...byLocale.ru.results];
const missed = misses(results);
for (const locale of ['en', 'uk', 'ru'] as const)
  process.stdout.write(`${locale}:\n${figuresTable(byLocale[locale].figures)}\n\n`);
if (missed.length > 0) process.stdout.write(`Missed (${missed.length}):\n  ${missed.join('\n  ')}\n`);
if (process.argv.includes('--verbose')) {
  for (const result of results)
    process.stdout.write(
      `\n${result.question.ask}\n  ${result.leadText}\n  shown: ${result.shown.join(', ')}\n`,
    );
}
if (process.argv.includes('--record')) {
  writeFileSync(figuresFile, `${JSON.stringify(figuresToRecord(byLocale), null, 2)}\n`);
  process.stdout.write(`Recorded in ${figuresFile}.\n`);
}
