// The deployment files, checked without a Docker engine: the image's stages and entry points, the
// compose fleet's configuration read by the bot's own config loader, and the health check script run
// against real /healthz endpoints.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { type RunningOpsServer, startOpsServer } from '../src/ops/ops-server.js';
import { type RunningRestProxy, startRestProxy } from '../src/ops/rest-proxy.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** The stages of a Dockerfile: each FROM and the instructions under it, continuation lines joined. */
function dockerStages(text: string): { from: string; instructions: string[] }[] {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages: { from: string; instructions: string[] }[] = [];
  for (const line of lines) {
    if (/^FROM /i.test(line)) stages.push({ from: line, instructions: [] });
    else stages.at(-1)?.instructions.push(line);
  }
  return stages;
}

/** `node dist/x.js` -> src/x.ts exists: the image runs what the build compiles. */
function expectCompiledEntry(command: string): void {
  const entry = /dist\/([\w/-]+)\.js/.exec(command)?.[1];
  expect(entry, command).toBeDefined();
  expect(existsSync(join(root, 'src', `${entry}.ts`)), `src/${entry}.ts`).toBe(true);
}

describe('Dockerfile', () => {
  const stages = dockerStages(read('Dockerfile'));
  const runtime = stages.at(-1);

  it('builds in one stage, installs production dependencies in another, and runs neither as root', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    const byName = new Map(stages.map((stage) => [/ AS (\S+)$/i.exec(stage.from)?.[1], stage]));
    expect(byName.get('build')?.instructions).toContain('RUN npm run build');
    expect(byName.get('production-dependencies')?.instructions.join('\n')).toMatch(/npm ci --omit=dev/);
    const copies = runtime?.instructions.filter((line) => line.startsWith('COPY')) ?? [];
    expect(copies).toContain('COPY --from=production-dependencies /app/node_modules ./node_modules');
    expect(copies).toContain('COPY --from=build /app/dist ./dist');
    const users = runtime?.instructions.filter((line) => line.startsWith('USER')) ?? [];
    expect(users.at(-1)).toBe('USER node');
    for (const stage of stages)
      for (const line of stage.instructions.filter((instruction) => /^COPY (?!--from)/.test(instruction)))
        for (const source of line.split(/\s+/).slice(1, -1))
          expect(existsSync(join(root, source)), source).toBe(true);
  });

  it('runs the bot and checks its health with entry points the build compiles', () => {
    const healthcheck = runtime?.instructions.find((line) => line.startsWith('HEALTHCHECK')) ?? '';
    expect(healthcheck).toContain('"dist/healthcheck.js"');
    expectCompiledEntry(healthcheck);
    expectCompiledEntry(runtime?.instructions.find((line) => line.startsWith('CMD')) ?? '');
  });

  it('keeps secrets and local state out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['.env', 'node_modules', 'data', '.git']) expect(ignored).toContain(entry);
  });

  it('needs nothing at run time that production dependencies lack', () => {
    const dependencies = Object.keys(
      (JSON.parse(read('package.json')) as { dependencies: Record<string, string> }).dependencies,
    );
    const imported = new Set<string>();
    const visit = (directory: string) => {
      for (const entry of readdirSync(join(root, directory), { withFileTypes: true })) {
        const path = join(directory, entry.name);
        if (entry.isDirectory()) visit(path);
        else if (entry.name.endsWith('.ts'))
          for (const [, specifier] of read(path).matchAll(/from '([^'.][^']*)'/g))
            if (specifier && !specifier.startsWith('node:'))
              imported.add(
                specifier.startsWith('@')
                  ? specifier.split('/').slice(0, 2).join('/')
                  : (specifier.split('/')[0] as string),
              );
      }
    };
    visit('src');
    expect(imported.size).toBeGreaterThan(5);
    for (const name of imported) expect(dependencies, name).toContain(name);
  });
});

describe('docker-compose.yml', () => {
  type Service = {
    build?: string;
    image?: string;
    command?: string[];
    environment?: Record<string, string>;
    healthcheck?: { test: string[] };
    profiles?: string[];
  };
  const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
  const services = compose.services;
  // Compose's ${NAME:-default} interpolation, as an empty .env leaves it.
  const interpolated = (environment: Record<string, string> = {}) =>
    Object.fromEntries(
      Object.entries(environment).map(([key, value]) => [
        key,
        String(value).replace(/\$\{\w+:-([^}]*)\}/g, '$1'),
      ]),
    );
  const shards = Object.entries(services).filter(([name]) => name.startsWith('shard-'));

  it('runs one container per shard, every shard exactly once, all on one count', () => {
    const configs = shards.map(([, service]) => loadConfig(interpolated(service.environment)));
    const counts = new Set(configs.map((config) => config.shards?.count));
    expect(counts.size).toBe(1);
    const ids = configs.flatMap((config) => config.shards?.ids ?? []).sort();
    expect(ids).toEqual([...Array(Number([...counts][0])).keys()]);
  });

  it('gives every shard the shared store and the REST proxy the compose file runs', () => {
    const proxy = services['rest-proxy'];
    const proxyConfig = loadConfig(interpolated(proxy?.environment));
    expect(proxy?.command).toEqual(['node', 'dist/rest-proxy.js']);
    expectCompiledEntry(proxy?.command?.join(' ') ?? '');
    expect(proxy?.healthcheck?.test).toEqual(['CMD', 'node', 'dist/healthcheck.js', '--rest-proxy']);
    for (const [name, service] of shards) {
      const config = loadConfig(interpolated(service.environment));
      expect(config.restProxyUrl, name).toBe(`http://rest-proxy:${proxyConfig.restProxy.port}/api`);
      expect(config.storeUrl, name).toMatch(/^redis:\/\/redis:6379$/);
      expect(service.image).toBe(proxy?.image);
    }
    expect(services.redis?.healthcheck?.test).toContain('redis-cli');
    expect(services.postgres?.profiles).toEqual(['postgres']);
  });

  it('sets only variables the bot documents in .env.example', () => {
    const documented = new Set(
      read('.env.example')
        .split('\n')
        .map((line) => /^#?\s*([A-Z][A-Z0-9_]+)=/.exec(line)?.[1])
        .filter(Boolean),
    );
    for (const [name, service] of Object.entries(services))
      if (service.image === 'sitrep:local')
        for (const key of Object.keys(service.environment ?? {}))
          expect(documented, `${name}: ${key}`).toContain(key);
  });
});

describe('node dist/healthcheck.js', () => {
  let ops: RunningOpsServer | undefined;
  let proxy: RunningRestProxy | undefined;
  afterEach(async () => {
    await ops?.close();
    await proxy?.close();
    ops = undefined;
    proxy = undefined;
  });
  const log = createLogger({ level: 'silent' });

  const runHealthcheck = (environment: Record<string, string>, args: string[] = []) =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/healthcheck.ts', ...args], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', ...environment },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('exit', (code) => resolve({ code, output }));
    });

  const startOps = async (healthy: boolean) =>
    startOpsServer({
      host: '127.0.0.1',
      port: 0,
      registry: new Registry(),
      health: async () => ({ gateway: healthy ? 'connected' : 'disconnected', store: 'ok' }),
      log,
    });

  it('passes when /healthz answers 200, fails saying why otherwise', async () => {
    ops = await startOps(true);
    const port = new URL(ops.url).port;
    expect(await runHealthcheck({ OPS_HOST: '0.0.0.0', OPS_PORT: port })).toEqual({ code: 0, output: '' });
    await ops.close();

    ops = await startOps(false);
    const degraded = await runHealthcheck({ OPS_PORT: new URL(ops.url).port });
    expect(degraded.code).toBe(1);
    expect(degraded.output).toMatch(/answered 503 .*"gateway":"disconnected"/);
    await ops.close();
    ops = undefined;

    const nobody = await runHealthcheck({ OPS_PORT: port });
    expect(nobody.code).toBe(1);
    expect(nobody.output).toContain('did not answer');
    expect((await runHealthcheck({ OPS_PORT: 'off' })).output).toContain('OPS_PORT is off');
  }, 30_000);

  it('asks the REST proxy with --rest-proxy', async () => {
    proxy = await startRestProxy({
      upstreamApiUrl: 'http://127.0.0.1:9/api',
      globalPerSecond: 47,
      timeoutMs: 1000,
      host: '127.0.0.1',
      port: 0,
      log,
    });
    const port = new URL(proxy.url).port;
    expect(await runHealthcheck({ REST_PROXY_PORT: port }, ['--rest-proxy'])).toEqual({
      code: 0,
      output: '',
    });
  }, 30_000);
});
