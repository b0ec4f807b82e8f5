import { SlashCommandBuilder } from 'discord.js';
import { buildTopicBrief } from '../briefs/topic-brief.js';
import type { FactStore } from '../data/fact-store.js';
import { wordsIn } from '../i18n/words.js';
import { buttonRows, selectMenuRow, withComponents } from '../render/discord-components.js';
import { type ReplyPayload, renderBriefEmbed, renderUserError } from '../render/discord-embed.js';
import { DiscordLimits } from '../render/discord-limits.js';
import { quoteUserInput } from '../text.js';
import { entityMenuOptions, pagerFor, pickMenuId, storedPageCount } from './answer-controls.js';
import { choicesFromMatches, didYouMean } from './choices.js';
import { type AutocompleteChoice, answerLanguage, readerLanguage, type SlashCommand } from './command.js';
import { pageOption } from './page-option.js';

/** The /topic answer, in the language of `facts` (a store from `FactStore.in`). */
export function topicReply(facts: FactStore, name: string, page = 1): ReplyPayload {
  const words = wordsIn(facts.locale);
  const topic = facts.resolveTopic(name);
  if (!topic) {
    return renderUserError(
      words.t('briefs.commands.topic.unknownTopic', {
        topic: quoteUserInput(name),
        didYouMean: didYouMean(facts.suggestTopics(name, 3), words),
        topics: facts.topics.map((entry) => entry.name).join(', '),
      }),
    );
  }
  const pageCount = storedPageCount(facts, `topic:${topic.id}`, () => buildTopicBrief(facts, topic));
  const reply = renderBriefEmbed(buildTopicBrief(facts, topic), { page, pageCount });
  return withComponents(reply, [
    selectMenuRow({
      customId: pickMenuId(facts),
      placeholder: words.t('commands.menu.topicPlaceholder', { topic: topic.name }),
      options: entityMenuOptions(
        facts,
        `topic:${topic.id}`,
        facts.factsForTopic(topic.id),
        { places: true, actors: true },
        words.t('commands.menu.onThisTopic'),
      ),
    }),
    ...buttonRows(pagerFor(facts, { kind: 'topic', topicId: topic.id, page }, pageCount)),
  ]);
}

export function topicChoices(facts: FactStore, typed: string): AutocompleteChoice[] {
  return choicesFromMatches(
    facts.suggestTopics(typed, DiscordLimits.autocompleteChoices),
    undefined,
    wordsIn(facts.locale),
  );
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
  async execute(interaction, context) {
    return topicReply(
      context.facts.in(answerLanguage(context)),
      interaction.options.getString('name', true),
      interaction.options.getInteger('page') ?? 1,
    );
  },
  async autocomplete(interaction, context) {
    return topicChoices(context.facts.in(readerLanguage(context)), interaction.options.getFocused());
  },
};
