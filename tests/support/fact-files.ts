// Fact files written to a temporary directory, and `npm run facts:check` run over them as an
// operator would run it.
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function directoryWith(files: Record<string, string>): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), 'sitrep-facts-'));
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(directory, name), content);
  return directory;
}

/** `tsx src/data/check-facts.ts <directory>`: undefined when it passes, its exit code and stderr when not. */
export async function factsCheckFailure(
  directory: string,
): Promise<{ code: number; stderr: string } | undefined> {
  return run('npx', ['tsx', 'src/data/check-facts.ts', directory], {
    cwd: path.resolve(import.meta.dirname, '..', '..'),
  }).then(
    () => undefined,
    (error: { code: number; stderr: string }) => error,
  );
}
