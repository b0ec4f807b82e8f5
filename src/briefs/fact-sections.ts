import type { FactStore } from '../data/fact-store.js';
import type { Fact } from '../data/schema.js';
import { wordsIn } from '../i18n/words.js';
import { attributedLine, byImportance, type SourceCitations } from './attribution.js';
import { type BriefSection, lazySection } from './brief.js';

/** The sections facts are grouped into, by their nature; headings are `briefs.sections.<section>`. */
type SectionKey = 'claims' | 'assessments' | 'background';

const sectionByNature: Record<Fact['nature'], SectionKey> = {
  event: 'claims',
  statement: 'claims',
  assessment: 'assessments',
  forecast: 'assessments',
  background: 'background',
};
const sectionOrder: readonly SectionKey[] = ['claims', 'assessments', 'background'];

/** The facts of each section, in display order: a fact answering another in the set is not its own line. */
function groupForSections(
  facts: readonly Fact[],
  focusPlaceId?: string,
): [section: SectionKey, facts: Fact[]][] {
  const ids = new Set(facts.map((fact) => fact.id));
  const standalone = facts.filter((fact) => !fact.respondsTo.some((target) => ids.has(target)));
  const groups = new Map<SectionKey, Fact[]>();
  for (const fact of byImportance(standalone, focusPlaceId)) {
    const section = sectionByNature[fact.nature];
    const group = groups.get(section);
    if (group) group.push(fact);
    else groups.set(section, [fact]);
  }
  return sectionOrder.flatMap((section) => {
    const group = groups.get(section);
    return group ? [[section, group] as [SectionKey, Fact[]]] : [];
  });
}

/**
 * Groups facts into sections by their nature, most important first, headed in the store's language.
 * A fact that answers another fact in the same set is shown beneath it rather than on its own line,
 * so a claim and its denial travel together. With a `memoKey`, the grouping is computed once per store.
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
  const words = wordsIn(store.locale);
  return groups.map(([section, group]) =>
    lazySection(words.t(`briefs.sections.${section}`), group, (fact) =>
      attributedLine(store, fact, citations),
    ),
  );
}
