// The digest service over a real SQLite file, posting through discord.js REST to the emulator, with a
// manual clock standing in for the minutes and days between digests.
import { PermissionFlagsBits, REST } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { OffsetClock } from '../src/clock.js';
import { DigestService } from '../src/delivery/digest-service.js';
import { createRestPoster } from '../src/delivery/rest-poster.js';
import { createLogger } from '../src/log.js';
import { DigestScheduler, manualTriggers, realTriggers } from '../src/scheduler/digest-scheduler.js';
import { deliveryNonce } from '../src/scheduler/slot-runner.js';
import { FactLedger } from '../src/store/fact-ledger.js';
import { openKeyValueStores } from '../src/store/keyv-stores.js';
import { subscriptionSchema } from '../src/store/subscription.js';
import { SubscriptionStore } from '../src/store/subscription-store.js';
import {
  createDigestHarness,
  type DigestHarness,
  embedText,
  harnessToken,
  newFactLike,
} from './support/digest-harness.js';

const minute = 60_000;
let harness: DigestHarness;

afterEach(async () => {
  await harness?.close();
});

/** Friday 26 March 2027, 12:00 UTC: Kyiv (UTC+2) springs forward early on Sunday the 28th. */
const friday = '2027-03-26T12:00:00Z';

describe('subscribing', () => {
  it('saves, schedules and posts the current situation once', async () => {
    harness = await createDigestHarness(friday);
    await harness.start();
    const id = await harness.subscribe();
    const posts = harness.posted('front-digest');
    expect(posts).toHaveLength(1);
    expect(embedText(posts[0] as never)).toContain('first digest');
    expect(posts[0]?.allowed_mentions).toEqual({ parse: [] });
    const stored = harness.service.find(harness.guild.id, id);
    expect(stored?.history.map((entry) => [entry.kind, entry.result])).toEqual([['initial', 'posted']]);
    expect(
      harness.service.upcoming(stored as never, 3).map((slot) => new Date(slot.dueAt).toISOString()),
    ).toEqual(['2027-03-27T06:00:00.000Z', '2027-03-28T05:00:00.000Z', '2027-03-29T05:00:00.000Z']);
  });

  it('refuses, saving nothing: bad schedule, bad zone, too frequent, unknown topic, duplicate, over the cap', async () => {
    harness = await createDigestHarness(friday);
    await harness.start({ limits: { maxPerGuild: 2 } });
    const refuse = async (overrides: Record<string, unknown>) => {
      const channel = harness.emulator.channelByName(harness.guild.id, 'front-digest');
      const outcome = await harness.service.subscribe({
        guildId: harness.guild.id,
        channel: { id: channel.id, name: channel.name, kind: 'text' },
        schedule: 'daily 08:00',
        requestedBy: '100000000000000001',
        ...overrides,
      });
      if (outcome.ok) throw new Error('expected a refusal');
      return outcome.reason;
    };
    expect(await refuse({ schedule: 'sometimes' })).toMatch(/neither a preset/);
    expect(await refuse({ timeZone: 'Mars/Olympus' })).toMatch(/not a time zone I know.*Europe\/Kyiv/);
    expect(await refuse({ schedule: '*/10 * * * *' })).toMatch(/every 10 minutes.*at most every hour/);
    expect(await refuse({ topics: 'ceasefire, weather' })).toMatch(/topic `weather`.*Ceasefire/);
    await harness.subscribe();
    expect(await refuse({ timeZone: 'Europe/Kyiv' })).toMatch(/already has this digest/);
    await harness.subscribe({ channelName: 'second-digest' });
    expect(await refuse({ schedule: 'hourly' })).toMatch(/already has 2 digest subscriptions.*\(2\)/);
    const { subscriptions } = await new SubscriptionStore(harness.stores.namespaces.subscriptions).loadAll();
    expect(subscriptions).toHaveLength(2);
  });
});

describe('scheduled digests', () => {
  it('posts at 08:00 Kyiv on both sides of the DST change, saying "no new developments" when nothing changed', async () => {
    harness = await createDigestHarness(friday);
    await harness.start();
    await harness.subscribe();
    for (const due of ['2027-03-27T06:00:00Z', '2027-03-28T05:00:00Z']) {
      harness.clock.set(Date.parse(due) - minute);
      await harness.service.runDue();
      harness.clock.set(due);
      await harness.service.runDue();
    }
    const posts = harness.posted('front-digest');
    expect(posts.map((post) => post.timestamp.length > 0)).toEqual([true, true, true]);
    expect(embedText(posts[1] as never)).toContain('No new developments since');
    const history = harness.service.forGuild(harness.guild.id)[0]?.history ?? [];
    expect(history.map((entry) => [entry.slotKey, entry.at])).toEqual([
      [undefined, '2027-03-26T12:00:00.000Z'],
      ['2027-03-27T08:00', '2027-03-27T06:00:00.000Z'],
      ['2027-03-28T08:00', '2027-03-28T05:00:00.000Z'],
    ]);
  });

  it('reports new facts and status changes since the channel’s last digest, then nothing new', async () => {
    harness = await createDigestHarness(friday);
    await harness.start();
    await harness.subscribe();
    harness.clock.set('2027-03-26T15:00:00Z'); // an operator adds a fact file that afternoon
    await harness.changeFacts((facts) => {
      const template = facts.find((fact) => fact.id === 'mod-claims-sudzha');
      if (!template) throw new Error('fixture fact missing');
      return [
        ...facts.map((fact) =>
          fact.id === 'mod-claims-rubanshchina' ? { ...fact, status: 'denied' as const } : fact,
        ),
        newFactLike(template, 'test-new-claim', 'Russian troops have taken the village of Test.'),
      ];
    });
    harness.clock.set('2027-03-27T06:00:00Z');
    await harness.service.runDue();
    const digest = embedText(harness.posted('front-digest')[1] as never);
    expect(digest).toContain('1 new statement and 1 status change since');
    expect(digest).toContain('Russian troops have taken the village of Test.');
    expect(digest).toMatch(/Status changed.*Rubanshchina.*\(was: claimed\)/s);

    harness.clock.set('2027-03-28T05:00:00Z');
    await harness.service.runDue();
    expect(embedText(harness.posted('front-digest')[2] as never)).toContain('No new developments since');
  });

  it('with quiet, posts nothing when nothing changed and records why', async () => {
    harness = await createDigestHarness(friday);
    await harness.start();
    const id = await harness.subscribe({ quiet: true });
    harness.clock.set('2027-03-27T06:00:00Z');
    await harness.service.runDue();
    expect(harness.posted('front-digest')).toHaveLength(1);
    expect(harness.service.find(harness.guild.id, id)?.history.at(-1)).toMatchObject({ result: 'quiet' });
    const preview = await harness.service.preview(harness.service.find(harness.guild.id, id) as never);
    expect(preview.wouldPost).toBe(false);
  });

  it('applies topic filters to the changes and the standing summary', async () => {
    harness = await createDigestHarness(friday);
    await harness.start();
    await harness.subscribe({ topics: 'North Korea' });
    const first = embedText(harness.posted('front-digest')[0] as never);
    expect(first).toContain('Situation digest: North Korea');
    expect(first).not.toContain('Ceasefire talks');
    expect(first).toContain('North Korean');
  });

  it('pings only the configured role, through allowed_mentions', async () => {
    harness = await createDigestHarness(friday);
    await harness.start();
    const role = harness.emulator.addRole(harness.guild.id, 'front-watchers');
    await harness.subscribe({ pingRoleId: role.id });
    const [post] = harness.posted('front-digest');
    expect(post?.content).toBe(`<@&${role.id}>`);
    expect(post?.allowed_mentions).toEqual({ parse: [], roles: [role.id] });
  });

  it('opens a new forum post per digest', async () => {
    harness = await createDigestHarness(friday);
    await harness.start();
    await harness.subscribe({ channelName: 'digest-forum' });
    harness.clock.set('2027-03-27T06:00:00Z');
    await harness.service.runDue();
    const forum = harness.emulator.channelByName(harness.guild.id, 'digest-forum');
    const posts = [...harness.emulator.channels.values()].filter((channel) => channel.parentId === forum.id);
    expect(posts.map((post) => post.name)).toEqual([
      'Situation digest · 26 Mar 2027 14:00 (Europe/Kyiv)',
      'Situation digest · 27 Mar 2027 08:00 (Europe/Kyiv)',
    ]);
  });

  it('keeps one timer per distinct schedule and zone, and adding or removing takes effect at once', async () => {
    harness = await createDigestHarness(friday);
    await harness.start({ limits: { maxPerGuild: 100 } });
    const ids: string[] = [];
    for (const [index, schedule] of [
      'daily 08:00',
      'hourly',
      'daily 08:00',
      'hourly',
      'weekly mon 09:00',
    ].entries()) {
      ids.push(await harness.subscribe({ schedule, topics: index < 2 ? '' : 'ceasefire' }));
    }
    expect(harness.service.timerCount()).toBe(3);
    await harness.service.remove(harness.guild.id, ids[4] as string);
    expect(harness.service.timerCount()).toBe(2);
    await harness.service.pause(harness.guild.id, ids[1] as string);
    await harness.service.pause(harness.guild.id, ids[3] as string);
    expect(harness.service.timerCount()).toBe(1);
    harness.clock.set('2027-03-26T13:00:00Z');
    await harness.service.runDue();
    expect(harness.posted('front-digest')).toHaveLength(5);
    await harness.service.resume(harness.guild.id, ids[1] as string);
    harness.clock.set('2027-03-26T14:00:00Z');
    await harness.service.runDue();
    expect(harness.posted('front-digest')).toHaveLength(6);
  });

  it('wakes each group with a real timer at its slot', async () => {
    const clock = new OffsetClock();
    const fired: { id: string; lateByMs: number }[] = [];
    const scheduler = new DigestScheduler({
      clock,
      log: createLogger({ level: 'silent' }),
      triggers: realTriggers(clock),
      graceMs: 0,
      async runSlot({ subscriptionId, lateByMs }) {
        fired.push({ id: subscriptionId, lateByMs });
      },
    });
    // Put the scheduler's clock a second before a minute, then let real time run into it.
    const now = clock.now().getTime();
    clock.moveTo(Math.ceil(now / 60_000) * 60_000 + 60_000 - 1_000);
    scheduler.add({ id: 'a', cron: '* * * * *', timeZone: 'UTC' });
    scheduler.add({ id: 'b', cron: '* * * * *', timeZone: 'Europe/Kyiv' });
    scheduler.start();
    expect(scheduler.size()).toEqual({ groups: 2, subscriptions: 2 });
    for (let waited = 0; fired.length < 2 && waited < 4000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await scheduler.stop();
    expect(fired.map((run) => run.id).sort()).toEqual(['a', 'b']);
    expect(fired.every((run) => run.lateByMs >= 0 && run.lateByMs < 1000)).toBe(true);
  });
});

describe('fan-out', () => {
  it('posts a burst of digests evenly enough that Discord never refuses one', async () => {
    harness = await createDigestHarness(friday);
    const channels = Array.from({ length: 60 }, (_, index) => ({ name: `burst-${index}` }));
    const guilds = [
      harness.emulator.addGuild('Burst A', channels),
      harness.emulator.addGuild('Burst B', channels),
    ];
    const rest = new REST({ api: harness.emulator.apiUrl }).setToken(harnessToken);
    const poster = createRestPoster(rest, { postableSystemChannel: () => undefined });
    const targets = guilds.flatMap((guild) => guild.channels);
    const results = await Promise.all(
      targets.map((channel, index) =>
        poster.post(
          { channelId: channel.id, channelKind: 'text' },
          { embeds: [{ description: `digest ${index}` }], allowedMentions: { parse: [] } },
          { nonce: `burst-${index}`, threadName: 'unused' },
        ),
      ),
    );
    expect(results).toHaveLength(120);
    expect(targets.every((channel) => harness.emulator.messages.get(channel.id)?.length === 1)).toBe(true);
    expect(harness.emulator.rateLimiter.rejected).toEqual({ user: 0, global: 0 });
  });
});

describe('restarts and exactly once', () => {
  it('keeps subscriptions across a restart and posts a slot missed within the grace period once, late', async () => {
    harness = await createDigestHarness(friday);
    await harness.start();
    await harness.subscribe();
    await harness.stopService();
    harness.clock.set('2027-03-27T06:07:00Z'); // down across the 08:00 Kyiv slot, back 7 minutes later
    await harness.start();
    expect(harness.service.forGuild(harness.guild.id)).toHaveLength(1);
    const posts = harness.posted('front-digest');
    expect(posts).toHaveLength(2);
    expect(embedText(posts[1] as never)).toContain('Posted late: this digest was due');
    await harness.stopService();
    await harness.start();
    await harness.service.runDue();
    expect(harness.posted('front-digest')).toHaveLength(2);
    expect(harness.service.forGuild(harness.guild.id)[0]?.history.at(-1)).toMatchObject({
      kind: 'late',
      result: 'posted',
      slotKey: '2027-03-27T08:00',
    });
  });

  it('skips a slot missed by more than the grace period, and records it', async () => {
    harness = await createDigestHarness(friday);
    await harness.start();
    await harness.subscribe();
    await harness.stopService();
    harness.clock.set('2027-03-27T06:30:00Z');
    await harness.start();
    expect(harness.posted('front-digest')).toHaveLength(1);
    // The next slot runs as normal.
    harness.clock.set('2027-03-28T05:00:00Z');
    await harness.service.runDue();
    expect(harness.posted('front-digest')).toHaveLength(2);
    expect(harness.service.forGuild(harness.guild.id)[0]?.history.map((entry) => entry.result)).toEqual([
      'posted',
      'missed',
      'posted',
    ]);
    expect(harness.service.forGuild(harness.guild.id)[0]?.history[1]?.detail).toBe(
      '1 digest missed while sitrep was offline, beyond the grace period',
    );
    expect(harness.logLines.join('\n')).toContain('slot missed beyond the grace period');
  });

  it('lets one of two processes that both think they own a guild (mid re-shard) send its slot', async () => {
    harness = await createDigestHarness(friday);
    await harness.start();
    await harness.subscribe();
    const h = harness;
    const { service: other, lines: otherLines, close: closeOther } = await startSecondProcess(h);
    const channel = h.emulator.channelByName(h.guild.id, 'front-digest').id;
    const sendsBefore = h.emulator.requests.filter(
      (request) => request.path === `/channels/${channel}/messages`,
    ).length;

    h.clock.set('2027-03-27T06:00:00Z');
    await Promise.all([h.service.runDue(), other.runDue()]);

    // One process claimed the slot in the store and sent it; the other did not even try.
    const sends = h.emulator.requests.filter((request) => request.path === `/channels/${channel}/messages`);
    expect(sends.length - sendsBefore).toBe(1);
    expect(h.posted('front-digest')).toHaveLength(2);
    expect(
      [...h.logLines, ...otherLines].filter((line) => line.includes('claimed by another process')),
    ).toHaveLength(1);
    await closeOther();
  });

  it('takes over the slots of a guild another process posted while both owned it (rolling re-shard)', async () => {
    harness = await createDigestHarness(friday);
    await harness.start();
    await harness.subscribe();
    const h = harness;
    const other = await startSecondProcess(h);
    // The other process alone posts the next slot; this one, not due to run it, never hears of it.
    h.clock.set(new Date(h.service.nextDueAt() ?? 0).toISOString());
    await other.service.runDue();
    expect(h.posted('front-digest')).toHaveLength(2);
    await other.close();

    // The re-shard is over: this process alone owns the guild, and the slot after is its to post.
    h.clock.set(new Date(h.service.nextDueAt() ?? 0).toISOString());
    await h.service.runDue();
    h.clock.set(new Date(h.service.nextDueAt() ?? 0).toISOString());
    await h.service.runDue();
    expect(h.posted('front-digest')).toHaveLength(3);
    const [stored] = await storedSubscriptionsOf(h);
    expect(stored?.lastSlot?.state).toBe('done');
  });

  it('never posts one slot twice: overlapping runs, and a crash between sending and recording', async () => {
    harness = await createDigestHarness(friday);
    await harness.start();
    const id = await harness.subscribe();
    harness.clock.set('2027-03-27T06:00:00Z');
    await Promise.all([harness.service.runDue(), harness.service.runDue(), harness.service.runDue()]);
    expect(harness.posted('front-digest')).toHaveLength(2);

    // Simulate a crash after Discord accepted the 28 March post but before it was recorded as done.
    harness.clock.set('2027-03-28T05:00:00Z');
    await harness.service.runDue();
    expect(harness.posted('front-digest')).toHaveLength(3);
    await harness.stopService();
    const stores = await openKeyValueStores(harness.storeUrl, () => undefined);
    const stored = subscriptionSchema.parse(await stores.namespaces.subscriptions.get(id));
    const nonce = deliveryNonce(id, '2027-03-28T08:00');
    await stores.namespaces.subscriptions.set(id, {
      ...stored,
      lastSlot: {
        key: '2027-03-28T08:00',
        dueAt: '2027-03-28T05:00:00.000Z',
        state: 'sending',
        nonce,
        claimedAt: '2027-03-28T05:00:00.000Z',
      },
    });
    await stores.close();
    harness.clock.set('2027-03-28T05:02:00Z');
    await harness.start();
    expect(harness.posted('front-digest')).toHaveLength(3);
    const resent = harness.emulator.requests.filter(
      (request) =>
        request.method === 'POST' && (request.body as { nonce?: string } | undefined)?.nonce === nonce,
    );
    expect(resent).toHaveLength(2);
  });

  it('does not re-send an interrupted slot once Discord may have forgotten its nonce', async () => {
    harness = await createDigestHarness(friday);
    await harness.start({ limits: { graceMs: 30 * minute } });
    const id = await harness.subscribe();
    await harness.stopService();
    const stores = await openKeyValueStores(harness.storeUrl, () => undefined);
    const stored = subscriptionSchema.parse(await stores.namespaces.subscriptions.get(id));
    await stores.namespaces.subscriptions.set(id, {
      ...stored,
      lastSlot: {
        key: '2027-03-27T08:00',
        dueAt: '2027-03-27T06:00:00.000Z',
        state: 'sending',
        nonce: deliveryNonce(id, '2027-03-27T08:00'),
        claimedAt: '2027-03-27T06:00:00.000Z',
      },
    });
    await stores.close();
    harness.clock.set('2027-03-27T06:20:00Z');
    await harness.start({ limits: { graceMs: 30 * minute } });
    expect(harness.posted('front-digest')).toHaveLength(1);
    expect(harness.service.find(harness.guild.id, id)?.history.at(-1)).toMatchObject({
      result: 'failed',
      detail: 'interrupted while sending; not re-sent, as Discord may already show it',
    });
  });
});

describe('delivery failures', () => {
  it('pauses on a deleted channel, tells the guild once, and shows why', async () => {
    harness = await createDigestHarness(friday);
    await harness.start();
    const id = await harness.subscribe();
    harness.emulator.deleteChannel(harness.emulator.channelByName(harness.guild.id, 'front-digest').id);
    harness.clock.set('2027-03-27T06:00:00Z');
    await harness.service.runDue();
    const subscription = harness.service.find(harness.guild.id, id);
    expect(subscription?.paused).toMatchObject({
      code: 'channel-deleted',
      reason: 'the channel was deleted',
    });
    expect(subscription?.history.at(-1)).toMatchObject({ result: 'paused' });
    const told = harness.posted('general');
    expect(told).toHaveLength(1);
    expect(told[0]?.content).toContain(`/digest resume id:${id}`);
    expect(told[0]?.allowed_mentions).toEqual({ parse: [] });
    // Paused: later slots post nothing and tell no one again.
    harness.clock.set('2027-03-28T05:00:00Z');
    await harness.service.runDue();
    expect(harness.posted('general')).toHaveLength(1);
  });

  it('pauses on a revoked permission (50013) and on lost access (50001)', async () => {
    harness = await createDigestHarness(friday);
    await harness.start();
    const first = await harness.subscribe();
    const second = await harness.subscribe({ channelName: 'second-digest' });
    harness.emulator.revokePermission(
      harness.emulator.channelByName(harness.guild.id, 'front-digest').id,
      PermissionFlagsBits.SendMessages,
    );
    harness.emulator.revokePermission(
      harness.emulator.channelByName(harness.guild.id, 'second-digest').id,
      PermissionFlagsBits.ViewChannel,
    );
    harness.clock.set('2027-03-27T06:00:00Z');
    await harness.service.runDue();
    expect(harness.service.find(harness.guild.id, first)?.paused?.code).toBe('missing-permissions');
    expect(harness.service.find(harness.guild.id, second)?.paused?.code).toBe('missing-access');
  });

  it('retries 5xx answers with backoff and then posts once', async () => {
    harness = await createDigestHarness(friday);
    await harness.start();
    await harness.subscribe();
    // discord.js retries a 5xx three times itself; five failures also exhaust one of ours.
    harness.emulator.failNext(502, { count: 5, method: 'POST', pathIncludes: '/messages' });
    harness.clock.set('2027-03-27T06:00:00Z');
    await harness.service.runDue();
    expect(harness.posted('front-digest')).toHaveLength(2);
    expect(harness.logLines.join('\n')).toContain('digest post failed; retrying');
  });

  it('removes a guild’s subscriptions when the bot leaves it', async () => {
    harness = await createDigestHarness(friday);
    await harness.start();
    await harness.subscribe();
    expect(await harness.service.removeGuild(harness.guild.id)).toBe(1);
    await harness.stopService();
    await harness.start();
    expect(harness.service.forGuild(harness.guild.id)).toEqual([]);
  });

  it('reports and skips an unreadable record without deleting it', async () => {
    harness = await createDigestHarness(friday);
    await harness.start();
    await harness.subscribe();
    await harness.stores.namespaces.subscriptions.set('broken', { version: 99, id: 'broken' });
    await harness.stopService();
    await harness.start();
    expect(harness.service.forGuild(harness.guild.id)).toHaveLength(1);
    expect(harness.logLines.join('\n')).toContain('subscription record unreadable');
    expect(await harness.stores.namespaces.subscriptions.get('broken')).toEqual({
      version: 99,
      id: 'broken',
    });
  });
});

/** A second digest service over the harness's store, as another process would run it. */
async function startSecondProcess(h: DigestHarness) {
  const stores = await openKeyValueStores(h.storeUrl, () => undefined);
  const lines: string[] = [];
  const service = await DigestService.start({
    subscriptions: new SubscriptionStore(stores.namespaces.subscriptions, stores.atomic.subscriptions),
    ledger: new FactLedger(stores.namespaces.ledger),
    facts: () => h.facts,
    poster: createRestPoster(new REST({ api: h.emulator.apiUrl }).setToken(harnessToken), {
      postableSystemChannel: () => undefined,
    }),
    clock: h.clock,
    log: createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } }),
    triggers: manualTriggers,
  });
  return {
    service,
    lines,
    close: async () => {
      await service.stop();
      await stores.close();
    },
  };
}

async function storedSubscriptionsOf(h: DigestHarness) {
  return (await new SubscriptionStore(h.stores.namespaces.subscriptions).loadAll()).subscriptions;
}
