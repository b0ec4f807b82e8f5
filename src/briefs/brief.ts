// A brief is what every answer is before it meets a platform: sections of attributed lines with their
// sources. The Discord renderer and the terminal renderer both take a Brief.

export interface BriefLine {
  /** The fact behind the line, when there is one. */
  factId?: string;
  /** One attributed statement, light markdown (**bold**, _italic_). */
  text: string;
  /** Answers to it, each a whole attributed sentence: "Ukraine's military has not confirmed ...". */
  responses: string[];
}

export interface BriefSection {
  heading: string;
  lines: BriefLine[];
}

export interface Brief {
  title: string;
  /** One or two sentences before the sections. */
  intro?: string;
  sections: BriefSection[];
  /** Numbered source list; lines cite them as [n]. */
  sources: string[];
  /** How current the information is: "c. 17 Mar 2025". */
  asOf?: string;
  /** When the store last gained facts. */
  storeUpdated?: string;
  /** How to see the lines that did not fit on this page, given the next page number. */
  continuation?: (nextPage: number) => string;
  /** "notice" for answers that report a problem with the question (unknown name, nothing found). */
  tone: 'info' | 'notice';
}
