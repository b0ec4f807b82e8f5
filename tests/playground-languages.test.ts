// The playground in Ukrainian and Russian: `locale uk` makes the console a Discord client in that
// language (its interactions carry the locale, so the bot answers in it), its own words follow, and
// commands can be typed with their names in it; English names keep working. The terminal renderer's
// own words (only you can see this, relative times) are in the reader's language too.
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { commands } from '../src/commands/index.js';
import { loadConfig } from '../src/config.js';
import { type Locale, translatedLocales } from '../src/i18n/locales.js';
import { wordsIn } from '../src/i18n/words.js';
import { runPlayground } from '../src/playground/run-playground.js';
import { plainStyle, relativeTime, renderMessageForTerminal } from '../src/render/terminal.js';
import { bundledStore } from './support/bundled-store.js';

async function playground(lines: readonly string[]): Promise<string> {
  let output = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      output += String(chunk);
      done();
    },
  });
  await runPlayground({
    config: loadConfig({ LOG_LEVEL: 'error' }),
    commands,
    input: Readable.from([`${lines.join('\n')}\n`]),
    output: sink,
    interactive: false,
  });
  return output;
}

/** What a catalogue message says before its first placeholder: the part no value changes. */
const opening = (locale: Locale, key: string) =>
  wordsIn(locale).t(key, { place: '\u0000' }).split('\u0000')[0];

describe.each(translatedLocales)('the playground after "locale %s"', (locale) => {
  const words = wordsIn(locale);
  const other = locale === 'uk' ? 'ru' : 'uk';

  it('answers in the language, typed with its command names or the English ones', async () => {
    const store = (await bundledStore()).in(locale);
    const sudzha = store.resolvePlace('Sudzha')?.name as string;
    const status = locale === 'uk' ? '/ситуація місце' : '/ситуация место';
    const output = await playground([
      'locale',
      `locale ${locale}`,
      'locale',
      `${status}:${sudzha}`,
      '/status region:Sudzha',
      `${status}:Атлантида`,
      '/nope',
      'press next',
      'help',
      'locale xx',
    ]);
    expect(output).toContain('Language: English (en).');
    const language = words.languageName(locale);
    expect(output).toContain(`${locale === 'uk' ? 'Мова' : 'Язык'}: ${language} (${locale}).`);
    expect(output).toContain(`${status}:${sudzha}`);
    // The bot answered in the language: the /status title, twice (Ukrainian names, then English ones).
    const title = `┃ ${words.t('briefs.status.title', { place: sudzha })}\n`;
    expect(output.split(title)).toHaveLength(3);
    expect(output).not.toContain('┃ Situation: Sudzha');
    // A refusal only the reader sees, in the language, with the terminal's own words in it too.
    expect(output).toContain(
      `${words.t('playground.terminal.onlyYou')}\n${opening(locale, 'commands.status.unknownPlace')}`,
    );
    expect(output).not.toContain('(only you can see this)');
    // The playground's own words.
    expect(output).toContain(
      words.t('playground.parse.noCommand', { name: 'nope', commands: '' }).split(' /')[0],
    );
    expect(output).toContain(words.t('playground.help'));
    expect(words.t('playground.help')).toContain('locale uk|ru|en');
    expect(output).toContain(words.t('playground.locale.unknown', { code: 'xx', languages: 'en, uk, ru' }));
    // Nothing of the other language leaks in.
    expect(output).not.toContain(wordsIn(other).t('playground.terminal.onlyYou'));
  }, 60_000);
});

describe('the playground in English', () => {
  it('stays English until asked, and "locale en" brings it back', async () => {
    const output = await playground([
      '/status atlantis',
      'locale uk',
      'locale en',
      '/status atlantis',
      'help',
    ]);
    expect(output).toMatch(/^No DISCORD_TOKEN set: starting the playground/);
    expect(output).toContain('"locale uk", "locale ru" or "locale en"');
    expect(output.split("I don't know a place called atlantis.")).toHaveLength(3);
    expect(output).toContain('Language: English (en). Answers now come as they would');
    expect(output).toContain('"locale uk|ru|en"');
  }, 60_000);
});

describe('the terminal renderer in the reader’s language', () => {
  it('says relative times and "only you can see this" in each language', () => {
    expect(relativeTime(11 * 3_600_000)).toBe('in 11 hours');
    expect(relativeTime(-3 * 60_000)).toBe('3 minutes ago');
    expect(relativeTime(86_400_000)).toBe('in 1 day');
    expect(relativeTime(11 * 3_600_000, 'uk')).toBe('через 11 годин');
    expect(relativeTime(-2 * 60_000, 'uk')).toBe('2 хвилини тому');
    expect(relativeTime(-5 * 86_400_000, 'ru')).toBe('5 дней назад');
    const message = {
      flags: 64,
      content: 'Next digest <t:1700003600:R>',
      components: [{ type: 1, components: [{ type: 3, custom_id: 'menu', options: [] }] }],
    };
    const now = () => new Date(1_700_000_000_000);
    expect(renderMessageForTerminal(message, plainStyle, { now })).toBe(
      '(only you can see this)\nNext digest in 1 hour\n▾ Pick one',
    );
    expect(renderMessageForTerminal(message, plainStyle, { now, locale: 'uk' })).toBe(
      '(це бачите лише ви)\nNext digest через 1 годину\n▾ Виберіть одне',
    );
    expect(renderMessageForTerminal(message, plainStyle, { now, locale: 'ru' })).toBe(
      '(это видите только вы)\nNext digest через 1 час\n▾ Выберите одно',
    );
  });
});
