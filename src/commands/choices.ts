// Autocomplete choices built from name matches, within Discord's limits.
import { describePlace } from '../briefs/status-brief.js';
import type { FactStore } from '../data/fact-store.js';
import type { Named, NameMatch } from '../data/name-match.js';
import { type Words, wordsIn } from '../i18n/words.js';
import { DiscordLimits } from '../render/discord-limits.js';
import { truncate } from '../text.js';
import type { AutocompleteChoice } from './command.js';

/**
 * "Sudzha (town) · matched Суджа": the label says why an alias matched, in `words` (the language of
 * the store the matches come from).
 */
export function choicesFromMatches<T extends Named>(
  matches: readonly NameMatch<T>[],
  describe: (item: T) => string | undefined = () => undefined,
  words: Words,
): AutocompleteChoice[] {
  return matches.slice(0, DiscordLimits.autocompleteChoices).map(({ item, matched }) => {
    const detail = describe(item);
    const alias = matched !== item.name ? words.t('commands.matched', { alias: matched }) : '';
    return {
      name: truncate(`${item.name}${detail ? ` (${detail})` : ''}${alias}`, DiscordLimits.choiceName),
      value: truncate(item.id, DiscordLimits.choiceValue),
    };
  });
}

/** "Did you mean Sudzha or Sumy region?" for a name nothing matched exactly. */
export function didYouMean<T extends Named>(matches: readonly NameMatch<T>[], words: Words): string {
  const names = matches.slice(0, 3).map(({ item }) => `**${item.name}**`);
  if (names.length === 0) return '';
  return ` ${words.t('commands.didYouMean', { names: words.alternatives(names) })}`;
}

/** Places matching what the user typed, as /status and /timeline offer them. */
export function placeChoices(facts: FactStore, typed: string): AutocompleteChoice[] {
  return choicesFromMatches(
    facts.suggestPlaces(typed, DiscordLimits.autocompleteChoices),
    (place) => describePlace(facts, place),
    wordsIn(facts.locale),
  );
}
