import type { FactStore } from '../data/fact-store.js';
import type { Topic } from '../data/schema.js';
import { commandLine } from '../i18n/command-localizations.js';
import { wordsIn } from '../i18n/words.js';
import { asOfLabel, notGivenSentence, SourceCitations } from './attribution.js';
import type { Brief } from './brief.js';
import { factSections } from './fact-sections.js';

/** Everything the store holds on one topic, in the store's language. */
export function buildTopicBrief(store: FactStore, topic: Topic): Brief {
  const facts = store.factsForTopic(topic.id);
  const citations = new SourceCitations(store);
  return {
    locale: store.locale,
    title: wordsIn(store.locale).t('briefs.topic.title', { topic: topic.name }),
    intro: [
      topic.description,
      ...(topic.notGiven ?? []).map((gap) => notGivenSentence(store, gap.sources, gap.what)),
    ].join(' '),
    sections: factSections(store, facts, citations, { memoKey: `topic:${topic.id}` }),
    sources: () => citations.list(),
    asOf: store.derive(`asOf:topic:${topic.id}`, () => asOfLabel(store, facts)),
    storeUpdated: store.lastAdded(),
    continuation: (nextPage) =>
      commandLine(store.locale, 'topic', [
        ['name', topic.name],
        ['page', nextPage],
      ]),
    tone: 'info',
  };
}
