import { SlashCommandBuilder } from 'discord.js';
import { buildAnswerBrief } from '../briefs/answer-brief.js';
import type { FactStore } from '../data/fact-store.js';
import { type ReplyPayload, renderBriefEmbed, renderUserError } from '../render/discord-embed.js';
import type { Command } from './command.js';

const maxQuestionLength = 300;

export function askReply(facts: FactStore, question: string): ReplyPayload {
  if (question.trim() === '')
    return renderUserError('Ask a question in words, e.g. `/ask how far can the long neptune strike`.');
  const brief = buildAnswerBrief(facts, question.slice(0, maxQuestionLength));
  return renderBriefEmbed(brief, { ephemeral: brief.tone === 'notice' });
}

export const askCommand: Command = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask in your own words; sitrep answers with the matching attributed statements')
    .addStringOption((option) =>
      option
        .setName('question')
        .setDescription('e.g. how far can the long neptune strike')
        .setRequired(true)
        .setMaxLength(maxQuestionLength),
    )
    .toJSON(),
  examples: ['/ask question:how far can the long neptune strike'],
  // Full-text search is the most expensive query.
  cooldown: () => ({ uses: 5, perSeconds: 20 }),
  async execute(interaction, { facts }) {
    return askReply(facts, interaction.options.getString('question', true));
  },
};
