// Discord's own markup: timestamps each reader sees in their own zone and language.

export type TimestampStyle = 't' | 'T' | 'd' | 'D' | 'f' | 'F' | 'R';

/** `<t:1700000000:F>`: Discord shows it in each reader's own time zone and language. */
export function discordTimestamp(at: Date | number, style: TimestampStyle = 'F'): string {
  return `<t:${Math.floor(new Date(at).getTime() / 1000)}:${style}>`;
}
