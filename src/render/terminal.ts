// A posted message or interaction reply -> readable terminal text, for the playground: its embeds,
// then its buttons as `[◀ Previous] [Next ▶]` and its menus' options numbered for `pick 2`. Its own
// words ("only you can see this", "in 11 hours") are in the reader's language (`TerminalContext.locale`).
import type { Locale } from '../i18n/locales.js';
import { wordsIn } from '../i18n/words.js';

interface MessageLike {
  content?: string;
  embeds?: unknown[];
  flags?: number;
  /** Action rows of buttons and menus, as Discord sends them. */
  components?: unknown[];
}

export interface TerminalButton {
  label: string;
  customId: string;
  disabled: boolean;
}

export interface TerminalMenu {
  customId: string;
  placeholder: string;
  options: { label: string; value: string; description?: string }[];
}

/**
 * The buttons and string menus of a message, in order; anything else (links, other menus) is left out.
 * A menu with no placeholder is shown with "Pick one" in `locale`.
 */
export function readComponents(
  message: MessageLike,
  locale: Locale = 'en',
): { buttons: TerminalButton[]; menus: TerminalMenu[] } {
  const buttons: TerminalButton[] = [];
  const menus: TerminalMenu[] = [];
  for (const row of message.components ?? []) {
    for (const raw of (row as { components?: unknown[] }).components ?? []) {
      const component = raw as {
        type?: number;
        label?: string;
        custom_id?: string;
        disabled?: boolean;
        placeholder?: string;
        options?: { label: string; value: string; description?: string }[];
      };
      if (typeof component.custom_id !== 'string') continue;
      if (component.type === 2) {
        buttons.push({
          label: component.label ?? '',
          customId: component.custom_id,
          disabled: component.disabled === true,
        });
      } else if (component.type === 3) {
        menus.push({
          customId: component.custom_id,
          placeholder: component.placeholder ?? wordsIn(locale).t('playground.terminal.pickOne'),
          options: component.options ?? [],
        });
      }
    }
  }
  return { buttons, menus };
}

/** Buttons on one line (a disabled one dimmed), then each menu with its options numbered. */
function componentLines(message: MessageLike, style: TerminalStyle, locale: Locale): string[] {
  const { buttons, menus } = readComponents(message, locale);
  const lines: string[] = [];
  for (const menu of menus) {
    lines.push(`▾ ${menu.placeholder}`);
    menu.options.forEach((option, index) => {
      const description = option.description ? style.dim(` · ${option.description}`) : '';
      lines.push(`  ${index + 1}. ${option.label}${description}`);
    });
  }
  if (buttons.length > 0) {
    lines.push(
      buttons
        .map((button) => (button.disabled ? style.dim(`[${button.label}]`) : `[${button.label}]`))
        .join(' '),
    );
  }
  return lines;
}

interface EmbedLike {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
}

export interface TerminalStyle {
  bold(text: string): string;
  dim(text: string): string;
  italic(text: string): string;
}

export const ansiStyle: TerminalStyle = {
  bold: (text) => `\u001b[1m${text}\u001b[22m`,
  dim: (text) => `\u001b[2m${text}\u001b[22m`,
  italic: (text) => `\u001b[3m${text}\u001b[23m`,
};

export const plainStyle: TerminalStyle = {
  bold: (text) => text,
  dim: (text) => text,
  italic: (text) => text,
};

/** Names for `<#id>` channel and `<@&id>` role mentions, when the caller knows them. */
export type MentionNames = (id: string) => string | undefined;

export interface TerminalContext {
  names?: MentionNames;
  /** What relative timestamps (`<t:…:R>`) are relative to. */
  now?: () => Date;
  /** The reader's language, for the terminal's own words; a Brief's locale when it renders one. English if absent. */
  locale?: Locale;
}

function markdown(
  text: string,
  style: TerminalStyle,
  { names = () => undefined, now = () => new Date(), locale = 'en' }: TerminalContext,
): string {
  return text
    .replace(/\*\*(.+?)\*\*/g, (_, inner: string) => style.bold(inner))
    .replace(
      /(^|[\s(])_(.+?)_(?=$|[\s).,;:])/gm,
      (_, lead: string, inner: string) => `${lead}${style.italic(inner)}`,
    )
    .replace(/`([^`]+)`/g, (_, inner: string) => inner)
    .replace(/<t:(-?\d+):R>/g, (_, seconds: string) =>
      relativeTime(Number(seconds) * 1000 - now().getTime(), locale),
    )
    .replace(/<t:(-?\d+)(?::[tTdDfF])?>/g, (_, seconds: string) => terminalTime(Number(seconds), locale))
    .replace(/<#(\d+)>/g, (_, id: string) => `#${names(id) ?? id}`)
    .replace(/<@&(\d+)>/g, (_, id: string) => `@${names(id) ?? id}`);
}

const relativeFormats = new Map<Locale, Intl.RelativeTimeFormat>();

/** "in 11 hours", "3 minutes ago" ("через 11 годин", "3 хвилини тому"), as Discord words relative timestamps. */
export function relativeTime(deltaMs: number, locale: Locale = 'en'): string {
  const units: [number, Intl.RelativeTimeFormatUnit][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
  ];
  const [size, unit] = units.find(([candidate]) => Math.abs(deltaMs) >= candidate) ?? [1000, 'second'];
  const count = Math.round(Math.abs(deltaMs) / size);
  let format = relativeFormats.get(locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
    relativeFormats.set(locale, format);
  }
  // -0 is "0 seconds ago": a moment just past stays in the past.
  return format.format(deltaMs >= 0 ? count : -count, unit);
}

/** Discord shows `<t:…>` in the reader's zone; a terminal shows UTC, said plainly. */
function terminalTime(seconds: number, locale: Locale): string {
  const iso = new Date(seconds * 1000).toISOString();
  return wordsIn(locale).t('playground.terminal.utc', { date: iso.slice(0, 10), time: iso.slice(11, 16) });
}

export function renderMessageForTerminal(
  message: MessageLike,
  style: TerminalStyle = plainStyle,
  context: TerminalContext = {},
): string {
  const locale = context.locale ?? 'en';
  const lines: string[] = [];
  if ((message.flags ?? 0) & 64) lines.push(style.dim(wordsIn(locale).t('playground.terminal.onlyYou')));
  if (message.content) lines.push(markdown(message.content, style, context));
  for (const raw of message.embeds ?? []) {
    const embed = raw as EmbedLike;
    if (embed.title) lines.push(style.bold(`┃ ${embed.title}`));
    if (embed.description)
      lines.push(
        ...markdown(embed.description, style, context)
          .split('\n')
          .map((line) => `┃ ${line}`),
      );
    for (const field of embed.fields ?? []) {
      lines.push(`┃ ${style.bold(field.name)}`);
      lines.push(
        ...markdown(field.value, style, context)
          .split('\n')
          .map((line) => `┃   ${line}`),
      );
    }
    if (embed.footer?.text) lines.push(style.dim(`┃ ${embed.footer.text}`));
  }
  lines.push(...componentLines(message, style, locale));
  return lines.join('\n');
}
