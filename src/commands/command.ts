// What every command module exports, and the context its handlers receive. A command is a slash
// command (/status) or a message command (the "Check claims with sitrep" entry of a message's Apps
// menu); `kind` tells them apart, and a command that says nothing is a slash command.
import type {
  APIApplicationCommandOptionChoice,
  ApplicationCommandType,
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { FactStore } from '../data/fact-store.js';
import type { DigestService } from '../delivery/digest-service.js';
import type { WatchService } from '../delivery/watch-service.js';
import type { Locale } from '../i18n/locales.js';
import type { Logger } from '../log.js';
import type { ReplyPayload } from '../render/discord-embed.js';
import type { PlaceMapCache } from '../render/map/place-map.js';
import type { CooldownRule } from './cooldowns.js';

export interface CommandContext {
  config: Config;
  /** Swapped in place when fact files are reloaded; read it per interaction. */
  facts: FactStore;
  log: Logger;
  clock: Clock;
  /** Maps of places, drawn once per (place, facts version, language) and kept. */
  maps: PlaceMapCache;
  /** Digest subscriptions and their scheduler; absent where digests do not run (query-only tests). */
  digests?: DigestService;
  /** Personal watches (/watch); absent while the store cannot be opened. */
  watches?: WatchService;
  /** Each server's settings (its language for public answers); absent while the store cannot be opened. */
  servers?: ServerSettingsService;
  /**
   * The language to answer this interaction in: the reader's (the interaction's locale), or the
   * server's default for public answers. Set by the router per interaction; absent means English.
   */
  locale?: Locale;
  /** The language of the person who acted, for what only they see (errors, private views). */
  readerLocale?: Locale;
}

/** The server settings the router and commands read: cached, so an interaction rarely waits on the store. */
interface ServerSettingsService {
  /** The server's language for public answers, if a moderator set one. */
  languageOf(guildId: string): Promise<Locale | undefined>;
  /** Sets (or, with undefined, clears) the language; `by` is the moderator, kept with the setting. */
  setLanguage(guildId: string, locale: Locale | undefined, by?: string): Promise<void>;
}

/** The language to answer in, and the words and facts in it. */
export function answerLanguage(context: Pick<CommandContext, 'locale'>): Locale {
  return context.locale ?? 'en';
}
export function readerLanguage(context: Pick<CommandContext, 'locale' | 'readerLocale'>): Locale {
  return context.readerLocale ?? context.locale ?? 'en';
}

export type AutocompleteChoice = APIApplicationCommandOptionChoice<string>;

/** A slash command: /status, /ask. */
export interface SlashCommand {
  kind?: 'slash';
  /** The registered definition, as sent to Discord. */
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Example invocations shown by /help. */
  examples: readonly string[];
  /** Every reply is ephemeral, so a deferral ("thinking…") is shown only to the user too. */
  ephemeralReplies?: boolean;
  /**
   * How often one user may run this invocation; commands without it get `defaultCooldown`. A function
   * so that an expensive subcommand (/digest test posts to a channel) can be held tighter.
   */
  cooldown?(interaction: ChatInputCommandInteraction): CooldownRule;
  /** Parses options, asks the query layer and returns the reply; the router sends it. */
  execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<ReplyPayload>;
  autocomplete?(interaction: AutocompleteInteraction, context: CommandContext): Promise<AutocompleteChoice[]>;
  /**
   * Buttons of this command's own, outside the answer views of custom-ids.ts (a "Stop watching"
   * button under a message the bot posted). The router asks `claims` (parse the id as user input: it
   * is), then, within the command's cooldown and deferral, `answer`, sent privately to whoever pressed.
   */
  ownButtons?: {
    claims(customId: string): boolean;
    answer(customId: string, userId: string, context: CommandContext): Promise<ReplyPayload>;
  };
}

export interface MessageCommand {
  kind: 'message';
  /** The registered definition: type 3, a name people read in the message's Apps menu. */
  data: RESTPostAPIContextMenuApplicationCommandsJSONBody & { type: ApplicationCommandType.Message };
  /** How to use it, shown by /help. */
  examples: readonly string[];
  ephemeralReplies?: boolean;
  /** How often one user may use it; without it, `defaultCooldown`. */
  cooldownRule?: CooldownRule;
  /** Reads the target message and returns the reply; the router sends it. */
  execute(interaction: MessageContextMenuCommandInteraction, context: CommandContext): Promise<ReplyPayload>;
}

export type Command = SlashCommand | MessageCommand;

export function isSlashCommand(command: Command): command is SlashCommand {
  return command.kind !== 'message';
}

export function isMessageCommand(command: Command): command is MessageCommand {
  return command.kind === 'message';
}
