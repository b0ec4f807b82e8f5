// The legend panel beside the map, and the same legend as plain text (the playground prints it and the
// image's alt text carries it). Every entry names who says what; the caption says what markers are not.
import { formatPartialDate } from '../../text.js';
import { type Box, legendPanel } from './map-frame.js';
import type { LegendEntry, MapModel } from './map-model.js';
import {
  askedRingSvg,
  borderStroke,
  mapColours,
  outlinedStroke,
  regionStroke,
  riverStroke,
  symbolCharacter,
  symbolSvg,
  townDotSvg,
  uncertaintySvg,
} from './map-symbols.js';
import { type MapFonts, textSvg, wrapText } from './outline-text.js';

/** Said on every map, in the panel and in the alt text. */
export const mapCaption = 'Markers show where statements place events; they are not lines of control.';

/** What the drawing found out that the legend must explain. */
export interface LegendNotes {
  /** Some marker stands for places too close together to draw apart. */
  clustered: boolean;
  /** Reference towns were drawn. */
  towns: boolean;
}

const left = legendPanel.x + 18;
const textLeft = left + 30;
const textWidth = legendPanel.x + legendPanel.width - 16 - textLeft;
const entrySize = 12.5;
const lineHeight = 16;
const captionTop = 680;

type Swatch = (x: number, y: number) => string;

interface Row {
  swatch: Swatch;
  text: string;
}

const lineSwatch =
  (stroke: string): Swatch =>
  (x, y) =>
    `<path d="M${x - 11} ${y}L${x + 11} ${y}" ${stroke}/>`;

function entryRows(model: MapModel): Row[] {
  const hollow = model.markers.some((marker) => marker.estimated);
  return model.legend
    .map(
      (entry): Row => ({
        swatch: (x, y) => symbolSvg({ entry, hollow: false }, x, y, 7),
        text: entry.text,
      }),
    )
    .concat(
      hollow && model.legend[0]
        ? [
            {
              swatch: (x, y) =>
                `${uncertaintySvg(x, y, 11)}${symbolSvg({ entry: model.legend[0] as LegendEntry, hollow: true }, x, y, 6)}`,
              text: 'Hollow: an approximate position; the dashed circle shows how far off it may be',
            },
          ]
        : [],
    );
}

function mapRows(model: MapModel, notes: LegendNotes): Row[] {
  const rows: Row[] = [];
  const asked = model.markers.find((marker) => marker.asked);
  if (asked)
    rows.push({ swatch: (x, y) => askedRingSvg(x, y, 10), text: `${asked.name}, the place asked about` });
  for (const region of model.outlined) {
    const about = `${region.statements} statement${region.statements === 1 ? '' : 's'} about the region as a whole`;
    rows.push({
      swatch: lineSwatch(outlinedStroke),
      text: `Outlined: ${region.name}${region.asked ? ', the place asked about' : ''} (${about})`,
    });
  }
  if (notes.clustered) {
    rows.push({
      swatch: (x, y) => `<circle cx="${x}" cy="${y}" r="7" fill="${mapColours.text}"/>`,
      text: '"and N nearby": places too close to draw apart at this scale',
    });
  }
  if (notes.towns) rows.push({ swatch: townDotSvg, text: 'Town, for orientation' });
  rows.push(
    { swatch: lineSwatch(borderStroke), text: 'Russia–Ukraine state border' },
    { swatch: lineSwatch(`${regionStroke} fill="none"`), text: 'Region boundary' },
    { swatch: lineSwatch(riverStroke), text: 'River' },
  );
  if (model.notDrawn.length > 0) {
    rows.push({
      swatch: () => '',
      text: `Not drawn: ${model.notDrawn.join(', ')} (no point or outline in the map data)`,
    });
  }
  return rows;
}

/** Where the caption box starts: a locator inset may use the panel between the legend and it. */
export const legendCaptionTop = captionTop;

/**
 * The panel on the right as SVG pieces: title, what the statements say, the map's symbols, caption and
 * credits; `bottom` is where the legend ends, so a locator inset can go below it.
 */
export function legendPanelSvg(
  model: MapModel,
  fonts: MapFonts,
  notes: LegendNotes,
): { parts: string[]; bottom: number } {
  const parts: string[] = [
    `<rect x="${legendPanel.x}" y="0" width="${legendPanel.width}" height="${legendPanel.height}" fill="${mapColours.panel}"/>`,
    `<path d="M${legendPanel.x + 0.5} 0V${legendPanel.height}" stroke="${mapColours.panelRule}"/>`,
  ];
  let y = 38;
  const titleLines = wrapText(fonts.bold, model.title, 22, legendPanel.width - 36).slice(0, 2);
  for (const line of titleLines) {
    parts.push(textSvg(fonts, line, left, y, { size: 22, bold: true, colour: mapColours.text }));
    y += 28;
  }
  parts.push(
    textSvg(fonts, 'Where statements place events', left, y - 6, {
      size: 12.5,
      colour: mapColours.quietText,
    }),
  );
  y += 22;

  const section = (heading: string, rows: Row[], room: number): void => {
    parts.push(textSvg(fonts, heading, left, y, { size: 13, bold: true, colour: mapColours.text }));
    y += 20;
    let shown = 0;
    for (const row of rows) {
      const lines = wrapText(fonts.regular, row.text, entrySize, textWidth);
      if (y + lines.length * lineHeight > room) break;
      parts.push(row.swatch(left + 11, y - 4));
      for (const line of lines) {
        parts.push(textSvg(fonts, line, textLeft, y, { size: entrySize, colour: mapColours.text }));
        y += lineHeight;
      }
      y += 5;
      shown++;
    }
    if (shown < rows.length) {
      const more = `…and ${rows.length - shown} more in the text answer`;
      parts.push(textSvg(fonts, more, textLeft, y, { size: entrySize, colour: mapColours.quietText }));
      y += lineHeight + 5;
    }
    y += 8;
  };
  section('What the statements say', entryRows(model), captionTop - 150);
  section('On the map', mapRows(model, notes), captionTop - 12);
  const bottom = y;

  const caption: Box = { x: legendPanel.x + 12, y: captionTop, width: legendPanel.width - 24, height: 58 };
  parts.push(
    `<rect x="${caption.x}" y="${caption.y}" width="${caption.width}" height="${caption.height}" rx="4" fill="#fef3c7" stroke="#d97706"/>`,
  );
  let captionY = caption.y + 22;
  for (const line of wrapText(fonts.bold, mapCaption, 13.5, caption.width - 20)) {
    parts.push(
      textSvg(fonts, line, caption.x + 10, captionY, { size: 13.5, bold: true, colour: mapColours.text }),
    );
    captionY += 18;
  }
  const updated = model.factsUpdated ? ` Facts updated ${formatPartialDate(model.factsUpdated)}.` : '';
  parts.push(
    textSvg(fonts, 'sitrep quotes claims; it does not verify them.', left, 762, {
      size: 11.5,
      colour: mapColours.quietText,
    }),
    textSvg(fonts, `Drawn by sitrep.${updated}`, left, 780, { size: 11.5, colour: mapColours.quietText }),
  );
  return { parts, bottom };
}

/** The legend as text lines: each entry with its symbol and the places that carry it, then the caption. */
export function legendText(model: MapModel, notes: LegendNotes): string[] {
  const lines = model.legend.map((entry) => {
    const places = model.markers
      .filter((marker) => marker.entries.includes(entry))
      .map((marker) => `${marker.name}${marker.estimated ? ' (approximate position)' : ''}`);
    return `${symbolCharacter(entry.shape, false)} ${entry.text}${places.length > 0 ? `: ${places.join(', ')}` : ''}`;
  });
  for (const row of mapRows(model, notes)) {
    if (row.text.startsWith('Outlined') || row.text.startsWith('Not drawn')) lines.push(row.text);
  }
  lines.push(mapCaption);
  return lines;
}
