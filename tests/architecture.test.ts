// The floor rules in .dependency-cruiser.cjs, run by `npm run lint`: the real tree has no violation,
// and a small tree with one wrong-way import per rule fails each rule by name.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const depcruise = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const run = promisify(execFile);

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

async function violations(cwd: string): Promise<Violation[]> {
  const { stdout } = await run(
    process.execPath,
    [depcruise, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'],
    { cwd, maxBuffer: 64 * 1024 * 1024 },
  ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

/** A throwaway tree inside the repository, so that packages resolve from its node_modules. */
let scratch: string | undefined;
afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function tree(files: Record<string, string>): Promise<string> {
  scratch = await mkdtemp(join(root, 'tests', '.architecture-'));
  await copyFile(join(root, '.dependency-cruiser.cjs'), join(scratch, '.dependency-cruiser.cjs'));
  await writeFile(
    join(scratch, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' },
      include: ['src'],
    }),
  );
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(scratch, path)), { recursive: true });
    await writeFile(join(scratch, path), text);
  }
  return scratch;
}

describe('the floors', () => {
  it('hold in the real source tree', async () => {
    expect(await violations(root)).toEqual([]);
  });

  it('fail, naming the rule, on each kind of wrong-way import', async () => {
    const cwd = await tree({
      'src/index.ts': "import { play } from './playground/play.js';\nimport './app.js';\nplay();\n",
      'src/playground/play.ts':
        "import { Emulator } from '../emulator/emulator.js';\nexport const play = () => new Emulator();\n",
      'src/app.ts': "import { handle } from './commands/handle.js';\nexport const app = handle;\n",
      'src/config.ts': "import { clean } from './text.js';\nexport const config = clean('x');\n",
      'src/text.ts': 'export const clean = (text: string) => text.trim();\n',
      // data reaching up to the bot, and the scheduler speaking discord.js:
      'src/data/facts.ts': "import { app } from '../app.js';\nexport const facts = [app];\n",
      'src/scheduler/timers.ts':
        "import { Routes } from 'discord.js';\nexport const route = Routes.channel('1');\n",
      'src/commands/handle.ts':
        "import { facts } from '../data/facts.js';\nimport { route } from '../scheduler/timers.js';\nimport { config } from '../config.js';\nexport const handle = [facts, route, config];\n",
      // the emulator importing the bot's limits:
      'src/emulator/emulator.ts':
        "import { limits } from '../render/limits.js';\nexport class Emulator { limits = limits; }\n",
      'src/render/limits.ts':
        "import { Emulator } from '../emulator/emulator.js';\nexport const limits = { embed: 6000, Emulator };\n",
    });
    const broken = new Set((await violations(cwd)).map((violation) => violation.rule.name));
    expect(broken).toEqual(
      new Set([
        'config-is-a-leaf',
        'data-imports-only-below',
        'emulator-imports-nothing-of-the-bot',
        'only-the-playground-loads-the-emulator',
        'index-loads-the-playground-lazily',
        'discord-stays-at-the-edge',
        'no-circular',
      ]),
    );
  });
});
