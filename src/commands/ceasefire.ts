import { SlashCommandBuilder } from 'discord.js';
import { buildCeasefireBrief, ceasefireParties, resolveCeasefireParty } from '../briefs/ceasefire-brief.js';
import type { FactStore } from '../data/fact-store.js';
import { type ReplyPayload, renderBriefEmbed, renderUserError } from '../render/discord-embed.js';
import { quoteUserInput } from '../text.js';
import type { SlashCommand } from './command.js';

export function ceasefireReply(facts: FactStore, party?: string | null): ReplyPayload {
  if (!party) return renderBriefEmbed(buildCeasefireBrief(facts));
  const resolved = resolveCeasefireParty(party);
  if (!resolved) {
    return renderUserError(
      `${quoteUserInput(party)} is not a party I track. Choose one of: ${Object.values(ceasefireParties)
        .map((entry) => entry.label)
        .join(', ')}.`,
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
  async execute(interaction, { facts }) {
    return ceasefireReply(facts, interaction.options.getString('party'));
  },
};
