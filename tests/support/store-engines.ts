// The store engines a test can run against: SQLite always (a fresh file in a temporary directory),
// and Redis and PostgreSQL when REDIS_URL and POSTGRES_URL point at servers (CI starts both).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export interface StoreEngine {
  name: string;
  url: () => Promise<string>;
}

/** The engines to run on; SQLite files are removed after the test file. */
export function storeEngines(prefix: string): StoreEngine[] {
  const directories: string[] = [];
  afterAll(async () => {
    for (const directory of directories) await rm(directory, { recursive: true, force: true });
  });
  return [
    {
      name: 'SQLite',
      url: async () => {
        const directory = await mkdtemp(join(tmpdir(), prefix));
        directories.push(directory);
        return `sqlite://${join(directory, 'sitrep.sqlite')}`;
      },
    },
    ...(process.env.REDIS_URL ? [{ name: 'Redis', url: async () => process.env.REDIS_URL as string }] : []),
    ...(process.env.POSTGRES_URL
      ? [{ name: 'PostgreSQL', url: async () => process.env.POSTGRES_URL as string }]
      : []),
  ];
}
