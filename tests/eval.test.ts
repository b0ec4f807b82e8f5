// The /ask evaluation (eval/questions.yaml): the figures may not fall below those recorded in
// eval/figures.json, nor below the targets; and every lead keeps the house's promises: a
// statement is quoted whole (or its figure, its speaker or what it does not give is named).
import { describe, expect, it } from 'vitest';
import { figuresTable, loadQuestions, misses, recordedFigures, scoreQuestions } from '../eval/score.js';
import { answerQuestion } from '../src/briefs/answers/answer.js';
import { leadKinds } from '../src/briefs/answers/lead.js';
import { bundledStore } from './support/bundled-store.js';

describe('the /ask evaluation set', () => {
  it('has at least 80 questions, a quarter of them hard, each naming facts the store holds', async () => {
    const questions = loadQuestions(await bundledStore());
    expect(questions.length).toBeGreaterThanOrEqual(80);
    expect(questions.filter((question) => question.hard).length).toBeGreaterThanOrEqual(questions.length / 4);
    const kinds = questions.flatMap((question) =>
      Array.isArray(question.kind) ? question.kind : [question.kind],
    );
    for (const kind of kinds) expect(leadKinds).toContain(kind);
  });

  it('scores at least the recorded figures and the targets', async () => {
    const store = await bundledStore();
    const { results, figures } = scoreQuestions(store, loadQuestions(store));
    const recorded = recordedFigures();
    const report = `${figuresTable(figures)}\n${misses(results).join('\n')}`;
    expect(figures.top1, report).toBeGreaterThanOrEqual(Math.min(recorded.top1, 1) - 1e-9);
    expect(figures.top3, report).toBeGreaterThanOrEqual(recorded.top3 - 1e-9);
    expect(figures.leadCorrect, report).toBeGreaterThanOrEqual(recorded.leadCorrect - 1e-9);
    expect(figures.meanShown, report).toBeLessThanOrEqual(recorded.meanShown + 1e-9);
    expect(figures.top1).toBeGreaterThanOrEqual(0.95);
    expect(figures.leadCorrect).toBeGreaterThanOrEqual(0.95);
    expect(figures.meanShown).toBeLessThanOrEqual(4);
  });

  it('gives every lead in full within the reply opening, each clause resting on facts or named store data', async () => {
    const store = await bundledStore();
    for (const question of loadQuestions(store)) {
      const { lead, supporting } = answerQuestion(store, question.ask);
      expect(lead.text.length, question.ask).toBeLessThanOrEqual(600);
      expect(supporting.length, question.ask).toBeLessThanOrEqual(4);
      for (const clause of lead.clauses) {
        expect(
          clause.factIds.length > 0 || clause.basis !== undefined,
          `${question.ask}: ${clause.text}`,
        ).toBe(true);
        for (const id of clause.factIds) expect(store.fact(id), id).toBeDefined();
      }
    }
  });

  it('quotes every statement a lead rests on whole, so no hedge or negation is dropped', async () => {
    const store = await bundledStore();
    for (const question of loadQuestions(store)) {
      const { lead } = answerQuestion(store, question.ask);
      // Clauses on store data (the sources behind a set of statements) list the statements, not quote them.
      for (const clause of lead.clauses.filter((each) => each.basis === undefined)) {
        for (const id of clause.factIds) {
          const fact = store.fact(id);
          if (!fact) continue;
          const quoted = clause.text.includes(fact.statement.replace(/[.!?]$/, ''));
          const figure = fact.figures.some((figure) => clause.text.includes(figure.measures));
          const named = clause.text.includes(store.actorOf(fact).name);
          const gaps = [
            ...(fact.notGiven ?? []),
            ...fact.topics.flatMap((topic) => (store.topic(topic)?.notGiven ?? []).map((gap) => gap.what)),
          ];
          const notGiven = gaps.some((what) => clause.text.includes(`gives no ${what}`));
          expect(quoted || figure || named || notGiven, `${question.ask}: ${id} in "${clause.text}"`).toBe(
            true,
          );
        }
      }
    }
  });
});
