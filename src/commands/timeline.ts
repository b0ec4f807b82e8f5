import { SlashCommandBuilder } from 'discord.js';
import { buildTimelineBrief } from '../briefs/timeline-brief.js';
import type { FactStore } from '../data/fact-store.js';
import { buttonRows, withComponents } from '../render/discord-components.js';
import { type ReplyPayload, renderBriefEmbed, renderUserError } from '../render/discord-embed.js';
import { quoteUserInput } from '../text.js';
import { pagerFor, storedPageCount, viewButton } from './answer-controls.js';
import { didYouMean, placeChoices } from './choices.js';
import type { SlashCommand } from './command.js';
import { pageOption } from './page-option.js';

export function timelineReply(facts: FactStore, region?: string | null, page = 1): ReplyPayload {
  const place = region ? facts.resolvePlace(region) : undefined;
  if (region && !place) {
    return renderUserError(
      `I don't know a place called ${quoteUserInput(region)}.${didYouMean(facts.suggestPlaces(region, 3))} Leave the region empty for the whole timeline.`,
    );
  }
  const pageCount = storedPageCount(facts, `timeline:${place?.id ?? '*'}`, () =>
    buildTimelineBrief(facts, place),
  );
  const reply = renderBriefEmbed(buildTimelineBrief(facts, place), { page, pageCount });
  return withComponents(
    reply,
    buttonRows([
      ...pagerFor(facts, { kind: 'timeline', placeId: place?.id, page }, pageCount),
      ...(place
        ? [
            ...viewButton(facts, 'Situation', { kind: 'status', placeId: place.id, page: 1 }),
            ...viewButton(facts, 'Sources', { kind: 'sources', placeId: place.id, page: 1 }),
          ]
        : []),
    ]),
  );
}

export const timelineCommand: SlashCommand = {
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
