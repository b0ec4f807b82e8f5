// The one place interactions enter: slash commands, message commands, autocomplete, and the buttons
// and menus under answers. It finds what to run, holds each user to the cooldowns, defers when an
// answer runs long, and turns any unexpected error into an ephemeral apology and a log line. Nothing
// a user sends can crash it.
import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  DiscordjsErrorCodes,
  type Interaction,
  type MessageContextMenuCommandInteraction,
  MessageFlags,
  type RepliableInteraction,
  type StringSelectMenuInteraction,
} from 'discord.js';
import {
  answerLanguage,
  type Command,
  type CommandContext,
  isMessageCommand,
  isSlashCommand,
  type MessageCommand,
  readerLanguage,
  type SlashCommand,
} from '../commands/command.js';
import { type CooldownRule, Cooldowns, defaultCooldown } from '../commands/cooldowns.js';
import { type ComponentRequest, parseCustomId, pickedView, type View } from '../commands/custom-ids.js';
import { factsUpdatedNote, factsVersion } from '../commands/facts-version.js';
import { replyForView, viewCooldown } from '../commands/views.js';
import { type Locale, localeFromDiscord } from '../i18n/locales.js';
import { type Words, wordsIn } from '../i18n/words.js';
import type { Logger } from '../log.js';
import type { BotMetrics, CommandOutcome } from '../ops/metrics.js';
import { type ReplyPayload, renderUserError } from '../render/discord-embed.js';
import { DiscordLimits } from '../render/discord-limits.js';
import { discordTimestamp } from '../render/discord-markup.js';
import { type Result, UserError } from '../result.js';
import { quoteUserInput } from '../text.js';
import { sendReply, sendUpdate } from './send-reply.js';

export interface RouterOptions {
  /** Defer when a handler has not answered after this long, leaving margin inside Discord's 3 s. */
  deferAfterMs?: number;
  /** Per-user limits; one tracker per bot, so tests can pass their own. */
  cooldowns?: Cooldowns;
  metrics?: BotMetrics;
}

const defaultDeferAfterMs = 1500;

type ComponentInteraction = ButtonInteraction | StringSelectMenuInteraction;

/** How one answer runs: the parts that differ between a command and a button. */
interface Answering {
  log: Logger;
  /** The language of the person who acted: refusals and apologies are theirs alone. */
  readerLocale: Locale;
  /** Metric label: a registered command's name, never what a payload claims. */
  label: string;
  /** What the cooldown counts: "status", "digest test". */
  invocation: string;
  /** The invocation as the user knows it, for the cooldown note: "/digest test". */
  shownAs: string;
  rule: CooldownRule;
  /** Says "thinking…" (or, for a page flip, nothing yet) when the answer runs long. */
  defer(): Promise<unknown>;
  produce(): Promise<ReplyPayload>;
  /** Sends the answer, or (an ephemeral payload) a problem to the user alone. */
  send(payload: ReplyPayload): Promise<void>;
}

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
  const slashCommands = new Map<string, SlashCommand>();
  const messageCommands = new Map<string, MessageCommand>();
  for (const command of commands) {
    if (isSlashCommand(command)) slashCommands.set(command.data.name, command);
    else if (isMessageCommand(command)) messageCommands.set(command.data.name, command);
  }

  async function routeAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const command = slashCommands.get(interaction.commandName);
    // Metric labels only ever name registered commands, whatever a payload claims.
    const label = command ? interaction.commandName : 'unknown';
    try {
      const choices = command?.autocomplete
        ? await command.autocomplete(interaction, await contextFor(interaction, true))
        : [];
      await interaction.respond(choices.slice(0, DiscordLimits.autocompleteChoices));
      metrics?.autocompleteFinished(label, 'answered');
    } catch (error) {
      metrics?.autocompleteFinished(label, 'failed');
      context.log.warn({ err: error, command: interaction.commandName }, 'autocomplete failed');
      if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
    }
  }

  /** Cooldown, deferral, the answer, and every failure turned into an ephemeral note. */
  async function answer(interaction: RepliableInteraction, how: Answering): Promise<void> {
    const { log } = how;
    const started = performance.now();
    const finished = (outcome: CommandOutcome) =>
      metrics?.commandFinished(how.label, outcome, (performance.now() - started) / 1000);
    const words = wordsIn(how.readerLocale);
    const nextAllowed = cooldowns.take(`${interaction.user.id}:${how.invocation}`, how.rule);
    if (nextAllowed !== undefined) {
      log.info({ user: interaction.user.id }, 'cooldown: refused');
      await how.send(
        renderUserError(
          words.t('bot.cooldown', {
            command: how.shownAs,
            count: how.rule.uses,
            seconds: how.rule.perSeconds,
            when: discordTimestamp(Math.ceil(nextAllowed / 1000) * 1000, 'R'),
          }),
        ),
      );
      finished('cooldown');
      return;
    }
    const deferTimer = setTimeout(() => {
      if (!interaction.replied && !interaction.deferred) {
        how.defer().catch((error) => log.warn({ err: error }, 'defer failed'));
      }
    }, deferAfterMs);
    try {
      const payload = await how.produce();
      clearTimeout(deferTimer);
      await how.send(payload);
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
        await how.send(renderUserError(words.t('bot.malformedOptions'))).catch(() => undefined);
        return;
      }
      log.error({ err: error }, 'command failed');
      finished('failed');
      await how
        .send(renderUserError(userMessageOf(error, words) ?? words.t('bot.genericError')))
        .catch((sendError) => log.warn({ err: sendError }, 'could not send the error reply'));
    }
  }

  const logFor = (interaction: Interaction, fields: Record<string, string>) =>
    context.log.child({ ...fields, interaction: interaction.id, guild: interaction.guildId ?? 'dm' });

  async function unknownCommand(interaction: RepliableInteraction, name: string, log: Logger): Promise<void> {
    log.warn('unknown command');
    metrics?.commandFinished('unknown', 'unknown_command', 0);
    const words = wordsIn(localeFromDiscord(interaction.locale));
    await sendReply(
      interaction,
      renderUserError(words.t('bot.unknownCommand', { name: quoteUserInput(name, 40) })),
    );
  }

  /**
   * The context one interaction is answered with: the shared one, plus the languages to answer in.
   * A public answer is in the server's language when a moderator set one, else the reader's; a
   * server whose setting cannot be read is answered in the reader's language.
   */
  async function contextFor(interaction: Interaction, answersPrivately: boolean): Promise<CommandContext> {
    const readerLocale = localeFromDiscord(interaction.locale);
    const serverLocale =
      answersPrivately || !interaction.guildId
        ? undefined
        : await context.servers?.languageOf(interaction.guildId).catch((error: unknown) => {
            context.log.warn({ err: error, guild: interaction.guildId }, 'server language unreadable');
            return undefined;
          });
    // The shared context's getters (facts, digests) stay live through the prototype.
    return Object.create(context, {
      locale: { value: serverLocale ?? readerLocale, enumerable: true },
      readerLocale: { value: readerLocale, enumerable: true },
    }) as CommandContext;
  }

  async function routeCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const command = slashCommands.get(interaction.commandName);
    const log = logFor(interaction, { command: interaction.commandName });
    if (!command) return unknownCommand(interaction, `/${interaction.commandName}`, log);
    const local = await contextFor(interaction, command.ephemeralReplies === true);
    await answer(interaction, {
      log,
      readerLocale: readerLanguage(local),
      label: interaction.commandName,
      invocation: invocationName(interaction),
      shownAs: `/${invocationName(interaction)}`,
      rule: command.cooldown?.(interaction) ?? defaultCooldown,
      defer: () => interaction.deferReply(command.ephemeralReplies ? { flags: MessageFlags.Ephemeral } : {}),
      produce: () => command.execute(interaction, local),
      send: (payload) => sendReply(interaction, payload),
    });
  }

  async function routeMessageCommand(interaction: MessageContextMenuCommandInteraction): Promise<void> {
    const command = messageCommands.get(interaction.commandName);
    const log = logFor(interaction, { command: interaction.commandName });
    if (!command) return unknownCommand(interaction, interaction.commandName, log);
    const local = await contextFor(interaction, command.ephemeralReplies === true);
    await answer(interaction, {
      log,
      readerLocale: readerLanguage(local),
      label: interaction.commandName,
      invocation: interaction.commandName,
      shownAs: `“${interaction.commandName}”`,
      rule: command.cooldownRule ?? defaultCooldown,
      defer: () => interaction.deferReply(command.ephemeralReplies ? { flags: MessageFlags.Ephemeral } : {}),
      produce: () => command.execute(interaction, local),
      send: (payload) => sendReply(interaction, payload),
    });
  }

  /**
   * A button or menu under an answer. The person who ran the command turns the page in place; anyone
   * else gets the same view privately, so nobody flips a page under another reader.
   */
  async function routeComponent(interaction: ComponentInteraction): Promise<void> {
    const log = logFor(interaction, { component: interaction.customId.slice(0, DiscordLimits.customId) });
    // Anyone can send any custom_id: one sitrep would not have made gets a reason, never a crash.
    const refuse = async (reason: string) => {
      log.warn({ reason }, 'component refused');
      metrics?.commandFinished('component', 'unknown_command', 0);
      await sendReply(interaction, renderUserError(reason));
    };
    const request = parseCustomId(interaction.customId, localeFromDiscord(interaction.locale));
    if (!request.ok) {
      if (interaction.isButton() && (await answerCommandButton(interaction, log))) return;
      return refuse(request.reason);
    }
    const view = viewOf(request.value, interaction);
    if (!view.ok) return refuse(view.reason);
    const factsVersionThen = request.value.factsVersion;
    const owner = interaction.message.interactionMetadata?.user.id;
    const inPlace = owner !== undefined && owner === interaction.user.id;
    // A page turned in place stays in the answer's language; a private view is in the reader's.
    const local = await contextFor(interaction, !inPlace);
    const produce = async (): Promise<ReplyPayload> => {
      const payload = await replyForView(view.value, local);
      if (payload.ephemeral || factsVersionThen === factsVersion(local.facts)) return payload;
      return { ...payload, content: factsUpdatedNote(answerLanguage(local)) };
    };
    await answer(interaction, {
      log: log.child({ view: view.value.kind, inPlace }),
      readerLocale: readerLanguage(local),
      label: view.value.kind,
      invocation: view.value.kind,
      shownAs: wordsIn(readerLanguage(local)).t('bot.andItsButtons', { command: `/${view.value.kind}` }),
      rule: viewCooldown(view.value),
      defer: () =>
        inPlace ? interaction.deferUpdate() : interaction.deferReply({ flags: MessageFlags.Ephemeral }),
      produce,
      send: (payload) =>
        inPlace ? sendUpdate(interaction, payload) : sendReply(interaction, { ...payload, ephemeral: true }),
    });
  }

  /**
   * A button a command answers itself (ownButtons), privately, under that command's cooldown.
   * False when no command claims its custom_id.
   */
  async function answerCommandButton(interaction: ButtonInteraction, log: Logger): Promise<boolean> {
    const command = [...slashCommands.values()].find((candidate) =>
      candidate.ownButtons?.claims(interaction.customId),
    );
    const buttons = command?.ownButtons;
    if (!command || !buttons) return false;
    const name = command.data.name;
    const local = await contextFor(interaction, true);
    await answer(interaction, {
      log: log.child({ command: name }),
      readerLocale: readerLanguage(local),
      label: name,
      invocation: name,
      shownAs: wordsIn(readerLanguage(local)).t('bot.andItsButtons', { command: `/${name}` }),
      rule: defaultCooldown,
      defer: () => interaction.deferReply({ flags: MessageFlags.Ephemeral }),
      produce: () => buttons.answer(interaction.customId, interaction.user.id, local),
      send: (payload) => sendReply(interaction, { ...payload, ephemeral: true }),
    });
    return true;
  }

  return async (interaction) => {
    try {
      if (interaction.isAutocomplete()) await routeAutocomplete(interaction);
      else if (interaction.isChatInputCommand()) await routeCommand(interaction);
      else if (interaction.isMessageContextMenuCommand()) await routeMessageCommand(interaction);
      else if (interaction.isButton() || interaction.isStringSelectMenu()) await routeComponent(interaction);
    } catch (error) {
      context.log.error({ err: error, interaction: interaction.id }, 'interaction handling failed');
    }
  };
}

/** The view a button names, or the one a menu's picked option names; a button never carries a pick. */
function viewOf(request: ComponentRequest, interaction: ComponentInteraction): Result<View> {
  if (request.action === 'show') {
    return interaction.isButton()
      ? { ok: true, value: request.view }
      : { ok: false, reason: wordsIn(localeFromDiscord(interaction.locale)).t('bot.notOurMenu') };
  }
  return interaction.isStringSelectMenu()
    ? pickedView(interaction.values, localeFromDiscord(interaction.locale))
    : { ok: false, reason: wordsIn(localeFromDiscord(interaction.locale)).t('bot.notOurButton') };
}

/** "digest test" for a subcommand, "status" otherwise. */
function invocationName(interaction: ChatInputCommandInteraction): string {
  const subcommand = interaction.options.getSubcommand(false);
  return subcommand ? `${interaction.commandName} ${subcommand}` : interaction.commandName;
}

export const malformedOptionsMessage = wordsIn('en').t('bot.malformedOptions');

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

/** The message an error carries for the user (a store that refuses writes, say), in their language. */
function userMessageOf(error: unknown, words: Words): string | undefined {
  if (!(error instanceof UserError)) return undefined;
  return error.messageKey ? words.t(error.messageKey) : error.userMessage;
}
