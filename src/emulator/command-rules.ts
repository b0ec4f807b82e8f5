// Application commands as Discord takes them: the documented rules its schema cannot express, the
// command it keeps from a definition, and the object it answers with.
// https://discord.com/developers/docs/interactions/application-commands
import {
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  type InteractionContextType,
} from 'discord-api-types/v10';
import type { FieldError } from './field-errors.js';
import { payloadLimits } from './payload-limits.js';
import type { RegisteredCommand } from './world.js';

/** A chat input command's or option's name: lowercase where the script has case, 1 to 32 characters. */
const chatInputName = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const commandBudget = payloadLimits.commandTotal;
const descriptionMax = payloadLimits.commandDescription;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The longest of a field and its localizations: what counts toward the budget. */
function longest(value: unknown, localizations: unknown): number {
  const localized = isObject(localizations)
    ? Object.values(localizations).map((entry) => text(entry).length)
    : [];
  return Math.max(text(value).length, ...localized);
}

function badName(name: unknown): boolean {
  const value = text(name);
  return !chatInputName.test(value) || value !== value.toLowerCase();
}

/** What Discord finds wrong with a bulk overwrite beyond its schema; paths start at the command's index. */
export function commandErrors(definitions: unknown): FieldError[] {
  if (!Array.isArray(definitions)) return [];
  const errors: FieldError[] = [];
  const names = new Set<string>();
  definitions.forEach((definition, index) => {
    if (!isObject(definition)) return;
    const at = String(index);
    const type = Number(definition.type ?? ApplicationCommandType.ChatInput);
    const key = `${type}:${text(definition.name)}`;
    if (names.has(key)) {
      errors.push({
        path: `${at}.name`,
        code: 'APPLICATION_COMMANDS_DUPLICATE_NAME',
        message: 'Application command names must be unique',
      });
    }
    names.add(key);
    if (type === ApplicationCommandType.ChatInput) {
      if (badName(definition.name)) {
        errors.push({
          path: `${at}.name`,
          code: 'APPLICATION_COMMAND_INVALID_NAME',
          message: 'Command name is invalid',
        });
      }
      const description = text(definition.description);
      if (description.length < 1 || description.length > descriptionMax) {
        errors.push({
          path: `${at}.description`,
          code: 'BASE_TYPE_BAD_LENGTH',
          message: `Must be between 1 and ${descriptionMax} in length.`,
        });
      }
      if (Array.isArray(definition.options))
        errors.push(...optionErrors(definition.options, `${at}.options`));
    } else if (text(definition.description) !== '') {
      errors.push({
        path: `${at}.description`,
        code: 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION',
        message: 'User and message commands take an empty description',
      });
    }
    if (commandSize(definition) > commandBudget) {
      errors.push({
        path: at,
        code: 'APPLICATION_COMMAND_TOO_LARGE',
        message: `Command exceeds maximum size (${commandBudget})`,
      });
    }
  });
  return errors;
}

const nesting = new Set<number>([
  ApplicationCommandOptionType.Subcommand,
  ApplicationCommandOptionType.SubcommandGroup,
]);

function optionErrors(options: readonly unknown[], at: string): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  let optionalSeen = false;
  const nested = options.filter((option) => isObject(option) && nesting.has(Number(option.type))).length;
  if (nested > 0 && nested < options.length) {
    errors.push({
      path: at,
      code: 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID',
      message: 'Subcommands and subcommand groups cannot be mixed with other options',
    });
  }
  options.forEach((option, index) => {
    if (!isObject(option)) return;
    const path = `${at}.${index}`;
    if (badName(option.name)) {
      errors.push({
        path: `${path}.name`,
        code: 'APPLICATION_COMMAND_INVALID_NAME',
        message: 'Command name is invalid',
      });
    }
    if (names.has(text(option.name))) {
      errors.push({
        path: `${path}.name`,
        code: 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS',
        message: 'Option names must be unique',
      });
    }
    names.add(text(option.name));
    if (!nesting.has(Number(option.type))) {
      if (option.required === true && optionalSeen) {
        errors.push({
          path: `${path}.required`,
          code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
          message: 'Required options must be placed before non-required options',
        });
      }
      if (option.required !== true) optionalSeen = true;
    }
    if (Array.isArray(option.options)) errors.push(...optionErrors(option.options, `${path}.options`));
  });
  return errors;
}

/** Characters counted toward the 4,000 of a command: names, descriptions and choices, recursively. */
function commandSize(node: JsonObject): number {
  let size =
    longest(node.name, node.name_localizations) + longest(node.description, node.description_localizations);
  for (const choice of Array.isArray(node.choices) ? node.choices : []) {
    if (!isObject(choice)) continue;
    size += longest(choice.name, choice.name_localizations) + String(choice.value ?? '').length;
  }
  for (const option of Array.isArray(node.options) ? node.options : []) {
    if (isObject(option)) size += commandSize(option);
  }
  return size;
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, entry]) => entry !== null && entry !== undefined)
      .map(([key, entry]) => [key, withoutNulls(entry)]),
  );
}

/**
 * The command Discord keeps from a definition: its type (chat input unless said), permissions as a
 * string, where it may be used as the bot said (contexts null when unsaid; a definition with
 * `dm_permission: false` and no contexts is guild-only), installed for guilds unless said.
 */
export function registeredCommand(definition: JsonObject, id: string, version: string): RegisteredCommand {
  const type = Number(definition.type ?? ApplicationCommandType.ChatInput) as ApplicationCommandType;
  const permissions = definition.default_member_permissions;
  const contexts = Array.isArray(definition.contexts)
    ? (definition.contexts as InteractionContextType[])
    : definition.dm_permission === false
      ? [0 as InteractionContextType]
      : null;
  return {
    id,
    version,
    type,
    name: text(definition.name),
    ...(isObject(definition.name_localizations)
      ? { name_localizations: definition.name_localizations as Record<string, string> }
      : {}),
    description: type === ApplicationCommandType.ChatInput ? text(definition.description) : '',
    ...(isObject(definition.description_localizations)
      ? { description_localizations: definition.description_localizations as Record<string, string> }
      : {}),
    ...(Array.isArray(definition.options)
      ? { options: withoutNulls(definition.options) as APIApplicationCommandOption[] }
      : {}),
    default_member_permissions:
      permissions === null || permissions === undefined ? null : String(permissions),
    contexts,
    integration_types: Array.isArray(definition.integration_types)
      ? (definition.integration_types as ApplicationIntegrationType[])
      : [ApplicationIntegrationType.GuildInstall],
    nsfw: definition.nsfw === true,
  };
}

/** A registered command as Discord answers with it (ApplicationCommandResponse). */
export function commandPayload(command: RegisteredCommand, applicationId: string, guildId?: string) {
  return {
    ...command,
    application_id: applicationId,
    ...(guildId ? { guild_id: guildId } : { dm_permission: command.contexts?.includes(1) ?? true }),
  };
}

/** Where a command is offered: the contexts a user can see it in, by Discord's defaults. */
export function effectiveContexts(
  command: RegisteredCommand,
  guildCommand: boolean,
): InteractionContextType[] {
  if (guildCommand) return [0 as InteractionContextType];
  return command.contexts ?? ([0, 1, 2] as InteractionContextType[]);
}
