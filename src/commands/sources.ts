import { SlashCommandBuilder } from 'discord.js';
import { buildSourcesBrief } from '../briefs/sources-brief.js';
import type { FactStore } from '../data/fact-store.js';
import { wordsIn } from '../i18n/words.js';
import { buttonRows, withComponents } from '../render/discord-components.js';
import { type ReplyPayload, renderBriefEmbed, renderUserError } from '../render/discord-embed.js';
import { quoteUserInput } from '../text.js';
import { pagerFor, storedPageCount, viewButton } from './answer-controls.js';
import { didYouMean, placeChoices } from './choices.js';
import { answerLanguage, readerLanguage, type SlashCommand } from './command.js';
import { pageOption } from './page-option.js';

/** The /sources answer, in the language of `facts` (a store from `FactStore.in`). */
export function sourcesReply(facts: FactStore, page = 1, region?: string | null): ReplyPayload {
  const words = wordsIn(facts.locale);
  const place = region ? facts.resolvePlace(region) : undefined;
  if (region && !place) {
    return renderUserError(
      words.t('briefs.commands.sources.unknownPlace', {
        place: quoteUserInput(region),
        didYouMean: didYouMean(facts.suggestPlaces(region, 3), words),
      }),
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
            ...viewButton(facts, words.t('commands.controls.situation'), {
              kind: 'status',
              placeId: place.id,
              page: 1,
            }),
            ...viewButton(facts, words.t('commands.controls.timeline'), {
              kind: 'timeline',
              placeId: place.id,
              page: 1,
            }),
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
  async execute(interaction, context) {
    return sourcesReply(
      context.facts.in(answerLanguage(context)),
      interaction.options.getInteger('page') ?? 1,
      interaction.options.getString('region'),
    );
  },
  async autocomplete(interaction, context) {
    return placeChoices(context.facts.in(readerLanguage(context)), interaction.options.getFocused());
  },
};
