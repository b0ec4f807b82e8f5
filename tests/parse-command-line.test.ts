import { describe, expect, it } from 'vitest';
import { commands } from '../src/commands/index.js';
import { parseCommandLine } from '../src/playground/parse-command-line.js';

const definitions = commands.map((command) => command.data);

describe('playground command lines', () => {
  it('takes a positional value for the first option', () => {
    expect(parseCommandLine('/status kursk', definitions)).toEqual({
      ok: true,
      name: 'status',
      options: { region: 'kursk' },
    });
    expect(parseCommandLine('/ask how far can long neptune strike', definitions)).toEqual({
      ok: true,
      name: 'ask',
      options: { question: 'how far can long neptune strike' },
    });
  });

  it('takes name:value options, typed by the definition', () => {
    expect(parseCommandLine('/status region:Kursk region page:2', definitions)).toEqual({
      ok: true,
      name: 'status',
      options: { region: 'Kursk region', page: 2 },
    });
    expect(parseCommandLine('ceasefire', definitions)).toEqual({ ok: true, name: 'ceasefire', options: {} });
  });

  it('explains unknown commands, missing options and bad numbers', () => {
    expect(parseCommandLine('/nope', definitions)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('No command /nope'),
    });
    expect(parseCommandLine('/status', definitions)).toMatchObject({
      ok: false,
      reason: '/status needs region:',
    });
    expect(parseCommandLine('/status region:x page:two', definitions)).toMatchObject({
      ok: false,
      reason: 'page must be a number.',
    });
  });

  it('reads a subcommand and leaves channel and role references for the caller to resolve', () => {
    expect(
      parseCommandLine(
        '/digest subscribe channel:#front-digest schedule:daily 08:00 timezone:Europe/Kyiv quiet:yes ping_role:@watchers',
        definitions,
      ),
    ).toEqual({
      ok: true,
      name: 'digest',
      subcommand: 'subscribe',
      options: {
        channel: '#front-digest',
        schedule: 'daily 08:00',
        timezone: 'Europe/Kyiv',
        quiet: true,
        ping_role: '@watchers',
      },
    });
    expect(parseCommandLine('/digest pause abc12345', definitions)).toEqual({
      ok: true,
      name: 'digest',
      subcommand: 'pause',
      options: { id: 'abc12345' },
    });
    expect(parseCommandLine('/digest', definitions)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('/digest needs one of: subscribe, list, remove'),
    });
    expect(parseCommandLine('/digest subscribe channel:#x', definitions)).toMatchObject({
      ok: false,
      reason: '/digest subscribe needs schedule:',
    });
  });
});

describe('playground command lines in Ukrainian and Russian', () => {
  it('reads command, option and subcommand names in the language, and gives them back in English', () => {
    for (const [line, locale] of [
      ['/ситуація місце:Суджа сторінка:2', 'uk'],
      ['/ситуация место:Суджа страница:2', 'ru'],
    ] as const) {
      expect(parseCommandLine(line, definitions, locale)).toEqual({
        ok: true,
        name: 'status',
        options: { region: 'Суджа', page: 2 },
      });
    }
    expect(parseCommandLine('/ситуація Суджа', definitions, 'uk')).toEqual({
      ok: true,
      name: 'status',
      options: { region: 'Суджа' },
    });
    expect(
      parseCommandLine(
        '/дайджест підписати канал:#front-digest розклад:daily 08:00 тихо:так',
        definitions,
        'uk',
      ),
    ).toEqual({
      ok: true,
      name: 'digest',
      subcommand: 'subscribe',
      options: { channel: '#front-digest', schedule: 'daily 08:00', quiet: true },
    });
    expect(
      parseCommandLine('/дайджест подписать канал:#x расписание:hourly тихо:да', definitions, 'ru'),
    ).toEqual({
      ok: true,
      name: 'digest',
      subcommand: 'subscribe',
      options: { channel: '#x', schedule: 'hourly', quiet: true },
    });
  });

  it('reads a choice by its name in the language as its value', () => {
    expect(parseCommandLine('/припинення-вогню сторона:Росія', definitions, 'uk')).toEqual({
      ok: true,
      name: 'ceasefire',
      options: { party: 'russia' },
    });
    expect(parseCommandLine('/прекращение-огня сторона:Украина', definitions, 'ru')).toEqual({
      ok: true,
      name: 'ceasefire',
      options: { party: 'ukraine' },
    });
  });

  it('keeps English names working in every language, and every language working in English', () => {
    for (const locale of ['en', 'uk', 'ru'] as const) {
      expect(parseCommandLine('/status region:Sudzha', definitions, locale)).toEqual({
        ok: true,
        name: 'status',
        options: { region: 'Sudzha' },
      });
      expect(parseCommandLine('/ситуація місце:Суджа', definitions, locale)).toMatchObject({
        ok: true,
        name: 'status',
      });
    }
  });

  it('explains what is wrong in the reader’s language, with the names the reader sees', () => {
    expect(parseCommandLine('/щось', definitions, 'uk')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^Команди \/щось немає\. Команди: \/ситуація, \/припинення-вогню/),
    });
    expect(parseCommandLine('/что-то', definitions, 'ru')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^Команды \/что-то нет\. Команды: \/ситуация, \/прекращение-огня/),
    });
    expect(parseCommandLine('/nope', definitions, 'en')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^No command \/nope\. Commands: \/status, \/ceasefire/),
    });
    expect(parseCommandLine('/ситуація', definitions, 'uk')).toEqual({
      ok: false,
      reason: '/ситуація: потрібно вказати місце:',
    });
    expect(parseCommandLine('/ситуация', definitions, 'ru')).toEqual({
      ok: false,
      reason: '/ситуация: нужно указать место:',
    });
    expect(parseCommandLine('/status region:x page:two', definitions, 'uk')).toEqual({
      ok: false,
      reason: 'Значення параметра «сторінка» має бути числом.',
    });
    expect(parseCommandLine('/status region:x page:two', definitions, 'ru')).toEqual({
      ok: false,
      reason: 'Значение параметра «страница» должно быть числом.',
    });
    expect(parseCommandLine('/дайджест', definitions, 'uk')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('/дайджест потребує підкоманди: підписати, список, видалити'),
    });
    expect(parseCommandLine('/дайджест підписати канал:#x', definitions, 'uk')).toEqual({
      ok: false,
      reason: '/дайджест підписати: потрібно вказати розклад:',
    });
  });
});
