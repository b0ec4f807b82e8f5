import { SlashCommandBuilder } from 'discord.js';
import { buildStatusBrief } from '../briefs/status-brief.js';
import type { FactStore } from '../data/fact-store.js';
import { type ReplyPayload, renderBriefEmbed, renderUserError } from '../render/discord-embed.js';
import { quoteUserInput } from '../text.js';
import { didYouMean, placeChoices } from './choices.js';
import type { Command } from './command.js';
import { pageOption } from './page-option.js';

export function statusReply(facts: FactStore, region: string, page = 1): ReplyPayload {
  const place = facts.resolvePlace(region);
  if (!place) {
    return renderUserError(
      `I don't know a place called ${quoteUserInput(region)}.${didYouMean(facts.suggestPlaces(region, 3))} Pick a place from the list as you type.`,
    );
  }
  return renderBriefEmbed(buildStatusBrief(facts, place), { page });
}

export const statusCommand: Command = {
  data: new SlashCommandBuilder()
    .setName('status')
    .setDescription('The situation in a place: who claims what, with status and source')
    .addStringOption((option) =>
      option
        .setName('region')
        .setDescription('A region, town or village, e.g. Kursk, Sudzha, Sumy')
        .setRequired(true)
        .setMaxLength(100)
        .setAutocomplete(true),
    )
    .addIntegerOption(pageOption)
    .toJSON(),
  examples: ['/status region:Sudzha', '/status region:Kursk page:2'],
  async execute(interaction, { facts }) {
    return statusReply(
      facts,
      interaction.options.getString('region', true),
      interaction.options.getInteger('page') ?? 1,
    );
  },
  async autocomplete(interaction, { facts }) {
    return placeChoices(facts, interaction.options.getFocused());
  },
};
