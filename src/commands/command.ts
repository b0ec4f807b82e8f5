// What every slash command module exports, and the context its handlers receive.
import type {
  APIApplicationCommandOptionChoice,
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { FactStore } from '../data/fact-store.js';
import type { DigestService } from '../delivery/digest-service.js';
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
}

export type AutocompleteChoice = APIApplicationCommandOptionChoice<string>;

export interface Command {
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
}
