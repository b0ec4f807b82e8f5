// Quantities in answers: converting between the vocabulary's units, comparing a stored figure with
// the number a question asks about, and saying how the two stand in words ("two-thirds of 1,500 km").
import { formatFigureNumber, formatQuantityIn } from '../../data/figures.js';
import type { Figure } from '../../data/schema.js';
import type { Unit } from '../../data/vocabulary.js';
import type { Words } from '../../i18n/words.js';
import type { Quantity } from './read-question.js';

export function convert(value: number, from: Unit, to: Unit): number {
  return (value * from.inBase) / to.inBase;
}

/** "1,000 miles", "1,500 km", "60 days"; "1 000 миль", "1 500 км", "60 днів". */
export function quantityText(value: number, unit: Unit, words: Words): string {
  if (words.locale !== 'en') {
    const written = formatQuantityIn(words, value, unit.id);
    if (written) return written;
    return `${words.number(value)} ${unit.symbol}`;
  }
  return `${formatFigureNumber(value)} ${unit.plural}`;
}

const fractions: readonly (readonly [number, string])[] = [
  [1 / 10, 'tenth'],
  [1 / 5, 'fifth'],
  [1 / 4, 'quarter'],
  [1 / 3, 'third'],
  [2 / 5, 'twoFifths'],
  [1 / 2, 'half'],
  [3 / 5, 'threeFifths'],
  [2 / 3, 'twoThirds'],
  [3 / 4, 'threeQuarters'],
  [4 / 5, 'fourFifths'],
];

/**
 * How `have` stands to `asked`, in words: "two-thirds of 1,500 km", "about three-fifths of 1,000
 * miles", "twice 500 km", "a little more than 600 miles". "about" whenever the words round.
 */
export function proportionText(have: number, asked: number, askedText: string, words: Words): string {
  const say = (key: string, values: Record<string, unknown> = {}) =>
    words.t(`answers.proportion.${key}`, { quantity: askedText, ...values });
  const ratio = have / asked;
  if (Math.abs(ratio - 1) <= 0.02) return say('same');
  if (ratio < 1) {
    if (ratio > 0.9) return say('littleLess');
    const [fraction, key] = fractions.reduce((best, entry) =>
      Math.abs(entry[0] - ratio) < Math.abs(best[0] - ratio) ? entry : best,
    );
    const off = Math.abs(fraction - ratio);
    const named = words.t(`answers.fraction.${key}`);
    if (off <= 0.005) return say('fraction', { fraction: named });
    if (off <= 0.03) return say('aboutFraction', { fraction: named });
    return say('percent', { percent: Math.round(ratio * 100) });
  }
  const whole = Math.round(ratio);
  if (whole >= 2 && Math.abs(ratio - whole) <= 0.005 * whole)
    return whole === 2 ? say('twice') : say('times', { count: whole });
  if (whole >= 2 && Math.abs(ratio - whole) <= 0.03 * whole)
    return whole === 2 ? say('aboutTwice') : say('aboutTimes', { count: whole });
  if (ratio < 1.15) return say('littleMore');
  const rounded = ratio.toFixed(1);
  return say('aboutRatio', { ratio: words.locale === 'en' ? rounded : words.number(Number(rounded)) });
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
