// The one place interactions enter: finds the command, runs it, defers when it runs long, and turns
// any unexpected error into an ephemeral apology and a log line. Nothing a user sends can crash it.
import {
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  DiscordjsErrorCodes,
  type Interaction,
  MessageFlags,
} from 'discord.js';
import type { Command, CommandContext } from '../commands/command.js';
import { Cooldowns, defaultCooldown } from '../commands/cooldowns.js';
import type { BotMetrics, CommandOutcome } from '../ops/metrics.js';
import { renderUserError } from '../render/discord-embed.js';
import { DiscordLimits } from '../render/discord-limits.js';
import { discordTimestamp } from '../render/discord-markup.js';
import { UserError } from '../result.js';
import { quoteUserInput } from '../text.js';
import { sendReply } from './send-reply.js';

export interface RouterOptions {
  /** Defer when a handler has not answered after this long, leaving margin inside Discord's 3 s. */
  deferAfterMs?: number;
  /** Per-user limits; one tracker per bot, so tests can pass their own. */
  cooldowns?: Cooldowns;
  metrics?: BotMetrics;
}

const defaultDeferAfterMs = 1500;

const genericErrorMessage =
  'Something went wrong on our side while answering. It has been logged; please try again in a moment.';

export function createInteractionRouter(
  commands: readonly Command[],
  context: CommandContext,
  {
    deferAfterMs = defaultDeferAfterMs,
    // Real time, not the context clock: tests and the playground move that one to bring digests due.
    cooldowns = new Cooldowns(() => Date.now()),
    metrics,
  }: RouterOptions = {},
): (interaction: Interaction) => Promise<void> {
  const byName = new Map(commands.map((command) => [command.data.name, command]));

  async function routeAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const command = byName.get(interaction.commandName);
    // Metric labels only ever name registered commands, whatever a payload claims.
    const label = command ? interaction.commandName : 'unknown';
    try {
      const choices = command?.autocomplete ? await command.autocomplete(interaction, context) : [];
      await interaction.respond(choices.slice(0, DiscordLimits.autocompleteChoices));
      metrics?.autocompleteFinished(label, 'answered');
    } catch (error) {
      metrics?.autocompleteFinished(label, 'failed');
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
    const started = performance.now();
    const finished = (outcome: CommandOutcome) =>
      metrics?.commandFinished(
        command ? interaction.commandName : 'unknown',
        outcome,
        (performance.now() - started) / 1000,
      );
    if (!command) {
      log.warn('unknown command');
      finished('unknown_command');
      await sendReply(
        interaction,
        renderUserError(
          `I don't know the command ${quoteUserInput(`/${interaction.commandName}`, 40)} any more. Try /help for what I can do.`,
        ),
      );
      return;
    }
    const invocation = invocationName(interaction);
    const rule = command.cooldown?.(interaction) ?? defaultCooldown;
    const nextAllowed = cooldowns.take(`${interaction.user.id}:${invocation}`, rule);
    if (nextAllowed !== undefined) {
      log.info({ user: interaction.user.id }, 'cooldown: refused');
      await sendReply(
        interaction,
        renderUserError(
          `Easy there: /${invocation} can be used ${rule.uses} times in ${rule.perSeconds} seconds. ` +
            `You can use it again ${discordTimestamp(Math.ceil(nextAllowed / 1000) * 1000, 'R')}.`,
        ),
      );
      finished('cooldown');
      return;
    }
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
      finished('answered');
    } catch (error) {
      clearTimeout(deferTimer);
      if (isMalformedOptions(error)) {
        // Discord checks options against the registered definition; this payload was not checked.
        log.warn(
          { reason: (error as Error).message },
          'malformed interaction: options do not match the command',
        );
        finished('failed');
        await sendReply(interaction, renderUserError(malformedOptionsMessage)).catch(() => undefined);
        return;
      }
      log.error({ err: error }, 'command failed');
      finished('failed');
      await sendReply(interaction, renderUserError(userMessageOf(error) ?? genericErrorMessage)).catch(
        (sendError) => log.warn({ err: sendError }, 'could not send the error reply'),
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

/** "digest test" for a subcommand, "status" otherwise. */
function invocationName(interaction: ChatInputCommandInteraction): string {
  const subcommand = interaction.options.getSubcommand(false);
  return subcommand ? `${interaction.commandName} ${subcommand}` : interaction.commandName;
}

export const malformedOptionsMessage =
  'That command arrived with options sitrep did not expect (a missing or mistyped value). Please run it again from the command list.';

const malformedOptionCodes: ReadonlySet<string> = new Set([
  DiscordjsErrorCodes.CommandInteractionOptionNotFound,
  DiscordjsErrorCodes.CommandInteractionOptionType,
  DiscordjsErrorCodes.CommandInteractionOptionEmpty,
  DiscordjsErrorCodes.CommandInteractionOptionNoSubcommand,
  DiscordjsErrorCodes.CommandInteractionOptionNoSubcommandGroup,
]);

/** discord.js's complaint that an interaction's options do not match what the handler asked for. */
function isMalformedOptions(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && malformedOptionCodes.has(code);
}

/** The message an error carries for the user (a store that refuses writes, say), if it has one. */
function userMessageOf(error: unknown): string | undefined {
  return error instanceof UserError ? error.userMessage : undefined;
}
