import { SlashCommandBuilder } from 'discord.js';
import { buildActorBrief } from '../briefs/actor-brief.js';
import type { FactStore } from '../data/fact-store.js';
import { buttonRows, selectMenuRow, withComponents } from '../render/discord-components.js';
import { type ReplyPayload, renderBriefEmbed, renderUserError } from '../render/discord-embed.js';
import { DiscordLimits } from '../render/discord-limits.js';
import { quoteUserInput } from '../text.js';
import { entityMenuOptions, pagerFor, pickMenuId, storedPageCount } from './answer-controls.js';
import { choicesFromMatches, didYouMean } from './choices.js';
import type { AutocompleteChoice, SlashCommand } from './command.js';
import { pageOption } from './page-option.js';

export function whoReply(facts: FactStore, name: string, page = 1): ReplyPayload {
  const actor = facts.resolveActor(name);
  if (!actor) {
    return renderUserError(
      `I have no statements from ${quoteUserInput(name)}.${didYouMean(facts.suggestActors(name, 3))} Pick a name from the list as you type.`,
    );
  }
  const pageCount = storedPageCount(facts, `who:${actor.id}`, () => buildActorBrief(facts, actor));
  const reply = renderBriefEmbed(buildActorBrief(facts, actor), { page, pageCount });
  return withComponents(reply, [
    selectMenuRow({
      customId: pickMenuId(facts),
      placeholder: `What ${actor.name} speaks on, and where: pick one`,
      options: entityMenuOptions(
        facts,
        `who:${actor.id}`,
        facts.factsForActor(actor.id),
        { topics: true, places: true },
        `from ${actor.name}`,
      ),
    }),
    ...buttonRows(pagerFor(facts, { kind: 'who', actorId: actor.id, page }, pageCount)),
  ]);
}

export function actorChoices(facts: FactStore, typed: string): AutocompleteChoice[] {
  return choicesFromMatches(facts.suggestActors(typed, DiscordLimits.autocompleteChoices));
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
  async execute(interaction, { facts }) {
    return whoReply(
      facts,
      interaction.options.getString('actor', true),
      interaction.options.getInteger('page') ?? 1,
    );
  },
  async autocomplete(interaction, { facts }) {
    return actorChoices(facts, interaction.options.getFocused());
  },
};
