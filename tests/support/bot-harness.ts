// The production composition root (createApp) over the local emulator and a SQLite file, with a
// manual clock driving the schedule. Shared by the end-to-end tests of digests and of faults.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChannelType, PermissionFlagsBits } from 'discord.js';
import { type App, createApp, type RunningDigestService } from '../../src/app.js';
import { registerCommands } from '../../src/bot/register-commands.js';
import type { RunningBot } from '../../src/bot/start-bot.js';
import { ManualClock } from '../../src/clock.js';
import type { CommandContext } from '../../src/commands/command.js';
import { commands } from '../../src/commands/index.js';
import { loadConfig } from '../../src/config.js';
import {
  DiscordEmulator,
  type EmulatedGuild,
  type InteractionOutcome,
} from '../../src/emulator/discord-emulator.js';
import { createLogger } from '../../src/log.js';
import type { RunningOpsServer } from '../../src/ops/ops-server.js';
import { manualTriggers } from '../../src/scheduler/digest-scheduler.js';
import { bundledStore } from './bundled-store.js';

const harnessToken = 'e2e.digest-token.0123456789abcdef';
const token = harnessToken;

export interface Harness {
  emulator: DiscordEmulator;
  guild: EmulatedGuild;
  clock: ManualClock;
  context: CommandContext;
  app: App;
  bot: RunningBot;
  digests: RunningDigestService | undefined;
  /** /healthz and /metrics, when started withOps. */
  ops: RunningOpsServer | undefined;
  directory: string;
  logLines: string[];
  /** Stops the bot and its digests and starts fresh ones over the same SQLite file. */
  restart(): Promise<void>;
  /** Stops the ops server, digests and the bot (not the emulator). */
  stop(): Promise<void>;
  digest(
    subcommand: string,
    options?: Record<string, string | number | boolean>,
  ): Promise<InteractionOutcome>;
  channelId(name: string): string;
  posted(name: string): string[];
}

export async function startHarness({
  watchFacts = false,
  deferAfterMs,
  environment = {},
  withOps = false,
  registerGlobally = false,
  emulatorOptions = {},
}: {
  watchFacts?: boolean;
  deferAfterMs?: number;
  /** More configuration, as environment variables (DISCORD_REST_TIMEOUT_SECONDS, say). */
  environment?: Record<string, string>;
  /** Metrics, and /healthz and /metrics on a free loopback port, wired as src/index.ts does. */
  withOps?: boolean;
  /**
   * Register the commands globally too, as `npm run deploy-commands` does without DISCORD_GUILD_ID:
   * only global commands reach DMs and user installs.
   */
  registerGlobally?: boolean;
  /** The emulator's own options (shorter rate-limit windows, say); the token is the harness's. */
  emulatorOptions?: Omit<ConstructorParameters<typeof DiscordEmulator>[0], 'token'>;
} = {}): Promise<Harness> {
  const directory = await mkdtemp(join(tmpdir(), 'sitrep-e2e-digests-'));
  const emulator = new DiscordEmulator({ ...emulatorOptions, token });
  await emulator.start();
  const guild = emulator.addGuild('Front watchers', [
    { name: 'general' },
    { name: 'front-digest' },
    { name: 'quiet-room' },
    { name: 'digest-forum', type: ChannelType.GuildForum },
  ]);
  const logLines: string[] = [];
  const log = createLogger({
    level: 'debug',
    destination: { write: (line: string) => void logLines.push(line) },
    secrets: [token],
  });
  const factsDirectory = join(directory, 'facts');
  await mkdir(factsDirectory);
  const config = {
    ...loadConfig({
      STORE_URL: `sqlite://${join(directory, 'sitrep.sqlite')}`,
      FACTS_DIR: factsDirectory,
      ...environment,
    }),
    token,
    apiUrl: emulator.apiUrl,
  };
  const clock = new ManualClock(Date.parse('2027-03-26T12:00:00Z'));
  const facts = await bundledStore();
  await registerCommands(
    commands.map((command) => command.data),
    { token, apiUrl: emulator.apiUrl, guildId: guild.id },
  );
  if (registerGlobally) {
    await registerCommands(
      commands.map((command) => command.data),
      { token, apiUrl: emulator.apiUrl },
    );
  }
  const launch = async () => {
    const app = await createApp(config, {
      log,
      clock,
      facts,
      triggers: manualTriggers,
      retryDelaysMs: [10],
      watchFacts,
      metrics: withOps,
      ops: withOps ? { host: '127.0.0.1', port: 0 } : null,
      ...(deferAfterMs === undefined ? {} : { deferAfterMs }),
    });
    return { app, context: app.context, bot: app.bot, digests: app.digests, ops: app.ops };
  };
  const harness: Harness = {
    emulator,
    guild,
    clock,
    directory,
    logLines,
    ...(await launch()),
    async restart() {
      await harness.stop();
      Object.assign(harness, await launch());
    },
    async stop() {
      await harness.app.stop();
      // Every test on this harness doubles as a check that the token never reaches a log line.
      const leaked = logLines.filter((line) => line.includes(token));
      if (leaked.length > 0) throw new Error(`the bot token appeared in ${leaked.length} log line(s)`);
    },
    digest: (subcommand, options = {}) =>
      emulator.invokeCommand(guild.id, emulator.channelByName(guild.id, 'general').id, 'digest', options, {
        subcommand,
        memberPermissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages,
      }),
    channelId: (name) => emulator.channelByName(guild.id, name).id,
    posted(name) {
      const channel = emulator.channelByName(guild.id, name);
      const inThreads = [...emulator.channels.values()].filter(
        (candidate) => candidate.parentId === channel.id,
      );
      return [channel, ...inThreads].flatMap((candidate) =>
        (emulator.messages.get(candidate.id) ?? []).map((message) =>
          [message.content, JSON.stringify(message.embeds)].join('\n'),
        ),
      );
    },
  };
  return harness;
}

/** Stops the bot, the emulator, and removes the harness's files: the end of a test. */
export async function disposeHarness(harness: Harness): Promise<void> {
  await harness.stop();
  await harness.emulator.stop();
  await rm(harness.directory, { recursive: true, force: true });
}

export function messageOf(outcome: InteractionOutcome) {
  if (outcome.status !== 'message') throw new Error(`expected a message, got ${JSON.stringify(outcome)}`);
  return { ...outcome, text: [outcome.message.content, JSON.stringify(outcome.message.embeds)].join('\n') };
}

export async function eventually(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  for (let waited = 0; waited < timeoutMs; waited += 25) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}
