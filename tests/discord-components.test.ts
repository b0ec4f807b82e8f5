// Buttons and menus as Discord takes them: within its limits at every edge, ids unique in a message,
// and the terminal rendering the playground shows.
import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { wordsIn } from '../src/i18n/words.js';
import {
  button,
  buttonRows,
  nextLabel,
  pagerButtons,
  pagerLabels,
  previousLabel,
  selectMenuRow,
  withComponents,
} from '../src/render/discord-components.js';
import { renderUserError } from '../src/render/discord-embed.js';
import { DiscordLimits } from '../src/render/discord-limits.js';
import { plainStyle, readComponents, renderMessageForTerminal } from '../src/render/terminal.js';

const idForPage = (page: number) => `v1:abcdef:status:${page}:kursk-region`;

describe('Previous and Next', () => {
  it('disables Previous on the first page and Next on the last', () => {
    const first = pagerButtons({ page: 1, pageCount: 3, idForPage });
    expect(first.map((b) => [b.label, b.disabled === true, b.custom_id])).toEqual([
      [previousLabel, true, idForPage(1)],
      [nextLabel, false, idForPage(2)],
    ]);
    const middle = pagerButtons({ page: 2, pageCount: 3, idForPage });
    expect(middle.map((b) => [b.disabled === true, b.custom_id])).toEqual([
      [false, idForPage(1)],
      [false, idForPage(3)],
    ]);
    const last = pagerButtons({ page: 3, pageCount: 3, idForPage });
    expect(last.map((b) => [b.disabled === true, b.custom_id])).toEqual([
      [false, idForPage(2)],
      [true, idForPage(3)],
    ]);
  });

  it('gives a one-page answer no pager, and none when an id cannot be made', () => {
    expect(pagerButtons({ page: 1, pageCount: 1, idForPage })).toEqual([]);
    expect(pagerButtons({ page: 1, pageCount: 3, idForPage: () => undefined })).toEqual([]);
  });

  it('says Previous and Next in the labels it is given, and in English without them', () => {
    expect(pagerLabels(wordsIn('en'))).toEqual({ previous: previousLabel, next: nextLabel });
    for (const [locale, previous, next] of [
      ['uk', '◀ Назад', 'Далі ▶'],
      ['ru', '◀ Назад', 'Далее ▶'],
    ] as const) {
      const labels = pagerLabels(wordsIn(locale));
      expect(labels).toEqual({ previous, next });
      const buttons = pagerButtons({ page: 3, pageCount: 3, idForPage, labels });
      expect(buttons.map((b) => [b.label, b.disabled === true, b.custom_id])).toEqual([
        [previous, false, idForPage(2)],
        [next, true, idForPage(3)],
      ]);
    }
  });
});

describe('within Discord’s component limits', () => {
  it('cuts a button label at 80 characters', () => {
    expect(button({ label: 'x'.repeat(80), customId: 'a' }).label).toHaveLength(80);
    const long = button({ label: 'x'.repeat(81), customId: 'a', primary: true });
    expect(long.label).toHaveLength(DiscordLimits.buttonLabel);
    expect(long.label?.endsWith('…')).toBe(true);
    expect(long.style).toBe(ButtonStyle.Primary);
  });

  it('puts at most five buttons in a row', () => {
    const buttons = Array.from({ length: 11 }, (_, index) =>
      button({ label: `${index}`, customId: `${index}` }),
    );
    const rows = buttonRows(buttons);
    expect(rows.map((row) => row.components.length)).toEqual([5, 5, 1]);
    expect(rows.every((row) => row.type === ComponentType.ActionRow)).toBe(true);
    expect(buttonRows([])).toEqual([]);
  });

  it('offers at most 25 options, each within its limits', () => {
    const options = Array.from({ length: 30 }, (_, index) => ({
      label: `${'L'.repeat(100)}${index}`,
      value: `place:p${index}`,
      description: 'd'.repeat(101),
    }));
    const row = selectMenuRow({ customId: 'v1:abcdef:pick', placeholder: 'p'.repeat(151), options });
    const menu = row?.components[0];
    if (menu?.type !== ComponentType.StringSelect) throw new Error('expected a string select');
    expect(menu.options).toHaveLength(DiscordLimits.selectMenuOptions);
    expect(menu.options[24]?.value).toBe('place:p24');
    expect(menu.placeholder).toHaveLength(DiscordLimits.selectPlaceholder);
    for (const option of menu.options) {
      expect(option.label.length).toBeLessThanOrEqual(DiscordLimits.selectOptionLabel);
      expect(option.description?.length).toBe(DiscordLimits.selectOptionDescription);
    }
    expect([menu.min_values, menu.max_values]).toEqual([1, 1]);
  });

  it('keeps 25 options exactly, leaves out a value it would have to cut, and a repeated one', () => {
    const options = Array.from({ length: 25 }, (_, index) => ({ label: `${index}`, value: `v${index}` }));
    const exactly = selectMenuRow({ customId: 'm', placeholder: 'p', options })?.components[0];
    expect(exactly?.type === ComponentType.StringSelect && exactly.options.length).toBe(25);
    const kept = selectMenuRow({
      customId: 'm',
      placeholder: 'p',
      options: [
        { label: 'long', value: 'v'.repeat(DiscordLimits.selectOptionValue + 1) },
        { label: 'fits', value: 'v'.repeat(DiscordLimits.selectOptionValue) },
        { label: 'again', value: 'v'.repeat(DiscordLimits.selectOptionValue) },
      ],
    })?.components[0];
    expect(kept?.type === ComponentType.StringSelect && kept.options.map((option) => option.label)).toEqual([
      'fits',
    ]);
    expect(selectMenuRow({ customId: 'm', placeholder: 'p', options: [] })).toBeUndefined();
  });

  it('drops a repeated id and keeps at most five rows', () => {
    const rows = Array.from({ length: 7 }, (_, index) =>
      buttonRows([button({ label: 'a', customId: `id-${index}` }), button({ label: 'b', customId: 'same' })]),
    ).flat();
    const payload = withComponents(renderUserError('x'), rows);
    expect(payload.components).toHaveLength(DiscordLimits.actionRowsPerMessage);
    const ids = payload.components?.flatMap((row) =>
      row.components.map((component) => ('custom_id' in component ? component.custom_id : '')),
    );
    expect(ids?.filter((id) => id === 'same')).toHaveLength(1);
    expect(new Set(ids).size).toBe(ids?.length);
    expect(withComponents(renderUserError('x'), [undefined]).components).toBeUndefined();
  });
});

describe('in the playground’s terminal', () => {
  it('shows buttons as [◀ Previous] [Next ▶] and a menu’s options numbered', () => {
    const payload = withComponents(renderUserError('The answer'), [
      selectMenuRow({
        customId: 'v1:abcdef:pick',
        placeholder: 'Places inside Kursk region: pick one to drill down',
        options: [
          {
            label: 'Sudzha district',
            value: 'place:sudzha-district',
            description: 'district · 10 statements',
          },
          { label: 'Sudzha (in Sudzha district)', value: 'place:sudzha' },
        ],
      }),
      ...buttonRows([
        ...pagerButtons({ page: 1, pageCount: 3, idForPage }),
        button({ label: 'Timeline', customId: 'v1:abcdef:timeline:1:kursk-region' }),
      ]),
    ]);
    const text = renderMessageForTerminal(payload, plainStyle);
    expect(text).toBe(
      [
        'The answer',
        '▾ Places inside Kursk region: pick one to drill down',
        '  1. Sudzha district · district · 10 statements',
        '  2. Sudzha (in Sudzha district)',
        '[◀ Previous] [Next ▶] [Timeline]',
      ].join('\n'),
    );
    const { buttons, menus } = readComponents(payload);
    expect(buttons.map((b) => [b.label, b.disabled])).toEqual([
      ['◀ Previous', true],
      ['Next ▶', false],
      ['Timeline', false],
    ]);
    expect(menus[0]?.options.map((option) => option.value)).toEqual([
      'place:sudzha-district',
      'place:sudzha',
    ]);
  });
});
