// Buttons, menus and /help in the reader's language: every label in English, Ukrainian and Russian,
// plural forms by each language's rules, and Discord's limits held with Cyrillic text.
import { describe, expect, it } from 'vitest';
import {
  controlLabel,
  entityMenuOptions,
  moreRelatedLabel,
  pagerFor,
  placeMenuOptions,
  placeMenuPlaceholder,
  statementCount,
} from '../src/commands/answer-controls.js';
import { placeChoices } from '../src/commands/choices.js';
import type { CommandContext } from '../src/commands/command.js';
import { isSlashCommand, type SlashCommand } from '../src/commands/command.js';
import { encodeViewId, parseCustomId, pickedView } from '../src/commands/custom-ids.js';
import { factsVersion } from '../src/commands/facts-version.js';
import { helpReply, localExample } from '../src/commands/help.js';
import { commands } from '../src/commands/index.js';
import { replyForView } from '../src/commands/views.js';
import { loadConfig } from '../src/config.js';
import type { FactStore } from '../src/data/fact-store.js';
import { loadFactStore } from '../src/data/load-store.js';
import type { Place } from '../src/data/schema.js';
import { commandLine } from '../src/i18n/command-localizations.js';
import type { Locale } from '../src/i18n/locales.js';
import { wordsIn } from '../src/i18n/words.js';
import { createLogger } from '../src/log.js';
import { selectMenuRow } from '../src/render/discord-components.js';
import { DiscordLimits } from '../src/render/discord-limits.js';
import { PlaceMapCache } from '../src/render/map/place-map.js';
import { readComponents } from '../src/render/terminal.js';
import { expectWithinDiscordLimits, replyText } from './support/embed-limits.js';

const store = await loadFactStore();
const locales: readonly Locale[] = ['en', 'uk', 'ru'];
const place = (facts: FactStore, id: string) => facts.place(id) as Place;

describe('plural forms by each language’s rules', () => {
  it.each([
    ['en', ['1 statement', '2 statements', '5 statements', '11 statements', '21 statements']],
    ['uk', ['1 заява', '2 заяви', '5 заяв', '11 заяв', '21 заява']],
    ['ru', ['1 заявление', '2 заявления', '5 заявлений', '11 заявлений', '21 заявление']],
  ] as const)('counts statements in menus in %s at 1, 2, 5, 11 and 21', (locale, expected) => {
    expect([1, 2, 5, 11, 21].map((count) => statementCount(wordsIn(locale), count))).toEqual(expected);
  });

  it.each([
    [
      'en',
      ['1 new statement', '2 new statements', '5 new statements', '11 new statements', '21 new statements'],
    ],
    ['uk', ['1 нова заява', '2 нові заяви', '5 нових заяв', '11 нових заяв', '21 нова заява']],
    [
      'ru',
      [
        '1 новое заявление',
        '2 новых заявления',
        '5 новых заявлений',
        '11 новых заявлений',
        '21 новое заявление',
      ],
    ],
  ] as const)('counts a watch message’s news in %s at 1, 2, 5, 11 and 21', (locale, expected) => {
    const words = wordsIn(locale);
    expect([1, 2, 5, 11, 21].map((count) => words.t('watches.brief.newStatements', { count }))).toEqual(
      expected,
    );
  });

  it('counts status changes and forgotten watches in Ukrainian and Russian', () => {
    const uk = wordsIn('uk');
    const ru = wordsIn('ru');
    expect([1, 2, 5, 21].map((count) => uk.t('watches.brief.statusChanges', { count }))).toEqual([
      '1 зміна статусу',
      '2 зміни статусу',
      '5 змін статусу',
      '21 зміна статусу',
    ]);
    expect([1, 3, 11].map((count) => ru.t('watches.brief.statusChanges', { count }))).toEqual([
      '1 смена статуса',
      '3 смены статуса',
      '11 смен статуса',
    ]);
    expect(wordsIn('en').t('watches.forgotAll', { count: 1 })).toContain('forgotten your watch and');
    expect(wordsIn('en').t('watches.forgotAll', { count: 2 })).toContain('forgotten your 2 watches and');
    expect(uk.t('watches.forgotAll', { count: 21 })).toContain('забув ваші стеження (21)');
  });
});

describe('Previous and Next in the answer’s language', () => {
  it.each([
    ['en', '◀ Previous', 'Next ▶'],
    ['uk', '◀ Назад', 'Далі ▶'],
    ['ru', '◀ Назад', 'Далее ▶'],
  ] as const)('labels the pager in %s, and its ids stay those of the view', (locale, previous, next) => {
    const facts = store.in(locale);
    const buttons = pagerFor(facts, { kind: 'status', placeId: 'kursk-region', page: 2 }, 3);
    expect(buttons.map((button) => [button.label, button.disabled ?? false])).toEqual([
      [previous, false],
      [next, false],
    ]);
    const version = factsVersion(facts);
    expect(buttons.map((button) => button.custom_id)).toEqual([
      `v1:${version}:status:1:kursk-region`,
      `v1:${version}:status:3:kursk-region`,
    ]);
  });

  it('keeps one facts fingerprint across languages, so a button made in one language answers in another', () => {
    expect(new Set(locales.map((locale) => factsVersion(store.in(locale)))).size).toBe(1);
  });

  it.each([
    ['en', ['Timeline', 'Sources', 'Situation']],
    ['uk', ['Хронологія', 'Джерела', 'Ситуація']],
    ['ru', ['Хронология', 'Источники', 'Ситуация']],
  ] as const)('names the view buttons in %s', (locale, labels) => {
    const facts = store.in(locale);
    expect(
      (['timeline', 'sources', 'situation'] as const).map((control) => controlLabel(facts, control)),
    ).toEqual(labels);
  });

  it.each([
    ['en', 'More related (15)'],
    ['uk', 'Пов’язані заяви (15)'],
    ['ru', 'Связанные заявления (15)'],
  ] as const)('says More related in %s', (locale, label) => {
    expect(moreRelatedLabel(store.in(locale), 15)).toBe(label);
  });
});

describe('menus in the answer’s language', () => {
  it('offers the places inside Kursk region with their kinds and counts in English as before', () => {
    const facts = store.in('en');
    const options = placeMenuOptions(facts, place(facts, 'kursk-region'));
    const sudzha = options.find((option) => option.value === 'place:sudzha');
    const count = facts.factsForPlace('sudzha').length;
    expect(sudzha).toEqual({
      label: 'Sudzha (in Sudzha district)',
      value: 'place:sudzha',
      description: `town · ${count} statement${count === 1 ? '' : 's'}`,
    });
    expect(options.at(-1)?.label).toBe('↑ Russia');
    expect(options.at(-1)?.description).toMatch(/^country containing Kursk region · \d+ statements?$/);
    expect(placeMenuPlaceholder(facts, place(facts, 'kursk-region'))).toBe(
      'Places inside Kursk region: pick one to drill down',
    );
    expect(placeMenuPlaceholder(facts, place(facts, 'sudzha'))).toBe(
      'Places containing Sudzha: pick one to go up',
    );
  });

  it.each([
    {
      locale: 'uk' as const,
      child: 'Суджа (у межах: Суджанський район)',
      kind: 'місто',
      statements: (count: number) => wordsIn('uk').t('commands.menu.statements', { count }),
      up: '↑ Росія',
      upDescription: /^країна · містить: Курська область · \d+ заяв[аи]?$/,
      inside: 'Місця в межах: Курська область. Виберіть, щоб перейти нижче',
      containing: 'Місця, що містять: Суджа. Виберіть, щоб перейти вище',
    },
    {
      locale: 'ru' as const,
      child: 'Суджа (в пределах: Суджанский район)',
      kind: 'город',
      statements: (count: number) => wordsIn('ru').t('commands.menu.statements', { count }),
      up: '↑ Россия',
      upDescription: /^страна · включает: Курская область · \d+ заявлени[ейя]{1,2}$/,
      inside: 'Места в пределах: Курская область. Выберите, чтобы перейти ниже',
      containing: 'Места, включающие: Суджа. Выберите, чтобы перейти выше',
    },
  ])('offers the places inside Kursk region in $locale, kinds from the catalogue', (expected) => {
    const facts = store.in(expected.locale);
    const options = placeMenuOptions(facts, place(facts, 'kursk-region'));
    const sudzha = options.find((option) => option.value === 'place:sudzha');
    expect(sudzha).toEqual({
      label: expected.child,
      value: 'place:sudzha',
      description: `${expected.kind} · ${expected.statements(facts.factsForPlace('sudzha').length)}`,
    });
    expect(options.at(-1)?.label).toBe(expected.up);
    expect(options.at(-1)?.description).toMatch(expected.upDescription);
    expect(placeMenuPlaceholder(facts, place(facts, 'kursk-region'))).toBe(expected.inside);
    expect(placeMenuPlaceholder(facts, place(facts, 'sudzha'))).toBe(expected.containing);
    // No English left in any option.
    expect(options.map((option) => `${option.label} ${option.description}`).join('\n')).not.toMatch(
      /\b(in|containing|statements?|town|village|district|region|country)\b/,
    );
  });

  it.each([
    ['en', 'topic · ', 'on this topic'],
    ['uk', 'тема · ', 'на цю тему'],
    ['ru', 'тема · ', 'по этой теме'],
  ] as const)('describes topics, places and speakers in %s', (locale, topicPrefix, onWhat) => {
    const facts = store.in(locale);
    const words = wordsIn(locale);
    const options = entityMenuOptions(
      facts,
      'actor:ru-defence-ministry',
      facts.factsForActor('ru-defence-ministry'),
      { topics: true, places: true },
      words.t('commands.menu.onThisTopic'),
    );
    expect(options.length).toBeGreaterThan(0);
    const topic = options.find((option) => option.value.startsWith('topic:'));
    expect(topic?.description?.startsWith(topicPrefix)).toBe(true);
    expect(topic?.description?.endsWith(onWhat)).toBe(true);
    const sudzha = options.find((option) => option.value === 'place:sudzha');
    expect(sudzha?.label).toBe(facts.place('sudzha')?.name);
    expect(sudzha?.description?.startsWith(`${words.t('briefs.placeKind.town')} · `)).toBe(true);
  });

  it.each(locales)('keeps every menu within 25 options and Discord’s label limits in %s', (locale) => {
    const facts = store.in(locale);
    for (const around of facts.places) {
      const row = selectMenuRow({
        customId: 'v1:Ab3_-9:pick',
        placeholder: placeMenuPlaceholder(facts, around),
        options: placeMenuOptions(facts, around),
      });
      const menu = row?.components[0];
      if (!menu || !('options' in menu)) continue;
      expect(menu.options.length).toBeLessThanOrEqual(DiscordLimits.selectMenuOptions);
      expect(menu.placeholder?.length ?? 0).toBeLessThanOrEqual(DiscordLimits.selectPlaceholder);
      for (const option of menu.options) {
        expect(option.label.length).toBeLessThanOrEqual(DiscordLimits.selectOptionLabel);
        expect(option.description?.length ?? 0).toBeLessThanOrEqual(DiscordLimits.selectOptionDescription);
        expect(option.value.length).toBeLessThanOrEqual(DiscordLimits.selectOptionValue);
      }
    }
  });

  it('cuts a long Cyrillic label and description inside the limits, and keeps the value whole', () => {
    const row = selectMenuRow({
      customId: 'v1:Ab3_-9:pick',
      placeholder: 'Місця в межах: '.repeat(20),
      options: Array.from({ length: 40 }, (_, index) => ({
        label: `Населений пункт ${index} `.repeat(10),
        value: `place:village-${index}`,
        description: 'село · 21 заява '.repeat(10),
      })),
    });
    const menu = row?.components[0];
    if (!menu || !('options' in menu)) throw new Error('no menu');
    expect(menu.options).toHaveLength(DiscordLimits.selectMenuOptions);
    expect(menu.placeholder).toHaveLength(DiscordLimits.selectPlaceholder);
    expect(menu.options.every((option) => option.label.length === DiscordLimits.selectOptionLabel)).toBe(
      true,
    );
    expect(menu.options[3]?.value).toBe('place:village-3');
  });

  it('names why an autocomplete alias matched in the reader’s language', () => {
    const choice = (locale: Locale, typed: string, id: string) =>
      placeChoices(store.in(locale), typed).find((found) => found.value === id)?.name;
    expect(choice('en', 'Суджа', 'sudzha')).toMatch(/^Sudzha \(.+\) · matched Суджа$/);
    expect(choice('uk', 'Курщина', 'kursk-region')).toMatch(
      /^Курська область \(область.*\) · збіг: Курщина$/,
    );
    expect(choice('ru', 'Курщина', 'kursk-region')).toMatch(/ · совпадение: Курщина$/);
  });
});

describe('custom_ids with Cyrillic questions, and refusals in the reader’s language', () => {
  const version = factsVersion(store);

  it('keeps a Cyrillic question’s id within 100 characters and reads it back, or makes none', () => {
    for (const question of [
      'чи повернула Росія контроль над Суджею',
      'вернула ли Россия контроль над Суджей',
      'яка дальність довгого Нептуна в кілометрах і милях'.repeat(3),
    ]) {
      const id = encodeViewId(version, { kind: 'ask', question, page: 2 });
      if (id === undefined) {
        expect(`v1:${version}:ask:2:${question}`.length).toBeGreaterThan(DiscordLimits.customId);
        continue;
      }
      expect(id.length).toBeLessThanOrEqual(DiscordLimits.customId);
      expect(parseCustomId(id, 'uk')).toEqual({
        ok: true,
        value: { action: 'show', factsVersion: version, view: { kind: 'ask', question, page: 2 } },
      });
    }
  });

  it.each([
    [
      'en',
      'That button or menu is not one sitrep made',
      'That button comes from a version',
      'That choice is not one sitrep offered',
    ],
    [
      'uk',
      'Цю кнопку чи меню створив не sitrep',
      'Ця кнопка з версії sitrep',
      'sitrep не пропонував такого варіанта',
    ],
    [
      'ru',
      'Эту кнопку или меню создал не sitrep',
      'Эта кнопка из версии sitrep',
      'sitrep не предлагал такого варианта',
    ],
  ] as const)('refuses a forged id and a forged pick in %s', (locale, forged, otherVersion, forgedPick) => {
    const refusal = (result: { ok: boolean; reason?: string }) => (result.ok ? '' : (result.reason ?? ''));
    expect(refusal(parseCustomId('confirm_delete_123', locale))).toContain(forged);
    expect(refusal(parseCustomId('v2:Ab3_-9:status:1:sudzha', locale))).toContain(otherVersion);
    expect(refusal(pickedView(['place:Суджа'], locale))).toContain(forgedPick);
  });
});

describe('a pressed button answers in the language it was asked for', () => {
  const context = (locale: Locale): CommandContext => ({
    config: loadConfig({}),
    facts: store,
    log: createLogger({ level: 'error', destination: { write: () => undefined } }),
    clock: { now: () => new Date('2027-03-01T08:00:00Z') },
    maps: new PlaceMapCache(),
    locale,
    readerLocale: locale,
  });

  it.each([
    ['uk', '◀ Назад', 'Далі ▶', 'Місця в межах: Курська область'],
    ['ru', '◀ Назад', 'Далее ▶', 'Места в пределах: Курская область'],
  ] as const)(
    'shows /status of Kursk region with its pager and menu in %s',
    async (locale, previous, next, placeholder) => {
      const reply = await replyForView({ kind: 'status', placeId: 'kursk-region', page: 1 }, context(locale));
      expectWithinDiscordLimits(reply);
      const { buttons, menus } = readComponents(reply);
      expect(buttons.slice(0, 2).map((button) => [button.label, button.disabled])).toEqual([
        [previous, true],
        [next, false],
      ]);
      expect(menus[0]?.placeholder).toContain(placeholder);
      expect(buttons.every((button) => button.customId.length <= DiscordLimits.customId)).toBe(true);
    },
  );

  it.each([
    [
      'en',
      "The place this button showed (`atlantis`) is no longer in sitrep's facts. Try /status for what there is now.",
    ],
    ['uk', 'Місця, яке показувала ця кнопка (`atlantis`), уже немає у фактах sitrep. Спробуйте /ситуація'],
    [
      'ru',
      'Места, которое показывала эта кнопка (`atlantis`), больше нет в фактах sitrep. Попробуйте /ситуация',
    ],
  ] as const)('says in %s when what a button showed is gone', async (locale, said) => {
    const reply = await replyForView({ kind: 'status', placeId: 'atlantis', page: 1 }, context(locale));
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain(said);
  });
});

describe('/help in the reader’s language', () => {
  it.each([
    {
      locale: 'uk' as const,
      title: 'sitrep: як ним користуватися',
      lines: [
        '**/ситуація** місце: [сторінка:]',
        '`/ситуація місце:Суджа`',
        '`/ситуація місце:Курська область сторінка:2`',
        '`/стежити додати місце:Суджа`',
        '`/припинення-вогню сторона:Росія`',
        '`/запитати питання:чи повернула Росія контроль над Суджею`',
        '**Перевірити заяви в sitrep**',
        '**◀ Назад** і **Далі ▶**',
        '(лише на сервері)',
      ],
    },
    {
      locale: 'ru' as const,
      title: 'sitrep: как им пользоваться',
      lines: [
        '**/ситуация** место: [страница:]',
        '`/ситуация место:Суджа`',
        '`/следить добавить место:Суджа`',
        '`/прекращение-огня сторона:Россия`',
        '`/спросить вопрос:вернула ли Россия контроль над Суджей`',
        '**Проверить заявления в sitrep**',
        '**◀ Назад** и **Далее ▶**',
        '(только на сервере)',
      ],
    },
  ])(
    'lists every command as a $locale reader types it, within Discord’s limits',
    ({ locale, title, lines }) => {
      const reply = helpReply(commands, store.in(locale));
      expect(reply.ephemeral).toBe(true);
      expectWithinDiscordLimits(reply);
      const text = replyText(reply);
      expect(reply.embeds[0]?.title).toBe(title);
      for (const line of lines) expect(text).toContain(line);
      // Where answers get their language, and the moderators' command as this reader types it.
      expect(text).toContain(`${commandLine(locale, 'settings language')};`);
      expect(text).not.toMatch(/e\.g\.|\(in a server only\)|region:|\/status\b/);
    },
  );

  it('writes an example with subcommands, choices and free values as the reader types it', () => {
    const command = (name: string) =>
      commands.find((found) => isSlashCommand(found) && found.data.name === name) as SlashCommand;
    const digest = '/digest subscribe channel:#front schedule:daily 08:00 timezone:Europe/Kyiv';
    expect(localExample(command('digest'), digest, store.in('en'))).toBe(digest);
    expect(localExample(command('digest'), digest, store.in('uk'))).toBe(
      '/дайджест підписати канал:#front розклад:daily 08:00 часовий-пояс:Europe/Kyiv',
    );
    expect(localExample(command('ceasefire'), '/ceasefire party:Russia', store.in('ru'))).toBe(
      '/прекращение-огня сторона:Россия',
    );
    expect(localExample(command('who'), "/who actor:Russia's Defence Ministry", store.in('uk'))).toBe(
      '/хто учасник:Міністерство оборони Росії',
    );
    // What it cannot read is shown as written rather than guessed at.
    expect(localExample(command('status'), '/status town:Sudzha', store.in('uk'))).toBe(
      '/status town:Sudzha',
    );
  });

  it('keeps the English help as it was, and adds where answers get their language', () => {
    const text = replyText(helpReply(commands, store.in('en')));
    expect(text).toBe(replyText(helpReply(commands)));
    expect(text).toContain(
      '**/status** region: [page:] The situation in a place: who claims what, with status and source. e.g. `/status region:Sudzha`, `/status region:Kursk page:2`',
    );
    expect(text).toContain('**◀ Previous** and **Next ▶** buttons; /status has a menu');
    expect(text).toContain('/ask has **More related** when the answer left statements out.');
    expect(text).toContain('with /settings language');
  });
});
