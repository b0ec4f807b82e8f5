import type { FactStore } from '../data/fact-store.js';
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

/** `/ask question:... page:2`, the way to see the related statements. */
function relatedCommand(question: string, page: number): string {
  return `/ask question:${commandText(question)} page:${page}`;
}

/**
 * Free-text questions: the answer in a lead built only from stored statements, then the few
 * statements it rests on, attributed, and how to see the related ones.
 */
export function buildAnswerBrief(store: FactStore, question: string): AnswerBrief {
  const answer = answerQuestion(store, question);
  const { lead, supporting, related } = answer;
  if (lead.kind === 'nothing') {
    return {
      answer,
      title: 'No matching statements',
      intro: lead.clauses.map((clause) => clause.text).join(' '),
      sections: [],
      tone: 'notice',
    };
  }
  const citations = new SourceCitations(store);
  const sections: BriefSection[] = [];
  // Discord shows 600 characters of the opening: a longer lead goes whole into a line of its own.
  const leadFits = lead.text.length <= introLimit;
  if (!leadFits) sections.push(listSection('Answer', [{ text: lead.text, responses: [] }]));
  if (supporting.length > 0) {
    sections.push(
      lazySection('The statements behind it', supporting, (fact) => attributedLine(store, fact, citations)),
    );
  }
  if (related.length > 0) {
    sections.push(
      listSection('More', [
        {
          text: `${related.length} more related statement${related.length === 1 ? '' : 's'}: ${quoteUserInput(relatedCommand(question, 2), 400)}`,
          responses: [],
        },
      ]),
    );
  }
  return {
    answer,
    title: 'What the sources say',
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
  const { related, supporting } = answerQuestion(store, question);
  if (related.length === 0) {
    return {
      title: 'No more related statements',
      intro: `The answer to ${quoteUserInput(question)} showed every related statement the store holds.`,
      sections: [],
      tone: 'notice',
    };
  }
  const citations = new SourceCitations(store);
  return {
    title: 'More related statements',
    intro: `Statements related to ${quoteUserInput(question)}, beyond the ${supporting.length} behind the answer, best match first.`,
    sections: [lazySection('Related', related, (fact) => attributedLine(store, fact, citations))],
    sources: () => citations.list(),
    asOf: asOfLabel(store, related),
    storeUpdated: store.lastAdded(),
    continuation: (nextPage) => relatedCommand(question, nextPage + 1),
    tone: 'info',
  };
}
