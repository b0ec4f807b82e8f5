import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const token = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.secret-part.do-not-print-this';

describe('configuration', () => {
  it('applies documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      token: undefined,
      apiUrl: 'https://discord.com/api',
      logLevel: 'info',
      storeUrl: 'sqlite://data/sitrep.sqlite',
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      DISCORD_TOKEN: token,
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_GUILD_ID: '223456789012345678',
      DISCORD_API_URL: 'http://127.0.0.1:8080/api/',
      LOG_LEVEL: 'DEBUG',
      FACTS_DIR: '/srv/facts',
    });
    expect(config).toMatchObject({
      token,
      apiUrl: 'http://127.0.0.1:8080/api',
      logLevel: 'debug',
      factsDirectory: '/srv/facts',
    });
  });

  it('lists every problem at once and never prints the token', () => {
    const bad = `${token} with spaces`;
    let error: unknown;
    try {
      loadConfig({
        DISCORD_TOKEN: bad,
        DISCORD_GUILD_ID: 'abc',
        DISCORD_API_URL: 'ftp://x',
        LOG_LEVEL: 'loud',
        STORE_URL: 'mysql://x',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect((error as ConfigError).problems).toHaveLength(5);
    for (const name of ['DISCORD_TOKEN', 'DISCORD_GUILD_ID', 'DISCORD_API_URL', 'LOG_LEVEL', 'STORE_URL']) {
      expect(message).toContain(name);
    }
    expect(message).not.toContain('secret-part');
  });

  it('reads the operations settings, with loopback and a fixed port by default', () => {
    expect(loadConfig({})).toMatchObject({
      ops: { host: '127.0.0.1', port: 9464 },
      restTimeoutMs: 15_000,
      storeMaxSizeMb: undefined,
    });
    expect(loadConfig({ OPS_PORT: 'off' }).ops).toBeNull();
    expect(loadConfig({ OPS_PORT: '0', OPS_HOST: '0.0.0.0' }).ops).toEqual({ host: '0.0.0.0', port: 0 });
    expect(loadConfig({ STORE_MAX_MB: '50', DISCORD_REST_TIMEOUT_SECONDS: '5' })).toMatchObject({
      storeMaxSizeMb: 50,
      restTimeoutMs: 5000,
    });
    let error: unknown;
    try {
      loadConfig({ OPS_PORT: '70000', OPS_HOST: 'example.com', STORE_MAX_MB: '0' });
    } catch (caught) {
      error = caught;
    }
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['OPS_PORT', 'OPS_HOST', 'STORE_MAX_MB']) expect(problems).toContain(name);
  });

  it('accepts .env.example as it stands', async () => {
    const { parse } = await import('dotenv');
    const { readFile } = await import('node:fs/promises');
    const example = parse(await readFile(new URL('../.env.example', import.meta.url), 'utf8'));
    expect(() => loadConfig(example)).not.toThrow();
    expect(loadConfig(example).ops).toEqual({ host: '127.0.0.1', port: 9464 });
  });
});
