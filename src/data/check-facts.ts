// `npm run facts:check [dir...]`: validates the bundled facts plus FACTS_DIR or the given directories,
// exactly as the bot does at start, then audits them (statements stand alone and are in our own
// words, names are clean and unambiguous, no text carries links or mentions Discord would render:
// see audit-facts.ts).
import 'dotenv/config';
import { checkFacts } from './audit-facts.js';
import { FactStore } from './fact-store.js';
import { FactValidationError } from './load-facts.js';

const extra = process.argv.slice(2);
const directories = extra.length > 0 ? extra : process.env.FACTS_DIR ? [process.env.FACTS_DIR] : [];

try {
  const data = await checkFacts(directories);
  const store = new FactStore(data);
  console.log(
    `Fact files are valid: ${store.facts.length} facts, ${store.places.length} places, ${store.actors.length} actors, ${store.topics.length} topics, ${store.sources.length} sources from ${data.files.length} files.`,
  );
} catch (error) {
  console.error(
    error instanceof FactValidationError ? error.message : `Could not check fact files: ${String(error)}`,
  );
  process.exitCode = 1;
}
