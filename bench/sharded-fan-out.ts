// Figure 4b: the fan-out of figure 4 with two shard processes against one. Each shard process posts
// the digests of its own guilds; Discord's global limit (50 requests/s) is per bot, so two processes
// cannot post faster than one, and the question is whether they keep under the limit together.
// Measured with the shared REST proxy (sitrep's: @discordjs/proxy with the pacer in front), with
// @discordjs/proxy alone, and with no proxy at all, the last two with each shard at a full pace.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evenStartsBelowGlobalLimit } from '../src/config.js';
import { DiscordEmulator } from '../src/emulator/discord-emulator.js';
import { countDeliveries, type Deliveries } from './fan-out.js';
import type { FanOutChannel, FanOutShardOptions, FanOutTimings } from './fan-out-child.js';
import { root, runScriptForJson } from './processes.js';

type RestRoute = 'direct' | 'sitrep proxy' | '@discordjs/proxy alone';

export interface ShardedFanOutVariant {
  shards: number;
  route: RestRoute;
  /** Each shard's digest pace: its share of the bot's, or the bot's whole pace. */
  pace: 'share' | 'full';
}

export interface ShardedFanOutResult extends ShardedFanOutVariant, Deliveries {
  count: number;
  postsPerSecondEach: number;
  seconds: number;
  boundSeconds: number;
  rejected429: number;
  busiestSecond: number;
}

const token = 'bench.sharded-fan-out.0123456789abcdef';

export async function benchShardedFanOut(
  count: number,
  variant: ShardedFanOutVariant,
): Promise<ShardedFanOutResult> {
  const directory = await mkdtemp(join(tmpdir(), 'sitrep-bench-shards-'));
  const emulator = new DiscordEmulator({ token, rateLimits: { globalPerSecond: 50 } });
  await emulator.start();
  const channels: FanOutChannel[] = [];
  // One channel per guild: guilds, not channels, are what shards divide.
  for (let index = 0; index < count; index++) {
    const guild = emulator.addGuild(`Guild ${index}`, [{ name: `digest-${index}` }]);
    const channel = guild.channels[0];
    if (channel) channels.push({ guildId: guild.id, channelId: channel.id, name: channel.name });
  }
  const channelsFile = join(directory, 'channels.json');
  await writeFile(channelsFile, JSON.stringify(channels));
  const proxy = variant.route === 'direct' ? undefined : await startProxy(variant.route, emulator.apiUrl);
  const postsPerSecondEach =
    variant.pace === 'share' ? evenStartsBelowGlobalLimit / variant.shards : evenStartsBelowGlobalLimit;
  const goFile = join(directory, 'go');
  emulator.requests.length = 0;
  try {
    const runs = Array.from({ length: variant.shards }, (_, id) => {
      const options: FanOutShardOptions = {
        shard: { count: variant.shards, ids: [id] },
        postsPerSecond: postsPerSecondEach,
        goFile,
      };
      return runScriptForJson<FanOutTimings>('bench/fan-out-child.ts', [
        proxy?.url ?? emulator.apiUrl,
        token,
        channelsFile,
        JSON.stringify(options),
      ]);
    });
    await waitForReady(directory, variant.shards);
    await writeFile(goFile, '');
    const timings = await Promise.all(runs);
    const seconds =
      (Math.max(...timings.map((run) => run.finishedAtMs)) -
        Math.min(...timings.map((run) => run.startedAtMs))) /
      1000;
    const { posted, lost, duplicated } = countDeliveries(emulator, channels);
    return {
      ...variant,
      count,
      postsPerSecondEach,
      seconds,
      boundSeconds: count / 50,
      posted,
      lost,
      duplicated,
      rejected429: emulator.requests.filter((request) => request.status === 429).length,
      busiestSecond: emulator.busiestGlobalSecond(),
    };
  } finally {
    proxy?.child.kill('SIGTERM');
    await emulator.stop();
    await rm(directory, { recursive: true, force: true });
  }
}

/** The proxy's shared secret; the shard children (bench/fan-out-child.ts) inherit it and send it. */
const proxySecret = 'bench-rest-proxy-secret-0123456789abcdef';
process.env.REST_PROXY_SECRET = proxySecret;

async function startProxy(route: RestRoute, upstream: string): Promise<{ url: string; child: ChildProcess }> {
  const child =
    route === 'sitrep proxy'
      ? spawn(process.execPath, ['dist/rest-proxy.js'], {
          cwd: root,
          env: {
            ...process.env,
            DISCORD_TOKEN: token,
            REST_PROXY_SECRET: proxySecret,
            DISCORD_API_URL: upstream,
            REST_PROXY_PORT: '0',
            LOG_LEVEL: 'info',
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        })
      : spawn(process.execPath, ['bench/plain-proxy.mjs', upstream], {
          cwd: root,
          stdio: ['ignore', 'pipe', 'inherit'],
        });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${route} did not start`)), 20_000);
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      const match = /"url":"([^"]+)"/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`${route} exited ${code}`)));
  });
  return { url, child };
}

async function waitForReady(directory: string, shards: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const ready = (await readdir(directory)).filter((name) => name.startsWith('go.ready-'));
    if (ready.length === shards) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the shard processes were not ready within 120 s');
}
