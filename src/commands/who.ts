import { SlashCommandBuilder } from 'discord.js';
import { buildActorBrief } from '../briefs/actor-brief.js';
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

/** The /who answer, in the language of `facts` (a store from `FactStore.in`). */
export function whoReply(facts: FactStore, name: string, page = 1): ReplyPayload {
  const words = wordsIn(facts.locale);
  const actor = facts.resolveActor(name);
  if (!actor) {
    return renderUserError(
      words.t('briefs.commands.who.unknownActor', {
        actor: quoteUserInput(name),
        didYouMean: didYouMean(facts.suggestActors(name, 3), words),
      }),
    );
  }
  const pageCount = storedPageCount(facts, `who:${actor.id}`, () => buildActorBrief(facts, actor));
  const reply = renderBriefEmbed(buildActorBrief(facts, actor), { page, pageCount });
  return withComponents(reply, [
    selectMenuRow({
      customId: pickMenuId(facts),
      placeholder: words.t('commands.menu.whoPlaceholder', { actor: actor.name }),
      options: entityMenuOptions(
        facts,
        `who:${actor.id}`,
        facts.factsForActor(actor.id),
        { topics: true, places: true },
        words.t('commands.menu.fromActor', { actor: actor.name }),
      ),
    }),
    ...buttonRows(pagerFor(facts, { kind: 'who', actorId: actor.id, page }, pageCount)),
  ]);
}

export function actorChoices(facts: FactStore, typed: string): AutocompleteChoice[] {
  return choicesFromMatches(
    facts.suggestActors(typed, DiscordLimits.autocompleteChoices),
    undefined,
    wordsIn(facts.locale),
  );
}

export const whoCommand: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('who')
    .setDescription('What one actor asserts: a ministry, a leader, intelligence reports, analysts')
    .addStringOption((option) =>
      option
        .setName('actor')
        .setDescription('Who, e.g. Russia’s Defence Ministry or Zelenskyy')
        .setRequired(true)
        .setMaxLength(100)
        .setAutocomplete(true),
    )
    .addIntegerOption(pageOption)
    .toJSON(),
  examples: ["/who actor:Russia's Defence Ministry"],
  async execute(interaction, context) {
    return whoReply(
      context.facts.in(answerLanguage(context)),
      interaction.options.getString('actor', true),
      interaction.options.getInteger('page') ?? 1,
    );
  },
  async autocomplete(interaction, context) {
    return actorChoices(context.facts.in(readerLanguage(context)), interaction.options.getFocused());
  },
};
