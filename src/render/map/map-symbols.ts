// The drawn symbols: marker shapes, the asked place's ring, an estimate's hollow marker with its
// dashed circle of uncertainty, and the small swatches the legend repeats them with. SVG fragments.
import type { LegendEntry, MarkerShape } from './map-model.js';

export const markerRadius = 8;
export const badgeRadius = 4.5;
export const askedRingRadius = 14;

export const mapColours = {
  outsideData: '#e5e7eb',
  land: '#f5f2ea',
  regionLine: '#a8a29e',
  border: '#374151',
  river: '#6b9fd1',
  riverText: '#2f6299',
  town: '#374151',
  text: '#1f2937',
  quietText: '#6b7280',
  outlined: '#111827',
  panel: '#ffffff',
  panelRule: '#d1d5db',
} as const;

const round = (value: number) => Math.round(value * 10) / 10;

/** The outline of a shape centred on (x, y) with "radius" r, as an SVG element without paint. */
function shapeElement(shape: MarkerShape, x: number, y: number, r: number): string {
  switch (shape) {
    case 'circle':
      return `<circle cx="${round(x)}" cy="${round(y)}" r="${round(r)}"`;
    case 'square': {
      const half = r * 0.86;
      return `<rect x="${round(x - half)}" y="${round(y - half)}" width="${round(half * 2)}" height="${round(half * 2)}"`;
    }
    case 'diamond': {
      const d = r * 1.2;
      return `<path d="M${round(x)} ${round(y - d)}L${round(x + d)} ${round(y)}L${round(x)} ${round(y + d)}L${round(x - d)} ${round(y)}Z"`;
    }
    case 'triangle': {
      const d = r * 1.15;
      return `<path d="M${round(x)} ${round(y - d)}L${round(x + d)} ${round(y + d * 0.75)}L${round(x - d)} ${round(y + d * 0.75)}Z"`;
    }
  }
}

export interface SymbolStyle {
  entry: LegendEntry;
  /** An estimated position: hollow, in the entry's colour. */
  hollow: boolean;
}

/** One marker or legend swatch: filled with the entry's colour, or hollow for an estimated position. */
export function symbolSvg({ entry, hollow }: SymbolStyle, x: number, y: number, r: number): string {
  const stroke = hollow ? entry.colour : '#ffffff';
  const fill = hollow ? '#ffffff' : entry.colour;
  const width = hollow ? Math.max(2, r / 3.2) : 1.5;
  return `${shapeElement(entry.shape, x, y, r)} fill="${fill}" stroke="${stroke}" stroke-width="${round(width)}"/>`;
}

/** The ring that picks out the place asked about. */
export function askedRingSvg(x: number, y: number, r = askedRingRadius): string {
  return `<circle cx="${round(x)}" cy="${round(y)}" r="${round(r)}" fill="none" stroke="${mapColours.outlined}" stroke-width="2.5"/>`;
}

/** How far off an estimated point may be, as a dashed circle (radius in pixels). */
export function uncertaintySvg(x: number, y: number, radius: number): string {
  return `<circle cx="${round(x)}" cy="${round(y)}" r="${round(radius)}" fill="none" stroke="${mapColours.quietText}" stroke-width="1" stroke-dasharray="4 3"/>`;
}

/** A reference town: a small dark dot. */
export function townDotSvg(x: number, y: number): string {
  return `<circle cx="${round(x)}" cy="${round(y)}" r="3" fill="${mapColours.town}" stroke="#ffffff" stroke-width="1"/>`;
}

export const borderStroke = `stroke="${mapColours.border}" stroke-width="2.4" stroke-dasharray="12 3 2 3" fill="none"`;
export const regionStroke = `stroke="${mapColours.regionLine}" stroke-width="1"`;
export const riverStroke = `stroke="${mapColours.river}" stroke-width="1.6" fill="none" stroke-linejoin="round"`;
export const outlinedStroke = `stroke="${mapColours.outlined}" stroke-width="3" fill="none" stroke-linejoin="round"`;

/** A character for each shape, filled or hollow, for the legend as text. */
export function symbolCharacter(shape: MarkerShape, hollow: boolean): string {
  const filled: Record<MarkerShape, string> = { diamond: '◆', square: '■', triangle: '▲', circle: '●' };
  const open: Record<MarkerShape, string> = { diamond: '◇', square: '□', triangle: '△', circle: '○' };
  return (hollow ? open : filled)[shape];
}
