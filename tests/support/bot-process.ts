// The real entry point (src/index.ts, through tsx) as a process of its own, its log lines collected.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface BotProcess {
  child: ChildProcess;
  /** Every line it wrote, standard output and error alike. */
  lines: string[];
  exited: Promise<number | null>;
}

/**
 * Starts the bot (or another entry point, such as src/rest-proxy.ts) with this environment over the
 * defaults tests want (info logs, a free ops port).
 */
export function startBotProcess(environment: Record<string, string>, entry = 'src/index.ts'): BotProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env: {
      ...process.env,
      LOG_LEVEL: 'info',
      OPS_PORT: '0',
      DISCORD_GUILD_ID: '',
      FACTS_DIR: '',
      ...environment,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, exited };
}

/** Kills every process still running (test teardown) and empties the list. */
export async function killAll(processes: { child: ChildProcess; exited: Promise<unknown> }[]): Promise<void> {
  for (const bot of processes.splice(0)) {
    bot.child.kill('SIGKILL');
    await bot.exited;
  }
}
