import { SlashCommandBuilder } from 'discord.js';
import { buildSourcesBrief } from '../briefs/sources-brief.js';
import type { FactStore } from '../data/fact-store.js';
import { buttonRows, withComponents } from '../render/discord-components.js';
import { type ReplyPayload, renderBriefEmbed, renderUserError } from '../render/discord-embed.js';
import { quoteUserInput } from '../text.js';
import { pagerFor, storedPageCount, viewButton } from './answer-controls.js';
import { didYouMean, placeChoices } from './choices.js';
import type { SlashCommand } from './command.js';
import { pageOption } from './page-option.js';

export function sourcesReply(facts: FactStore, page = 1, region?: string | null): ReplyPayload {
  const place = region ? facts.resolvePlace(region) : undefined;
  if (region && !place) {
    return renderUserError(
      `I don't know a place called ${quoteUserInput(region)}.${didYouMean(facts.suggestPlaces(region, 3))} Leave the region empty for every source.`,
    );
  }
  const pageCount = storedPageCount(facts, `sources:${place?.id ?? '*'}`, () =>
    buildSourcesBrief(facts, place),
  );
  const reply = renderBriefEmbed(buildSourcesBrief(facts, place), { page, pageCount });
  return withComponents(
    reply,
    buttonRows([
      ...pagerFor(facts, { kind: 'sources', placeId: place?.id, page }, pageCount),
      ...(place
        ? [
            ...viewButton(facts, 'Situation', { kind: 'status', placeId: place.id, page: 1 }),
            ...viewButton(facts, 'Timeline', { kind: 'timeline', placeId: place.id, page: 1 }),
          ]
        : []),
    ]),
  );
}

export const sourcesCommand: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('sources')
    .setDescription('Where the facts come from, and how dates are labelled')
    .addIntegerOption(pageOption)
    .addStringOption((option) =>
      option
        .setName('region')
        .setDescription('Only the sources of statements about this place')
        .setMaxLength(100)
        .setAutocomplete(true),
    )
    .toJSON(),
  examples: ['/sources', '/sources region:Sudzha'],
  async execute(interaction, { facts }) {
    return sourcesReply(
      facts,
      interaction.options.getInteger('page') ?? 1,
      interaction.options.getString('region'),
    );
  },
  async autocomplete(interaction, { facts }) {
    return placeChoices(facts, interaction.options.getFocused());
  },
};
