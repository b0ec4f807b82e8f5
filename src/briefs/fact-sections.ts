import type { FactStore } from '../data/fact-store.js';
import type { Fact } from '../data/schema.js';
import { attributedLine, byImportance, type SourceCitations } from './attribution.js';
import type { BriefSection } from './brief.js';

const sectionByNature: Record<Fact['nature'], string> = {
  event: 'Claims and reports',
  statement: 'Claims and reports',
  assessment: 'Assessments and forecasts',
  forecast: 'Assessments and forecasts',
  background: 'Background',
};
const sectionOrder = ['Claims and reports', 'Assessments and forecasts', 'Background'];

/**
 * Groups facts into sections by their nature, most important first. A fact that answers another fact
 * in the same set is shown beneath it rather than on its own line, so a claim and its denial travel
 * together.
 */
export function factSections(
  store: FactStore,
  facts: readonly Fact[],
  citations: SourceCitations,
  focusPlaceId?: string,
): BriefSection[] {
  const ids = new Set(facts.map((fact) => fact.id));
  const standalone = facts.filter((fact) => !fact.respondsTo.some((target) => ids.has(target)));
  const sections = new Map<string, BriefSection>();
  for (const fact of byImportance(standalone, focusPlaceId)) {
    const heading = sectionByNature[fact.nature];
    let section = sections.get(heading);
    if (!section) {
      section = { heading, lines: [] };
      sections.set(heading, section);
    }
    section.lines.push(attributedLine(store, fact, citations));
  }
  return sectionOrder.flatMap((heading) => {
    const section = sections.get(heading);
    return section ? [section] : [];
  });
}
