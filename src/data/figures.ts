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
