import type { FactStore } from '../data/fact-store.js';
import { quoteUserInput } from '../text.js';
import { asOfLabel, attributedLine, SourceCitations } from './attribution.js';
import { type Brief, lazySection } from './brief.js';

const maxAnswerFacts = 8;

/** Free-text questions: the facts that best match, attributed, best first. */
export function buildAnswerBrief(store: FactStore, question: string): Brief {
  const hits = store.searchFacts(question, maxAnswerFacts);
  const citations = new SourceCitations(store);
  const facts = hits.map((hit) => hit.fact);
  if (facts.length === 0) {
    return {
      title: 'No matching statements',
      intro: `Nothing in the store matches ${quoteUserInput(question)}. Try other words, or browse with /topic, /status or /timeline.`,
      sections: [],
      tone: 'notice',
    };
  }
  return {
    title: 'What the sources say',
    intro: `Statements matching ${quoteUserInput(question)}, best match first. sitrep quotes who says what; it does not judge who is right.`,
    sections: [lazySection('Best matches', facts, (fact) => attributedLine(store, fact, citations))],
    sources: () => citations.list(),
    asOf: asOfLabel(store, facts),
    storeUpdated: store.lastAdded(),
    tone: 'info',
  };
}
