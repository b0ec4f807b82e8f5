import { SlashCommandBuilder } from 'discord.js';
import { buildTimelineBrief } from '../briefs/timeline-brief.js';
import type { FactStore } from '../data/fact-store.js';
import { wordsIn } from '../i18n/words.js';
import { buttonRows, withComponents } from '../render/discord-components.js';
import { type ReplyPayload, renderBriefEmbed, renderUserError } from '../render/discord-embed.js';
import { quoteUserInput } from '../text.js';
import { pagerFor, storedPageCount, viewButton } from './answer-controls.js';
import { didYouMean, placeChoices } from './choices.js';
import { answerLanguage, readerLanguage, type SlashCommand } from './command.js';
import { pageOption } from './page-option.js';

/** The /timeline answer, in the language of `facts` (a store from `FactStore.in`). */
export function timelineReply(facts: FactStore, region?: string | null, page = 1): ReplyPayload {
  const words = wordsIn(facts.locale);
  const place = region ? facts.resolvePlace(region) : undefined;
  if (region && !place) {
    return renderUserError(
      words.t('briefs.commands.timeline.unknownPlace', {
        place: quoteUserInput(region),
        didYouMean: didYouMean(facts.suggestPlaces(region, 3), words),
      }),
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
            ...viewButton(facts, words.t('commands.controls.situation'), {
              kind: 'status',
              placeId: place.id,
              page: 1,
            }),
            ...viewButton(facts, words.t('commands.controls.sources'), {
              kind: 'sources',
              placeId: place.id,
              page: 1,
            }),
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
  async execute(interaction, context) {
    return timelineReply(
      context.facts.in(answerLanguage(context)),
      interaction.options.getString('region'),
      interaction.options.getInteger('page') ?? 1,
    );
  },
  async autocomplete(interaction, context) {
    return placeChoices(context.facts.in(readerLanguage(context)), interaction.options.getFocused());
  },
};
