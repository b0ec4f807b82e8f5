import { FactStore } from '../../src/data/fact-store.js';
import { loadFactData } from '../../src/data/load-facts.js';

let cached: Promise<FactStore> | undefined;

/** The real bundled store, loaded once per test file. */
export function bundledStore(): Promise<FactStore> {
  cached ??= loadFactData().then((data) => new FactStore(data));
  return cached;
}
