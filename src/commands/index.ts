// The command set, listed explicitly: registration, routing and /help all read this array. Where each
// command may be used is said here too, for every command in one place.
import { ApplicationIntegrationType, InteractionContextType } from 'discord.js';
import { localizeCommands } from '../i18n/command-localizations.js';
import { askCommand } from './ask.js';
import { ceasefireCommand } from './ceasefire.js';
import { checkMessageCommand } from './check-message.js';
import type { Command } from './command.js';
import { digestCommand } from './digest.js';
import { createHelpCommand } from './help.js';
import { settingsCommand } from './settings.js';
import { sourcesCommand } from './sources.js';
import { statusCommand } from './status.js';
import { timelineCommand } from './timeline.js';
import { topicCommand } from './topic.js';
import { watchCommand } from './watch.js';
import { whoCommand } from './who.js';

interface Availability {
  /** Installed to a server (0), to a user's account (1). */
  integration_types: ApplicationIntegrationType[];
  /** Used in a server (0), in a DM with the bot (1), in group DMs and other people's DMs (2). */
  contexts: InteractionContextType[];
}

/** The query commands: a user who installed sitrep can ask anywhere, servers and DMs alike. */
const anywhere: Availability = {
  integration_types: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
  contexts: [
    InteractionContextType.Guild,
    InteractionContextType.BotDM,
    InteractionContextType.PrivateChannel,
  ],
};

/** Digests post to a server's channels: only where sitrep was added to the server. */
const inServersWithSitrep: Availability = {
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild],
};

/** The command where it may be used, its names and descriptions in Ukrainian and Russian too. */
function availableIn<T extends Command>(availability: Availability, command: T): T {
  const [data] = localizeCommands([{ ...command.data, ...availability }]);
  return { ...command, data: data as T['data'] };
}

export const commands: readonly Command[] = [
  availableIn(anywhere, statusCommand),
  availableIn(anywhere, ceasefireCommand),
  availableIn(anywhere, topicCommand),
  availableIn(anywhere, whoCommand),
  availableIn(anywhere, timelineCommand),
  availableIn(anywhere, askCommand),
  availableIn(anywhere, sourcesCommand),
  availableIn(inServersWithSitrep, digestCommand),
  // A server's own settings: only where sitrep was added to the server.
  availableIn(inServersWithSitrep, settingsCommand),
  // Watches are personal (a DM per reload): anyone may keep them, wherever they ask.
  availableIn(anywhere, watchCommand),
  availableIn(
    anywhere,
    createHelpCommand(() => commands),
  ),
  availableIn(anywhere, checkMessageCommand),
];
