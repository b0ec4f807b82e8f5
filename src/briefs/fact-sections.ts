import type { FactStore } from '../data/fact-store.js';
import type { Fact } from '../data/schema.js';
import { attributedLine, byImportance, type SourceCitations } from './attribution.js';
import { type BriefSection, lazySection } from './brief.js';

const sectionByNature: Record<Fact['nature'], string> = {
  event: 'Claims and reports',
  statement: 'Claims and reports',
  assessment: 'Assessments and forecasts',
  forecast: 'Assessments and forecasts',
  background: 'Background',
};
const sectionOrder = ['Claims and reports', 'Assessments and forecasts', 'Background'];

/** The facts of each section, in display order: a fact answering another in the set is not its own line. */
function groupForSections(facts: readonly Fact[], focusPlaceId?: string): [heading: string, facts: Fact[]][] {
  const ids = new Set(facts.map((fact) => fact.id));
  const standalone = facts.filter((fact) => !fact.respondsTo.some((target) => ids.has(target)));
  const groups = new Map<string, Fact[]>();
  for (const fact of byImportance(standalone, focusPlaceId)) {
    const heading = sectionByNature[fact.nature];
    const group = groups.get(heading);
    if (group) group.push(fact);
    else groups.set(heading, [fact]);
  }
  return sectionOrder.flatMap((heading) => {
    const group = groups.get(heading);
    return group ? [[heading, group] as [string, Fact[]]] : [];
  });
}

/**
 * Groups facts into sections by their nature, most important first. A fact that answers another fact
 * in the same set is shown beneath it rather than on its own line, so a claim and its denial travel
 * together. With a `memoKey`, the grouping is computed once per store.
 */
export function factSections(
  store: FactStore,
  facts: readonly Fact[],
  citations: SourceCitations,
  { focusPlaceId, memoKey }: { focusPlaceId?: string; memoKey?: string } = {},
): BriefSection[] {
  const groups = memoKey
    ? store.derive(`sections:${memoKey}`, () => groupForSections(facts, focusPlaceId))
    : groupForSections(facts, focusPlaceId);
  return groups.map(([heading, group]) =>
    lazySection(heading, group, (fact) => attributedLine(store, fact, citations)),
  );
}
