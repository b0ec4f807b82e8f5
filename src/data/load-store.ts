import { FactStore } from './fact-store.js';
import { loadFactData } from './load-facts.js';

/** The bundled facts, merged with the operator's directory when one is configured. */
export async function loadFactStore(factsDirectory?: string): Promise<FactStore> {
  return new FactStore(await loadFactData(factsDirectory ? [factsDirectory] : []));
}
