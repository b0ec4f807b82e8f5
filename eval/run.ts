// npm run eval [-- --record] [-- --verbose]: scores /ask on eval/questions.yaml and prints the figures
// and every miss. --record writes the figures to eval/figures.json, the floor tests/eval.test.ts holds.
import { writeFileSync } from 'node:fs';
import { loadFactStore } from '../src/data/load-store.js';
import { figuresFile, figuresTable, loadQuestions, misses, scoreQuestions } from './score.js';

const store = await loadFactStore();
const { results, figures } = scoreQuestions(store, loadQuestions(store));
const missed = misses(results);
process.stdout.write(`${figuresTable(figures)}\n\n`);
if (missed.length > 0) process.stdout.write(`Missed (${missed.length}):\n  ${missed.join('\n  ')}\n`);
if (process.argv.includes('--verbose')) {
  for (const result of results)
    process.stdout.write(
      `\n${result.question.ask}\n  ${result.leadText}\n  shown: ${result.shown.join(', ')}\n`,
    );
}
if (process.argv.includes('--record')) {
  writeFileSync(figuresFile, `${JSON.stringify(figures, null, 2)}\n`);
  process.stdout.write(`Recorded in ${figuresFile}.\n`);
}
