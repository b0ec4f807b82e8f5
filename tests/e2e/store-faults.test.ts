// The SQLite store refusing writes, for real: another process holding its lock, the file at its
// size cap, a disk that will not take the file at all. Commands keep working; nothing is half-saved.
// And a Redis store that is not there at start, or goes away while the bot runs (issue 15).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import sqlite3 from 'sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordEmulator } from '../../src/emulator/discord-emulator.js';
import { openKeyValueStores } from '../../src/store/keyv-stores.js';
import { eventually, type Harness, messageOf, startHarness } from '../support/bot-harness.js';
import { startBotProcess } from '../support/bot-process.js';
import { startTcpRelay } from '../support/tcp-relay.js';

const refusal = 'sitrep could not save that';
const cleanups: (() => Promise<void>)[] = [];
let harness: Harness | undefined;

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  if (!harness) return;
  await harness.stop();
  await harness.emulator.stop();
  await rm(harness.directory, { recursive: true, force: true });
  harness = undefined;
});

function subscribe(h: Harness, channel: string, user: string) {
  return h.emulator.invokeCommand(
    h.guild.id,
    h.channelId('general'),
    'digest',
    { channel: h.channelId(channel), schedule: 'daily 08:00' },
    {
      subcommand: 'subscribe',
      userId: user,
      memberPermissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages,
      timeoutMs: 15_000,
    },
  );
}

/** Another program holding the file's write lock until released. */
async function holdLock(file: string): Promise<() => Promise<void>> {
  const holder = spawn(process.execPath, ['tests/support/hold-sqlite-lock.mjs', file], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
    holder.on('exit', (code) => reject(new Error(`the lock holder exited ${code}`)));
  });
  const exited = new Promise((resolve) => holder.on('exit', resolve));
  return async () => {
    holder.stdin.end();
    await exited;
  };
}

function run(database: sqlite3.Database, sql: string, ...parameters: unknown[]): Promise<void> {
  return new Promise((resolve, reject) =>
    database.run(sql, parameters, (error) => (error ? reject(error) : resolve())),
  );
}

describe('a store that refuses writes', () => {
  it('locked by another program: a clear ephemeral error, nothing saved, commands still answered', async () => {
    harness = await startHarness();
    const h = harness;
    const release = await holdLock(join(h.directory, 'sitrep.sqlite'));
    cleanups.push(release);

    const statusDuring = h.emulator.invokeCommand(h.guild.id, h.channelId('general'), 'status', {
      region: 'sumy',
    });
    const refused = await subscribe(h, 'front-digest', '200000000000000021');
    expect(refused).toMatchObject({ status: 'message', ephemeral: true, deferred: true });
    expect(messageOf(refused).text).toContain(refusal);
    expect(messageOf(await statusDuring).ephemeral).toBe(false);
    expect(h.context.digests?.forGuild(h.guild.id)).toHaveLength(0);
    expect(h.posted('front-digest')).toHaveLength(0);
    expect(h.logLines.join('\n')).toContain('Could not write subscriptions/');

    await release();
    cleanups.pop();
    expect(messageOf(await subscribe(h, 'front-digest', '200000000000000022')).text).toContain(
      'Digest subscribed',
    );
    await h.restart();
    expect(h.context.digests?.forGuild(h.guild.id)).toHaveLength(1);
  }, 30_000);

  it('full (STORE_MAX_MB reached): a clear error, and what was stored stays intact', async () => {
    harness = await startHarness({ environment: { STORE_MAX_MB: '1' } });
    const h = harness;
    expect(messageOf(await subscribe(h, 'front-digest', '200000000000000023')).text).toContain(
      'Digest subscribed',
    );

    // Fill the file to its cap from another connection held to the same cap.
    const database = new sqlite3.Database(join(h.directory, 'sitrep.sqlite'));
    await run(database, 'PRAGMA busy_timeout = 5000');
    await run(database, 'PRAGMA max_page_count = 256');
    let filler = 0;
    await expect(
      (async () => {
        for (; filler < 2000; filler++)
          await run(
            database,
            'INSERT INTO keyv (key, value) VALUES (?, ?)',
            `filler:${filler}`,
            'x'.repeat(900),
          );
      })(),
    ).rejects.toThrow(/SQLITE_FULL/);
    await new Promise<void>((resolve) => database.close(() => resolve()));

    const refused = await subscribe(h, 'quiet-room', '200000000000000024');
    expect(messageOf(refused).text).toContain(refusal);
    expect(h.context.digests?.forGuild(h.guild.id)).toHaveLength(1);
    expect(
      messageOf(await h.emulator.invokeCommand(h.guild.id, h.channelId('general'), 'ceasefire')).ephemeral,
    ).toBe(false);
    await h.restart();
    const kept = h.context.digests?.forGuild(h.guild.id) ?? [];
    expect(kept.map((subscription) => subscription.channelId)).toEqual([h.channelId('front-digest')]);
    expect(filler).toBeGreaterThan(100);
  }, 30_000);

  it('on a disk that will not take the file: digests are off with a clear log line, commands work', async () => {
    const emulator = new DiscordEmulator({ token: 'e2e.readonly-token.0123456789abcdef' });
    await emulator.start();
    cleanups.push(() => emulator.stop());
    const guild = emulator.addGuild('Read-only host');
    const directory = await mkdtemp(join(tmpdir(), 'sitrep-e2e-readonly-'));
    cleanups.push(() => rm(directory, { recursive: true, force: true }));
    let storeDirectory = join(directory, 'store');
    try {
      // Root ignores file modes, so the test mounts a read-only filesystem, as a disk remounted
      // read-only after errors would be.
      execFileSync('mkdir', [storeDirectory]);
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', storeDirectory], {
        stdio: 'ignore',
      });
      cleanups.push(async () => void execFileSync('umount', [storeDirectory]));
    } catch {
      // Without the right to mount: a directory under /proc, which no one can create files in.
      storeDirectory = '/proc/sitrep-store';
    }
    const bot = startBotProcess({
      DISCORD_TOKEN: 'e2e.readonly-token.0123456789abcdef',
      DISCORD_API_URL: emulator.apiUrl,
      STORE_URL: `sqlite://${join(storeDirectory, 'sitrep.sqlite')}`,
    });
    cleanups.push(async () => {
      bot.child.kill('SIGKILL');
      await bot.exited;
    });
    await eventually(
      () => bot.lines.some((line) => line.includes('digests are off')),
      'the bot to report digests off',
      20_000,
    );
    const answer = await emulator.invokeCommand(guild.id, guild.channels[0]?.id as string, 'status', {
      region: 'kursk',
    });
    expect(messageOf(answer).ephemeral).toBe(false);
    const digest = await emulator.invokeCommand(
      guild.id,
      guild.channels[0]?.id as string,
      'digest',
      {},
      {
        subcommand: 'list',
        memberPermissions: PermissionFlagsBits.ManageGuild,
      },
    );
    expect(messageOf(digest).text).toContain('Digests are not running');
    expect(bot.lines.join('\n')).not.toContain('e2e.readonly-token');
  }, 40_000);
});

describe('a Redis store that is not there', () => {
  // Issue 15: the digest start hung with no log line, and /healthz and /metrics never came up.
  it('at start: /healthz answers at once and reports the store down, one clear line says why, commands work', async () => {
    const token = 'e2e.redis-down-token.0123456789abcdef';
    const emulator = new DiscordEmulator({ token });
    await emulator.start();
    cleanups.push(() => emulator.stop());
    const guild = emulator.addGuild('No store');
    // Accepts connections and never answers: the worst kind of unreachable.
    const silent = createServer((socket: Socket) => socket.on('data', () => undefined));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => silent.close(() => resolve())));
    const port = (silent.address() as { port: number }).port;
    const startedAt = Date.now();
    const bot = startBotProcess({
      DISCORD_TOKEN: token,
      DISCORD_API_URL: emulator.apiUrl,
      STORE_URL: `redis://:hunter2-user-part@127.0.0.1:${port}/0?password=hunter2-query`,
      STORE_TIMEOUT_SECONDS: '1',
    });
    cleanups.push(async () => {
      bot.child.kill('SIGKILL');
      await bot.exited;
    });
    await eventually(
      () => bot.lines.some((line) => line.includes('health and metrics listening')),
      'ops',
      20_000,
    );
    const ops = (
      JSON.parse(bot.lines.find((line) => line.includes('health and metrics listening')) ?? '{}') as {
        url: string;
      }
    ).url;
    const health = await fetch(`${ops}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'degraded', store: 'unreachable' });
    const healthAfterMs = Date.now() - startedAt;
    expect((await fetch(`${ops}/metrics`)).status).toBe(200);
    await eventually(
      () => bot.lines.some((line) => line.includes('digests are off')),
      'the store line',
      20_000,
    );
    const offAfterMs = Date.now() - startedAt;
    const off = bot.lines.find((line) => line.includes('digests are off')) ?? '';
    expect(off).toContain(`could not connect to redis://:***@127.0.0.1:${port}/0?password=*** within 1 s`);
    expect(off).toContain('"retryInSeconds":5');
    expect(bot.lines.some((line) => line.includes('opening the store'))).toBe(true);
    console.info(
      `Redis unreachable at start: /healthz answered 503 (store unreachable) ${healthAfterMs} ms after spawn, before the store attempt ended; "digests are off" logged ${offAfterMs - healthAfterMs} ms later`,
    );
    const answer = await emulator.invokeCommand(guild.id, guild.channels[0]?.id as string, 'status', {
      region: 'kursk',
    });
    expect(messageOf(answer).ephemeral).toBe(false);
    expect(bot.lines.join('\n')).not.toContain('hunter2');
    expect(bot.lines.join('\n')).not.toContain(token);
  }, 40_000);

  // Issue 15: keyv's Redis adapter hangs calls when the connection drops.
  it.runIf(process.env.REDIS_URL)(
    'comes up late or drops while running: digests start when it answers, and every command answers within the timeout meanwhile',
    async () => {
      const target = new URL(process.env.REDIS_URL as string);
      const direct = await openKeyValueStores(new URL('/9', target).toString(), () => undefined);
      await direct.namespaces.subscriptions.clear();
      await direct.namespaces.ledger.clear();
      await direct.close();
      const relay = await startTcpRelay(
        { host: target.hostname, port: Number(target.port || 6379) },
        'refuse',
      );
      cleanups.push(() => relay.close());
      harness = await startHarness({
        withOps: true,
        environment: { STORE_URL: `redis://${relay.host}:${relay.port}/9`, STORE_TIMEOUT_SECONDS: '1' },
      });
      const h = harness;
      const healthz = async () => (await (await fetch(`${h.ops?.url}/healthz`)).json()) as { store: string };
      expect(h.context.digests).toBeUndefined();
      expect((await healthz()).store).toBe('unreachable');
      expect(h.logLines.join('')).toContain('digests are off: the store could not be opened');

      // Redis is back: the retry 5 s later starts the digests.
      relay.setMode('forward');
      await eventually(() => h.context.digests !== undefined, 'digests to start', 15_000);
      expect(h.logLines.join('')).toContain('digests are on: the store answered');
      expect((await healthz()).store).toBe('ok');
      expect(messageOf(await subscribe(h, 'front-digest', '200000000000000031')).text).toContain(
        'Digest subscribed',
      );

      // The connection drops into a black hole while the bot runs.
      relay.setMode('blackhole');
      const startedAt = Date.now();
      const during = await subscribe(h, 'quiet-room', '200000000000000032');
      const answeredMs = Date.now() - startedAt;
      console.info(`Redis black-holed while running: /digest subscribe answered in ${answeredMs} ms`);
      expect(messageOf(during).ephemeral).toBe(true);
      expect(messageOf(during).text).not.toContain('Digest subscribed');
      expect(answeredMs).toBeLessThan(8000);
      expect((await healthz()).store).toBe('unreachable');
      const status = await h.emulator.invokeCommand(h.guild.id, h.channelId('general'), 'status', {
        region: 'sumy',
      });
      expect(messageOf(status).ephemeral).toBe(false);

      // Back again: the same subscribe goes through.
      relay.setMode('forward');
      let again = '';
      for (let attempt = 0; attempt < 20 && !again.includes('Digest subscribed'); attempt++) {
        again = messageOf(await subscribe(h, 'quiet-room', `2000000000000000${40 + attempt}`)).text;
        if (!again.includes('Digest subscribed')) await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(again).toContain('Digest subscribed');
      expect((await healthz()).store).toBe('ok');
    },
    60_000,
  );
});
