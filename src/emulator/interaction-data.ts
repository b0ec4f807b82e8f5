// The `data` of an INTERACTION_CREATE: a slash command's options with their resolved channels and
// roles, a message command's target, a pressed component's custom_id and chosen values.
import {
  type APIApplicationCommandInteractionDataOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
} from 'discord-api-types/v10';
import type { InteractionSource } from './interaction-source.js';
import { channelPayload, messagePayload, rolePayload } from './payloads.js';
import type { EmulatedMessage, RegisteredCommand, World } from './world.js';

export type OptionValues = Record<string, string | number | boolean>;

export function chatInputData(
  world: World,
  source: InteractionSource,
  found: { command: RegisteredCommand; guildCommand: boolean } | undefined,
  name: string,
  options: OptionValues,
  focused: string | undefined,
  subcommandName: string | undefined,
) {
  const command = found?.command;
  const subcommand = subcommandName
    ? command?.options?.find((option) => option.name === subcommandName)
    : undefined;
  const definitions = (subcommand && 'options' in subcommand ? subcommand.options : command?.options) ?? [];
  const { guildId, userId, roleIds } = source;
  const resolved: { channels?: Record<string, unknown>; roles?: Record<string, unknown> } = {};
  const leafOptions: APIApplicationCommandInteractionDataOption[] = Object.entries(options).map(
    ([key, value]) => {
      const definition = definitions.find((option) => option.name === key);
      const optionType =
        definition?.type ??
        (typeof value === 'number'
          ? ApplicationCommandOptionType.Integer
          : typeof value === 'boolean'
            ? ApplicationCommandOptionType.Boolean
            : ApplicationCommandOptionType.String);
      if (optionType === ApplicationCommandOptionType.Channel && key !== focused && guildId) {
        const target = world.channels.get(String(value));
        if (target) {
          resolved.channels ??= {};
          resolved.channels[target.id] = {
            ...channelPayload(target, world),
            // Discord resolves the invoking member's permissions in the channel.
            permissions: String(world.permissionsOf(guildId, userId, roleIds, target)),
          };
        }
      }
      if (optionType === ApplicationCommandOptionType.Role && key !== focused && guildId) {
        const guild = world.guilds.get(guildId);
        const index = guild?.roles.findIndex((role) => role.id === String(value)) ?? -1;
        const role = guild?.roles[index];
        if (role) {
          resolved.roles ??= {};
          resolved.roles[role.id] = rolePayload(role, index + 1);
        }
      }
      return {
        name: key,
        type: optionType,
        value,
        ...(key === focused ? { focused: true } : {}),
      } as APIApplicationCommandInteractionDataOption;
    },
  );
  const dataOptions = subcommandName
    ? ([
        { name: subcommandName, type: ApplicationCommandOptionType.Subcommand, options: leafOptions },
      ] as APIApplicationCommandInteractionDataOption[])
    : leafOptions;
  return {
    id: command?.id ?? world.ids.next(),
    name,
    type: ApplicationCommandType.ChatInput,
    options: dataOptions,
    ...(resolved.channels || resolved.roles ? { resolved } : {}),
    ...(found?.guildCommand && guildId ? { guild_id: guildId } : {}),
  };
}

export function messageCommandData(
  command: RegisteredCommand,
  guildCommand: boolean,
  target: EmulatedMessage,
  guildId: string | undefined,
) {
  return {
    id: command.id,
    name: command.name,
    type: ApplicationCommandType.Message,
    target_id: target.id,
    resolved: { messages: { [target.id]: messagePayload(target) } },
    ...(guildCommand && guildId ? { guild_id: guildId } : {}),
  };
}

export function componentData(component: Record<string, unknown>, values: readonly string[] | undefined) {
  const componentType = Number(component.type);
  return {
    custom_id: String(component.custom_id),
    component_type: componentType,
    ...(componentType === ComponentType.Button ? {} : { values: [...(values ?? [])] }),
  };
}
