// `npm start` with no token, through the production entry point, reading commands from a pipe.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function runPlayground(input: string): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const environment = { ...process.env };
    delete environment.DISCORD_TOKEN;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      cwd: root,
      env: { ...environment, DISCORD_TOKEN: '', LOG_LEVEL: 'warn' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
    child.stdin.end(input);
  });
}

describe('the no-token playground', () => {
  it('runs piped commands against the emulator and exits at end of input', async () => {
    const { stdout, stderr, code } = await runPlayground(
      '/status kursk\n/ceasefire\n/ask how far can long neptune strike\n/status atlantis\n/bogus\n',
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/^No DISCORD_TOKEN set: starting the playground/);
    expect(stdout).toContain('> /status kursk');
    expect(stdout).toContain('┃ Situation: Kursk region');
    expect(stdout).toContain('┃ Ceasefire diplomacy');
    expect(stdout).toContain('1,000 km (621 mi)');
    expect(stdout).toContain('(only you can see this)');
    expect(stdout).toContain("I don't know a place called atlantis.");
    expect(stdout).toContain('No command /bogus.');
    expect(stderr).not.toMatch(/"level":(50|60)/);
  }, 40_000);
});
