import { SlashCommandBuilder } from 'discord.js';
import { buildTopicBrief } from '../briefs/topic-brief.js';
import type { FactStore } from '../data/fact-store.js';
import { buttonRows, selectMenuRow, withComponents } from '../render/discord-components.js';
import { type ReplyPayload, renderBriefEmbed, renderUserError } from '../render/discord-embed.js';
import { DiscordLimits } from '../render/discord-limits.js';
import { quoteUserInput } from '../text.js';
import { entityMenuOptions, pagerFor, pickMenuId, storedPageCount } from './answer-controls.js';
import { choicesFromMatches, didYouMean } from './choices.js';
import type { AutocompleteChoice, SlashCommand } from './command.js';
import { pageOption } from './page-option.js';

export function topicReply(facts: FactStore, name: string, page = 1): ReplyPayload {
  const topic = facts.resolveTopic(name);
  if (!topic) {
    return renderUserError(
      `I don't have a topic called ${quoteUserInput(name)}.${didYouMean(facts.suggestTopics(name, 3))} Topics: ${facts.topics
        .map((entry) => entry.name)
        .join(', ')}.`,
    );
  }
  const pageCount = storedPageCount(facts, `topic:${topic.id}`, () => buildTopicBrief(facts, topic));
  const reply = renderBriefEmbed(buildTopicBrief(facts, topic), { page, pageCount });
  return withComponents(reply, [
    selectMenuRow({
      customId: pickMenuId(facts),
      placeholder: `Who speaks on ${topic.name}, and where: pick one`,
      options: entityMenuOptions(
        facts,
        `topic:${topic.id}`,
        facts.factsForTopic(topic.id),
        { places: true, actors: true },
        'on this topic',
      ),
    }),
    ...buttonRows(pagerFor(facts, { kind: 'topic', topicId: topic.id, page }, pageCount)),
  ]);
}

export function topicChoices(facts: FactStore, typed: string): AutocompleteChoice[] {
  return choicesFromMatches(facts.suggestTopics(typed, DiscordLimits.autocompleteChoices));
}

export const topicCommand: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('topic')
    .setDescription('Everything the store holds on one topic, e.g. North Korea or evacuations')
    .addStringOption((option) =>
      option
        .setName('name')
        .setDescription('The topic')
        .setRequired(true)
        .setMaxLength(100)
        .setAutocomplete(true),
    )
    .addIntegerOption(pageOption)
    .toJSON(),
  examples: ["/topic name:North Korea's involvement"],
  async execute(interaction, { facts }) {
    return topicReply(
      facts,
      interaction.options.getString('name', true),
      interaction.options.getInteger('page') ?? 1,
    );
  },
  async autocomplete(interaction, { facts }) {
    return topicChoices(facts, interaction.options.getFocused());
  },
};
