import type { FactStore } from '../../src/data/fact-store.js';
import { loadFactStore } from '../../src/data/load-store.js';

let cached: Promise<FactStore> | undefined;

/** The real bundled store, with its Ukrainian and Russian translations, loaded once per test file. */
export function bundledStore(): Promise<FactStore> {
  cached ??= loadFactStore();
  return cached;
}
