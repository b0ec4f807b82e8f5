// Figure 4: N subscriptions in N channels due in the same minute, posted through discord.js's REST
// client to the emulator, which enforces Discord's global limit (50 requests/s) and route buckets.
// The physical bound is N / 50 seconds. The emulator stands for Discord, another machine, so the bot's
// side runs in its own process (bench/fan-out-child.ts): in one process, a pause of the bot's event
// loop would hold back requests already sent and bunch their arrival, which Discord never sees.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiscordEmulator } from '../src/emulator/discord-emulator.js';
import type { FanOutChannel, FanOutTimings } from './fan-out-child.js';
import { runScriptForJson } from './processes.js';

/** Messages in the channels after a fan-out: every channel should hold exactly one. */
export interface Deliveries {
  posted: number;
  lost: number;
  duplicated: number;
}

export interface FanOutResult extends Deliveries {
  count: number;
  seconds: number;
  boundSeconds: number;
  rejected429: number;
  other4xx: number;
  buildMsPerDigest: number;
  waitingShare: number;
}

const token = 'bench.fan-out.0123456789abcdef';

export async function benchFanOut(count: number): Promise<FanOutResult> {
  const directory = await mkdtemp(join(tmpdir(), 'sitrep-bench-fanout-'));
  const emulator = new DiscordEmulator({ token, rateLimits: { globalPerSecond: 50 } });
  await emulator.start();
  const channels: FanOutChannel[] = [];
  for (let guildIndex = 0; channels.length < count; guildIndex++) {
    const names = Array.from({ length: Math.min(50, count - channels.length) }, (_, index) => ({
      name: `digest-${guildIndex}-${index}`,
    }));
    const guild = emulator.addGuild(`Guild ${guildIndex}`, names);
    for (const channel of guild.channels)
      channels.push({ guildId: guild.id, channelId: channel.id, name: channel.name });
  }
  const channelsFile = join(directory, 'channels.json');
  await writeFile(channelsFile, JSON.stringify(channels));
  emulator.requests.length = 0;
  const { seconds, buildMsPerDigest } = await runScriptForJson<FanOutTimings>('bench/fan-out-child.ts', [
    emulator.apiUrl,
    token,
    channelsFile,
  ]);

  const { posted, lost, duplicated } = countDeliveries(emulator, channels);
  const statuses = emulator.requests.map((request) => request.status);
  await emulator.stop();
  await rm(directory, { recursive: true, force: true });
  const boundSeconds = count / 50;
  return {
    count,
    seconds,
    boundSeconds,
    posted,
    lost,
    duplicated,
    rejected429: statuses.filter((status) => status === 429).length,
    other4xx: statuses.filter((status) => status >= 400 && status < 500 && status !== 429).length,
    buildMsPerDigest,
    waitingShare: 1 - (buildMsPerDigest * count) / 1000 / seconds,
  };
}

export function countDeliveries(
  emulator: DiscordEmulator,
  channels: readonly { channelId: string }[],
): Deliveries {
  let posted = 0;
  let lost = 0;
  let duplicated = 0;
  for (const { channelId } of channels) {
    const messages = emulator.messages.get(channelId)?.length ?? 0;
    posted += messages;
    if (messages === 0) lost++;
    if (messages > 1) duplicated += messages - 1;
  }
  return { posted, lost, duplicated };
}
