// Starting the bot (and the bare baseline bot) as processes of their own against an emulator, and
// reading what they cost.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { DiscordEmulator } from '../src/emulator/discord-emulator.js';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** Compiles the bot as `npm start` does, so the benchmarks run what users run. */
export function buildBot(): void {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
}

export type BotKind = 'sitrep' | 'bare' | 'bare-embed';

export interface BotProcess {
  child: ChildProcess;
  startedAt: number;
  stop(): Promise<void>;
}

export function startBotProcess(
  kind: BotKind,
  {
    token,
    apiUrl,
    storeUrl,
    replyFile,
    nodeOptions,
    env = {},
  }: {
    token: string;
    apiUrl: string;
    storeUrl: string;
    replyFile?: string;
    nodeOptions?: string;
    /** More environment, such as MALLOC_ARENA_MAX. */
    env?: Record<string, string>;
  },
): BotProcess {
  // Both run as plain JavaScript: sitrep as `npm start` runs it (compiled to dist/), the baseline as is.
  const entry = kind === 'sitrep' ? 'dist/index.js' : 'bench/bare-bot.mjs';
  const startedAt = performance.now();
  const profile = process.env.BENCH_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
  const child = spawn(process.execPath, [...profile, entry], {
    cwd: root,
    env: {
      ...process.env,
      DISCORD_TOKEN: token,
      DISCORD_API_URL: apiUrl,
      STORE_URL: storeUrl,
      LOG_LEVEL: 'warn',
      // Several bots run at once: each takes a free port for /healthz and /metrics.
      OPS_PORT: '0',
      DISCORD_GUILD_ID: '',
      BARE_REPLY_FILE: kind === 'bare-embed' ? replyFile : '',
      ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.resume();
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    if (/"level":(50|60)/.test(text)) process.stderr.write(`[${kind}] ${text}`);
  });
  return {
    child,
    startedAt,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/** Runs a benchmark script (TypeScript through tsx, or plain JavaScript) in a process of its own; resolves with the JSON line it printed last. */
export function runScriptForJson<T>(
  script: string,
  args: string[],
  { nodeFlags = [] as string[] } = {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', script, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = output.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`${script} ${args.join(' ')} exited ${code}`));
      else resolve(JSON.parse(line) as T);
    });
  });
}

export interface MemoryBreakdown {
  /** Anonymous memory: the V8 heap, malloc arenas, thread stacks. */
  anonymous: number;
  /** Pages of the node executable itself: its code, and ICU's locale and time-zone data built into it. */
  program: number;
  /** Other mapped files: shared libraries such as sqlite3's addon. */
  libraries: number;
}

/** Resident memory of a process by kind of mapping, from /proc/PID/smaps (bytes). */
export async function memoryBreakdown(pid: number): Promise<MemoryBreakdown> {
  const smaps = await readFile(`/proc/${pid}/smaps`, 'utf8');
  const breakdown: MemoryBreakdown = { anonymous: 0, program: 0, libraries: 0 };
  let kind: keyof MemoryBreakdown = 'anonymous';
  for (const line of smaps.split('\n')) {
    const mapping = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (mapping) {
      const name = mapping[1] ?? '';
      kind =
        name === '' || name.startsWith('[')
          ? 'anonymous'
          : name === process.execPath
            ? 'program'
            : 'libraries';
      continue;
    }
    const resident = /^Rss:\s+(\d+) kB/.exec(line);
    if (resident) breakdown[kind] += Number(resident[1]) * 1024;
  }
  return breakdown;
}

/** Resident memory of a process, from /proc (bytes). */
export async function residentMemory(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kilobytes = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kilobytes * 1024;
}

/** Invokes a command until the bot answers it; resolves with the time of the first answer. */
export async function waitUntilAnswering(
  emulator: DiscordEmulator,
  guildId: string,
  channelId: string,
  { timeoutMs = 60_000 } = {},
): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (emulator.connectedSessions() > 0) {
      const outcome = await emulator.invokeCommand(
        guildId,
        channelId,
        'status',
        { region: 'kursk' },
        { timeoutMs: 2000 },
      );
      if (outcome.status === 'message') return performance.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the bot never answered');
}
