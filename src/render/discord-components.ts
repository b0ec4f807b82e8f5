// Buttons and menus under a reply, as Discord's message components. Pure, like discord-embed.ts: the
// caller gives each component its custom_id (commands/custom-ids.ts makes them); this module keeps
// labels, options and rows inside Discord's limits.
import {
  type APIButtonComponentWithCustomId,
  type APISelectMenuOption,
  type APIStringSelectComponent,
  ButtonStyle,
  ComponentType,
} from 'discord-api-types/v10';
import type { Words } from '../i18n/words.js';
import { truncate } from '../text.js';
import type { ReplyComponentRow, ReplyPayload } from './discord-embed.js';
import { DiscordLimits } from './discord-limits.js';

export const previousLabel = '◀ Previous';
export const nextLabel = 'Next ▶';

/** What Previous and Next say: English unless the caller passes the answer's words. */
export interface PagerLabels {
  previous: string;
  next: string;
}

/** "◀ Назад" and "Далі ▶": the pager's labels in a locale's words. */
export function pagerLabels(words: Words): PagerLabels {
  return { previous: words.t('commands.controls.previous'), next: words.t('commands.controls.next') };
}

export interface ButtonSpec {
  label: string;
  customId: string;
  disabled?: boolean;
  /** The button a reader most likely wants next is primary (blurple); the others grey. */
  primary?: boolean;
}

export function button({
  label,
  customId,
  disabled = false,
  primary = false,
}: ButtonSpec): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    style: primary ? ButtonStyle.Primary : ButtonStyle.Secondary,
    label: truncate(label, DiscordLimits.buttonLabel),
    custom_id: customId,
    ...(disabled ? { disabled: true } : {}),
  };
}

export interface PagerSpec {
  page: number;
  pageCount: number;
  /** The custom_id of the button showing `page`; undefined when it cannot be made (too long). */
  idForPage(page: number): string | undefined;
  /** In the answer's language; English when absent. */
  labels?: PagerLabels;
}

/**
 * Previous and Next, the one unavailable at either end disabled (Discord still needs it an id of its
 * own: ids are unique within a message, so it carries the page it stands on). None for a single page.
 */
export function pagerButtons({
  page,
  pageCount,
  idForPage,
  labels = { previous: previousLabel, next: nextLabel },
}: PagerSpec): APIButtonComponentWithCustomId[] {
  if (pageCount <= 1) return [];
  const previous = idForPage(Math.max(page - 1, 1));
  const next = idForPage(Math.min(page + 1, pageCount));
  if (!previous || !next) return [];
  return [
    button({ label: labels.previous, customId: previous, disabled: page <= 1 }),
    button({ label: labels.next, customId: next, disabled: page >= pageCount }),
  ];
}

/** Buttons in rows of at most five; none when there are no buttons. */
export function buttonRows(buttons: readonly APIButtonComponentWithCustomId[]): ReplyComponentRow[] {
  const rows: ReplyComponentRow[] = [];
  for (let start = 0; start < buttons.length; start += DiscordLimits.buttonsPerRow) {
    rows.push({
      type: ComponentType.ActionRow,
      components: buttons.slice(start, start + DiscordLimits.buttonsPerRow),
    });
  }
  return rows;
}

export interface MenuOption {
  label: string;
  /** What the bot receives when the option is picked (parsed as user input: it is). */
  value: string;
  description?: string;
}

export interface MenuSpec {
  customId: string;
  placeholder: string;
  options: readonly MenuOption[];
}

/**
 * A one-choice string select as its own row, with its first 25 options (Discord's limit); none when
 * there is nothing to choose. Options whose value would be cut are left out: a cut value answers wrong.
 */
export function selectMenuRow({ customId, placeholder, options }: MenuSpec): ReplyComponentRow | undefined {
  const seen = new Set<string>();
  const kept: APISelectMenuOption[] = [];
  for (const option of options) {
    if (kept.length >= DiscordLimits.selectMenuOptions) break;
    if (option.value.length > DiscordLimits.selectOptionValue || seen.has(option.value)) continue;
    seen.add(option.value);
    kept.push({
      label: truncate(option.label, DiscordLimits.selectOptionLabel),
      value: option.value,
      ...(option.description
        ? { description: truncate(option.description, DiscordLimits.selectOptionDescription) }
        : {}),
    });
  }
  if (kept.length === 0) return undefined;
  const menu: APIStringSelectComponent = {
    type: ComponentType.StringSelect,
    custom_id: customId,
    placeholder: truncate(placeholder, DiscordLimits.selectPlaceholder),
    min_values: 1,
    max_values: 1,
    options: kept,
  };
  return { type: ComponentType.ActionRow, components: [menu] };
}

/**
 * The reply with these rows under it (at most five, Discord's limit), leaving out a button whose
 * custom_id repeats one already there: Discord refuses a message with two.
 */
export function withComponents(
  payload: ReplyPayload,
  rows: readonly (ReplyComponentRow | undefined)[],
): ReplyPayload {
  const seen = new Set<string>();
  const kept: ReplyComponentRow[] = [];
  for (const row of rows) {
    if (!row) continue;
    const components = row.components.filter((component) => {
      const id = 'custom_id' in component ? component.custom_id : undefined;
      if (id === undefined) return true;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    if (components.length > 0) kept.push({ ...row, components });
    if (kept.length === DiscordLimits.actionRowsPerMessage) break;
  }
  return kept.length > 0 ? { ...payload, components: kept } : payload;
}
