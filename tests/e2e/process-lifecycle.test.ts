// The real entry point (src/index.ts) as its own process, against the emulator, over a real SQLite
// file: SIGTERM and SIGKILL in the middle of a fan-out, then a restart. Nothing lost, nothing twice.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiscordEmulator, type EmulatedGuild } from '../../src/emulator/discord-emulator.js';
import { type BotProcess, killAll, startBotProcess as startBotProcessWith } from '../support/bot-process.js';
import {
  dueGraceMinutes,
  seedDueSubscriptions,
  storedSubscriptions,
  until,
} from '../support/due-subscriptions.js';

const token = 'e2e.lifecycle-token.0123456789abcdef';
const startBotProcess = (apiUrl: string, storeUrl: string) =>
  startBotProcessWith({
    DISCORD_TOKEN: token,
    DISCORD_API_URL: apiUrl,
    STORE_URL: storeUrl,
    // Slow enough to stop it in the middle, and a grace period that covers the missed slot.
    DIGEST_POSTS_PER_SECOND: '4',
    DIGEST_GRACE_MINUTES: dueGraceMinutes,
  });
const channelCount = 24;
const root = fileURLToPath(new URL('../..', import.meta.url));

/** The entry point with no token, as a container or service manager runs it: no terminal. */
function runWithoutToken(
  environment: Record<string, string>,
  args: string[] = [],
  input = '',
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const startedAt = Date.now();
  const base = { ...process.env };
  delete base.NODE_ENV;
  delete base.SITREP_PLAYGROUND;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts', ...args], {
    cwd: root,
    env: { ...base, DISCORD_TOKEN: '', LOG_LEVEL: 'warn', OPS_PORT: '0', ...environment },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.end(input);
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - startedAt });
    }),
  );
}

describe('the bot process stopped in the middle of a fan-out', () => {
  let emulator: DiscordEmulator;
  let guild: EmulatedGuild;
  let directory: string;
  let storeUrl: string;
  const running: BotProcess[] = [];

  const postsPerChannel = () =>
    guild.channels.map((channel) => emulator.messages.get(channel.id)?.length ?? 0);
  const postedChannels = () => postsPerChannel().filter((count) => count > 0).length;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sitrep-e2e-lifecycle-'));
    storeUrl = `sqlite://${join(directory, 'sitrep.sqlite')}`;
    emulator = new DiscordEmulator({ token });
    await emulator.start();
    guild = emulator.addGuild(
      'Lifecycle',
      Array.from({ length: channelCount }, (_, index) => ({ name: `digest-${index}` })),
    );
    await seedDueSubscriptions(
      storeUrl,
      guild.channels.map((channel) => ({ guildId: guild.id, id: channel.id, name: channel.name })),
    );
  });

  afterEach(async () => {
    await killAll(running);
    await emulator.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('on SIGTERM stops taking work, records what it sent, exits within 10 s; the restart posts the rest once', async () => {
    const first = startBotProcess(emulator.apiUrl, storeUrl);
    running.push(first);
    await until(() => postedChannels() >= 6, 'the fan-out to be under way');
    const signalledAt = Date.now();
    first.child.kill('SIGTERM');
    const code = await first.exited;
    const stopMs = Date.now() - signalledAt;
    expect(code, first.lines.slice(-15).join('\n')).toBe(0);
    expect(stopMs).toBeLessThan(10_000);
    const stopped = first.lines.find((line) => line.includes('"msg":"stopped:'));
    expect(stopped).toMatch(
      /stopped: \d+ digest\(s\) finished, \d+ left for the restart; store closed, gateway closed/,
    );
    const postedBeforeRestart = postedChannels();
    console.info(
      `SIGTERM: exited in ${stopMs} ms with ${postedBeforeRestart} of ${channelCount} posted; ${stopped}`,
    );
    expect(postedBeforeRestart).toBeLessThan(channelCount);

    const second = startBotProcess(emulator.apiUrl, storeUrl);
    running.push(second);
    await until(() => postedChannels() === channelCount, 'every channel to get its digest');
    // Give a duplicate, if there were to be one, the time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(postsPerChannel().every((count) => count === 1)).toBe(true);
    second.child.kill('SIGTERM');
    await second.exited;
    const stored = await storedSubscriptions(storeUrl);
    expect(stored).toHaveLength(channelCount);
    expect(stored.every((subscription) => subscription.lastSlot?.state === 'done')).toBe(true);
    expect([...first.lines, ...second.lines].join('\n')).not.toContain(token);
  }, 60_000);

  it('after SIGKILL, the restart posts every missed digest once: 0 lost, 0 twice', async () => {
    const first = startBotProcess(emulator.apiUrl, storeUrl);
    running.push(first);
    await until(() => postedChannels() >= 6, 'the fan-out to be under way');
    first.child.kill('SIGKILL');
    await first.exited;
    expect(postedChannels()).toBeLessThan(channelCount);

    const second = startBotProcess(emulator.apiUrl, storeUrl);
    running.push(second);
    await until(() => postedChannels() === channelCount, 'every channel to get its digest');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // Posts the killed process claimed but may or may not have sent are sent again with the same
    // nonce; Discord (and the emulator) keep the first, so no channel shows two.
    expect(postsPerChannel().every((count) => count === 1)).toBe(true);
    // Ctrl+C in a terminal: the same graceful stop.
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
    expect(second.lines.some((line) => line.includes('"signal":"SIGINT"') && line.includes('stopped:'))).toBe(
      true,
    );
    const stored = await storedSubscriptions(storeUrl);
    expect(stored).toHaveLength(channelCount);
    expect(stored.every((subscription) => subscription.paused === null)).toBe(true);
  }, 60_000);

  it('with a token Discord refuses: exits with a clear message that never shows the token', async () => {
    const wrong = 'e2e.wrong-token.0123456789abcdef0123';
    const bot = startBotProcessWith({
      DISCORD_TOKEN: wrong,
      DISCORD_API_URL: emulator.apiUrl,
      STORE_URL: storeUrl,
    });
    running.push(bot);
    expect(await bot.exited).toBe(1);
    const output = bot.lines.join('\n');
    expect(output).toContain('could not log in');
    expect(output).not.toContain(wrong);
    expect(output).not.toContain(wrong.slice(0, 12));
  }, 30_000);
});

// Issue 15: a missing token in production started the playground and exited 0, which a
// `restart: unless-stopped` policy turned into a loop.
describe('the bot process without a token', () => {
  it('in production (NODE_ENV=production, or no terminal): one line saying so, exit 1, no playground', async () => {
    const environments: Record<string, string>[] = [{ NODE_ENV: 'production' }, {}];
    for (const environment of environments) {
      const { code, stdout, stderr, ms } = await runWithoutToken(environment, [], '/status kursk\n');
      const lines = `${stdout}${stderr}`.split('\n').filter((line) => line.trim() !== '');
      console.info(`no token, ${JSON.stringify(environment)}: exit ${code} after ${ms} ms: ${lines[0]}`);
      expect(code).toBe(1);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^sitrep: DISCORD_TOKEN is not set/);
      expect(lines[0]).toContain('npm start -- --playground');
      expect(stdout).not.toContain('starting the playground');
    }
  }, 40_000);

  it('runs the playground when asked for, with --playground or SITREP_PLAYGROUND, even without a terminal', async () => {
    for (const [environment, args] of [
      [{}, ['--playground']],
      [{ SITREP_PLAYGROUND: 'true', NODE_ENV: 'production' }, []],
    ] as const) {
      const { code, stdout } = await runWithoutToken(environment, [...args], '/status kursk\n');
      expect(code).toBe(0);
      expect(stdout).toMatch(/^No DISCORD_TOKEN set: starting the playground/);
      expect(stdout).toContain('┃ Situation: Kursk region');
    }
  }, 60_000);
});
