// Figures 5 and 6: the bot process with many guilds and many subscriptions, against a bare
// discord.js client with the same intents in the same run; and start-up time to the first answer.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChannelType } from 'discord.js';
import { registerCommands } from '../src/bot/register-commands.js';
import { commands } from '../src/commands/index.js';
import { DiscordEmulator } from '../src/emulator/discord-emulator.js';
import { openKeyValueStores } from '../src/store/keyv-stores.js';
import { newSubscription } from '../src/store/subscription.js';
import { SubscriptionStore } from '../src/store/subscription-store.js';
import {
  type BotKind,
  type MemoryBreakdown,
  memoryBreakdown,
  residentMemory,
  root,
  startBotProcess,
  waitUntilAnswering,
} from './processes.js';

const token = 'bench.many-guilds.0123456789abcdef';

export interface ProcessFigures {
  kind: BotKind;
  nodeOptions?: string;
  guilds: number;
  subscriptions: number;
  /** Start to the first answered interaction, ms. */
  startupMs: number;
  /** Resident memory once ready and settled. */
  rss: number;
  memory: MemoryBreakdown;
  /** Resident memory after one full collection, when measured (collectGarbage). */
  rssAfterFullGc?: number;
  /** The V8 heap before and after that collection. */
  heap?: { before: NodeJS.MemoryUsage; after: NodeJS.MemoryUsage };
}

/** Writes `count` subscriptions over the given channels into a SQLite file, as a running bot would have. */
export async function seedSubscriptions(
  storeUrl: string,
  channels: { id: string; guildId: string }[],
  count: number,
) {
  const stores = await openKeyValueStores(storeUrl, () => undefined);
  const store = new SubscriptionStore(stores.namespaces.subscriptions);
  const createdAt = new Date().toISOString();
  const schedules = ['0 8 * * *', '0 */6 * * *', '30 18 * * 1-5', '0 9 * * 1', '0 * * * *'];
  const zones = ['Europe/Kyiv', 'Europe/Moscow', 'UTC', 'Europe/London', 'America/New_York'];
  for (let index = 0; index < count; index++) {
    const channel = channels[index % channels.length] as { id: string; guildId: string };
    const record = newSubscription({
      id: `seed${index.toString(36).padStart(6, '0')}`,
      guildId: channel.guildId,
      channelId: channel.id,
      channelName: 'front-digest',
      channelKind: 'text',
      schedule: {
        input: schedules[index % 5] as string,
        cron: schedules[index % 5] as string,
        description: 'seeded',
      },
      timeZone: zones[Math.floor(index / 5) % 5] as string,
      topics: index % 3 === 0 ? ['ceasefire'] : [],
      quiet: index % 2 === 0,
      createdBy: '100000000000000001',
      createdAt,
      lastDigestAt: createdAt,
    });
    await store.save(record);
  }
  await stores.close();
}

export async function measureBotProcess(
  kind: BotKind,
  {
    guilds,
    subscriptions,
    settleMs = 3000,
    nodeOptions,
    env,
    inspect,
    collectGarbage = false,
  }: {
    guilds: number;
    subscriptions: number;
    settleMs?: number;
    nodeOptions?: string;
    env?: Record<string, string>;
    /** Called with the settled process's pid before it is stopped (for a closer look). */
    inspect?: (pid: number) => Promise<void>;
    /** Also read memory after one forced full collection (the process gets --expose-gc and a preload). */
    collectGarbage?: boolean;
  },
): Promise<ProcessFigures> {
  const directory = await mkdtemp(join(tmpdir(), 'sitrep-bench-guilds-'));
  const storeUrl = `sqlite://${join(directory, 'sitrep.sqlite')}`;
  const emulator = new DiscordEmulator({ token });
  await emulator.start();
  const channels: { id: string; guildId: string }[] = [];
  for (let index = 0; index < guilds; index++) {
    const guild = emulator.addGuild(`Guild ${index}`, [
      { name: 'general' },
      { name: 'front-digest' },
      { name: 'announcements', type: ChannelType.GuildAnnouncement },
    ]);
    emulator.addRole(guild.id, 'moderators');
    emulator.addRole(guild.id, 'front-watchers');
    channels.push({ id: guild.channels[1]?.id as string, guildId: guild.id });
  }
  const first = [...emulator.guilds.values()][0];
  if (!first) throw new Error('no guild');
  await registerCommands(
    commands.map((command) => command.data),
    { token, apiUrl: emulator.apiUrl, guildId: first.id },
  );
  if (subscriptions > 0) await seedSubscriptions(storeUrl, channels, subscriptions);
  const gcHook = collectGarbage ? `--expose-gc --import=${join(root, 'bench/gc-on-signal.mjs')}` : '';
  const options = [nodeOptions, gcHook].filter(Boolean).join(' ') || undefined;
  const report = join(directory, 'memory-report.json');
  const bot = startBotProcess(kind, {
    token,
    apiUrl: emulator.apiUrl,
    storeUrl,
    nodeOptions: options,
    env: { ...env, BENCH_MEMORY_REPORT: report },
  });
  const answeredAt = await waitUntilAnswering(emulator, first.id, first.channels[0]?.id as string, {
    timeoutMs: 120_000,
  });
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const pid = bot.child.pid as number;
  const rss = await residentMemory(pid);
  const memory = await memoryBreakdown(pid);
  let rssAfterFullGc: number | undefined;
  let heap: ProcessFigures['heap'];
  if (collectGarbage) {
    bot.child.kill('SIGUSR2');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    rssAfterFullGc = await residentMemory(pid);
    heap = JSON.parse(await readFile(report, 'utf8')) as ProcessFigures['heap'];
  }
  await inspect?.(pid);
  await bot.stop();
  await emulator.stop();
  await rm(directory, { recursive: true, force: true });
  return {
    kind,
    nodeOptions,
    guilds,
    subscriptions,
    startupMs: answeredAt - bot.startedAt,
    rss,
    memory,
    rssAfterFullGc,
    heap,
  };
}
