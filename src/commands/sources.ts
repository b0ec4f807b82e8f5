import { SlashCommandBuilder } from 'discord.js';
import { buildSourcesBrief } from '../briefs/sources-brief.js';
import type { FactStore } from '../data/fact-store.js';
import { type ReplyPayload, renderBriefEmbed } from '../render/discord-embed.js';
import type { Command } from './command.js';
import { pageOption } from './page-option.js';

export function sourcesReply(facts: FactStore, page = 1): ReplyPayload {
  return renderBriefEmbed(buildSourcesBrief(facts), { page });
}

export const sourcesCommand: Command = {
  data: new SlashCommandBuilder()
    .setName('sources')
    .setDescription('Where the facts come from, and how dates are labelled')
    .addIntegerOption(pageOption)
    .toJSON(),
  examples: ['/sources'],
  async execute(interaction, { facts }) {
    return sourcesReply(facts, interaction.options.getInteger('page') ?? 1);
  },
};
