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
      '/status kursk\n/ceasefire\n/ask how far can long neptune strike\n/status atlantis\n/bogus\n' +
        'locale uk\n/ситуація місце:Атлантида\n/щось\n',
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
    // After "locale uk" the console is a Ukrainian Discord client: typed in Ukrainian, answered in it.
    expect(stdout).toContain('Мова: українська (uk).');
    expect(stdout).toContain('> /ситуація місце:Атлантида\n(це бачите лише ви)\n');
    expect(stdout).toContain('Команди /щось немає. Команди: /ситуація,');
    expect(stderr).not.toMatch(/"level":(50|60)/);
    // The playground's emulator token is random; none of it may be shown.
    expect(`${stdout}${stderr}`).not.toMatch(/playground\.[A-Za-z0-9_-]{20,}/);
  }, 40_000);

  it('shows buttons and menus under answers and lets a person press and pick them, and check a message', async () => {
    const { stdout, stderr, code } = await runPlayground(
      [
        '/status kursk',
        'press next',
        'press next',
        'press next',
        'press previous',
        'pick 1',
        'pick 2',
        'press timeline',
        'pick 9',
        '/ask how many north korean troops are in kursk',
        'press more related',
        'press nonsense',
        'check Russia says its troops have fully retaken Sudzha',
        'check https://example.com/sudzha',
      ].join('\n'),
    );
    expect(code).toBe(0);
    expect(stdout).toContain('[◀ Previous] [Next ▶] [Timeline] [Sources]');
    expect(stdout).toContain('▾ Places inside Kursk region: pick one to drill down');
    expect(stdout).toContain('  1. Sudzha district · district ·');
    const pages = stdout.match(/page \d of 3/g) ?? [];
    expect(pages.slice(0, 4)).toEqual(['page 1 of 3', 'page 2 of 3', 'page 3 of 3', 'page 2 of 3']);
    expect(stdout).toContain('[Next ▶] is disabled here: this is the first or the last page.');
    expect(stdout).toContain('┃ Situation: Sudzha district');
    expect(stdout).toContain('┃ Situation: Sudzha\n');
    expect(stdout).toContain('┃ Timeline: Sudzha');
    expect(stdout).toContain('The last answer has no menu.');
    expect(stdout).toContain('[More related (15)]');
    expect(stdout).toContain('┃ More related statements');
    expect(stdout).toContain(
      'No button "nonsense" under the last answer. Its buttons: [◀ Previous] [Next ▶].',
    );
    expect(stdout).toContain('┃ What sitrep holds on this message');
    expect(stdout).toContain(
      "Russia's Defence Ministry claims: Russian troops have fully secured the town of Sudzha.",
    );
    expect(stdout).toContain("Ukraine's military has not officially confirmed the loss of Sudzha");
    expect(stdout).toContain('That message is only a link, and sitrep does not open links.');
    expect(stdout).not.toContain('Could not');
    expect(stderr).not.toMatch(/"level":(50|60)/);
  }, 60_000);

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
