// The one place interactions enter: finds the command, runs it, defers when it runs long, and turns
// any unexpected error into an ephemeral apology and a log line. Nothing a user sends can crash it.
import {
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  MessageFlags,
} from 'discord.js';
import type { Command, CommandContext } from '../commands/command.js';
import { renderUserError } from '../render/discord-embed.js';
import { DiscordLimits } from '../render/discord-limits.js';
import { sendReply } from './send-reply.js';

export interface RouterOptions {
  /** Defer when a handler has not answered after this long, leaving margin inside Discord's 3 s. */
  deferAfterMs?: number;
}

export const defaultDeferAfterMs = 1500;

export const genericErrorMessage =
  'Something went wrong on our side while answering. It has been logged; please try again in a moment.';

export function createInteractionRouter(
  commands: readonly Command[],
  context: CommandContext,
  { deferAfterMs = defaultDeferAfterMs }: RouterOptions = {},
): (interaction: Interaction) => Promise<void> {
  const byName = new Map(commands.map((command) => [command.data.name, command]));

  async function routeAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const command = byName.get(interaction.commandName);
    try {
      const choices = command?.autocomplete ? await command.autocomplete(interaction, context) : [];
      await interaction.respond(choices.slice(0, DiscordLimits.autocompleteChoices));
    } catch (error) {
      context.log.warn({ err: error, command: interaction.commandName }, 'autocomplete failed');
      if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
    }
  }

  async function routeCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const command = byName.get(interaction.commandName);
    const log = context.log.child({
      command: interaction.commandName,
      interaction: interaction.id,
      guild: interaction.guildId ?? 'dm',
    });
    if (!command) {
      log.warn('unknown command');
      await sendReply(
        interaction,
        renderUserError(
          `I don't know the command /${interaction.commandName} any more. Try /help for what I can do.`,
        ),
      );
      return;
    }
    const started = performance.now();
    const deferTimer = setTimeout(() => {
      if (!interaction.replied && !interaction.deferred) {
        interaction
          .deferReply(command.ephemeralReplies ? { flags: MessageFlags.Ephemeral } : {})
          .catch((error) => log.warn({ err: error }, 'defer failed'));
      }
    }, deferAfterMs);
    try {
      const payload = await command.execute(interaction, context);
      clearTimeout(deferTimer);
      await sendReply(interaction, payload);
      log.info({ ms: Math.round(performance.now() - started), ephemeral: payload.ephemeral }, 'answered');
    } catch (error) {
      clearTimeout(deferTimer);
      log.error({ err: error }, 'command failed');
      await sendReply(interaction, renderUserError(genericErrorMessage)).catch((sendError) =>
        log.warn({ err: sendError }, 'could not send the error reply'),
      );
    }
  }

  return async (interaction) => {
    try {
      if (interaction.isAutocomplete()) await routeAutocomplete(interaction);
      else if (interaction.isChatInputCommand()) await routeCommand(interaction);
    } catch (error) {
      context.log.error({ err: error, interaction: interaction.id }, 'interaction handling failed');
    }
  };
}
