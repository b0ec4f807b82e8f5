import { SlashCommandBuilder } from 'discord.js';
import {
  buildCeasefireBrief,
  ceasefireParties,
  ceasefirePartyLabel,
  resolveCeasefireParty,
} from '../briefs/ceasefire-brief.js';
import type { FactStore } from '../data/fact-store.js';
import { wordsIn } from '../i18n/words.js';
import { type ReplyPayload, renderBriefEmbed, renderUserError } from '../render/discord-embed.js';
import { quoteUserInput } from '../text.js';
import { answerLanguage, type SlashCommand } from './command.js';

/** The /ceasefire answer, in the language of `facts` (a store from `FactStore.in`). */
export function ceasefireReply(facts: FactStore, party?: string | null): ReplyPayload {
  if (!party) return renderBriefEmbed(buildCeasefireBrief(facts));
  const resolved = resolveCeasefireParty(party);
  if (!resolved) {
    const words = wordsIn(facts.locale);
    return renderUserError(
      words.t('briefs.commands.ceasefire.unknownParty', {
        party: quoteUserInput(party),
        parties: (Object.keys(ceasefireParties) as (keyof typeof ceasefireParties)[])
          .map((key) => ceasefirePartyLabel(key, words))
          .join(', '),
      }),
    );
  }
  return renderBriefEmbed(buildCeasefireBrief(facts, resolved));
}

export const ceasefireCommand: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('ceasefire')
    .setDescription('The state of ceasefire diplomacy: each party’s position, attributed')
    .addStringOption((option) =>
      option
        .setName('party')
        .setDescription('Only this party’s position')
        .addChoices(Object.entries(ceasefireParties).map(([value, { label }]) => ({ name: label, value }))),
    )
    .toJSON(),
  examples: ['/ceasefire', '/ceasefire party:Russia'],
  async execute(interaction, context) {
    return ceasefireReply(context.facts.in(answerLanguage(context)), interaction.options.getString('party'));
  },
};
