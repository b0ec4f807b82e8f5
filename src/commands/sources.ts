import { SlashCommandBuilder } from 'discord.js';
import { buildSourcesBrief } from '../briefs/sources-brief.js';
import type { FactStore } from '../data/fact-store.js';
import type { ReplyPayload } from '../render/discord-embed.js';
import { placeChoices } from './choices.js';
import { answerLanguage, readerLanguage, type SlashCommand } from './command.js';
import { pageOption } from './page-option.js';
import { placeListReply } from './place-list-reply.js';

/** The /sources answer, in the language of `facts` (a store from `FactStore.in`). */
export function sourcesReply(facts: FactStore, page = 1, region?: string | null): ReplyPayload {
  return placeListReply(facts, 'sources', buildSourcesBrief, region, page);
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
