// The shared REST proxy (@discordjs/rest with the pacer in front) between discord.js REST clients
// and the emulator: several clients, each bursting at its own 50/s, spend one budget and never meet
// the emulator's global limit; interaction and webhook routes do not wait behind them. Only the
// bot's own processes get through (the shared secret and the bot's token), bodies and the queue are
// capped, a 429 answers only the request that drew it, and it serves https (issue 15).
import { readFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { DiscordAPIError, HTTPError, REST, Routes } from 'discord.js';
import { Agent, request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DiscordEmulator } from '../../src/emulator/discord-emulator.js';
import { createLogger } from '../../src/log.js';
import {
  countsTowardGlobalLimit,
  type RestProxyOptions,
  type RunningRestProxy,
  startRestProxy,
} from '../../src/ops/rest-proxy.js';
import { restProxyClientOptions, restProxySecretHeader } from '../../src/ops/rest-proxy-client.js';
import { DiscordLimits } from '../../src/render/discord-limits.js';
import { killAll, startBotProcess } from '../support/bot-process.js';
import { until } from '../support/due-subscriptions.js';

const token = 'e2e.rest-proxy-token.0123456789abcdef';
const secret = 'e2e-rest-proxy-secret-0123456789abcdef0123456789';
const tlsFixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/rest-proxy-tls/${name}`, import.meta.url));

/** A shard process's REST client as start-bot builds it: the secret header (and CA) from config. */
function shardRest(proxyUrl: string, environment: Record<string, string> = {}, retries = 3): REST {
  const config = loadConfig({ REST_PROXY_URL: proxyUrl, REST_PROXY_SECRET: secret, ...environment });
  return new REST({ api: proxyUrl, retries, ...restProxyClientOptions(config) }).setToken(token);
}

describe('shared REST proxy', () => {
  let emulator: DiscordEmulator;
  let proxy: RunningRestProxy;
  const logLines: string[] = [];

  const startProxy = (
    upstreamApiUrl: string,
    pace: { globalPerSecond?: number; timeoutMs?: number } & Partial<RestProxyOptions> = {},
  ) =>
    startRestProxy({
      upstreamApiUrl,
      globalPerSecond: pace.globalPerSecond ?? 47,
      timeoutMs: pace.timeoutMs ?? 15_000,
      host: '127.0.0.1',
      port: 0,
      secret,
      botToken: token,
      ...pace,
      log: createLogger({
        level: 'debug',
        destination: new Writable({
          write(chunk, _encoding, done) {
            logLines.push(String(chunk));
            done();
          },
        }),
      }),
    });

  beforeEach(async () => {
    logLines.length = 0;
    emulator = new DiscordEmulator({ token });
    await emulator.start();
    proxy = await startProxy(emulator.apiUrl);
  });

  afterEach(async () => {
    await proxy.close();
    await emulator.stop();
    // Neither secret ever reaches a log line.
    expect(logLines.join('')).not.toContain(secret);
    expect(logLines.join('')).not.toContain(token);
  });

  it('forwards the caller’s token and Discord’s answers, errors included', async () => {
    const rest = shardRest(proxy.url);
    const gateway = (await rest.get(Routes.gatewayBot())) as { url: string; shards: number };
    expect(gateway.url).toMatch(/^ws:\/\/127\.0\.0\.1:/);
    const guild = emulator.addGuild('Proxy guild', [{ name: 'news' }]);
    const channelId = guild.channels[0]?.id ?? '';
    await rest.post(Routes.channelMessages(channelId), { body: { content: 'through the proxy' } });
    expect(emulator.messages.get(channelId)?.[0]?.content).toBe('through the proxy');

    const missing = await rest.get(Routes.channel('1')).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(DiscordAPIError);
    expect((missing as DiscordAPIError).status).toBe(404);

    const stranger = shardRest(proxy.url, {}, 0).setToken('not.the.token.0123456789abcdef');
    const refused = await stranger.get(Routes.gatewayBot()).catch((error: unknown) => error);
    expect((refused as DiscordAPIError).status).toBe(401);
    expect(logLines.join('')).not.toContain(token);
  });

  it('keeps three clients bursting at once under the global limit: every post once, no 429', async () => {
    const channels: string[] = [];
    for (let index = 0; index < 3; index++) {
      const guild = emulator.addGuild(
        `Fleet ${index}`,
        Array.from({ length: 50 }, (_, n) => ({ name: `c${n}` })),
      );
      channels.push(...guild.channels.map((channel) => channel.id));
    }
    // Three processes' REST clients: each would send 50 a second on its own, 150 a second together.
    const clients = [0, 1, 2].map(() => shardRest(proxy.url));
    emulator.requests.length = 0;
    const posts = channels.map((channelId, index) =>
      clients[index % 3]?.post(Routes.channelMessages(channelId), { body: { content: `post ${index}` } }),
    );
    // A follow-up (webhook route) sent behind 150 queued posts is not held behind them.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const followUp = await clients[0]
      ?.get(Routes.webhook('100000000000000001', 'some-interaction-token'))
      .catch((error: unknown) => error);
    const webhookAnsweredWhileWaiting = proxy.stats().waiting;
    await Promise.all(posts);

    expect(emulator.rateLimiter.rejected).toEqual({ user: 0, global: 0 });
    expect(emulator.busiestGlobalSecond()).toBeLessThanOrEqual(DiscordLimits.globalRequestsPerSecond);
    expect((followUp as DiscordAPIError).status).toBe(404);
    expect(webhookAnsweredWhileWaiting).toBeGreaterThan(50);
    expect(channels.every((channelId) => emulator.messages.get(channelId)?.length === 1)).toBe(true);
    expect(proxy.stats()).toMatchObject({ forwarded: 151, waiting: 0, upstreamRateLimited: 0 });
  }, 30_000);

  it('re-sends the whole body after a 429 from Discord (a streamed body is read once)', async () => {
    const guild = emulator.addGuild('Retry guild', [{ name: 'news' }]);
    const channelId = guild.channels[0]?.id ?? '';
    emulator.failNext(429, { count: 2, method: 'POST', retryAfterSeconds: 0.05, global: true });
    const rest = shardRest(proxy.url);
    await rest.post(Routes.channelMessages(channelId), {
      body: { content: 'after the storm', nonce: 'n-1', enforce_nonce: true },
    });
    expect(emulator.messages.get(channelId)?.map((message) => message.content)).toEqual(['after the storm']);
    expect(proxy.stats().upstreamRateLimited).toBe(2);
  });

  it('never sends late a request that timed out while queued: answers 504, and Discord never sees it', async () => {
    await proxy.close();
    proxy = await startProxy(emulator.apiUrl, { globalPerSecond: 2, timeoutMs: 300 });
    const guild = emulator.addGuild('Slow lane', [{ name: 'news' }]);
    const channelId = guild.channels[0]?.id ?? '';
    const rest = shardRest(proxy.url, {}, 0);
    emulator.requests.length = 0;
    // Two a second: the first starts at once, the second after 500 ms, past the 300 ms timeout.
    const outcomes = await Promise.all(
      [1, 2, 3].map((n) =>
        rest.post(Routes.channelMessages(channelId), { body: { content: `queued ${n}` } }).then(
          () => 200,
          (error: HTTPError) => error.status,
        ),
      ),
    );
    expect(outcomes).toEqual([200, 504, 504]);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(emulator.messages.get(channelId)?.map((message) => message.content)).toEqual(['queued 1']);
    expect(emulator.requests).toHaveLength(1);
  });

  it('answers 502 when Discord cannot be reached, never an empty success', async () => {
    await proxy.close();
    const closedPort = new URL(emulator.apiUrl).port;
    await emulator.stop();
    proxy = await startProxy(`http://127.0.0.1:${closedPort}/api`);
    emulator = new DiscordEmulator({ token });
    await emulator.start();
    const rest = shardRest(proxy.url, {}, 0);
    const failure = await rest.get(Routes.gatewayBot()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HTTPError);
    expect((failure as HTTPError).status).toBe(502);
    expect(proxy.stats().unreachable).toBe(1);
    const health = await fetch(proxy.url.replace(/\/api$/, '/healthz'));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', unreachable: 1 });
  });

  it('counts every route toward the global limit except interaction callbacks and webhooks', () => {
    const api = 'https://discord.com/api/v10';
    expect(countsTowardGlobalLimit(`${api}/channels/1/messages`)).toBe(true);
    expect(countsTowardGlobalLimit(`${api}/gateway/bot`)).toBe(true);
    expect(countsTowardGlobalLimit(`${api}/interactions/1/tok/callback`)).toBe(false);
    expect(countsTowardGlobalLimit(`${api}/webhooks/1/tok/messages/@original`)).toBe(false);
    expect(countsTowardGlobalLimit('http://127.0.0.1:8080/api/v10/webhooks/1/tok')).toBe(false);
  });

  // Issue 15: 1,500 fake-token requests delayed the bot's own post by 22 s.
  it('refuses callers without the secret or with another token before they cost anything: a flood of 1,500 does not delay the bot', async () => {
    const guild = emulator.addGuild('Flooded', [{ name: 'news' }]);
    const channelId = guild.channels[0]?.id ?? '';
    const agent = new Agent({ connections: 64 });
    const flood = (index: number) =>
      request(`${proxy.url}/v10/channels/${channelId}/messages`, {
        method: 'POST',
        dispatcher: agent,
        headers: {
          'content-type': 'application/json',
          authorization: `Bot fake.token.${index}.0123456789abcdef`,
          // Half guess at the secret, half (an insider) know it but not the bot's token.
          ...(index % 2 === 0
            ? { [restProxySecretHeader]: `guess-${index}-0123456789abcdef0123456789` }
            : {}),
          ...(index % 2 === 1 ? { [restProxySecretHeader]: secret } : {}),
        },
        body: JSON.stringify({ content: `flood ${index}` }),
      }).then(async (answer) => {
        await answer.body.dump();
        return answer.statusCode;
      });
    emulator.requests.length = 0;
    const flooding = Promise.all(Array.from({ length: 1500 }, (_, index) => flood(index)));
    // The bot's own post, sent while the flood is arriving.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const startedAt = performance.now();
    await shardRest(proxy.url).post(Routes.channelMessages(channelId), { body: { content: 'the bot' } });
    const botPostMs = performance.now() - startedAt;
    const statuses = await flooding;
    await agent.close();
    console.info(`1,500-request flood: the bot's post answered in ${botPostMs.toFixed(0)} ms`);
    expect(statuses.filter((status) => status === 407)).toHaveLength(750);
    expect(statuses.filter((status) => status === 401)).toHaveLength(750);
    expect(emulator.messages.get(channelId)?.map((message) => message.content)).toEqual(['the bot']);
    expect(emulator.requests).toHaveLength(1);
    expect(botPostMs).toBeLessThan(2000);
    expect(proxy.stats()).toMatchObject({ forwarded: 1, refused: { secret: 750, token: 750 } });
    // A flood of refusals is a handful of log lines, not 1,500.
    expect(logLines.filter((line) => line.includes('REST proxy refused')).length).toBeLessThanOrEqual(4);
  }, 30_000);

  // Issue 15: one request that drew a global 429 held every caller for 5 s.
  it('answers a 429 to the request that drew it at once, and holds no other caller', async () => {
    const guild = emulator.addGuild('Limited', [{ name: 'first' }, { name: 'second' }]);
    const [first, second] = guild.channels.map((channel) => channel.id);
    emulator.failNext(429, {
      count: 1,
      pathIncludes: `/channels/${first}/`,
      retryAfterSeconds: 5,
      global: true,
    });
    const drawnAt = performance.now();
    const drawing = request(`${proxy.url}/v10/channels/${first}/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bot ${token}`,
        [restProxySecretHeader]: secret,
      },
      body: JSON.stringify({ content: 'drew the 429' }),
    }).then((answer) => ({ answer, ms: performance.now() - drawnAt }));
    // Another shard process posts while that 429 is fresh.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const startedAt = performance.now();
    await shardRest(proxy.url).post(Routes.channelMessages(second ?? ''), { body: { content: 'not held' } });
    const otherMs = performance.now() - startedAt;
    const { answer: limited, ms: limitedMs } = await drawing;
    const limitedBody = (await limited.body.json()) as { global?: boolean };
    console.info(
      `global 429 (Retry-After 5 s): answered to its caller in ${limitedMs.toFixed(0)} ms; another caller's post took ${otherMs.toFixed(0)} ms`,
    );
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('5');
    expect(limited.headers['x-ratelimit-global']).toBe('true');
    expect(limitedBody.global).toBe(true);
    expect(limitedMs).toBeLessThan(1000);
    expect(otherMs).toBeLessThan(1000);
    expect(emulator.messages.get(second ?? '')?.map((message) => message.content)).toEqual(['not held']);
    expect(proxy.stats().upstreamRateLimited).toBe(1);
  }, 20_000);

  it('caps bodies: 413 for a declared length over the limit and for a stream that runs past it, and Discord sees neither', async () => {
    await proxy.close();
    proxy = await startProxy(emulator.apiUrl, { maxBodyBytes: 64 * 1024 });
    const guild = emulator.addGuild('Big bodies', [{ name: 'news' }]);
    const channelId = guild.channels[0]?.id ?? '';
    const headers = {
      'content-type': 'application/json',
      authorization: `Bot ${token}`,
      [restProxySecretHeader]: secret,
    };
    emulator.requests.length = 0;
    const declared = await request(`${proxy.url}/v10/channels/${channelId}/messages`, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(1024 * 1024) },
      body: Buffer.alloc(1024 * 1024, 0x20),
    }).catch((error: Error) => error);
    let streamed = 0;
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    const chunked = await request(`${proxy.url}/v10/channels/${channelId}/messages`, {
      method: 'POST',
      headers,
      body: Readable.from(
        (function* () {
          for (let index = 0; index < 1024; index++) {
            streamed += chunk.length;
            yield chunk;
          }
        })(),
      ),
    }).catch((error: Error) => error);
    // Each is a 413, or the connection closed on a client still sending: never forwarded.
    for (const answer of [declared, chunked])
      if (!(answer instanceof Error)) expect(answer.statusCode).toBe(413);
    expect(streamed).toBeLessThan(16 * 1024 * 1024);
    await until(() => proxy.stats().refused.tooLarge === 2, 'both refusals', 5000);
    expect(emulator.requests).toHaveLength(0);
    // Under the limit, through as ever.
    await shardRest(proxy.url).post(Routes.channelMessages(channelId), { body: { content: 'small' } });
    expect(emulator.messages.get(channelId)).toHaveLength(1);
  }, 20_000);

  it('answers 503 at once when too many requests wait for their start, and never forwards those', async () => {
    await proxy.close();
    proxy = await startProxy(emulator.apiUrl, { globalPerSecond: 4, maxWaiting: 3 });
    const guild = emulator.addGuild(
      'Queue',
      Array.from({ length: 12 }, (_, n) => ({ name: `c${n}` })),
    );
    emulator.requests.length = 0;
    const answers = await Promise.all(
      guild.channels.map(async (channel) => {
        const answer = await request(`${proxy.url}/v10/channels/${channel.id}/messages`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bot ${token}`,
            [restProxySecretHeader]: secret,
          },
          body: JSON.stringify({ content: `queued in ${channel.name}` }),
        });
        await answer.body.dump();
        return { status: answer.statusCode, retryAfter: answer.headers['retry-after'] };
      }),
    );
    const refused = answers.filter((answer) => answer.status === 503);
    const posted = answers.filter((answer) => answer.status === 200);
    console.info(
      `queue cap 3 at 4/s, 12 posts at once: ${posted.length} posted, ${refused.length} answered 503 at once`,
    );
    expect(refused.length).toBeGreaterThanOrEqual(12 - 3 - 2);
    expect(refused.every((answer) => answer.retryAfter === '1')).toBe(true);
    expect(posted.length + refused.length).toBe(12);
    expect(emulator.requests).toHaveLength(posted.length);
    expect(proxy.stats().refused.queueFull).toBe(refused.length);
  }, 20_000);

  it('serves https with its certificate; a shard trusts the private CA from REST_PROXY_CA_FILE', async () => {
    await proxy.close();
    proxy = await startProxy(emulator.apiUrl, {
      tls: { cert: readFileSync(tlsFixture('server.pem')), key: readFileSync(tlsFixture('server.key')) },
    });
    expect(proxy.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/api$/);
    const guild = emulator.addGuild('Encrypted', [{ name: 'news' }]);
    const channelId = guild.channels[0]?.id ?? '';
    await shardRest(proxy.url, { REST_PROXY_CA_FILE: tlsFixture('ca.pem') }).post(
      Routes.channelMessages(channelId),
      { body: { content: 'over TLS' } },
    );
    expect(emulator.messages.get(channelId)?.[0]?.content).toBe('over TLS');
    // Without the CA the certificate is not trusted, and plain http gets no answer from the TLS port.
    const untrusted = await shardRest(proxy.url, {}, 0)
      .post(Routes.channelMessages(channelId), { body: { content: 'unverified' } })
      .catch((error: Error) => error);
    expect(String((untrusted as Error).cause ?? untrusted)).toMatch(/certificate/i);
    const plain = await shardRest(proxy.url.replace('https:', 'http:'), {}, 0)
      .get(Routes.gatewayBot())
      .catch((error: Error) => error);
    expect(plain).toBeInstanceOf(Error);
    expect(emulator.messages.get(channelId)).toHaveLength(1);
  });
});

describe('the REST proxy process (npm run start:rest-proxy)', () => {
  const running: ReturnType<typeof startBotProcess>[] = [];
  afterEach(() => killAll(running));

  it('will not start without the token it forwards and the shared secret, nor on plain http beyond loopback', async () => {
    const missing = startBotProcess(
      { DISCORD_TOKEN: '', REST_PROXY_SECRET: '', REST_PROXY_PORT: '0' },
      'src/rest-proxy.ts',
    );
    running.push(missing);
    expect(await missing.exited).toBe(1);
    const said = missing.lines.join('\n');
    expect(said).toContain('DISCORD_TOKEN is needed by the REST proxy');
    expect(said).toContain('REST_PROXY_SECRET is needed by the REST proxy');

    const open = startBotProcess(
      { DISCORD_TOKEN: token, REST_PROXY_SECRET: secret, REST_PROXY_HOST: '0.0.0.0', REST_PROXY_PORT: '0' },
      'src/rest-proxy.ts',
    );
    running.push(open);
    expect(await open.exited).toBe(1);
    expect(open.lines.join('\n')).toMatch(/REST_PROXY_HOST listens beyond this host over plain http/);
    expect(open.lines.join('\n')).not.toContain(secret);
  }, 30_000);

  // Issue 15: a 400 MB body took the proxy from 83 MB to 929 MB.
  it('keeps its memory flat under a 400 MB body, from a stranger and from a caller with the secret', async () => {
    const emulator = new DiscordEmulator({ token });
    await emulator.start();
    try {
      const proxyProcess = startBotProcess(
        {
          DISCORD_TOKEN: token,
          REST_PROXY_SECRET: secret,
          DISCORD_API_URL: emulator.apiUrl,
          REST_PROXY_PORT: '0',
        },
        'src/rest-proxy.ts',
      );
      running.push(proxyProcess);
      await until(
        () => proxyProcess.lines.some((line) => line.includes('REST proxy listening')),
        'the proxy',
        20_000,
      );
      const listening = proxyProcess.lines.find((line) => line.includes('REST proxy listening')) ?? '';
      const url = (JSON.parse(listening) as { url: string }).url;
      const peakMb = () => {
        const status = readFileSync(`/proc/${proxyProcess.child.pid}/status`, 'utf8');
        return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
      };
      // Warm it up with a normal request first, so the baseline includes what serving one costs.
      const guild = emulator.addGuild('Heavy', [{ name: 'news' }]);
      const channelId = guild.channels[0]?.id ?? '';
      await shardRest(url).post(Routes.channelMessages(channelId), { body: { content: 'warm' } });
      const before = peakMb();
      const megabyte = Buffer.alloc(1024 * 1024, 0x20);
      const send400Mb = async (headers: Record<string, string>) => {
        let sent = 0;
        const answer = await request(`${url}/v10/channels/${channelId}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: Readable.from(
            (function* () {
              for (let index = 0; index < 400; index++) {
                sent += megabyte.length;
                yield megabyte;
              }
            })(),
          ),
        }).then(
          async (response) => {
            await response.body.dump();
            return response.statusCode;
          },
          () => 'connection closed',
        );
        return { answer, sentMb: sent / 1024 / 1024 };
      };
      const stranger = await send400Mb({ authorization: 'Bot fake.token.0123456789abcdef' });
      const insider = await send400Mb({ authorization: `Bot ${token}`, [restProxySecretHeader]: secret });
      const after = peakMb();
      console.info(
        `400 MB bodies: proxy peak RSS ${before.toFixed(0)} MB -> ${after.toFixed(0)} MB; the stranger got ${stranger.answer} after sending ${stranger.sentMb} MB, the caller with the secret ${insider.answer} after ${insider.sentMb} MB`,
      );
      expect([407, 'connection closed']).toContain(stranger.answer);
      expect([413, 'connection closed']).toContain(insider.answer);
      expect(after - before).toBeLessThan(48);
      expect(emulator.messages.get(channelId)).toHaveLength(1);
    } finally {
      await emulator.stop();
    }
  }, 60_000);
});
