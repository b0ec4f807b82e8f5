// Plain-text helpers every layer may use: length-safe truncation, neutralising text a user typed, and
// dates as the fact files write them. Nothing here knows about Discord or the terminal.

/** Cuts text to at most `max` characters, ending with "…", never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut).trimEnd()}…`;
}

const invisible =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/g;

/**
 * Makes text a user typed safe to echo: control, zero-width and direction-override characters go,
 * and it is shown as inline code, where Discord renders no markdown and no mention.
 */
export function quoteUserInput(input: string, max = 80): string {
  const cleaned = input.replace(invisible, '').replace(/\s+/g, ' ').replace(/`/g, "'").trim();
  const shown = truncate(cleaned, max);
  return shown === '' ? '(empty)' : `\`${shown}\``;
}

/** "13 Mar 2025", "Aug 2024" or "2024", from YYYY-MM-DD, YYYY-MM or YYYY. */
export function formatPartialDate(value: string): string {
  const [year, month, day] = value.split('-');
  const monthName = month ? monthNames[Number(month) - 1] : undefined;
  if (day && monthName) return `${Number(day)} ${monthName} ${year}`;
  if (monthName) return `${monthName} ${year}`;
  return year ?? value;
}

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
