import { FactStore } from './fact-store.js';
import { loadFactData } from './load-facts.js';
import { bundledTranslationsDirectory, loadTranslations } from './translations.js';

/**
 * The bundled facts, merged with the operator's directory when one is configured, with the bundled
 * Ukrainian and Russian translations. The operator's own facts have none: they are shown in English
 * in every language, marked as such.
 */
export async function loadFactStore(factsDirectory?: string): Promise<FactStore> {
  const data = await loadFactData(factsDirectory ? [factsDirectory] : []);
  const translations = await loadTranslations(bundledTranslationsDirectory, data);
  return new FactStore(data, { translations });
}
