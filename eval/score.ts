// Scores /ask against the evaluation set (eval/questions.yaml): top-1 and top-3 (is a statement the
// answer must rest on shown first, or among the first three lines?), lead correctness (the right kind
// of lead, citing what it must), and how many statements an answer shows. Used by `npm run eval`, by
// tests/eval.test.ts (which fails below the recorded figures) and by `npm run bench`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { answerQuestion } from '../src/briefs/answers/answer.js';
import { type LeadKind, leadKinds } from '../src/briefs/answers/lead.js';
import { nestedUnder } from '../src/briefs/answers/threads.js';
import type { FactStore } from '../src/data/fact-store.js';
import { type Locale, supportedLocales } from '../src/i18n/locales.js';

const questionsFile = fileURLToPath(new URL('./questions.yaml', import.meta.url));
export const figuresFile = fileURLToPath(new URL('./figures.json', import.meta.url));

const kind = z.enum(leadKinds);
const questionSchema = z.strictObject({
  ask: z.string().min(1),
  /** The language the question is asked (and answered) in: English unless said. */
  locale: z.enum(supportedLocales).default('en'),
  kind: z.union([kind, z.array(kind).min(1)]),
  facts: z.array(z.string()),
  leadCites: z.array(z.string()).default([]),
  hard: z.string().optional(),
});
export type EvalQuestion = z.infer<typeof questionSchema>;

/** Reads and validates the set; every problem names the question and the reason. */
export function loadQuestions(store: FactStore, file = questionsFile): EvalQuestion[] {
  const raw = parse(readFileSync(file, 'utf8')) as { questions?: unknown[] };
  const problems: string[] = [];
  const questions: EvalQuestion[] = [];
  (raw.questions ?? []).forEach((entry, index) => {
    const parsed = questionSchema.safeParse(entry);
    if (!parsed.success) {
      problems.push(
        `questions[${index}]: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`,
      );
      return;
    }
    for (const id of [...parsed.data.facts, ...parsed.data.leadCites]) {
      if (!store.fact(id)) problems.push(`questions[${index}] (${parsed.data.ask}): no fact "${id}"`);
    }
    questions.push(parsed.data);
  });
  if (problems.length > 0) throw new Error(`${file} is invalid:\n  ${problems.join('\n  ')}`);
  return questions;
}

export interface QuestionResult {
  question: EvalQuestion;
  leadKind: LeadKind;
  leadText: string;
  leadFacts: string[];
  shown: string[];
  /** Undefined when the question has no statements to rest on. */
  top1?: boolean;
  top3?: boolean;
  leadCorrect: boolean;
  /** Statements shown, counting the answers nested under each line. */
  shownWithAnswers: number;
}

export interface EvalFigures {
  questions: number;
  hard: number;
  /** Share of the questions with statements to rest on whose first line is one of them. */
  top1: number;
  top3: number;
  leadCorrect: number;
  /** Mean statement lines under the lead. */
  meanShown: number;
  /** The same, counting the answers shown beneath each line. */
  meanShownWithAnswers: number;
}

/**
 * A lead is correct when its kind is one the question allows, it cites every statement it must, and,
 * when it cites statements at all, one of them is among those the answer must rest on. (A lead resting
 * only on store data, such as a place's position or the sources list, is judged by its kind.)
 */
function leadIsCorrect(question: EvalQuestion, kindFound: LeadKind, leadFacts: readonly string[]): boolean {
  const kinds: readonly LeadKind[] = Array.isArray(question.kind) ? question.kind : [question.kind];
  if (!kinds.includes(kindFound)) return false;
  if (!question.leadCites.every((id) => leadFacts.includes(id))) return false;
  if (question.facts.length === 0 || leadFacts.length === 0) return true;
  return leadFacts.some((id) => question.facts.includes(id));
}

/**
 * Scores the questions, each against the store in its own language (`store` may be in any). Mixed
 * languages make one set of figures; `scoreByLocale` gives each language its own.
 */
function scoreQuestions(
  anyStore: FactStore,
  questions: readonly EvalQuestion[],
): { results: QuestionResult[]; figures: EvalFigures } {
  const results = questions.map((question): QuestionResult => {
    const store = anyStore.in(question.locale);
    const answer = answerQuestion(store, question.ask);
    const shown = answer.supporting.map((fact) => fact.id);
    const withAnswers = new Set(answer.supporting.flatMap((fact) => [fact.id, ...nestedUnder(store, fact)]));
    const ranked = question.facts.length > 0;
    return {
      question,
      leadKind: answer.lead.kind,
      leadText: answer.lead.text,
      leadFacts: answer.lead.factIds,
      shown,
      top1: ranked ? question.facts.includes(shown[0] ?? '') : undefined,
      top3: ranked ? shown.slice(0, 3).some((id) => question.facts.includes(id)) : undefined,
      leadCorrect: leadIsCorrect(question, answer.lead.kind, answer.lead.factIds),
      shownWithAnswers: withAnswers.size,
    };
  });
  const ranked = results.filter((result) => result.top1 !== undefined);
  const share = (count: number, of: number) => (of === 0 ? 0 : count / of);
  const mean = (values: number[]) =>
    share(
      values.reduce((sum, value) => sum + value, 0),
      values.length,
    );
  return {
    results,
    figures: {
      questions: results.length,
      hard: results.filter((result) => result.question.hard).length,
      top1: share(ranked.filter((result) => result.top1).length, ranked.length),
      top3: share(ranked.filter((result) => result.top3).length, ranked.length),
      leadCorrect: share(results.filter((result) => result.leadCorrect).length, results.length),
      meanShown: mean(results.map((result) => result.shown.length)),
      meanShownWithAnswers: mean(results.map((result) => result.shownWithAnswers)),
    },
  };
}

/** The questions of one language, scored: what each language's floor is recorded on. */
export function scoreByLocale(
  store: FactStore,
  questions: readonly EvalQuestion[],
): Record<Locale, { results: QuestionResult[]; figures: EvalFigures }> {
  return Object.fromEntries(
    supportedLocales.map((locale) => [
      locale,
      scoreQuestions(
        store,
        questions.filter((question) => question.locale === locale),
      ),
    ]),
  ) as Record<Locale, { results: QuestionResult[]; figures: EvalFigures }>;
}

/**
 * What `npm run eval -- --record` writes: the English figures as they always were, and each other
 * language's under `languages`.
 */
export interface RecordedFigures extends EvalFigures {
  languages: Partial<Record<Exclude<Locale, 'en'>, EvalFigures>>;
}

/** The figures last recorded with `npm run eval -- --record`: the floor the test holds them to. */
export function recordedFigures(): RecordedFigures {
  const recorded = JSON.parse(readFileSync(figuresFile, 'utf8')) as Partial<RecordedFigures> & EvalFigures;
  return { ...recorded, languages: recorded.languages ?? {} };
}

/** The recorded figures of one language. */
export function recordedFiguresIn(locale: Locale): EvalFigures | undefined {
  const recorded = recordedFigures();
  if (locale === 'en') return recorded;
  return recorded.languages[locale];
}

/** The figures to record: English at the top, as before, the others by language. */
export function figuresToRecord(byLocale: Record<Locale, { figures: EvalFigures }>): RecordedFigures {
  return {
    ...byLocale.en.figures,
    languages: { uk: byLocale.uk.figures, ru: byLocale.ru.figures },
  };
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/** The figures as a Markdown table, for the terminal and docs/BENCHMARKS.md. */
export function figuresTable(figures: EvalFigures): string {
  return [
    '| measure | result | target |',
    '| --- | --- | --- |',
    `| questions (hard) | ${figures.questions} (${figures.hard}) | at least 80 (a quarter hard) |`,
    `| top-1: first statement shown is one the answer rests on | ${percent(figures.top1)} | at least 95% |`,
    `| top-3: one of them among the first three | ${percent(figures.top3)} | (reported) |`,
    `| lead correct: right kind, citing what it must | ${percent(figures.leadCorrect)} | at least 95% |`,
    `| mean statements shown (with the answers under them) | ${figures.meanShown.toFixed(2)} (${figures.meanShownWithAnswers.toFixed(2)}) | at most 4 |`,
  ].join('\n');
}

/** The questions an answer got wrong, one line each, for `npm run eval`. */
export function misses(results: readonly QuestionResult[]): string[] {
  return results
    .filter((result) => result.top1 === false || !result.leadCorrect)
    .map((result) => {
      const wanted = Array.isArray(result.question.kind)
        ? result.question.kind.join('|')
        : result.question.kind;
      const lead = result.leadCorrect
        ? 'lead ok'
        : `lead ${result.leadKind} (wanted ${wanted}; cites ${result.leadFacts.join(', ') || 'none'})`;
      const top =
        result.top1 === false
          ? `first shown ${result.shown[0] ?? 'none'} (wanted ${result.question.facts.join('|')})`
          : 'top-1 ok';
      return `${result.question.ask}\n    ${top}; ${lead}`;
    });
}

/** A summary figure in the shape bench/run.ts reports them. */
interface BenchFigure {
  name: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  met: boolean | undefined;
}

/** The evaluation as a section of docs/BENCHMARKS.md and its summary figures (`npm run bench`). */
export function evaluationSection(store: FactStore): { figures: BenchFigure[]; section: string } {
  const byLocale = scoreByLocale(store, loadQuestions(store));
  const { figures } = byLocale.en;
  const recorded = recordedFigures();
  const languages = (['uk', 'ru'] as const)
    .map(
      (locale) =>
        `\n${locale === 'uk' ? 'Ukrainian' : 'Russian'} (${byLocale[locale].figures.questions} questions, answered from the store in that language):\n\n${figuresTable(byLocale[locale].figures)}\n`,
    )
    .join('');
  const three = (of: EvalFigures) => `${percent(of.top1)} / ${percent(of.top3)} / ${percent(of.leadCorrect)}`;
  return {
    figures: [
      {
        name: '/ask evaluation: top-1 / top-3 / lead correct',
        value: three(figures),
        baseline: `recorded ${three(recorded)}`,
        ratio: '',
        target: '>= 95% / (reported) / >= 95%',
        met: figures.top1 >= 0.95 && figures.leadCorrect >= 0.95,
      },
      {
        name: '/ask evaluation: mean statements shown',
        value: figures.meanShown.toFixed(2),
        baseline: `${figures.meanShownWithAnswers.toFixed(2)} with the answers under them`,
        ratio: '',
        target: '<= 4',
        met: figures.meanShown <= 4,
      },
    ],
    section: `## 1b. Answer quality: the /ask evaluation set

\`npm run eval\` over \`eval/questions.yaml\`: ${figures.questions} questions as people ask them (${figures.hard} marked hard:
figures not given, units, negations, who said what, city versus region, dates from other reporting), each
with the statements its answer must rest on and the kind of lead it should open with. Top-1 and top-3 count
the questions that have statements to rest on; a lead is correct when its kind is right and it cites what it
must. \`tests/eval.test.ts\` fails below the figures recorded in \`eval/figures.json\`. The engine was tuned
on the first ${figures.questions - 16} questions; the last 16 were written afterwards (15 of 16 leads right when first run).

${figuresTable(figures)}
${languages}`,
  };
}
