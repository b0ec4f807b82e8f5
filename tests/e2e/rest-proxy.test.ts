// The shared REST proxy (@discordjs/proxy with the pacer in front) between discord.js REST clients
// and the emulator: several clients, each bursting at its own 50/s, spend one budget and never meet
// the emulator's global limit; interaction and webhook routes do not wait behind them.
import { Writable } from 'node:stream';
import { DiscordAPIError, HTTPError, REST, Routes } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiscordEmulator } from '../../src/emulator/discord-emulator.js';
import { createLogger } from '../../src/log.js';
import { countsTowardGlobalLimit, type RunningRestProxy, startRestProxy } from '../../src/ops/rest-proxy.js';
import { DiscordLimits } from '../../src/render/discord-limits.js';

const token = 'e2e.rest-proxy-token.0123456789abcdef';

describe('shared REST proxy', () => {
  let emulator: DiscordEmulator;
  let proxy: RunningRestProxy;
  const logLines: string[] = [];

  const startProxy = (upstreamApiUrl: string, pace: { globalPerSecond?: number; timeoutMs?: number } = {}) =>
    startRestProxy({
      upstreamApiUrl,
      globalPerSecond: pace.globalPerSecond ?? 47,
      timeoutMs: pace.timeoutMs ?? 15_000,
      host: '127.0.0.1',
      port: 0,
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
  });

  it('forwards the caller’s token and Discord’s answers, errors included', async () => {
    const rest = new REST({ api: proxy.url }).setToken(token);
    const gateway = (await rest.get(Routes.gatewayBot())) as { url: string; shards: number };
    expect(gateway.url).toMatch(/^ws:\/\/127\.0\.0\.1:/);
    const guild = emulator.addGuild('Proxy guild', [{ name: 'news' }]);
    const channelId = guild.channels[0]?.id ?? '';
    await rest.post(Routes.channelMessages(channelId), { body: { content: 'through the proxy' } });
    expect(emulator.messages.get(channelId)?.[0]?.content).toBe('through the proxy');

    const missing = await rest.get(Routes.channel('1')).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(DiscordAPIError);
    expect((missing as DiscordAPIError).status).toBe(404);

    const stranger = new REST({ api: proxy.url, retries: 0 }).setToken('not.the.token.0123456789abcdef');
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
    const clients = [0, 1, 2].map(() => new REST({ api: proxy.url }).setToken(token));
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
    const rest = new REST({ api: proxy.url }).setToken(token);
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
    const rest = new REST({ api: proxy.url, retries: 0 }).setToken(token);
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
    const rest = new REST({ api: proxy.url, retries: 0 }).setToken(token);
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
});
