// The publish option and the delivery history: the record (old records, bounds), the replies of
// /digest list and /digest history, how publish failures are read, and publishing on the emulator
// through the service: later after a 429, given up after a few tries, paused without permission.
import { ChannelType, DiscordAPIError, PermissionFlagsBits, RateLimitError } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { historyReply, listReply, messageLink, notYetPublished } from '../src/commands/digest-replies.js';
import { publishAttemptLimit } from '../src/delivery/digest-delivery.js';
import { classifyPublishError } from '../src/delivery/rest-poster.js';
import { embedLength } from '../src/render/discord-embed.js';
import { DiscordLimits } from '../src/render/discord-limits.js';
import {
  type DeliveryRecord,
  newSubscription,
  pendingPublications,
  type Subscription,
  subscriptionSchema,
  withDelivery,
  withPublication,
} from '../src/store/subscription.js';
import { createDigestHarness, type DigestHarness } from './support/digest-harness.js';

let harness: DigestHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const record = (extra: Partial<Subscription> = {}) =>
  newSubscription({
    id: 'record01',
    guildId: '200000000000000001',
    channelId: '300000000000000001',
    channelName: 'front-news',
    channelKind: 'announcement',
    schedule: { input: 'daily 08:00', cron: '0 8 * * *', description: 'every day at 08:00' },
    timeZone: 'Europe/Kyiv',
    createdBy: '100000000000000001',
    createdAt: '2027-03-01T00:00:00.000Z',
    ...extra,
  });

const delivery = (day: number, extra: Partial<DeliveryRecord> = {}): DeliveryRecord => ({
  at: `2027-03-${String(day).padStart(2, '0')}T06:00:00.000Z`,
  slotKey: `2027-03-${String(day).padStart(2, '0')}T08:00`,
  kind: 'scheduled',
  result: 'posted',
  messageId: `4000000000000000${String(day).padStart(2, '0')}`,
  ...extra,
});

describe('the subscription record', () => {
  it('reads a record stored before publishing as not publishing, and its deliveries as unpublished', () => {
    const { publish: _, ...older } = withDelivery(record(), delivery(2));
    const read = subscriptionSchema.parse(older);
    expect(read.publish).toBe(false);
    expect(read.history[0]?.publication).toBeUndefined();
    expect(pendingPublications(read)).toEqual([]);
  });

  it('keeps the last 10 deliveries, newest last, and tracks each one’s publication', () => {
    let subscription = record({ publish: true });
    for (let day = 1; day <= 15; day++) {
      subscription = withDelivery(
        subscription,
        delivery(day, { publication: { state: 'pending', attempts: 0 } }),
      );
    }
    expect(subscription.history.map((entry) => entry.slotKey?.slice(8, 10))).toEqual([
      '06',
      '07',
      '08',
      '09',
      '10',
      '11',
      '12',
      '13',
      '14',
      '15',
    ]);
    subscription = withPublication(subscription, delivery(7).messageId as string, {
      state: 'published',
      attempts: 1,
    });
    expect(pendingPublications(subscription).map((entry) => entry.messageId)).toEqual(
      subscription.history.filter((_, index) => index !== 1).map((entry) => entry.messageId),
    );
    expect(subscriptionSchema.parse(subscription)).toEqual(subscription);
  });
});

describe('/digest history', () => {
  it('shows the newest first: when, the slot, the result with its reason, publication and a link', () => {
    let subscription = record({ publish: true });
    subscription = withDelivery(subscription, { ...delivery(1), slotKey: undefined, kind: 'initial' });
    subscription = withDelivery(
      subscription,
      delivery(2, { publication: { state: 'published', attempts: 1 } }),
    );
    subscription = withDelivery(subscription, {
      ...delivery(3, { result: 'failed', detail: 'Discord answered 502' }),
      messageId: undefined,
    });
    subscription = withDelivery(subscription, {
      ...delivery(4, { result: 'quiet', detail: 'nothing new; quiet digests post nothing' }),
      messageId: undefined,
    });
    subscription = withDelivery(subscription, {
      ...delivery(5, { result: 'missed', detail: 'missed while sitrep was offline' }),
      messageId: undefined,
    });
    subscription = withDelivery(
      subscription,
      delivery(6, {
        publication: { state: 'pending', attempts: 1, detail: 'Discord allows 10 publishes an hour' },
      }),
    );
    const reply = historyReply(subscription);
    expect(reply.ephemeral).toBe(true);
    expect(reply.allowedMentions).toEqual({ parse: [] });
    const embed = reply.embeds?.[0];
    expect(embed?.fields?.map((field) => field.name)).toEqual([
      'posted · slot 2027-03-06 08:00 (Europe/Kyiv)',
      'skipped · slot 2027-03-05 08:00 (Europe/Kyiv)',
      'quiet · slot 2027-03-04 08:00 (Europe/Kyiv)',
      'failed · slot 2027-03-03 08:00 (Europe/Kyiv)',
      'posted · slot 2027-03-02 08:00 (Europe/Kyiv)',
      'posted · first digest',
    ]);
    const values = embed?.fields?.map((field) => field.value) ?? [];
    expect(values[0]).toBe(
      [
        `<t:${Date.parse('2027-03-06T06:00:00Z') / 1000}:F> (<t:${Date.parse('2027-03-06T06:00:00Z') / 1000}:R>)`,
        `Publication: ${notYetPublished}`,
        '[Posted message](https://discord.com/channels/200000000000000001/300000000000000001/400000000000000006)',
      ].join('\n'),
    );
    expect(values[1]).toContain('Reason: missed while sitrep was offline');
    expect(values[3]).toContain('Reason: Discord answered 502');
    expect(values[3]).not.toContain('Posted message');
    expect(values[4]).toContain('Publication: published');
    expect(values[5]).not.toContain('Publication');
  });

  it('stays within Discord’s limits with ten deliveries carrying the longest details', () => {
    let subscription = record({ publish: true, channelName: 'n'.repeat(100) });
    for (let day = 1; day <= 10; day++) {
      subscription = withDelivery(
        subscription,
        delivery(day, {
          kind: 'late',
          detail: 'd'.repeat(300),
          publication: { state: 'failed', attempts: 5, detail: 'p'.repeat(300) },
        }),
      );
    }
    const embed = historyReply(subscription).embeds?.[0] ?? {};
    expect(embed.fields).toHaveLength(10);
    expect(embedLength(embed)).toBeLessThanOrEqual(DiscordLimits.embedTotal);
    for (const field of embed.fields ?? []) {
      expect(field.value.length).toBeLessThanOrEqual(DiscordLimits.embedFieldValue);
      // The link survives the shortening.
      expect(field.value).toMatch(/\n\[Posted message\]\(https:\/\/discord\.com\/channels\/\d+\/\d+\/\d+\)$/);
    }
  });

  it('says when nothing was delivered yet, and links a forum post by its thread', () => {
    expect(historyReply(record()).embeds?.[0]?.description).toContain('Nothing has been delivered');
    expect(messageLink(record({ channelKind: 'forum' }), '500000000000000001')).toBe(
      'https://discord.com/channels/200000000000000001/500000000000000001/500000000000000001',
    );
  });
});

describe('/digest list', () => {
  const listed = (subscription: Subscription) =>
    JSON.stringify(listReply([subscription], () => undefined, 10).embeds);

  it('says when a posted digest is not yet published, and shows publish only where it applies', () => {
    const pending = withDelivery(
      record({ publish: true }),
      delivery(2, {
        publication: { state: 'pending', attempts: 1, detail: 'Discord allows 10 publishes an hour' },
      }),
    );
    expect(listed(pending)).toContain(`Publish: on · ${notYetPublished}`);
    const published = withPublication(pending, delivery(2).messageId as string, {
      state: 'published',
      attempts: 2,
    });
    expect(listed(published)).toContain('Publish: on\\n');
    expect(listed(record())).toContain('Publish: off');
    expect(listed(record({ channelKind: 'text' }))).not.toContain('Publish');
  });
});

describe('reading a refused publish', () => {
  const apiError = (code: number, status: number) =>
    new DiscordAPIError(
      { message: 'refused', code },
      code,
      status,
      'POST',
      'https://discord.test/crosspost',
      {
        body: {},
      },
    );

  it('tells the limit, permissions, a deleted message and an already published one apart', () => {
    const limited = new RateLimitError({
      timeToReset: 1200,
      limit: 10,
      method: 'POST',
      hash: 'hash',
      url: 'https://discord.test/crosspost',
      route: '/channels/:id/messages/:id/crosspost',
      majorParameter: '300000000000000001',
      global: false,
      retryAfter: 1200,
      sublimitTimeout: 0,
      scope: 'user',
    });
    expect(classifyPublishError(limited)).toEqual({
      kind: 'limited',
      reason: 'Discord allows 10 publishes an hour',
      retryAfterMs: 1200,
    });
    expect(classifyPublishError(apiError(50013, 403))).toMatchObject({
      kind: 'gone',
      code: 'missing-permissions',
      reason: expect.stringContaining('Send Messages'),
    });
    expect(classifyPublishError(apiError(40033, 400))).toEqual({ kind: 'published' });
    expect(classifyPublishError(apiError(10008, 404))).toEqual({
      kind: 'rejected',
      reason: 'the message was deleted',
    });
    expect(classifyPublishError(apiError(0, 502))).toMatchObject({ kind: 'transient' });
  });
});

describe('publishing through the service on the emulator', () => {
  const crosspostRoute = 'POST /channels/:id/messages/:id/crosspost';

  async function newsroom(windowMs = 300_000) {
    harness = await createDigestHarness('2027-03-26T12:00:00Z', {
      rateLimits: { routeLimit: 100, routes: { [crosspostRoute]: { limit: 10, windowMs } } },
    });
    const h = harness;
    h.emulator.addChannel(h.guild.id, { name: 'front-news', type: ChannelType.GuildAnnouncement });
    await h.start({ limits: { maxPerGuild: 20 } });
    return h;
  }

  const publication = (h: DigestHarness, id: string) =>
    h.service.find(h.guild.id, id)?.history.at(-1)?.publication;

  it('refuses publish:true outside an announcement channel, saving nothing', async () => {
    const h = await newsroom();
    await expect(h.subscribe({ publish: true })).rejects.toThrow(/is not one\. Pick an announcement channel/);
    expect(h.service.forGuild(h.guild.id)).toEqual([]);
    expect(h.posted('front-digest')).toEqual([]);
  });

  it('publishes after a 429, honouring its retry_after, without posting again', async () => {
    const h = await newsroom();
    h.emulator.failNext(429, { pathIncludes: '/crosspost', retryAfterSeconds: 0.2 });
    const id = await h.subscribe({ channelName: 'front-news', publish: true });
    expect(publication(h, id)).toEqual({
      state: 'pending',
      attempts: 1,
      detail: 'Discord allows 10 publishes an hour',
    });
    await waitFor(() => publication(h, id)?.state === 'published');
    expect(h.posted('front-news').map((message) => message.flags)).toEqual([1]);
    expect(publication(h, id)?.attempts).toBe(2);
  });

  it('gives a digest up after a few tries, and never pauses the subscription for it', async () => {
    const h = await newsroom();
    h.emulator.failNext(429, {
      pathIncludes: '/crosspost',
      retryAfterSeconds: 0.02,
      count: publishAttemptLimit,
    });
    const id = await h.subscribe({ channelName: 'front-news', publish: true });
    await waitFor(() => publication(h, id)?.state === 'failed');
    expect(publication(h, id)).toEqual({
      state: 'failed',
      attempts: publishAttemptLimit,
      detail: `gave up after ${publishAttemptLimit} tries: Discord allows 10 publishes an hour`,
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(publication(h, id)?.attempts).toBe(publishAttemptLimit);
    expect(h.service.find(h.guild.id, id)?.paused).toBeNull();
    // The next digest is posted and published as usual.
    h.clock.set('2027-03-27T06:00:00Z');
    await h.service.runDue();
    expect(h.posted('front-news').map((message) => message.flags)).toEqual([0, 1]);
  });

  it('pauses, naming the permission, when Send Messages is gone by the time a digest may be published', async () => {
    const h = await newsroom(3000);
    const newsId = h.emulator.channelByName(h.guild.id, 'front-news').id;
    const ids: string[] = [];
    for (let hour = 0; hour < 11; hour++) {
      ids.push(
        await h.subscribe({
          channelName: 'front-news',
          publish: true,
          schedule: `daily ${String(hour).padStart(2, '0')}:00`,
        }),
      );
    }
    const last = ids.at(-1) as string;
    expect(publication(h, last)?.state).toBe('pending');
    h.emulator.revokePermission(newsId, PermissionFlagsBits.SendMessages);
    await waitFor(() => h.service.find(h.guild.id, last)?.paused !== null, 8000);
    const paused = h.service.find(h.guild.id, last);
    expect(paused?.paused).toMatchObject({
      code: 'missing-permissions',
      reason: expect.stringContaining('publish there (Send Messages'),
    });
    expect(publication(h, last)?.state).toBe('failed');
    expect(h.posted('front-news')).toHaveLength(11);
    expect(ids.slice(0, -1).map((id) => h.service.find(h.guild.id, id)?.paused)).toEqual(
      Array.from({ length: 10 }, () => null),
    );
  });
});

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  for (let waited = 0; waited < timeoutMs; waited += 20) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('timed out');
}
