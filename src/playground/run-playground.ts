// `npm start` with no token: the local Discord emulator, the real bot connected to it, and a console
// where a person types slash commands, reads the replies, presses their buttons (`press next`), picks
// from their menus (`pick 2`) and checks a pasted message (`check <text>`). `locale uk` switches the
// language: interactions then carry that Discord locale, so the bot answers in it, and the
// playground's own words follow.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  ChannelType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { createApp } from '../app.js';
import { registerCommands } from '../bot/register-commands.js';
import { OffsetClock } from '../clock.js';
import { checkMessageCommandName } from '../commands/check-message.js';
import { type Command, isSlashCommand } from '../commands/command.js';
import type { Config } from '../config.js';
import { loadFactStore } from '../data/load-store.js';
import {
  DiscordEmulator,
  type EmulatedGuild,
  type EmulatedMessage,
  type InteractionOutcome,
} from '../emulator/discord-emulator.js';
import { isLocale, type Locale, supportedLocales } from '../i18n/locales.js';
import { wordsIn } from '../i18n/words.js';
import { createLogger } from '../log.js';
import {
  ansiStyle,
  type MentionNames,
  plainStyle,
  readComponents,
  renderMessageForTerminal,
  type TerminalContext,
  type TerminalStyle,
} from '../render/terminal.js';
import { names as isNamed, optionNamePattern, parseCommandLine, shownName } from './parse-command-line.js';

type Definition = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** "90m", "6h", "1d", "2h30m" -> milliseconds; undefined if it is not a duration. */
function parseDuration(text: string): number | undefined {
  const units: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };
  const parts = [
    ...text
      .trim()
      .toLowerCase()
      .matchAll(/(\d+)\s*([mhd])/g),
  ];
  if (
    parts.length === 0 ||
    parts
      .map((part) => part[0])
      .join('')
      .replace(/\s/g, '') !== text.trim().toLowerCase().replace(/\s/g, '')
  )
    return undefined;
  return parts.reduce((sum, part) => sum + Number(part[1]) * (units[part[2] ?? 'm'] ?? 0), 0);
}

/** The options of a command, or of one of its subcommands. */
function optionsOf(definition: Definition, subcommand?: string): APIApplicationCommandOption[] {
  const all = definition.options ?? [];
  if (!subcommand) return all;
  const chosen = all.find((option) => isNamed(option, subcommand));
  return chosen && 'options' in chosen ? (chosen.options ?? []) : [];
}

export interface PlaygroundOptions {
  config: Config;
  commands: readonly Command[];
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  interactive?: boolean;
  /** The language to start in (English unless said); `locale uk` changes it. */
  locale?: Locale;
}

/** The Discord locale a client in `locale` sends: "uk", "ru", or Discord's default English. */
const discordLocale = (locale: Locale): string => (locale === 'en' ? 'en-US' : locale);

function describeOutcome(
  outcome: InteractionOutcome,
  style: TerminalStyle,
  context: TerminalContext = {},
): string {
  const words = wordsIn(context.locale ?? 'en');
  switch (outcome.status) {
    case 'message':
      return renderMessageForTerminal(outcome.message, style, context);
    case 'autocomplete':
      return (
        outcome.choices.map((choice) => `  ${choice.name}`).join('\n') || words.t('playground.noSuggestions')
      );
    case 'rejected':
      return words.t('playground.rejected', { error: JSON.stringify(outcome.error) });
    case 'timeout':
      return words.t('playground.timeout');
  }
}

export async function runPlayground({
  config,
  commands,
  input = process.stdin,
  output = process.stdout,
  interactive = Boolean((input as { isTTY?: boolean }).isTTY),
  locale: startLocale = 'en',
}: PlaygroundOptions): Promise<void> {
  const print = (text: string) => output.write(`${text}\n`);
  const style = interactive ? ansiStyle : plainStyle;
  /** The language the person at the console reads: what their interactions carry, and our own words. */
  let locale: Locale = startLocale;
  const t = (key: string, values?: Record<string, unknown>) => wordsIn(locale).t(key, values);
  print(t('playground.banner'));

  const token = `playground.${randomBytes(24).toString('base64url')}`;
  const emulator = new DiscordEmulator({ token });
  await emulator.start();
  const guild = emulator.addGuild('sitrep playground', [
    { name: 'general' },
    { name: 'front-digest' },
    { name: 'announcements', type: ChannelType.GuildAnnouncement },
    { name: 'digest-forum', type: ChannelType.GuildForum },
  ]);
  emulator.addRole(guild.id, 'front-watchers');
  const channel = emulator.channelByName(guild.id, 'general');
  const names: MentionNames = (id) =>
    emulator.channels.get(id)?.name ?? guild.roles.find((role) => role.id === id)?.name;

  const log = createLogger({
    level: process.env.LOG_LEVEL ?? 'warn',
    destination: process.stderr as never,
    secrets: [token],
  });
  // Subscriptions live in a real SQLite file for this session only: emulator ids change every run.
  const storeDirectory = await mkdtemp(join(tmpdir(), 'sitrep-playground-'));
  const facts = await loadFactStore(config.factsDirectory);
  const clock = new OffsetClock();
  const botConfig: Config = {
    ...config,
    token,
    apiUrl: emulator.apiUrl,
    guildId: guild.id,
    storeUrl: `sqlite://${join(storeDirectory, 'playground.sqlite')}`,
  };
  const terminal: TerminalContext = {
    names,
    now: () => clock.now(),
    get locale() {
      return locale;
    },
  };
  /** What every interaction from the console carries besides its own options. */
  const fromReader = () => ({ locale: discordLocale(locale) });
  const definitions = commands.filter(isSlashCommand).map((command) => command.data);
  await registerCommands(
    commands.map((command) => command.data),
    { token, apiUrl: emulator.apiUrl, guildId: guild.id },
  );
  const app = await createApp(botConfig, { log, clock, facts, commands, ops: null, metrics: false });

  emulator.channelMessageListeners.add((message) => {
    const where = emulator.channels.get(message.channel_id)?.name ?? message.channel_id;
    print(
      `\n${style.bold(`#${where}`)} ${t('playground.postedBy', { time: clockLabel(clock.now()) })}\n${renderMessageForTerminal(message, style, terminal)}`,
    );
  });

  print(
    `${t('playground.connected', {
      bot: emulator.botUser.username,
      guild: guild.name,
      channel: channel.name,
      facts: wordsIn(locale).number(facts.facts.length),
      checkCommand: checkMessageCommandName,
    })}${interactive ? t('playground.interactiveHint') : ''}`,
  );

  const advance = async (text: string) => {
    const ms = parseDuration(text);
    if (ms === undefined || ms <= 0 || ms > 366 * 86_400_000) {
      print(t('playground.advance.usage'));
      return;
    }
    const target = clock.now().getTime() + ms;
    const service = app.digests?.service;
    // Step from one due slot to the next, so every digest is posted at its own time, not late.
    for (let step = 0; service && step < 10_000; step++) {
      const due = service.nextDueAt();
      if (due === undefined || due > target) break;
      clock.moveTo(due);
      await service.runDue();
    }
    clock.moveTo(target);
    await service?.runDue();
    print(t('playground.advance.done', { time: clockLabel(clock.now()) }));
  };

  const resolveReferences = (
    definition: Definition,
    subcommand: string | undefined,
    options: Record<string, string | number | boolean>,
  ): string | undefined => {
    for (const option of optionsOf(definition, subcommand)) {
      const value = options[option.name];
      if (typeof value !== 'string') continue;
      if (option.type === ApplicationCommandOptionType.Channel) {
        const wanted = value.replace(/^#/, '');
        const found = guild.channels.find(
          (candidate) => candidate.name === wanted || candidate.id === wanted,
        );
        if (!found) return t('playground.noChannel', { channel: wanted, channels: channelList(guild) });
        options[option.name] = found.id;
      } else if (option.type === ApplicationCommandOptionType.Role) {
        const wanted = value.replace(/^@/, '');
        const found = guild.roles.find((role) => role.name === wanted || role.id === wanted);
        if (!found)
          return t('playground.noRole', {
            role: wanted,
            roles: guild.roles.map((role) => `@${role.name}`).join(', '),
          });
        options[option.name] = found.id;
      }
    }
    return undefined;
  };

  // Files the bot uploads (a /status map) are saved where a person can open them; the folder is kept
  // after the session so a piped run's maps can still be looked at.
  let filesDirectory: string | undefined;
  let savedFiles = 0;
  const saveAttachments = async (message: EmulatedMessage): Promise<string[]> => {
    const lines: string[] = [];
    for (const attachment of message.attachments) {
      const data = emulator.attachmentData(attachment.id);
      if (!data) continue;
      filesDirectory ??= await mkdtemp(join(tmpdir(), 'sitrep-files-'));
      const path = join(filesDirectory, `${++savedFiles}-${attachment.filename}`);
      await writeFile(path, data);
      const size = attachment.width ? `${attachment.width}×${attachment.height}, ` : '';
      lines.push(
        `${style.bold(t('playground.attached'))} ${t('playground.attachedFile', {
          file: attachment.filename,
          size,
          kilobytes: Math.round(data.length / 1024),
          path,
        })}`,
      );
      if (attachment.description) {
        lines.push(...attachment.description.split('\n').map((text) => `  ${text}`));
      }
    }
    return lines;
  };

  /** The last answer with buttons or menus: what `press` and `pick` act on. */
  let current: EmulatedMessage | undefined;

  const show = async (outcome: InteractionOutcome) => {
    print(describeOutcome(outcome, style, terminal));
    if (outcome.status !== 'message') return;
    if (outcome.message.components.length > 0) current = outcome.message;
    for (const saved of await saveAttachments(outcome.message)) print(saved);
  };

  const press = async (wanted: string) => {
    const { buttons } = current ? readComponents(current, locale) : { buttons: [] };
    if (!current || buttons.length === 0) {
      print(t('playground.press.noButtons'));
      return;
    }
    const words = (text: string) =>
      text
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
    const button = buttons.find(
      (candidate) => words(candidate.label).startsWith(words(wanted)) && words(wanted),
    );
    const offered = buttons.map((candidate) => `[${candidate.label}]`).join(' ');
    if (!button) {
      print(t('playground.press.noSuchButton', { wanted, buttons: offered }));
      return;
    }
    if (button.disabled) {
      print(t('playground.press.disabled', { label: button.label }));
      return;
    }
    await show(
      await emulator.invokeComponent(guild.id, channel.id, current.id, button.customId, fromReader()),
    );
  };

  const pick = async (number: string) => {
    const menu = current ? readComponents(current, locale).menus[0] : undefined;
    if (!current || !menu) {
      print(t('playground.pick.noMenu'));
      return;
    }
    const option = /^\d+$/.test(number) ? menu.options[Number(number) - 1] : undefined;
    if (!option) {
      print(t('playground.pick.number', { count: menu.options.length }));
      return;
    }
    await show(
      await emulator.invokeComponent(guild.id, channel.id, current.id, menu.customId, {
        values: [option.value],
        ...fromReader(),
      }),
    );
  };

  /** Posts the text as a member's message, then runs the message command on it, as a right-click would. */
  const check = async (text: string) => {
    if (text.trim() === '') {
      print(t('playground.check.usage'));
      return;
    }
    const message = emulator.postUserMessage(channel.id, text);
    await show(
      await emulator.invokeMessageCommand(
        guild.id,
        channel.id,
        checkMessageCommandName,
        message.id,
        fromReader(),
      ),
    );
  };

  /** `locale uk`: from now on the console is a Discord client in Ukrainian; `locale` alone says which. */
  const switchLocale = (wanted: string) => {
    const code = wanted.trim().toLowerCase();
    const describe = (key: string, values: Record<string, unknown> = {}) =>
      t(key, { language: wordsIn(locale).languageName(locale), code: locale, ...values });
    if (code === '') {
      print(describe('playground.locale.current'));
      return;
    }
    if (!isLocale(code)) {
      print(t('playground.locale.unknown', { code, languages: supportedLocales.join(', ') }));
      return;
    }
    locale = code;
    const status = definitions.find((definition) => definition.name === 'status');
    const region = status && optionsOf(status).find((option) => option.name === 'region');
    const example =
      status && region
        ? `/${shownName(status, locale)} ${shownName(region, locale)}:${facts.in(locale).resolvePlace('Sudzha')?.name ?? 'Sudzha'}`
        : '';
    print(describe('playground.locale.changed', { example }));
  };

  const runLine = async (line: string) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (!interactive) print(`> ${trimmed}`);
    const advanceMatch = /^\.?advance\b\s*(.*)$/i.exec(trimmed);
    if (advanceMatch) {
      await advance(advanceMatch[1] ?? '');
      return;
    }
    const localeMatch = /^\.?locale\b\s*(.*)$/i.exec(trimmed);
    if (localeMatch) {
      switchLocale(localeMatch[1] ?? '');
      return;
    }
    const componentMatch = /^(press|pick|check)\b\s*(.*)$/is.exec(trimmed);
    if (componentMatch) {
      const [, verb = '', rest = ''] = componentMatch;
      const action = verb.toLowerCase() as 'press' | 'pick' | 'check';
      const run = { press, pick, check }[action];
      // The emulator refuses what no client could send (a message that is gone); say so and go on.
      await run(rest.trim()).catch((error: Error) =>
        print(t(`playground.couldNot.${action}`, { error: error.message })),
      );
      return;
    }
    const parsed = parseCommandLine(trimmed, definitions, locale);
    if (!parsed.ok) {
      print(parsed.reason);
      return;
    }
    const definition = definitions.find((candidate) => candidate.name === parsed.name);
    const problem = definition ? resolveReferences(definition, parsed.subcommand, parsed.options) : undefined;
    if (problem) {
      print(problem);
      return;
    }
    await show(
      await emulator.invokeCommand(guild.id, channel.id, parsed.name, parsed.options, {
        subcommand: parsed.subcommand,
        ...fromReader(),
      }),
    );
    // The bot's /help lists its commands; the playground's own come after it.
    if (parsed.name === 'help') print(t('playground.help'));
  };

  const completer = (line: string, callback: (error: null, result: [string[], string]) => void) => {
    // The names a reader of this language sees, and the English ones, which work in every language.
    const commandNames = [
      ...new Set(
        definitions.flatMap((definition) => [`/${shownName(definition, locale)}`, `/${definition.name}`]),
      ),
    ];
    if (!line.includes(' ')) {
      const hits = commandNames.filter((name) => name.startsWith(line.startsWith('/') ? line : `/${line}`));
      callback(null, [hits.length > 0 ? hits : commandNames, line]);
      return;
    }
    const parsed = /^\/?(\S+)\s+(.*)$/su.exec(line);
    const definition = definitions.find((candidate) => isNamed(candidate, parsed?.[1] ?? ''));
    if (!parsed || !definition) {
      callback(null, [[], line]);
      return;
    }
    let rest = parsed[2] ?? '';
    let prefix = `/${parsed[1]} `;
    let subcommand: string | undefined;
    const subcommands = (definition.options ?? []).filter(
      (option) => option.type === ApplicationCommandOptionType.Subcommand,
    );
    if (subcommands.length > 0) {
      const word = /^(\S*)(\s+)?/.exec(rest);
      if (!word?.[2]) {
        const hits = subcommands
          .map((option) => shownName(option, locale))
          .filter((name) => name.startsWith(word?.[1] ?? ''));
        callback(null, [hits.map((name) => `${prefix}${name} `), line]);
        return;
      }
      subcommand = word[1];
      prefix += `${word[0]}`;
      rest = rest.slice(word[0].length);
    }
    const options = optionsOf(definition, subcommand);
    // The option being typed: the last "name:" in the line, or the first option when none is named.
    const optionNamed = (typed: string | undefined) => options.find((option) => isNamed(option, typed ?? ''));
    const named = [...rest.matchAll(optionNamePattern)].filter((found) => optionNamed(found[1]));
    const last = named.at(-1);
    const focused = last
      ? optionNamed(last[1])
      : options.find((option) => 'autocomplete' in option && option.autocomplete);
    if (!focused || !('autocomplete' in focused) || !focused.autocomplete) {
      callback(null, [[], line]);
      return;
    }
    const valueStart = last ? (last.index ?? 0) + last[0].length : 0;
    const typed = rest.slice(valueStart);
    const before = `${prefix}${rest.slice(0, valueStart)}`;
    const known: Record<string, string> = {};
    named.slice(0, -1).forEach((found, index) => {
      const start = (found.index ?? 0) + found[0].length;
      const end = named[index + 1]?.index ?? rest.length;
      known[optionNamed(found[1])?.name ?? (found[1] as string)] = rest.slice(start, end).trim();
    });
    const chosenSubcommand = subcommands.find((option) => isNamed(option, subcommand ?? ''))?.name;
    emulator
      .invokeAutocomplete(
        guild.id,
        channel.id,
        definition.name,
        { ...known, [focused.name]: typed },
        focused.name,
        {
          timeoutMs: 2000,
          subcommand: chosenSubcommand,
          ...fromReader(),
        },
      )
      .then((outcome) => {
        const values =
          outcome.status === 'autocomplete' ? outcome.choices.map((choice) => String(choice.value)) : [];
        callback(null, [values.map((value) => `${before}${value}`), line]);
      })
      .catch(() => callback(null, [[], line]));
  };

  const reader = createInterface({
    input,
    output,
    terminal: interactive,
    completer: interactive ? completer : undefined,
  });
  const shutdown = async () => {
    await app.stop();
    await emulator.stop();
    await rm(storeDirectory, { recursive: true, force: true });
  };

  if (interactive) {
    reader.setPrompt('sitrep> ');
    reader.prompt();
    for await (const line of reader) {
      if (/^\s*(\.exit|exit|quit)\s*$/.test(line)) break;
      await runLine(line);
      reader.prompt();
    }
  } else {
    for await (const line of reader) await runLine(line);
  }
  reader.close();
  await shutdown();
}

function clockLabel(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function channelList(guild: EmulatedGuild): string {
  return guild.channels.map((candidate) => `#${candidate.name}`).join(', ');
}
