import { describe, expect, it } from 'vitest';
import { ConfigError, isLoopbackHost, loadConfig, restProxyServerProblems } from '../src/config.js';

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

  // Issue 15: the token crossed the network in clear text to http://proxy.internal:8080.
  it('refuses plain http to a REST proxy on another host unless the operator opts in, and needs the shared secret', () => {
    const secret = 'config-test-secret-0123456789abcdef0123';
    const problemsOf = (environment: Record<string, string>) => {
      try {
        loadConfig(environment);
        return [];
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).problems;
      }
    };
    const remote = problemsOf({
      REST_PROXY_URL: 'http://proxy.internal:8080/api',
      REST_PROXY_SECRET: secret,
    });
    expect(remote).toHaveLength(1);
    expect(remote[0]).toMatch(/^REST_PROXY_URL is plain http to another host/);
    expect(remote[0]).toContain('REST_PROXY_ALLOW_PLAINTEXT=true');
    expect(remote[0]).not.toContain('proxy.internal');
    expect(
      loadConfig({
        REST_PROXY_URL: 'http://proxy.internal:8080/api',
        REST_PROXY_SECRET: secret,
        REST_PROXY_ALLOW_PLAINTEXT: 'true',
      }).restProxy,
    ).toMatchObject({ secret, allowPlaintext: true });
    for (const url of ['http://127.0.0.1:8080/api', 'http://localhost:8080/api', 'http://[::1]:8080/api'])
      expect(problemsOf({ REST_PROXY_URL: url, REST_PROXY_SECRET: secret }), url).toEqual([]);
    expect(
      loadConfig({
        REST_PROXY_URL: 'https://proxy.internal:8443/api',
        REST_PROXY_SECRET: secret,
        REST_PROXY_CA_FILE: '/etc/sitrep/proxy-ca.pem',
      }).restProxy.caFile,
    ).toBe('/etc/sitrep/proxy-ca.pem');
    // No secret, a short one, a CA for plain http, half a certificate: each named, no value shown.
    expect(problemsOf({ REST_PROXY_URL: 'http://127.0.0.1:8080/api' })).toEqual([
      expect.stringMatching(/^REST_PROXY_SECRET must be set when REST_PROXY_URL is/),
    ]);
    const short = problemsOf({
      REST_PROXY_URL: 'http://127.0.0.1:8080/api',
      REST_PROXY_SECRET: 'short-secret',
    });
    expect(short.join('\n')).toMatch(/REST_PROXY_SECRET must be at least 32 characters/);
    expect(short.join('\n')).not.toContain('short-secret');
    expect(
      problemsOf({
        REST_PROXY_URL: 'http://127.0.0.1:8080/api',
        REST_PROXY_SECRET: secret,
        REST_PROXY_CA_FILE: '/ca.pem',
      }),
    ).toEqual([expect.stringMatching(/^REST_PROXY_CA_FILE is only used for an https/)]);
    expect(problemsOf({ REST_PROXY_TLS_CERT_FILE: '/cert.pem' })).toEqual([
      expect.stringMatching(/^REST_PROXY_TLS_KEY_FILE must be set together/),
    ]);
    expect(isLoopbackHost('127.8.9.10')).toBe(true);
    expect(isLoopbackHost('10.0.0.1')).toBe(false);
  });

  it('lets the REST proxy start only with the bot token, the secret, and https (or the opt-in) beyond loopback', () => {
    const secret = 'config-test-secret-0123456789abcdef0123';
    const none = loadConfig({});
    expect(restProxyServerProblems(none, { host: '127.0.0.1' })).toEqual([
      expect.stringMatching(/^DISCORD_TOKEN is needed by the REST proxy/),
      expect.stringMatching(/^REST_PROXY_SECRET is needed by the REST proxy/),
    ]);
    const ready = loadConfig({ DISCORD_TOKEN: token, REST_PROXY_SECRET: secret });
    expect(restProxyServerProblems(ready, { host: '127.0.0.1' })).toEqual([]);
    expect(restProxyServerProblems(ready, { host: '0.0.0.0' })).toEqual([
      expect.stringMatching(/^REST_PROXY_HOST listens beyond this host over plain http/),
    ]);
    const withTls = loadConfig({
      DISCORD_TOKEN: token,
      REST_PROXY_SECRET: secret,
      REST_PROXY_TLS_CERT_FILE: '/cert.pem',
      REST_PROXY_TLS_KEY_FILE: '/key.pem',
    });
    expect(withTls.restProxy.tls).toEqual({ certFile: '/cert.pem', keyFile: '/key.pem' });
    expect(restProxyServerProblems(withTls, { host: '0.0.0.0' })).toEqual([]);
    const optedIn = loadConfig({
      DISCORD_TOKEN: token,
      REST_PROXY_SECRET: secret,
      REST_PROXY_ALLOW_PLAINTEXT: 'true',
    });
    expect(restProxyServerProblems(optedIn, { host: '0.0.0.0' })).toEqual([]);
    expect(restProxyServerProblems(ready, { host: '0.0.0.0' }).join('\n')).not.toContain(secret);
  });

  it('reads the store timeout and the playground opt-in', () => {
    expect(loadConfig({})).toMatchObject({ storeTimeoutMs: 5000, playground: false });
    expect(loadConfig({ STORE_TIMEOUT_SECONDS: '2', SITREP_PLAYGROUND: 'true' })).toMatchObject({
      storeTimeoutMs: 2000,
      playground: true,
    });
    expect(() => loadConfig({ SITREP_PLAYGROUND: 'maybe' })).toThrow(
      /SITREP_PLAYGROUND must be true or false/,
    );
  });
});
