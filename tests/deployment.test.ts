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

/** What the image runs: the bot (CMD), the shard manager, the REST proxy, the health check, and the
 * command registration an operator may run from it (docs/DEPLOY.md). */
const productionEntryPoints = [
  'src/index.ts',
  'src/shard-manager.ts',
  'src/rest-proxy.ts',
  'src/healthcheck.ts',
  'src/deploy-commands.ts',
];

/** Every .ts file under src. */
function sourceModules(directory = 'src'): string[] {
  return readdirSync(join(root, directory), { withFileTypes: true }).flatMap((entry) => {
    const path = `${directory}/${entry.name}`;
    if (entry.isDirectory()) return sourceModules(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * A module's static imports that exist at run time (`import type` is erased; a dynamic import() is
 * not followed): the src modules it loads, and the packages (by name) it loads.
 */
function importsOf(module: string): { modules: string[]; packages: string[] } {
  const text = read(module);
  const specifiers = [
    ...[...text.matchAll(/^\s*(?:import|export)\s+(?!type\s)[^;]*?\sfrom\s+'([^']+)'/gm)].map((m) => m[1]),
    ...[...text.matchAll(/^\s*import\s+'([^']+)'/gm)].map((m) => m[1]),
  ].filter((specifier): specifier is string => specifier !== undefined);
  const modules: string[] = [];
  const packages: string[] = [];
  for (const specifier of specifiers) {
    if (specifier.startsWith('node:')) continue;
    if (specifier.startsWith('.')) {
      modules.push(join(module, '..', specifier).replace(/\.js$/, '.ts'));
    } else {
      const parts = specifier.split('/');
      packages.push(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string));
    }
  }
  return { modules, packages };
}

/** The modules and packages the production entry points load, following static imports. */
function productionImportGraph(): { modules: Set<string>; packages: Set<string> } {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const pending = [...productionEntryPoints];
  for (let module = pending.pop(); module !== undefined; module = pending.pop()) {
    if (modules.has(module)) continue;
    modules.add(module);
    const found = importsOf(module);
    for (const name of found.packages) packages.add(name);
    pending.push(...found.modules);
  }
  return { modules, packages };
}

/**
 * Compose's interpolation (${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error},
 * nested, and $$ for a literal $), as `docker compose` applies it with `.env`. Throws as compose
 * does when a required variable is missing.
 */
function interpolate(text: string, environment: Record<string, string>): string {
  let out = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char !== '$') {
      out += char;
      continue;
    }
    const next = text[index + 1];
    if (next === '$') {
      out += '$';
      index++;
      continue;
    }
    if (next !== '{') {
      const name = /^[A-Za-z_]\w*/.exec(text.slice(index + 1))?.[0];
      if (!name) {
        out += char;
        continue;
      }
      out += environment[name] ?? '';
      index += name.length;
      continue;
    }
    let depth = 1;
    let end = index + 2;
    for (; end < text.length && depth > 0; end++) {
      if (text[end] === '{') depth++;
      else if (text[end] === '}') depth--;
    }
    const body = text.slice(index + 2, end - 1);
    const [, name = '', operator = '', operand = ''] = /^(\w+)(:?[-?+]|)([\s\S]*)$/.exec(body) ?? [];
    const value = environment[name];
    const empty = operator.startsWith(':') ? !value : value === undefined;
    if (operator.endsWith('-')) out += empty ? interpolate(operand, environment) : value;
    else if (operator.endsWith('?')) {
      if (empty)
        throw new Error(`required variable ${name} is missing a value: ${interpolate(operand, environment)}`);
      out += value;
    } else if (operator.endsWith('+')) out += empty ? '' : interpolate(operand, environment);
    else out += value ?? '';
    index = end - 1;
  }
  return out;
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
    const { dependencies, devDependencies } = JSON.parse(read('package.json')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const production = new Set(Object.keys(dependencies));
    const graph = productionImportGraph();
    expect(graph.modules.size).toBeGreaterThan(20);
    // Every package the production entry points load (statically) is a production dependency...
    for (const name of graph.packages) expect([...production], name).toContain(name);
    // ...and every production dependency is named by a module the image keeps (imported, or a file
    // of it resolved at run time): tsx, and ws for the emulator, are development dependencies.
    const kept = sourceModules()
      .filter((module) => !/^src\/(emulator|playground)\//.test(module))
      .map((module) => read(module))
      .join('\n');
    for (const name of production) expect(kept, name).toMatch(new RegExp(`'${name}(/[^']*)?'`));
    expect(Object.keys(devDependencies)).toEqual(expect.arrayContaining(['tsx', 'ws']));
    // The playground and the emulator are reached only through index.ts's dynamic import.
    expect([...graph.modules].filter((module) => /^src\/(emulator|playground)\//.test(module))).toEqual([]);
  });

  it('leaves out of the image every module that needs a development dependency', () => {
    const build = stages.find((stage) => / AS build$/i.test(stage.from));
    const removed = (build?.instructions ?? [])
      .flatMap((line) => /^RUN rm -rf (.+)$/.exec(line)?.[1]?.split(/\s+/) ?? [])
      .map((path) => path.replace(/^dist\//, 'src/'));
    expect(removed).toEqual(expect.arrayContaining(['src/emulator', 'src/playground']));
    const production = new Set(
      Object.keys(
        (JSON.parse(read('package.json')) as { dependencies: Record<string, string> }).dependencies,
      ),
    );
    // A compiled module that stays in the image may import only production dependencies.
    for (const module of sourceModules()) {
      if (removed.some((directory) => module.startsWith(`${directory}/`))) continue;
      for (const name of importsOf(module).packages)
        expect([...production], `${module}: ${name}`).toContain(name);
    }
    // The data directory is the runtime user's alone.
    expect(runtime?.instructions).toContain('RUN mkdir -p data && chown node:node data && chmod 700 data');
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
  // The .env an operator writes from .env.example for compose: the three secrets it requires.
  const dotEnv = {
    DISCORD_TOKEN: 'compose.token-for-the-test.0123456789abcdef',
    REST_PROXY_SECRET: 'compose-test-secret-0123456789abcdef0123',
    REDIS_PASSWORD: 'compose-test-redis-password-0123456789',
  };
  const interpolated = (environment: Record<string, string> = {}, dotenv: Record<string, string> = dotEnv) =>
    Object.fromEntries(
      Object.entries(environment).map(([key, value]) => [key, interpolate(String(value), dotenv)]),
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
      expect(config.storeUrl, name).toBe(`redis://:${dotEnv.REDIS_PASSWORD}@redis:6379`);
      // The proxy and the shards share one secret; plain http stays on the compose network by opt-in.
      expect(config.restProxy.secret, name).toBe(proxyConfig.restProxy.secret);
      expect(config.restProxy.allowPlaintext, name).toBe(true);
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

  it('requires credentials: no default password, Redis behind one, and compose stops without them', () => {
    const text = read('docker-compose.yml');
    // `docker compose up` with an empty .env stops, naming each secret it needs.
    for (const name of Object.keys(dotEnv)) {
      const without = { ...dotEnv, [name]: '' };
      expect(() => interpolate(text, without), name).toThrow(new RegExp(`required variable ${name}`));
    }
    expect(() => interpolate(text, dotEnv)).not.toThrow();
    // Nothing secret has a default value to fall back on.
    for (const [, name, fallback] of text.matchAll(/\$\{(\w*(?:PASSWORD|SECRET|TOKEN)\w*):?-([^}]*)\}/g))
      expect(fallback, name).toBe('');
    // Redis takes the password from its environment into a config file only it reads.
    const redis = services.redis;
    expect(interpolated(redis?.environment)).toMatchObject({
      REDIS_PASSWORD: dotEnv.REDIS_PASSWORD,
      REDISCLI_AUTH: dotEnv.REDIS_PASSWORD,
    });
    expect(redis?.command?.join(' ')).toMatch(
      /requirepass "%s".*\$\$REDIS_PASSWORD.*exec docker-entrypoint\.sh redis-server/s,
    );
    expect(services.postgres?.environment?.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:-\}$/);
    const proxy = loadConfig(interpolated(services['rest-proxy']?.environment));
    expect(proxy.token).toBe(dotEnv.DISCORD_TOKEN);
    expect(proxy.restProxy.secret).toBe(dotEnv.REST_PROXY_SECRET);
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
      secret: 'deployment-test-secret-0123456789abcdef',
      botToken: 'deployment.test-token.0123456789abcdef',
      log,
    });
    const port = new URL(proxy.url).port;
    expect(await runHealthcheck({ REST_PROXY_PORT: port }, ['--rest-proxy'])).toEqual({
      code: 0,
      output: '',
    });
  }, 30_000);

  it('asks an https REST proxy over https on loopback, whatever host its certificate names', async () => {
    const fixture = (name: string) => join(root, 'tests/fixtures/rest-proxy-tls', name);
    proxy = await startRestProxy({
      upstreamApiUrl: 'http://127.0.0.1:9/api',
      globalPerSecond: 47,
      timeoutMs: 1000,
      host: '127.0.0.1',
      port: 0,
      secret: 'deployment-test-secret-0123456789abcdef',
      botToken: 'deployment.test-token.0123456789abcdef',
      tls: { cert: readFileSync(fixture('server.pem')), key: readFileSync(fixture('server.key')) },
      log,
    });
    const port = new URL(proxy.url).port;
    const environment = {
      REST_PROXY_PORT: port,
      REST_PROXY_TLS_CERT_FILE: fixture('server.pem'),
      REST_PROXY_TLS_KEY_FILE: fixture('server.key'),
    };
    expect(await runHealthcheck(environment, ['--rest-proxy'])).toEqual({ code: 0, output: '' });
    // Plain http to the same port gets no answer it can read.
    const plain = await runHealthcheck({ REST_PROXY_PORT: port }, ['--rest-proxy']);
    expect(plain.code).toBe(1);
  }, 30_000);
});
