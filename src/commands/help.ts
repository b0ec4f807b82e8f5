import { ApplicationCommandOptionType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { type Brief, type BriefLine, listSection } from '../briefs/brief.js';
import { type ReplyPayload, renderBriefEmbed } from '../render/discord-embed.js';
import { type Command, isSlashCommand, type SlashCommand } from './command.js';

function slashCommandLine(command: SlashCommand): BriefLine {
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
  const serverOnly = !(command.data.contexts ?? []).includes(InteractionContextType.BotDM);
  return {
    text: `**/${command.data.name}** ${options} ${command.data.description}.${examples ? ` e.g. ${examples}` : ''}${serverOnly ? ' (in a server only)' : ''}`,
    responses: [],
  };
}

/** Built from the registered definitions, so help never drifts from what Discord shows. */
function buildHelpBrief(commands: readonly Command[]): Brief {
  return {
    title: 'sitrep: how to use it',
    intro:
      'sitrep answers questions about the Kursk/Sumy front from a store of short statements, each with who says it, when, its status (claimed, denied, not confirmed...) and its source. It never turns one side’s claim into a fact.',
    sections: [
      listSection(
        'Commands',
        commands.map((command) =>
          isSlashCommand(command)
            ? slashCommandLine(command)
            : {
                text: `**${command.data.name}** (on any message: Apps in its menu) ${command.examples.join(' ')}`,
                responses: [],
              },
        ),
      ),
      listSection('Buttons and menus', [
        {
          text: 'Long answers have **◀ Previous** and **Next ▶** buttons; /status has a menu of the places inside a region and buttons for the place’s timeline and sources; /ask has **More related** when the answer left statements out.',
          responses: [],
        },
        {
          text: 'Only the person who asked turns the pages of an answer everyone sees. Anyone else who presses a button gets the same view privately.',
          responses: [],
        },
      ]),
      listSection('Where it works', [
        {
          text: 'Add sitrep to a server, or to your own account to use it anywhere: in servers, in a DM with sitrep and in group DMs. Digests need sitrep added to the server.',
          responses: [],
        },
        {
          text: 'Where a server does not allow external apps, Discord shows sitrep’s answers only to you.',
          responses: [],
        },
      ]),
    ],
    tone: 'info',
  };
}

export function helpReply(commands: readonly Command[]): ReplyPayload {
  return renderBriefEmbed(buildHelpBrief(commands), { ephemeral: true });
}

export function createHelpCommand(listCommands: () => readonly Command[]): SlashCommand {
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
