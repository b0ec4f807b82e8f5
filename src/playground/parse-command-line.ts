// Turns a typed line such as "/status kursk" or "/timeline region:sudzha page:2" into a command name
// and options, using the registered definitions to type each option.

import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';

export type ParsedLine =
  | {
      ok: true;
      name: string;
      /** For commands with subcommands ("/digest list"). */
      subcommand?: string;
      /** Channel and role options stay as typed ("#front-digest", "@readers"); the caller resolves them. */
      options: Record<string, string | number | boolean>;
    }
  | { ok: false; reason: string };

type Definition = Pick<RESTPostAPIChatInputApplicationCommandsJSONBody, 'name' | 'options'>;

export function parseCommandLine(line: string, definitions: readonly Definition[]): ParsedLine {
  const trimmed = line.trim();
  const match = /^\/?(\S+)\s*(.*)$/s.exec(trimmed);
  if (!match?.[1]) return { ok: false, reason: 'Type a command such as /status kursk, or /help.' };
  const name = match[1].toLowerCase();
  const definition = definitions.find((candidate) => candidate.name === name);
  if (!definition) {
    return {
      ok: false,
      reason: `No command /${name}. Commands: ${definitions.map((d) => `/${d.name}`).join(', ')}.`,
    };
  }
  let optionDefinitions = definition.options ?? [];
  let rest = match[2] ?? '';
  let subcommand: string | undefined;
  const subcommands = optionDefinitions.filter(
    (option) => option.type === ApplicationCommandOptionType.Subcommand,
  );
  if (subcommands.length > 0) {
    const [word = '', ...others] = rest.trim().split(/\s+/);
    const chosen = subcommands.find((option) => option.name === word.toLowerCase());
    if (!chosen) {
      return {
        ok: false,
        reason: `/${name} needs one of: ${subcommands.map((option) => option.name).join(', ')} (e.g. /${name} ${subcommands[0]?.name}).`,
      };
    }
    subcommand = chosen.name;
    optionDefinitions = 'options' in chosen ? (chosen.options ?? []) : [];
    rest = others.join(' ');
  }
  const raw: Record<string, string> = {};
  const named = [...rest.matchAll(/(?:^|\s)([a-z_]+):/g)].filter((found) =>
    optionDefinitions.some((option) => option.name === found[1]),
  );
  if (named.length === 0) {
    // Positional: the whole text is the first option's value ("/ask how far can long neptune strike").
    const first = optionDefinitions[0];
    if (rest.trim() !== '') {
      if (!first) return { ok: false, reason: `/${name} takes no options.` };
      raw[first.name] = rest.trim();
    }
  } else {
    const before = rest.slice(0, named[0]?.index ?? 0).trim();
    if (before !== '')
      return { ok: false, reason: `Give every option as name:value once you name one (${before}?).` };
    named.forEach((found, index) => {
      const start = (found.index ?? 0) + found[0].length;
      const end = named[index + 1]?.index ?? rest.length;
      raw[found[1] as string] = rest.slice(start, end).trim();
    });
  }
  const options: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(raw)) {
    const option = optionDefinitions.find((candidate) => candidate.name === key);
    if (
      option?.type === ApplicationCommandOptionType.Integer ||
      option?.type === ApplicationCommandOptionType.Number
    ) {
      const number = Number(value);
      if (!Number.isFinite(number)) return { ok: false, reason: `${key} must be a number.` };
      options[key] = number;
    } else if (option?.type === ApplicationCommandOptionType.Boolean) {
      options[key] = /^(true|yes|1|on)$/i.test(value);
    } else {
      options[key] = value;
    }
  }
  const missing = optionDefinitions.filter(
    (option) => 'required' in option && option.required && options[option.name] === undefined,
  );
  if (missing.length > 0) {
    const full = subcommand ? `${name} ${subcommand}` : name;
    return { ok: false, reason: `/${full} needs ${missing.map((option) => `${option.name}:`).join(' ')}` };
  }
  return { ok: true, name, ...(subcommand ? { subcommand } : {}), options };
}
