// Discord misbehaving, through the real client and the production wiring: the gateway down or
// invalidated, 429 storms, hung and slow requests, channels breaking in the middle of a fan-out.
// Also /healthz and /metrics, which is how an operator sees all this.

import { rm } from 'node:fs/promises';
import { Events, PermissionFlagsBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, type Harness, messageOf, startHarness } from '../support/bot-harness.js';

const moderatorPermissions = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages;

let harness: Harness | undefined;
afterEach(async () => {
  if (!harness) return;
  await harness.stop();
  await harness.emulator.stop();
  await rm(harness.directory, { recursive: true, force: true });
  harness = undefined;
});

async function get(url: string): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(url);
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}

/** Subscribes a channel as a moderator of its own (cooldowns are per user) and returns the id. */
async function subscribe(h: Harness, channel: string, user: string): Promise<string> {
  const reply = messageOf(
    await h.emulator.invokeCommand(
      h.guild.id,
      h.channelId('general'),
      'digest',
      { channel: h.channelId(channel), schedule: 'daily 08:00' },
      { subcommand: 'subscribe', userId: user, memberPermissions: moderatorPermissions },
    ),
  );
  const id = /Id","value":"`([a-z0-9]+)`/.exec(reply.text)?.[1];
  if (!id) throw new Error(`not subscribed: ${reply.text}`);
  return id;
}

function testPost(h: Harness, id: string, user: string) {
  return h.emulator.invokeCommand(
    h.guild.id,
    h.channelId('general'),
    'digest',
    { id },
    { subcommand: 'test', userId: user, memberPermissions: moderatorPermissions },
  );
}

function status(h: Harness) {
  return h.emulator.invokeCommand(h.guild.id, h.channelId('general'), 'status', { region: 'kursk' });
}

describe('health and metrics', () => {
  it('serve /healthz and /metrics on loopback, counting commands, refusals and digests', async () => {
    harness = await startHarness({ withOps: true });
    const url = harness.ops?.url as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(messageOf(await status(harness)).ephemeral).toBe(false);
    for (let attempt = 0; attempt < 6; attempt++) {
      await harness.emulator.invokeCommand(harness.guild.id, harness.channelId('general'), 'ask', {
        question: 'long neptune',
      });
    }
    await subscribe(harness, 'front-digest', '200000000000000010');

    const health = await get(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toEqual({ status: 'ok', gateway: 'connected', store: 'ok' });
    const metrics = await get(`${url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.type).toContain('text/plain');
    expect(metrics.text).toContain('sitrep_commands_total{command="status",outcome="answered"} 1');
    expect(metrics.text).toContain('sitrep_commands_total{command="ask",outcome="answered"} 5');
    expect(metrics.text).toContain('sitrep_commands_total{command="ask",outcome="cooldown"} 1');
    expect(metrics.text).toContain('sitrep_digests_total{result="posted"} 1');
    expect(metrics.text).toContain('sitrep_subscriptions{state="active"} 1');
    expect(metrics.text).toContain('sitrep_gateway_connected 1');
    expect(metrics.text).toMatch(/sitrep_command_duration_seconds_count\{command="status"\} 1/);
    expect(metrics.text).toContain('process_resident_memory_bytes');
    expect(metrics.text).not.toContain('e2e.digest-token');

    expect((await get(`${url}/nothing`)).status).toBe(404);
    expect((await fetch(`${url}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});

describe('gateway faults', () => {
  it('keeps posting digests over REST through a minute-long gateway outage, and answers again after it', async () => {
    harness = await startHarness({ withOps: true });
    const h = harness;
    await subscribe(h, 'front-digest', '200000000000000011');
    const url = h.ops?.url as string;

    const outageStarted = Date.now();
    h.emulator.setGatewayDown(true);
    await eventually(() => h.emulator.connectedSessions() === 0, 'the gateway connection to drop');
    let health = await get(`${url}/healthz`);
    for (let tries = 0; tries < 100 && health.status === 200; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      health = await get(`${url}/healthz`);
    }
    expect(health.status).toBe(503);
    expect(JSON.parse(health.text)).toMatchObject({
      status: 'degraded',
      gateway: 'disconnected',
      store: 'ok',
    });

    // The next digest falls due during the outage: REST does not need the gateway.
    h.clock.set('2027-03-27T08:00:00Z');
    await h.context.digests?.runDue();
    expect(h.posted('front-digest')).toHaveLength(2);

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 60_000 - (Date.now() - outageStarted))));
    h.emulator.setGatewayDown(false);
    for (let waited = 0; waited < 60_000 && h.emulator.connectedSessions() === 0; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await eventually(() => h.bot.gatewayConnected(), 'the gateway to be connected again');
    expect(messageOf(await status(h)).message.embeds?.length).toBe(1);
    expect((await get(`${url}/healthz`)).status).toBe(200);
  }, 150_000);

  it('identifies again after a session Discord invalidated, then answers', async () => {
    harness = await startHarness();
    const h = harness;
    const readyAgain = new Promise<void>((resolve) => h.bot.client.once(Events.ShardReady, () => resolve()));
    h.emulator.invalidateSessions(false);
    await readyAgain;
    expect(messageOf(await status(h)).ephemeral).toBe(false);
  });
});

describe('REST faults', () => {
  it('rides out a 429 storm on one route and a global one, posting each digest once', async () => {
    harness = await startHarness();
    const h = harness;
    const id = await subscribe(h, 'front-digest', '200000000000000012');
    const route = `/channels/${h.channelId('front-digest')}/messages`;

    h.emulator.failNext(429, { count: 4, pathIncludes: route, retryAfterSeconds: 0.25 });
    const during = status(h);
    expect(messageOf(await testPost(h, id, '200000000000000013')).text).toContain('Posted a test digest');
    expect(messageOf(await during).ephemeral).toBe(false);

    h.emulator.failNext(429, {
      count: 3,
      method: 'POST',
      pathIncludes: '/channels/',
      retryAfterSeconds: 0.25,
      global: true,
    });
    expect(messageOf(await testPost(h, id, '200000000000000014')).text).toContain('Posted a test digest');

    // The initial post and the two tests, each once, though seven attempts were refused.
    expect(h.posted('front-digest')).toHaveLength(3);
    expect(h.emulator.requests.filter((request) => request.status === 429)).toHaveLength(7);
  });

  it('aborts a request that never answers and retries it, posting once', async () => {
    harness = await startHarness({ environment: { DISCORD_REST_TIMEOUT_SECONDS: '1' } });
    const h = harness;
    const id = await subscribe(h, 'front-digest', '200000000000000015');
    h.emulator.failNext('hang', { pathIncludes: `/channels/${h.channelId('front-digest')}/messages` });
    const outcome = messageOf(await testPost(h, id, '200000000000000016'));
    expect(outcome.text).toContain('Posted a test digest');
    expect(h.posted('front-digest')).toHaveLength(2);
    expect(h.emulator.requests.filter((request) => request.status === -1)).toHaveLength(1);
  });

  it('defers in time when the API is slower than Discord’s 3 seconds, so no interaction is lost', async () => {
    harness = await startHarness();
    const h = harness;
    h.emulator.setLatency(3500, { interactions: false });
    const outcome = await h.emulator.invokeCommand(
      h.guild.id,
      h.channelId('general'),
      'digest',
      { channel: h.channelId('front-digest'), schedule: 'daily 08:00' },
      {
        subcommand: 'subscribe',
        userId: '200000000000000017',
        memberPermissions: moderatorPermissions,
        timeoutMs: 15_000,
      },
    );
    expect(outcome).toMatchObject({ status: 'message', deferred: true, ephemeral: true });
    expect(messageOf(outcome).text).toContain('Digest subscribed');
    expect(h.posted('front-digest')).toHaveLength(1);
  }, 20_000);
});

describe('channels breaking in the middle of a fan-out', () => {
  it('posts to every other channel and pauses the deleted one and the one that lost permission', async () => {
    harness = await startHarness({
      // Slow enough that channels 7 and 9 are still unposted when the test breaks them, even when a
      // loaded machine wakes the poll below late (at 8/s it once missed on a load average of 10).
      environment: { DIGEST_MAX_PER_GUILD: '20', DIGEST_POSTS_PER_SECOND: '4' },
    });
    const h = harness;
    const guild = h.emulator.addGuild(
      'Big server',
      Array.from({ length: 12 }, (_, index) => ({ name: `front-${index}` })),
    );
    await eventually(() => h.bot.client.guilds.cache.has(guild.id), 'the bot to see the new guild');
    const digests = h.context.digests;
    if (!digests) throw new Error('digests are not running');
    for (const channel of guild.channels) {
      const outcome = await digests.subscribe({
        guildId: guild.id,
        channel: { id: channel.id, name: channel.name, kind: 'text' },
        schedule: 'daily 08:00',
        requestedBy: '100000000000000001',
      });
      expect(outcome.ok).toBe(true);
    }
    const posts = (channelId: string) => h.emulator.messages.get(channelId)?.length ?? 0;
    const [deleted, revoked] = [guild.channels[7]?.id as string, guild.channels[9]?.id as string];

    h.clock.set('2027-03-27T08:00:00Z');
    const fanOut = digests.runDue();
    await eventually(
      () => guild.channels.filter((channel) => posts(channel.id) === 2).length >= 2,
      'the fan-out to be under way',
    );
    h.emulator.deleteChannel(deleted);
    h.emulator.revokePermission(revoked, PermissionFlagsBits.SendMessages);
    await fanOut;

    // The server is told once per paused subscription, in its system channel.
    const notices = (h.emulator.messages.get(guild.systemChannelId ?? '') ?? []).filter((message) =>
      message.content.includes('paused'),
    );
    expect(notices).toHaveLength(2);
    for (const channel of guild.channels) {
      if (channel.id === deleted || channel.id === revoked) continue;
      const extra = channel.id === guild.systemChannelId ? notices.length : 0;
      expect(posts(channel.id)).toBe(2 + extra);
    }
    expect(posts(revoked)).toBe(1);
    const byChannel = new Map(
      digests.forGuild(guild.id).map((subscription) => [subscription.channelId, subscription]),
    );
    expect(byChannel.get(deleted)?.paused?.code).toBe('channel-deleted');
    expect(byChannel.get(revoked)?.paused).toMatchObject({ code: 'missing-permissions' });
    expect(byChannel.get(revoked)?.paused?.reason).toContain('Send Messages');
    expect([...byChannel.values()].filter((subscription) => subscription.paused)).toHaveLength(2);
  });
});
