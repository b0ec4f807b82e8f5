import { SlashCommandBuilder } from 'discord.js';
import { buildTimelineBrief } from '../briefs/timeline-brief.js';
import type { FactStore } from '../data/fact-store.js';
import { type ReplyPayload, renderBriefEmbed, renderUserError } from '../render/discord-embed.js';
import { quoteUserInput } from '../text.js';
import { didYouMean, placeChoices } from './choices.js';
import type { Command } from './command.js';
import { pageOption } from './page-option.js';

export function timelineReply(facts: FactStore, region?: string | null, page = 1): ReplyPayload {
  if (!region) return renderBriefEmbed(buildTimelineBrief(facts), { page });
  const place = facts.resolvePlace(region);
  if (!place) {
    return renderUserError(
      `I don't know a place called ${quoteUserInput(region)}.${didYouMean(facts.suggestPlaces(region, 3))} Leave the region empty for the whole timeline.`,
    );
  }
  return renderBriefEmbed(buildTimelineBrief(facts, place), { page });
}

export const timelineCommand: Command = {
  data: new SlashCommandBuilder()
    .setName('timeline')
    .setDescription('Dated events and statements, oldest first, with where each date comes from')
    .addStringOption((option) =>
      option.setName('region').setDescription('Only this place').setMaxLength(100).setAutocomplete(true),
    )
    .addIntegerOption(pageOption)
    .toJSON(),
  examples: ['/timeline', '/timeline region:Sudzha'],
  async execute(interaction, { facts }) {
    return timelineReply(
      facts,
      interaction.options.getString('region'),
      interaction.options.getInteger('page') ?? 1,
    );
  },
  async autocomplete(interaction, { facts }) {
    return placeChoices(facts, interaction.options.getFocused());
  },
};
