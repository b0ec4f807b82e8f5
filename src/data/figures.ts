import type { Words } from '../i18n/words.js';
import type { Figure } from './schema.js';

const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

/** 1000 -> "1,000": the form fact statements must use, so figures are checked against them. */
export function formatFigureNumber(value: number): string {
  return numberFormat.format(value);
}

/** "more than 300 residents", "1,000 km (621 mi)": qualifier and units always travel together. */
export function formatFigure(figure: Figure): string {
  const main = `${figure.qualifier ? `${figure.qualifier} ` : ''}${formatFigureNumber(figure.value)} ${figure.unit}`;
  return figure.alternate
    ? `${main} (${formatFigureNumber(figure.alternate.value)} ${figure.alternate.unit})`
    : main;
}

/** The fact files' units that Intl can write in every language ("1 000 км", "621 миля", "30 днів"). */
const intlUnits: Readonly<Record<string, readonly [unit: string, display: 'long' | 'short']>> = {
  km: ['kilometer', 'short'],
  mi: ['mile', 'long'],
  m: ['meter', 'short'],
  days: ['day', 'long'],
  weeks: ['week', 'long'],
  months: ['month', 'long'],
};

/** A value in a unit of the fact files ("km", "days"), written for the locale; undefined if Intl lacks it. */
export function formatQuantityIn(words: Words, value: number, unitId: string): string | undefined {
  const intl = intlUnits[unitId];
  return intl ? words.unit(value, intl[0], intl[1]) : undefined;
}

/**
 * A figure in the words of a locale: "понад 300 жителів", "1 000 км (621 миля)". `english` is the same
 * figure in the English store (its unit ids, "km", "mi"); `figure` carries the translated unit words,
 * used where Intl has no unit of its own ("жителів"). English is `formatFigure`, unchanged.
 */
export function formatFigureIn(words: Words, figure: Figure, english: Figure = figure): string {
  if (words.locale === 'en') return formatFigure(figure);
  const qualifier = figure.qualifier ? `${words.t(`common.figure.qualifier.${figure.qualifier}`)} ` : '';
  const main =
    formatQuantityIn(words, figure.value, english.unit) ?? `${words.number(figure.value)} ${figure.unit}`;
  const alternate = figure.alternate
    ? (formatQuantityIn(words, figure.alternate.value, english.alternate?.unit ?? figure.alternate.unit) ??
      `${words.number(figure.alternate.value)} ${figure.alternate.unit}`)
    : undefined;
  return `${qualifier}${main}${alternate ? ` (${alternate})` : ''}`;
}
