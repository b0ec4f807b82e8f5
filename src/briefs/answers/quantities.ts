// Quantities in answers: converting between the vocabulary's units, comparing a stored figure with
// the number a question asks about, and saying how the two stand in words ("two-thirds of 1,500 km").
import { formatFigureNumber } from '../../data/figures.js';
import type { Figure } from '../../data/schema.js';
import type { Unit } from '../../data/vocabulary.js';
import type { Quantity } from './read-question.js';

export function convert(value: number, from: Unit, to: Unit): number {
  return (value * from.inBase) / to.inBase;
}

/** "1,000 miles", "1,500 km", "60 days". */
export function quantityText(value: number, unit: Unit): string {
  return `${formatFigureNumber(value)} ${unit.plural}`;
}

const fractions: readonly (readonly [number, string])[] = [
  [1 / 10, 'a tenth of'],
  [1 / 5, 'a fifth of'],
  [1 / 4, 'a quarter of'],
  [1 / 3, 'a third of'],
  [2 / 5, 'two-fifths of'],
  [1 / 2, 'half of'],
  [3 / 5, 'three-fifths of'],
  [2 / 3, 'two-thirds of'],
  [3 / 4, 'three-quarters of'],
  [4 / 5, 'four-fifths of'],
];

/**
 * How `have` stands to `asked`, in words: "two-thirds of 1,500 km", "about three-fifths of 1,000
 * miles", "twice 500 km", "a little more than 600 miles". "about" whenever the words round.
 */
export function proportionText(have: number, asked: number, askedText: string): string {
  const ratio = have / asked;
  if (Math.abs(ratio - 1) <= 0.02) return `about the same as ${askedText}`;
  if (ratio < 1) {
    if (ratio > 0.9) return `a little less than ${askedText}`;
    const [fraction, words] = fractions.reduce((best, entry) =>
      Math.abs(entry[0] - ratio) < Math.abs(best[0] - ratio) ? entry : best,
    );
    const off = Math.abs(fraction - ratio);
    if (off <= 0.005) return `${words} ${askedText}`;
    if (off <= 0.03) return `about ${words} ${askedText}`;
    return `about ${Math.round(ratio * 100)}% of ${askedText}`;
  }
  const whole = Math.round(ratio);
  if (whole >= 2 && Math.abs(ratio - whole) <= 0.005 * whole)
    return `${whole === 2 ? 'twice' : `${whole} times`} ${askedText}`;
  if (whole >= 2 && Math.abs(ratio - whole) <= 0.03 * whole)
    return `about ${whole === 2 ? 'twice' : `${whole} times`} ${askedText}`;
  if (ratio < 1.15) return `a little more than ${askedText}`;
  return `about ${ratio.toFixed(1)} times ${askedText}`;
}

export type Comparison = 'yes' | 'no' | 'unclear';

/**
 * Whether a stored figure answers yes or no to the question's number, its qualifier kept in mind: a
 * figure of "more than 300" cannot say whether 500 were reached.
 */
export function compareWithQuestion(
  have: number,
  qualifier: Figure['qualifier'],
  asked: Quantity,
): Comparison {
  const lowerBound = qualifier === 'more than' || qualifier === 'at least';
  const upperBound = qualifier === 'up to';
  const target = asked.value;
  switch (asked.comparison) {
    case 'at-least':
      if (have >= target * 0.98) return 'yes';
      return lowerBound ? 'unclear' : 'no';
    case 'at-most':
      if (have <= target * 1.02) return lowerBound ? (have <= target ? 'unclear' : 'no') : 'yes';
      return upperBound ? 'unclear' : 'no';
    default:
      if (Math.abs(have - target) <= target * 0.05) return lowerBound || upperBound ? 'unclear' : 'yes';
      if (lowerBound && have < target) return 'unclear';
      if (upperBound && have > target) return 'unclear';
      return 'no';
  }
}
