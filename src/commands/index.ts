// The command set, listed explicitly: registration, routing and /help all read this array. Where each
// command may be used is said here too, for every command in one place.
import { ApplicationIntegrationType, InteractionContextType } from 'discord.js';
import { askCommand } from './ask.js';
import { ceasefireCommand } from './ceasefire.js';
import { checkMessageCommand } from './check-message.js';
import type { Command } from './command.js';
import { digestCommand } from './digest.js';
import { createHelpCommand } from './help.js';
import { sourcesCommand } from './sources.js';
import { statusCommand } from './status.js';
import { timelineCommand } from './timeline.js';
import { topicCommand } from './topic.js';
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

function availableIn<T extends Command>(availability: Availability, command: T): T {
  return { ...command, data: { ...command.data, ...availability } };
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
  availableIn(
    anywhere,
    createHelpCommand(() => commands),
  ),
  availableIn(anywhere, checkMessageCommand),
];
