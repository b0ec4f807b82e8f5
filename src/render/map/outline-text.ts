// Map text as glyph outlines (SVG paths) from the bundled Noto Sans (OFL, Latin and Cyrillic), so the
// rasteriser needs no fonts at all: the picture is the same on every machine, and a label costs a
// path instead of resvg's text layout (about 40 µs a character, most of a map's drawing time).
// Widths come from the same outlines, so the label layout measures exactly what is drawn.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import opentype, { type Font } from 'opentype.js';

const require = createRequire(import.meta.url);

/** The two faces the map uses, from the @expo-google-fonts/noto-sans package (TTF files). */
const mapFontFiles = {
  regular: require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'),
} as const;

interface GlyphOutline {
  /** Advance width, in em. */
  advance: number;
  /** One letter per drawing command: M, L, Q, C or Z. */
  commands: string;
  /** The commands' points in em, y pointing down, in order. */
  points: number[];
}

const pointCounts: Record<string, number> = { M: 1, L: 1, Q: 2, C: 3, Z: 0 };

/** A glyph at one size as relative path data, so a label costs two numbers per glyph, not sixty. */
interface SizedGlyph {
  /** Its first point from the glyph's origin, in tenths of a pixel (absent for a space). */
  startX: number;
  startY: number;
  /** Path data after the first moveto, relative (m, l, q, c, z) in pixels. */
  rest: string;
  /** Where the current point is after it, from the origin, in tenths of a pixel. */
  endX: number;
  endY: number;
  drawn: boolean;
}

/** Positions are kept in whole tenths of a pixel: finer than antialiasing shows, and exact to add up. */
const tenths = (value: number) => Math.round(value * 10);

/** A line of text at one size as path data, all but its first moveto relative: drawn anywhere as is. */
interface OutlinedLine {
  /** Its first point from the line's origin, in tenths of a pixel. */
  startX: number;
  startY: number;
  /** The rest of its path data. */
  rest: string;
}

/**
 * Lines kept outlined per font (a few kilobytes each): every map repeats its legend, caption, towns and
 * rivers, a few hundred lines in all; past this the set starts again.
 */
const outlinedLinesKept = 600;

export class OutlineFont {
  private readonly glyphs = new Map<string, GlyphOutline>();
  private readonly sized = new Map<string, SizedGlyph>();
  private readonly lines = new Map<string, OutlinedLine>();

  constructor(private readonly font: Font) {}

  /** Height above the baseline, in pixels at `size`. */
  ascent(size: number): number {
    return (this.font.ascender / this.font.unitsPerEm) * size;
  }

  /** Depth below the baseline, in pixels at `size`. */
  descent(size: number): number {
    return (-this.font.descender / this.font.unitsPerEm) * size;
  }

  /** Advance width of `text` in pixels at `size` (no kerning, as drawn). */
  width(text: string, size: number): number {
    let advance = 0;
    for (const character of text) advance += this.glyph(character).advance;
    return advance * size;
  }

  /** SVG path data for `text` with its baseline starting at (x, y), to the nearest tenth of a pixel. */
  path(text: string, x: number, y: number, size: number): string {
    const line = this.outlinedLine(text, size);
    if (line.rest === '') return '';
    return `M${(tenths(x) + line.startX) / 10} ${(tenths(y) + line.startY) / 10}${line.rest}`;
  }

  /**
   * A line's outline from its origin, built once: after the first moveto every step is relative, so a
   * label costs one short string wherever it is drawn, and the map's SVG is joined from flat strings
   * rather than from thousands of per-glyph pieces.
   */
  private outlinedLine(text: string, size: number): OutlinedLine {
    const key = `${size}|${text}`;
    const known = this.lines.get(key);
    if (known) return known;
    const pieces: string[] = [];
    let pen = 0;
    // The current point, in tenths of a pixel from the line's origin; every position is whole tenths,
    // so the relative steps add up exactly.
    let currentX = 0;
    let currentY = 0;
    let start: { x: number; y: number } | undefined;
    for (const character of text) {
      const sized = this.sizedGlyph(character, size);
      if (sized.drawn) {
        const originX = tenths(pen);
        const startX = originX + sized.startX;
        if (start) pieces.push(`m${(startX - currentX) / 10} ${(sized.startY - currentY) / 10}`);
        else start = { x: startX, y: sized.startY };
        pieces.push(sized.rest);
        currentX = originX + sized.endX;
        currentY = sized.endY;
      }
      pen += this.glyph(character).advance * size;
    }
    const line = { startX: start?.x ?? 0, startY: start?.y ?? 0, rest: pieces.join('') };
    if (this.lines.size >= outlinedLinesKept) this.lines.clear();
    this.lines.set(key, line);
    return line;
  }

  private sizedGlyph(character: string, size: number): SizedGlyph {
    const key = `${size}:${character}`;
    let sized = this.sized.get(key);
    if (sized) return sized;
    const { commands, points } = this.glyph(character);
    let rest = '';
    let point = 0;
    let startX = 0;
    let startY = 0;
    let currentX = 0;
    let currentY = 0;
    let subpathX = 0;
    let subpathY = 0;
    for (let index = 0; index < commands.length; index++) {
      const command = commands[index] as string;
      if (command === 'Z') {
        rest += 'z';
        currentX = subpathX;
        currentY = subpathY;
        continue;
      }
      const count = pointCounts[command] ?? 0;
      const segment: number[] = [];
      for (let step = 0; step < count; step++) {
        segment.push(tenths((points[point++] ?? 0) * size), tenths((points[point++] ?? 0) * size));
      }
      const endX = segment[segment.length - 2] ?? currentX;
      const endY = segment[segment.length - 1] ?? currentY;
      if (index === 0) {
        startX = endX;
        startY = endY;
      } else {
        rest += command.toLowerCase();
        rest += segment.map((value, at) => (value - (at % 2 === 0 ? currentX : currentY)) / 10).join(' ');
      }
      if (command === 'M') {
        subpathX = endX;
        subpathY = endY;
      }
      currentX = endX;
      currentY = endY;
    }
    sized = { startX, startY, rest, endX: currentX, endY: currentY, drawn: commands.length > 0 };
    this.sized.set(key, sized);
    return sized;
  }

  private glyph(character: string): GlyphOutline {
    let outline = this.glyphs.get(character);
    if (!outline) {
      const em = this.font.unitsPerEm;
      const glyph = this.font.charToGlyph(character);
      let commands = '';
      const points: number[] = [];
      for (const command of glyph.getPath(0, 0, 1).commands) {
        commands += command.type;
        if (command.type === 'Q') points.push(command.x1 ?? 0, command.y1 ?? 0);
        if (command.type === 'C')
          points.push(command.x1 ?? 0, command.y1 ?? 0, command.x2 ?? 0, command.y2 ?? 0);
        if (command.type !== 'Z') points.push(command.x ?? 0, command.y ?? 0);
      }
      outline = { advance: (glyph.advanceWidth ?? 0) / em, commands, points };
      this.glyphs.set(character, outline);
    }
    return outline;
  }
}

export interface MapFonts {
  regular: OutlineFont;
  bold: OutlineFont;
}

let loaded: MapFonts | undefined;

function readFont(file: string): OutlineFont {
  const bytes = readFileSync(file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  // lowMemory: glyphs are parsed as they are first drawn, so loading takes milliseconds, not half a second.
  return new OutlineFont(opentype.parse(buffer, { lowMemory: true }));
}

/** The map's fonts, read on first use and kept (two 630 KB files; glyphs parsed as they are needed). */
export function loadMapFonts(): MapFonts {
  loaded ??= { regular: readFont(mapFontFiles.regular), bold: readFont(mapFontFiles.bold) };
  return loaded;
}

/** Text safe inside an XML attribute or element. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export interface TextStyle {
  size: number;
  bold?: boolean;
  colour: string;
  /** A white outline under the letters, so they read over map lines. */
  halo?: boolean;
}

/**
 * One line of text as an SVG path, its words kept in `aria-label` so the SVG still says what it
 * shows (tests read the legend there, before rasterising).
 */
export function textSvg(fonts: MapFonts, text: string, x: number, y: number, style: TextStyle): string {
  const font = style.bold ? fonts.bold : fonts.regular;
  const halo = style.halo
    ? ' stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"'
    : '';
  return `<path aria-label="${escapeXml(text)}" fill="${style.colour}"${halo} d="${font.path(text, x, y, style.size)}"/>`;
}

/** Breaks text into lines no wider than `width` pixels, at spaces; a single long word is left whole. */
export function wrapText(font: OutlineFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && font.width(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}
