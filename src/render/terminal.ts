// A posted message or interaction reply -> readable terminal text, for the playground.

interface MessageLike {
  content?: string;
  embeds?: unknown[];
  flags?: number;
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

function markdown(text: string, style: TerminalStyle): string {
  return text
    .replace(/\*\*(.+?)\*\*/g, (_, inner: string) => style.bold(inner))
    .replace(
      /(^|[\s(])_(.+?)_(?=$|[\s).,;:])/gm,
      (_, lead: string, inner: string) => `${lead}${style.italic(inner)}`,
    )
    .replace(/`([^`]+)`/g, (_, inner: string) => inner);
}

export function renderMessageForTerminal(message: MessageLike, style: TerminalStyle = plainStyle): string {
  const lines: string[] = [];
  if ((message.flags ?? 0) & 64) lines.push(style.dim('(only you can see this)'));
  if (message.content) lines.push(markdown(message.content, style));
  for (const raw of message.embeds ?? []) {
    const embed = raw as EmbedLike;
    if (embed.title) lines.push(style.bold(`┃ ${embed.title}`));
    if (embed.description)
      lines.push(
        ...markdown(embed.description, style)
          .split('\n')
          .map((line) => `┃ ${line}`),
      );
    for (const field of embed.fields ?? []) {
      lines.push(`┃ ${style.bold(field.name)}`);
      lines.push(
        ...markdown(field.value, style)
          .split('\n')
          .map((line) => `┃   ${line}`),
      );
    }
    if (embed.footer?.text) lines.push(style.dim(`┃ ${embed.footer.text}`));
  }
  return lines.join('\n');
}
