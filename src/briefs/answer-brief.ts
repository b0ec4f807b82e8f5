import type { FactStore } from '../data/fact-store.js';
import { commandLine } from '../i18n/command-localizations.js';
import type { Locale } from '../i18n/locales.js';
import { wordsIn } from '../i18n/words.js';
import { quoteUserInput } from '../text.js';
import { type Answer, answerQuestion } from './answers/answer.js';
import { asOfLabel, attributedLine, SourceCitations } from './attribution.js';
import { type Brief, type BriefSection, lazySection, listSection } from './brief.js';

const introLimit = 600;

/** An answer brief keeps the answer it was built from, so tests and the evaluation can check its lead. */
export interface AnswerBrief extends Brief {
  answer: Answer;
}

/** The question as it can sit inside a suggested command: one line, no backticks. */
function commandText(question: string): string {
  return question.replace(/[`\s]+/g, (match) => (match.includes('`') ? "'" : ' ')).trim();
}

/** `/ask question:... page:2` (`/запитати питання:... сторінка:2`), the way to see the related statements. */
function relatedCommand(locale: Locale, question: string, page: number): string {
  return commandLine(locale, 'ask', [
    ['question', commandText(question)],
    ['page', page],
  ]);
}

/**
 * Free-text questions: the answer in a lead built only from stored statements, then the few
 * statements it rests on, attributed, and how to see the related ones. In the store's language.
 */
export function buildAnswerBrief(store: FactStore, question: string): AnswerBrief {
  const words = wordsIn(store.locale);
  const answer = answerQuestion(store, question);
  const { lead, supporting, related } = answer;
  if (lead.kind === 'nothing') {
    return {
      answer,
      locale: store.locale,
      title: words.t('answers.brief.noMatching'),
      intro: lead.clauses.map((clause) => clause.text).join(' '),
      sections: [],
      tone: 'notice',
    };
  }
  const citations = new SourceCitations(store);
  const sections: BriefSection[] = [];
  // Discord shows 600 characters of the opening: a longer lead goes whole into a line of its own.
  const leadFits = lead.text.length <= introLimit;
  if (!leadFits)
    sections.push(listSection(words.t('answers.brief.answer'), [{ text: lead.text, responses: [] }]));
  if (supporting.length > 0) {
    sections.push(
      lazySection(words.t('answers.brief.behind'), supporting, (fact) =>
        attributedLine(store, fact, citations),
      ),
    );
  }
  if (related.length > 0) {
    sections.push(
      listSection(words.t('answers.brief.more'), [
        {
          text: words.t('answers.brief.moreRelated', {
            count: related.length,
            command: quoteUserInput(relatedCommand(store.locale, question, 2), 400),
          }),
          responses: [],
        },
      ]),
    );
  }
  return {
    answer,
    locale: store.locale,
    title: words.t('answers.brief.title'),
    intro: leadFits ? lead.text : `**${lead.label}**`,
    sections,
    sources: () => citations.list(),
    asOf: asOfLabel(store, supporting),
    storeUpdated: store.lastAdded(),
    tone: 'info',
  };
}

/** Page 2 onwards of /ask: the statements related to the question beyond those behind the answer. */
export function buildRelatedBrief(store: FactStore, question: string): Brief {
  const words = wordsIn(store.locale);
  const { related, supporting } = answerQuestion(store, question);
  if (related.length === 0) {
    return {
      locale: store.locale,
      title: words.t('answers.brief.noMoreTitle'),
      intro: words.t('answers.brief.noMore', { question: quoteUserInput(question) }),
      sections: [],
      tone: 'notice',
    };
  }
  const citations = new SourceCitations(store);
  return {
    locale: store.locale,
    title: words.t('answers.brief.relatedTitle'),
    intro: words.t('answers.brief.relatedIntro', {
      question: quoteUserInput(question),
      shown: supporting.length,
    }),
    sections: [
      lazySection(words.t('answers.brief.related'), related, (fact) =>
        attributedLine(store, fact, citations),
      ),
    ],
    sources: () => citations.list(),
    asOf: asOfLabel(store, related),
    storeUpdated: store.lastAdded(),
    continuation: (nextPage) => relatedCommand(store.locale, question, nextPage + 1),
    tone: 'info',
  };
}
