// `npm start` with no token: the local Discord emulator, the real bot connected to it, and a console
// where a person types slash commands and reads the replies.
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { ChannelType } from 'discord-api-types/v10';
import { registerCommands } from '../bot/register-commands.js';
import { startBot } from '../bot/start-bot.js';
import { systemClock } from '../clock.js';
import type { Command, CommandContext } from '../commands/command.js';
import type { Config } from '../config.js';
import { loadFactStore } from '../data/load-store.js';
import { DiscordEmulator, type InteractionOutcome } from '../emulator/discord-emulator.js';
import { createLogger } from '../log.js';
import { ansiStyle, plainStyle, renderMessageForTerminal, type TerminalStyle } from '../render/terminal.js';
import { parseCommandLine } from './parse-command-line.js';

export interface PlaygroundOptions {
  config: Config;
  commands: readonly Command[];
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  interactive?: boolean;
}

export function describeOutcome(outcome: InteractionOutcome, style: TerminalStyle): string {
  switch (outcome.status) {
    case 'message':
      return renderMessageForTerminal(outcome.message, style);
    case 'autocomplete':
      return outcome.choices.map((choice) => `  ${choice.name}`).join('\n') || '  (no suggestions)';
    case 'rejected':
      return `The emulator rejected the bot's answer, as Discord would: ${JSON.stringify(outcome.error)}`;
    case 'timeout':
      return 'No answer from the bot in time.';
  }
}

export async function runPlayground({
  config,
  commands,
  input = process.stdin,
  output = process.stdout,
  interactive = Boolean((input as { isTTY?: boolean }).isTTY),
}: PlaygroundOptions): Promise<void> {
  const print = (text: string) => output.write(`${text}\n`);
  const style = interactive ? ansiStyle : plainStyle;
  print(
    'No DISCORD_TOKEN set: starting the playground (a local Discord emulator on 127.0.0.1 with the real bot connected). To use real Discord, set DISCORD_TOKEN in .env; see README "Running on Discord".',
  );

  const token = `playground.${randomBytes(24).toString('base64url')}`;
  const emulator = new DiscordEmulator({ token });
  await emulator.start();
  const guild = emulator.addGuild('sitrep playground', [
    { name: 'general' },
    { name: 'front-digest' },
    { name: 'announcements', type: ChannelType.GuildAnnouncement },
  ]);
  const channel = emulator.channelByName(guild.id, 'general');

  const log = createLogger({
    level: process.env.LOG_LEVEL ?? 'warn',
    destination: process.stderr as never,
    secrets: [token],
  });
  const facts = await loadFactStore(config.factsDirectory);
  const botConfig: Config = { ...config, token, apiUrl: emulator.apiUrl, guildId: guild.id };
  const context: CommandContext = { config: botConfig, facts, log, clock: systemClock };
  const definitions = commands.map((command) => command.data);
  await registerCommands(definitions, { token, apiUrl: emulator.apiUrl, guildId: guild.id });
  const bot = startBot(token, commands, context);
  await bot.ready;

  emulator.channelMessageListeners.add((message) => {
    const where = emulator.channels.get(message.channel_id)?.name ?? message.channel_id;
    print(`\n${style.bold(`#${where}`)} (posted by the bot)\n${renderMessageForTerminal(message, style)}`);
  });

  print(
    `Connected as ${emulator.botUser.username} to "${guild.name}" (#${channel.name}), ${facts.facts.length} facts loaded. Try /status kursk, /ceasefire, /ask how far can long neptune strike, /help.${interactive ? ' Tab completes; Ctrl+D or .exit leaves.' : ''}`,
  );

  const runLine = async (line: string) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (!interactive) print(`> ${trimmed}`);
    const parsed = parseCommandLine(trimmed, definitions);
    if (!parsed.ok) {
      print(parsed.reason);
      return;
    }
    const outcome = await emulator.invokeCommand(guild.id, channel.id, parsed.name, parsed.options);
    print(describeOutcome(outcome, style));
  };

  const completer = (line: string, callback: (error: null, result: [string[], string]) => void) => {
    const names = definitions.map((definition) => `/${definition.name}`);
    if (!line.includes(' ')) {
      const hits = names.filter((name) => name.startsWith(line.startsWith('/') ? line : `/${line}`));
      callback(null, [hits.length > 0 ? hits : names, line]);
      return;
    }
    const parsed = /^\/?(\S+)\s+(.*)$/.exec(line);
    const definition = definitions.find((candidate) => candidate.name === parsed?.[1]);
    const option = definition?.options?.find(
      (candidate) => 'autocomplete' in candidate && candidate.autocomplete,
    );
    if (!parsed || !definition || !option) {
      callback(null, [[], line]);
      return;
    }
    const typed = (parsed[2] ?? '').replace(new RegExp(`^${option.name}:`), '');
    emulator
      .invokeAutocomplete(guild.id, channel.id, definition.name, { [option.name]: typed }, option.name, {
        timeoutMs: 2000,
      })
      .then((outcome) => {
        const values =
          outcome.status === 'autocomplete' ? outcome.choices.map((choice) => String(choice.value)) : [];
        callback(null, [values.map((value) => `/${definition.name} ${value}`), line]);
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
    await bot.stop();
    await emulator.stop();
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
