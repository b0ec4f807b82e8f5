// The legend panel beside the map, and the same legend as plain text (the playground prints it and the
// image's alt text carries it). Every entry names who says what; the caption says what markers are not.
import type { Locale } from '../../i18n/locales.js';
import { type Words, wordsIn } from '../../i18n/words.js';
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

/** Said on every map, in the panel and in the alt text, in the map's language. */
export const mapCaptionIn = (locale: Locale): string => wordsIn(locale).t('map.caption');

/** The English caption. */
export const mapCaption = mapCaptionIn('en');

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
  /** Said in the text legend too (an outline, what is not drawn), not only in the panel. */
  inText?: boolean;
}

const lineSwatch =
  (stroke: string): Swatch =>
  (x, y) =>
    `<path d="M${x - 11} ${y}L${x + 11} ${y}" ${stroke}/>`;

function entryRows(model: MapModel, words: Words): Row[] {
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
              text: words.t('map.legend.hollow'),
            },
          ]
        : [],
    );
}

function mapRows(model: MapModel, notes: LegendNotes, words: Words): Row[] {
  const rows: Row[] = [];
  const asked = model.markers.find((marker) => marker.asked);
  if (asked)
    rows.push({
      swatch: (x, y) => askedRingSvg(x, y, 10),
      text: words.t('map.legend.asked', { place: asked.name }),
    });
  for (const region of model.outlined) {
    const about = words.t('map.legend.aboutRegion', { count: region.statements });
    rows.push({
      swatch: lineSwatch(outlinedStroke),
      text: words.t(region.asked ? 'map.legend.outlinedAsked' : 'map.legend.outlined', {
        region: region.name,
        about,
      }),
      inText: true,
    });
  }
  if (notes.clustered) {
    rows.push({
      swatch: (x, y) => `<circle cx="${x}" cy="${y}" r="7" fill="${mapColours.text}"/>`,
      text: words.t('map.legend.clustered'),
    });
  }
  if (notes.towns) rows.push({ swatch: townDotSvg, text: words.t('map.legend.town') });
  rows.push(
    { swatch: lineSwatch(borderStroke), text: words.t('map.legend.border') },
    { swatch: lineSwatch(`${regionStroke} fill="none"`), text: words.t('map.legend.regionBoundary') },
    { swatch: lineSwatch(riverStroke), text: words.t('map.legend.river') },
  );
  if (model.notDrawn.length > 0) {
    rows.push({
      swatch: () => '',
      text: words.t('map.legend.notDrawn', { places: model.notDrawn.join(', ') }),
      inText: true,
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
  const words = wordsIn(model.locale);
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
    textSvg(fonts, words.t('map.legend.subtitle'), left, y - 6, {
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
      const more = words.t('map.legend.more', { count: rows.length - shown });
      parts.push(textSvg(fonts, more, textLeft, y, { size: entrySize, colour: mapColours.quietText }));
      y += lineHeight + 5;
    }
    y += 8;
  };
  section(words.t('map.legend.statements'), entryRows(model, words), captionTop - 150);
  section(words.t('map.legend.onTheMap'), mapRows(model, notes, words), captionTop - 12);
  const bottom = y;

  const caption: Box = { x: legendPanel.x + 12, y: captionTop, width: legendPanel.width - 24, height: 58 };
  parts.push(
    `<rect x="${caption.x}" y="${caption.y}" width="${caption.width}" height="${caption.height}" rx="4" fill="#fef3c7" stroke="#d97706"/>`,
  );
  // Two lines fit the box: a longer caption (Russian is) is set a little smaller, never cut.
  const captionText = words.t('map.caption');
  const captionSize =
    [13.5, 12.5, 11.5].find(
      (size) => wrapText(fonts.bold, captionText, size, caption.width - 20).length <= 2,
    ) ?? 11.5;
  let captionY = caption.y + 22;
  for (const line of wrapText(fonts.bold, captionText, captionSize, caption.width - 20)) {
    parts.push(
      textSvg(fonts, line, caption.x + 10, captionY, {
        size: captionSize,
        bold: true,
        colour: mapColours.text,
      }),
    );
    captionY += 18;
  }
  const drawn = model.factsUpdated
    ? words.t('map.legend.drawnUpdated', { date: words.date(model.factsUpdated) })
    : words.t('map.legend.drawn');
  parts.push(
    textSvg(fonts, words.t('map.legend.disclaimer'), left, 762, {
      size: 11.5,
      colour: mapColours.quietText,
    }),
    textSvg(fonts, drawn, left, 780, { size: 11.5, colour: mapColours.quietText }),
  );
  return { parts, bottom };
}

/** The legend as text lines: each entry with its symbol and the places that carry it, then the caption. */
export function legendText(model: MapModel, notes: LegendNotes): string[] {
  const words = wordsIn(model.locale);
  const lines = model.legend.map((entry) => {
    const places = model.markers
      .filter((marker) => marker.entries.includes(entry))
      .map((marker) => `${marker.name}${marker.estimated ? words.t('map.legend.approximate') : ''}`);
    return `${symbolCharacter(entry.shape, false)} ${entry.text}${places.length > 0 ? `: ${places.join(', ')}` : ''}`;
  });
  for (const row of mapRows(model, notes, words)) {
    if (row.inText) lines.push(row.text);
  }
  lines.push(words.t('map.caption'));
  return lines;
}
