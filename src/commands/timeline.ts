import { SlashCommandBuilder } from 'discord.js';
import { buildTimelineBrief } from '../briefs/timeline-brief.js';
import type { FactStore } from '../data/fact-store.js';
import type { ReplyPayload } from '../render/discord-embed.js';
import { placeChoices } from './choices.js';
import { answerLanguage, readerLanguage, type SlashCommand } from './command.js';
import { pageOption } from './page-option.js';
import { placeListReply } from './place-list-reply.js';

/** The /timeline answer, in the language of `facts` (a store from `FactStore.in`). */
export function timelineReply(facts: FactStore, region?: string | null, page = 1): ReplyPayload {
  return placeListReply(facts, 'timeline', buildTimelineBrief, region, page);
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
