// `npm start` with no token, through the production entry point, reading commands from a pipe.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function runPlayground(input: string): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const environment = { ...process.env };
    delete environment.DISCORD_TOKEN;
    // No terminal here, so the playground is asked for, as a script would (npm start -- --playground).
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts', '--playground'], {
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
    // The playground's emulator token is random; none of it may be shown.
    expect(`${stdout}${stderr}`).not.toMatch(/playground\.[A-Za-z0-9_-]{20,}/);
  }, 40_000);

  it('subscribes a channel to digests and shows one falling due when the clock is advanced', async () => {
    const { stdout, stderr, code } = await runPlayground(
      [
        '/digest subscribe channel:#front-digest schedule:daily 08:00 timezone:Europe/Kyiv',
        '/digest subscribe channel:#nowhere schedule:hourly',
        '/digest list',
        'advance 1d',
        'advance soon',
      ].join('\n'),
    );
    expect(code).toBe(0);
    expect(stdout).toContain('┃ Digest subscribed');
    expect(stdout).toContain('every day at 08:00 (Europe/Kyiv)');
    expect(stdout).toContain('No channel #nowhere here. Channels: #general, #front-digest');
    expect(stdout).toContain('State: active');
    // The first digest on subscribing, then the scheduled one at 08:00 Kyiv (06:00 UTC in winter).
    const posted = stdout.match(/#front-digest \(posted by the bot at [^)]+\)/g) ?? [];
    expect(posted).toHaveLength(2);
    expect(posted[1]).toMatch(/0[56]:00 UTC/); // 08:00 Kyiv is 06:00 UTC in winter, 05:00 in summer
    expect(stdout).toContain('No new developments since');
    expect(stdout).toMatch(/Clock is now \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(stdout).toContain('Say how far to move the clock');
    expect(stderr).not.toMatch(/"level":(50|60)/);
  }, 40_000);
});
