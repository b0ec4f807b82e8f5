// The command set, listed explicitly: registration, routing and /help all read this array.
import { askCommand } from './ask.js';
import { ceasefireCommand } from './ceasefire.js';
import type { Command } from './command.js';
import { digestCommand } from './digest.js';
import { createHelpCommand } from './help.js';
import { sourcesCommand } from './sources.js';
import { statusCommand } from './status.js';
import { timelineCommand } from './timeline.js';
import { topicCommand } from './topic.js';
import { whoCommand } from './who.js';

export const commands: readonly Command[] = [
  statusCommand,
  ceasefireCommand,
  topicCommand,
  whoCommand,
  timelineCommand,
  askCommand,
  sourcesCommand,
  digestCommand,
  createHelpCommand(() => commands),
];
