// Gateway sharding across processes, on the emulator with 1,000 guilds and one SQLite store: each
// process owns the digests of the guilds on its shards, and their REST requests share one budget
// through the REST proxy. Killed in the middle of a fan-out and restarted with more shards, or
// respawned by the ShardingManager: every digest posted exactly once, the global limit never met.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { shardOfGuild } from '../../src/bot/shards.js';
import { DiscordEmulator } from '../../src/emulator/discord-emulator.js';
import { DiscordLimits } from '../../src/render/discord-limits.js';
import { type BotProcess, killAll, startBotProcess } from '../support/bot-process.js';
import {
  dueGraceMinutes,
  seedDueSubscriptions,
  storedSubscriptions,
  until,
} from '../support/due-subscriptions.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const token = 'e2e.sharding-token.0123456789abcdef';
const proxySecret = 'e2e-sharding-proxy-secret-0123456789abcdef';
const guildCount = 1_000;
const subscribedGuilds = 240;

describe('digests across shard processes', () => {
  let emulator: DiscordEmulator;
  let directory: string;
  let storeUrl: string;
  let subscribed: { guildId: string; id: string; name: string }[];
  const running: { child: BotProcess['child']; exited: Promise<unknown> }[] = [];

  const posts = () => subscribed.map((channel) => emulator.messages.get(channel.id)?.length ?? 0);
  const postedChannels = () => posts().filter((count) => count > 0).length;
  const refusals = () => emulator.requests.filter((request) => request.status === 429).length;
  let restProxy: BotProcess;
  let restProxyUrl: string;

  const startShard = (count: number, id: number) => {
    const bot = startBotProcess({
      DISCORD_TOKEN: token,
      DISCORD_API_URL: emulator.apiUrl,
      REST_PROXY_URL: restProxyUrl,
      REST_PROXY_SECRET: proxySecret,
      STORE_URL: storeUrl,
      SHARD_COUNT: String(count),
      SHARD_IDS: String(id),
      DIGEST_GRACE_MINUTES: dueGraceMinutes,
    });
    running.push(bot);
    return bot;
  };

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sitrep-e2e-shards-'));
    emulator = new DiscordEmulator({ token, recommendedShards: 2 });
    await emulator.start();
    subscribed = [];
    for (let index = 0; index < guildCount; index++) {
      const guild = emulator.addGuild(`Guild ${index}`, [{ name: 'front-digest' }]);
      const channel = guild.channels[0];
      if (
        index % Math.floor(guildCount / subscribedGuilds) === 0 &&
        subscribed.length < subscribedGuilds &&
        channel
      )
        subscribed.push({ guildId: guild.id, id: channel.id, name: channel.name });
    }
  });

  // The shared proxy of a multi-host fleet, through its own entry point: `npm run start:rest-proxy`.
  const startRestProxyProcess = async () => {
    restProxy = startBotProcess(
      {
        DISCORD_TOKEN: token,
        REST_PROXY_SECRET: proxySecret,
        DISCORD_API_URL: emulator.apiUrl,
        REST_PROXY_PORT: '0',
      },
      'src/rest-proxy.ts',
    );
    running.push(restProxy);
    await until(
      () => restProxy.lines.some((line) => line.includes('REST proxy listening')),
      'the REST proxy',
      20_000,
    );
    const listening = restProxy.lines.find((line) => line.includes('REST proxy listening')) ?? '';
    restProxyUrl = (JSON.parse(listening) as { url: string }).url;
  };

  afterEach(async () => {
    await killAll(running);
    await emulator.stop();
    await rm(directory, { recursive: true, force: true });
  });

  // Processes on one host share a SQLite file; on several hosts, a store over the network (CI runs Redis).
  const reshardStores = [
    { name: 'one SQLite file', url: () => `sqlite://${join(directory, 'sitrep.sqlite')}` },
    ...(process.env.REDIS_URL
      ? [{ name: 'Redis', url: () => new URL('/5', process.env.REDIS_URL).toString() }]
      : []),
  ];

  it.each(reshardStores)(
    'splits the guilds between two processes; killed mid-fan-out and restarted as three shards, posts each digest once ($name)',
    async ({ url }) => {
      storeUrl = url();
      await seedDueSubscriptions(storeUrl, subscribed);
      await startRestProxyProcess();
      const two = [startShard(2, 0), startShard(2, 1)];
      await until(() => postedChannels() >= subscribedGuilds / 4, 'the fan-out to be under way', 60_000);
      // Each process took only its own guilds.
      for (const [shard, bot] of two.entries()) {
        const started = bot.lines.find((line) => line.includes('digest scheduler started'));
        const owned = Number(/"owned":(\d+)/.exec(started ?? '')?.[1]);
        expect(owned).toBe(subscribed.filter((channel) => shardOfGuild(channel.guildId, 2) === shard).length);
      }
      for (const bot of two) bot.child.kill('SIGKILL');
      await Promise.all(two.map((bot) => bot.exited));
      const beforeReshard = postedChannels();
      expect(beforeReshard).toBeLessThan(subscribedGuilds);
      expect(posts().every((count) => count <= 1)).toBe(true);

      // The same store, three shards now: guilds move between processes, and nothing is posted twice.
      const three = [startShard(3, 0), startShard(3, 1), startShard(3, 2)];
      await until(() => postedChannels() === subscribedGuilds, 'every digest', 90_000);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(posts().every((count) => count === 1)).toBe(true);
      expect(refusals()).toBe(0);
      expect(emulator.busiestGlobalSecond()).toBeLessThanOrEqual(DiscordLimits.globalRequestsPerSecond);
      const health = (await (await fetch(restProxyUrl.replace(/\/api$/, '/healthz'))).json()) as {
        forwarded: number;
      };
      expect(health.forwarded).toBeGreaterThanOrEqual(subscribedGuilds);
      // A command reaches the process running its guild's shard, which answers from what it owns.
      for (const shard of [0, 1, 2]) {
        const index = subscribed.findIndex((channel) => shardOfGuild(channel.guildId, 3) === shard);
        const channel = subscribed[index] as (typeof subscribed)[number];
        const listed = await emulator.invokeCommand(
          channel.guildId,
          channel.id,
          'digest',
          {},
          { subcommand: 'list' },
        );
        expect(listed.status).toBe('message');
        expect(JSON.stringify(listed)).toContain(`due${String(index).padStart(5, '0')}`);
      }
      for (const bot of three) bot.child.kill('SIGTERM');
      await Promise.all(three.map((bot) => bot.exited));
      const stored = await storedSubscriptions(storeUrl);
      expect(stored).toHaveLength(subscribedGuilds);
      expect(stored.every((subscription) => subscription.lastSlot?.state === 'done')).toBe(true);
    },
    180_000,
  );

  describe('npm run start:sharded', () => {
    beforeAll(() => {
      // The ShardingManager forks the compiled entry point, as `npm run start:sharded` does.
      execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
    }, 120_000);

    it('spawns a process per shard and respawns one that dies, losing and doubling no digest', async () => {
      storeUrl = `sqlite://${join(directory, 'sitrep.sqlite')}`;
      await seedDueSubscriptions(storeUrl, subscribed);
      const manager = spawn(process.execPath, ['dist/shard-manager.js'], {
        cwd: root,
        env: {
          ...process.env,
          DISCORD_TOKEN: token,
          DISCORD_API_URL: emulator.apiUrl,
          STORE_URL: storeUrl,
          LOG_LEVEL: 'info',
          OPS_PORT: '0',
          DISCORD_GUILD_ID: '',
          FACTS_DIR: '',
          SHARD_COUNT: 'auto',
          SHARD_SPAWN_DELAY_MS: '200',
          DIGEST_GRACE_MINUTES: dueGraceMinutes,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const lines: string[] = [];
      const collect = (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean));
      manager.stdout.on('data', collect);
      manager.stderr.on('data', collect);
      const exited = new Promise((resolve) => manager.on('exit', resolve));
      running.push({ child: manager, exited });

      await until(
        () => lines.some((line) => line.includes('every shard process is ready')),
        'both shards',
        60_000,
      );
      expect(lines.some((line) => line.includes('"totalShards":2'))).toBe(true);
      await until(() => postedChannels() >= subscribedGuilds / 4, 'the fan-out to be under way', 60_000);
      const children = execFileSync('pgrep', ['-P', String(manager.pid)])
        .toString()
        .trim()
        .split('\n');
      expect(children).toHaveLength(2);
      process.kill(Number(children[0]), 'SIGKILL');
      await until(() => lines.some((line) => line.includes('respawning')), 'the manager to notice', 30_000);
      await until(() => postedChannels() === subscribedGuilds, 'every digest', 90_000);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(posts().every((count) => count === 1)).toBe(true);
      expect(refusals()).toBe(0);
      expect(emulator.busiestGlobalSecond()).toBeLessThanOrEqual(DiscordLimits.globalRequestsPerSecond);
      // The shards' REST went through the manager's own proxy.
      const proxyLine =
        lines.find((line) => line.includes("REST proxy for this host's shards listening")) ?? '';
      const proxyUrl = (JSON.parse(proxyLine) as { url: string }).url;
      const health = (await (await fetch(proxyUrl.replace(/\/api$/, '/healthz'))).json()) as {
        forwarded: number;
      };
      expect(health.forwarded).toBeGreaterThanOrEqual(subscribedGuilds);
      manager.kill('SIGTERM');
      await exited;
      expect(lines.join('\n')).not.toContain(token);
    }, 180_000);
  });
});
