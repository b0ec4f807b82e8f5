import type { SlashCommandIntegerOption } from 'discord.js';

/** The last page a command (or a button) may ask for. */
export const maxPage = 50;

/** The `page:` option every paged answer shares. */
export function pageOption(option: SlashCommandIntegerOption): SlashCommandIntegerOption {
  return option.setName('page').setDescription('Page of a long answer').setMinValue(1).setMaxValue(maxPage);
}
