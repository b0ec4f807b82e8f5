import type { Locale } from '../i18n/locales.js';

// A brief is what every answer is before it meets a platform: sections of attributed lines with their
// sources. The Discord renderer and the terminal renderer both take a Brief.
//
// Lines are built on demand: a page builds only the lines it shows and those before it, so an answer
// over thousands of facts costs what one page costs. Sources are numbered as lines are built, which
// is why `sources()` is read after rendering the lines.

/** A moment in a brief's words: each renderer writes it for its medium (on Discord, a timestamp every reader sees in their own zone). */
export interface BriefMoment {
  at: Date;
}

/** Words, with moments among them where the time matters. Plain text needs no array. */
export type BriefText = string | readonly (string | BriefMoment)[];

/** Joins words and moments, keeping plain text a plain string. */
export function briefText(...parts: (string | BriefMoment | undefined)[]): BriefText {
  const kept = parts.filter((part) => part !== undefined);
  return kept.every((part) => typeof part === 'string') ? kept.join('') : kept;
}

/** Writes a brief's text for a medium that knows how to write a moment. */
export function writeBriefText(text: BriefText, writeMoment: (at: Date) => string): string {
  return typeof text === 'string'
    ? text
    : text.map((part) => (typeof part === 'string' ? part : writeMoment(part.at))).join('');
}

/** "[1] The Moscow Times, 13 Mar 2025: "..."", and the story's address when it has one. */
export interface BriefSource {
  text: string;
  url?: string;
}

export interface BriefLine {
  /** The fact behind the line, when there is one. */
  factId?: string;
  /** One attributed statement, light markdown (**bold**, _italic_). */
  text: string;
  /** Answers to it, each a whole attributed sentence: "Ukraine's military has not confirmed ...". */
  responses: string[];
}

export interface BriefSection {
  heading: BriefText;
  /** How many lines the section has. */
  size: number;
  /** Line `index` (0-based), built the first time it is asked for. Ask in order. */
  line(index: number): BriefLine;
}

export interface Brief {
  /** The language the brief is written in; its renderer writes its own words (footers, pages) in it too. */
  locale?: Locale;
  title: string;
  /** One or two sentences before the sections. */
  intro?: BriefText;
  sections: BriefSection[];
  /** The numbered source list for the lines built so far (lines cite them as [n]); absent: no citations. */
  sources?: () => BriefSource[];
  /** How current the information is: "c. 17 Mar 2025". */
  asOf?: string;
  /** When the store last gained facts. */
  storeUpdated?: string;
  /** How to see the lines that did not fit on this page, given the next page number. */
  continuation?: (nextPage: number) => string;
  /** "notice" for answers that report a problem with the question (unknown name, nothing found). */
  tone: 'info' | 'notice';
}

/** A section whose lines are made from `items` one at a time, as the renderer reaches them. */
export function lazySection<T>(
  heading: BriefText,
  items: readonly T[],
  toLine: (item: T) => BriefLine,
): BriefSection {
  const built: BriefLine[] = [];
  return {
    heading,
    size: items.length,
    line(index) {
      while (built.length <= index) built.push(toLine(items[built.length] as T));
      return built[index] as BriefLine;
    },
  };
}

/** A section of lines already made (short lists: help, a digest's summary). */
export function listSection(heading: string, lines: readonly BriefLine[]): BriefSection {
  return lazySection(heading, lines, (line) => line);
}
