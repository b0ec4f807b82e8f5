// Turns a typed line such as "/status kursk", "/timeline region:sudzha page:2" or, in Ukrainian,
// "/ситуація місце:Суджа" into a command name and options, using the registered definitions to type
// each option. Names are read in any of the languages the definitions carry (their Discord
// name_localizations) and given back in English, as Discord sends them to the bot; what it says back
// (an unknown command, a missing option) is in the reader's language.

import type {
  APIApplicationCommandOption,
  LocalizationMap,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { Locale } from '../i18n/locales.js';
import { wordsIn } from '../i18n/words.js';

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

type Definition = Pick<RESTPostAPIChatInputApplicationCommandsJSONBody, 'name' | 'options'> & {
  name_localizations?: LocalizationMap | null;
};

interface Named {
  name: string;
  name_localizations?: LocalizationMap | null;
}

/** Does `typed` name it, in English or in any language it has a name in? */
export const names = (item: Named, typed: string): boolean => {
  const wanted = typed.toLocaleLowerCase();
  return (
    item.name === wanted ||
    Object.values(item.name_localizations ?? {}).some((name) => name?.toLocaleLowerCase() === wanted)
  );
};

/** Its name as a reader of `locale` sees it in Discord: "ситуація" in Ukrainian, "status" in English. */
export function shownName(item: Named, locale: Locale): string {
  if (locale === 'en') return item.name;
  return item.name_localizations?.[locale] ?? item.name;
}

/** An option name before a colon, in any script: "region:", "місце:", "ping_role:", "часовий-пояс:". */
export const optionNamePattern = /(?:^|\s)([\p{L}\p{N}_-]+):/gu;

/** A choice typed by its value or by its name in any language ("сторона:Росія") -> its value. */
function choiceValue(option: APIApplicationCommandOption, typed: string): string {
  const choices = 'choices' in option ? (option.choices ?? []) : [];
  const found = choices.find(
    (choice) => String(choice.value).toLowerCase() === typed.toLowerCase() || names(choice, typed),
  );
  return found ? String(found.value) : typed;
}

export function parseCommandLine(
  line: string,
  definitions: readonly Definition[],
  locale: Locale = 'en',
): ParsedLine {
  const words = wordsIn(locale);
  const trimmed = line.trim();
  const match = /^\/?(\S+)\s*(.*)$/su.exec(trimmed);
  if (!match?.[1]) return { ok: false, reason: words.t('playground.parse.empty') };
  const typedName = match[1].toLocaleLowerCase();
  const definition = definitions.find((candidate) => names(candidate, typedName));
  if (!definition) {
    return {
      ok: false,
      reason: words.t('playground.parse.noCommand', {
        name: typedName,
        commands: definitions.map((d) => `/${shownName(d, locale)}`).join(', '),
      }),
    };
  }
  const name = definition.name;
  const shown = shownName(definition, locale);
  let optionDefinitions: readonly APIApplicationCommandOption[] = definition.options ?? [];
  let rest = match[2] ?? '';
  let subcommand: string | undefined;
  let shownSubcommand: string | undefined;
  const subcommands = optionDefinitions.filter(
    (option) => option.type === ApplicationCommandOptionType.Subcommand,
  );
  if (subcommands.length > 0) {
    const [word = '', ...others] = rest.trim().split(/\s+/);
    const chosen = subcommands.find((option) => names(option, word));
    if (!chosen) {
      return {
        ok: false,
        reason: words.t('playground.parse.needsSubcommand', {
          name: shown,
          subcommands: subcommands.map((option) => shownName(option, locale)).join(', '),
          example: subcommands[0] ? shownName(subcommands[0], locale) : '',
        }),
      };
    }
    subcommand = chosen.name;
    shownSubcommand = shownName(chosen, locale);
    optionDefinitions = 'options' in chosen ? (chosen.options ?? []) : [];
    rest = others.join(' ');
  }
  const optionNamed = (typed: string) => optionDefinitions.find((option) => names(option, typed));
  const raw = new Map<APIApplicationCommandOption, string>();
  const named = [...rest.matchAll(optionNamePattern)].filter((found) => optionNamed(found[1] as string));
  if (named.length === 0) {
    // Positional: the whole text is the first option's value ("/ask how far can long neptune strike").
    const first = optionDefinitions[0];
    if (rest.trim() !== '') {
      if (!first) return { ok: false, reason: words.t('playground.parse.noOptions', { name: shown }) };
      raw.set(first, rest.trim());
    }
  } else {
    const before = rest.slice(0, named[0]?.index ?? 0).trim();
    if (before !== '') return { ok: false, reason: words.t('playground.parse.nameEveryOption', { before }) };
    named.forEach((found, index) => {
      const start = (found.index ?? 0) + found[0].length;
      const end = named[index + 1]?.index ?? rest.length;
      raw.set(optionNamed(found[1] as string) as APIApplicationCommandOption, rest.slice(start, end).trim());
    });
  }
  const options: Record<string, string | number | boolean> = {};
  for (const [option, value] of raw) {
    if (
      option.type === ApplicationCommandOptionType.Integer ||
      option.type === ApplicationCommandOptionType.Number
    ) {
      const number = Number(value);
      if (!Number.isFinite(number)) {
        return {
          ok: false,
          reason: words.t('playground.parse.notANumber', { option: shownName(option, locale) }),
        };
      }
      options[option.name] = number;
    } else if (option.type === ApplicationCommandOptionType.Boolean) {
      options[option.name] = /^(true|yes|1|on|так|да)$/iu.test(value);
    } else {
      options[option.name] = choiceValue(option, value);
    }
  }
  const missing = optionDefinitions.filter(
    (option) => 'required' in option && option.required && options[option.name] === undefined,
  );
  if (missing.length > 0) {
    return {
      ok: false,
      reason: words.t('playground.parse.missing', {
        command: shownSubcommand ? `${shown} ${shownSubcommand}` : shown,
        options: missing.map((option) => `${shownName(option, locale)}:`).join(' '),
      }),
    };
  }
  return { ok: true, name, ...(subcommand ? { subcommand } : {}), options };
}
