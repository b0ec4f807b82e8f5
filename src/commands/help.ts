import { ApplicationCommandOptionType, SlashCommandBuilder } from 'discord.js';
import { type Brief, listSection } from '../briefs/brief.js';
import { type ReplyPayload, renderBriefEmbed } from '../render/discord-embed.js';
import type { Command } from './command.js';

/** Built from the registered definitions, so help never drifts from what Discord shows. */
function buildHelpBrief(commands: readonly Command[]): Brief {
  return {
    title: 'sitrep: how to use it',
    intro:
      'sitrep answers questions about the Kursk/Sumy front from a store of short statements, each with who says it, when, its status (claimed, denied, not confirmed...) and its source. It never turns one side’s claim into a fact.',
    sections: [
      listSection(
        'Commands',
        commands.map((command) => {
          const all = command.data.options ?? [];
          const subcommands = all.filter((option) => option.type === ApplicationCommandOptionType.Subcommand);
          const options =
            subcommands.length > 0
              ? subcommands.map((option) => option.name).join('|')
              : all
                  .map((option) =>
                    'required' in option && option.required ? `${option.name}:` : `[${option.name}:]`,
                  )
                  .join(' ');
          const examples = command.examples.map((example) => `\`${example}\``).join(', ');
          return {
            text: `**/${command.data.name}** ${options} ${command.data.description}.${examples ? ` e.g. ${examples}` : ''}`,
            responses: [],
          };
        }),
      ),
    ],
    tone: 'info',
  };
}

export function helpReply(commands: readonly Command[]): ReplyPayload {
  return renderBriefEmbed(buildHelpBrief(commands), { ephemeral: true });
}

export function createHelpCommand(listCommands: () => readonly Command[]): Command {
  return {
    data: new SlashCommandBuilder()
      .setName('help')
      .setDescription('What sitrep does and how to ask it')
      .toJSON(),
    examples: ['/help'],
    async execute() {
      return helpReply(listCommands());
    },
  };
}
