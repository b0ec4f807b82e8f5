import { SlashCommandBuilder } from 'discord.js';
import { buildAnswerBrief, buildRelatedBrief } from '../briefs/answer-brief.js';
import type { FactStore } from '../data/fact-store.js';
import { type ReplyPayload, renderBriefEmbed, renderUserError } from '../render/discord-embed.js';
import type { Command } from './command.js';
import { pageOption } from './page-option.js';

const maxQuestionLength = 300;

/**
 * Page 1 is the answer: a lead built from stored statements and the few statements behind it. Page 2
 * onwards lists the related statements the answer left out.
 */
export function askReply(facts: FactStore, question: string, page = 1): ReplyPayload {
  if (question.trim() === '')
    return renderUserError('Ask a question in words, e.g. `/ask how far can the long neptune strike`.');
  const asked = question.slice(0, maxQuestionLength);
  if (page > 1) {
    const related = buildRelatedBrief(facts, asked);
    return renderBriefEmbed(related, { page: page - 1, ephemeral: related.tone === 'notice' });
  }
  const brief = buildAnswerBrief(facts, asked);
  return renderBriefEmbed(brief, { ephemeral: brief.tone === 'notice' });
}

export const askCommand: Command = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask in your own words; sitrep answers from the attributed statements it holds')
    .addStringOption((option) =>
      option
        .setName('question')
        .setDescription('e.g. how far can the long neptune strike')
        .setRequired(true)
        .setMaxLength(maxQuestionLength),
    )
    .addIntegerOption(pageOption)
    .toJSON(),
  examples: ['/ask question:how far can the long neptune strike', '/ask question:did russia retake sudzha'],
  // Full-text search is the most expensive query.
  cooldown: () => ({ uses: 5, perSeconds: 20 }),
  async execute(interaction, { facts }) {
    return askReply(
      facts,
      interaction.options.getString('question', true),
      interaction.options.getInteger('page') ?? 1,
    );
  },
};
