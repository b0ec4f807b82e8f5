// A stored subscription whose zone or cron this runtime cannot run: the record schema refuses it, so
// the service reports it, skips it, leaves it as it is, and every other subscription keeps posting.
import { afterEach, describe, expect, it } from 'vitest';
import { parseSchedule, schedulePresets } from '../src/scheduler/schedule.js';
import { resolveTimeZone } from '../src/scheduler/time-zones.js';
import { isRunnableCron, isRunnableTimeZone } from '../src/store/record-checks.js';
import { newSubscription, type Subscription, subscriptionSchema } from '../src/store/subscription.js';
import { createDigestHarness, type DigestHarness } from './support/digest-harness.js';

let harness: DigestHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Friday 26 March 2027, 12:00 UTC. */
const friday = '2027-03-26T12:00:00Z';

const record = (extra: Partial<Subscription> = {}) =>
  newSubscription({
    id: 'record01',
    guildId: '200000000000000001',
    channelId: '300000000000000001',
    channelName: 'front-digest',
    channelKind: 'text',
    schedule: { input: 'daily 08:00', cron: '0 8 * * *', description: 'every day at 08:00' },
    timeZone: 'Europe/Kyiv',
    createdBy: '100000000000000001',
    createdAt: '2027-03-01T00:00:00.000Z',
    ...extra,
  });

const withCron = (cron: string) => record({ schedule: { input: cron, cron, description: `cron ${cron}` } });

describe('the subscription record schema', () => {
  it('refuses a zone or a cron the scheduler cannot run, naming the field', () => {
    for (const [bad, path] of [
      [record({ timeZone: 'Mars/Olympus' }), 'timeZone'],
      [record({ timeZone: '+03:00' }), 'timeZone'],
      [record({ timeZone: '' }), 'timeZone'],
      [record({ timeZone: ' Europe/Kyiv' }), 'timeZone'],
      [withCron('61 * * * *'), 'schedule.cron'],
      [withCron('0 0 8 * * *'), 'schedule.cron'],
      [withCron('0 8 * *'), 'schedule.cron'],
      [withCron('0  8 * * *'), 'schedule.cron'],
      [withCron('@daily'), 'schedule.cron'],
      [withCron('0 8 * * 1#6'), 'schedule.cron'],
    ] as const) {
      const parsed = subscriptionSchema.safeParse(bad);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual([path]);
    }
  });

  it('reads a zone stored under an old spelling under its current name', () => {
    expect(subscriptionSchema.parse(record({ timeZone: 'Asia/Calcutta' })).timeZone).toBe('Asia/Kolkata');
    expect(subscriptionSchema.parse(record({ timeZone: 'America/Godthab' })).timeZone).toBe('America/Nuuk');
    expect(subscriptionSchema.parse(record({ timeZone: 'US/Eastern' })).timeZone).toBe('US/Eastern');
  });

  it('accepts everything /digest subscribe can store', () => {
    const schedules = [
      ...schedulePresets,
      'weekly thursday 07:15',
      '0 9 * * 1#2',
      '0 8 L * *',
      '0 9 15W * *',
    ];
    for (const input of schedules) {
      const parsed = parseSchedule(input);
      expect(parsed.ok && isRunnableCron(parsed.schedule.cron)).toBe(true);
    }
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      const resolved = resolveTimeZone(zone);
      expect([zone, resolved !== undefined && isRunnableTimeZone(resolved)]).toEqual([zone, true]);
    }
  });
});

describe('a bad record among good ones, in a real SQLite store', () => {
  it('is reported, skipped and left untouched; the other subscriptions post on time after a restart', async () => {
    harness = await createDigestHarness(friday);
    const h = harness;
    await h.start();
    const kyiv = await h.subscribe(); // daily 08:00 Europe/Kyiv: 06:00 UTC on Saturday
    const kolkata = await h.subscribe({
      channelName: 'second-digest',
      schedule: 'daily 09:00',
      timeZone: 'Asia/Kolkata', // 03:30 UTC
    });
    const template = subscriptionSchema.parse(await h.stores.namespaces.subscriptions.get(kyiv));
    const bad: Record<string, unknown> = {
      badzone1: { ...template, id: 'badzone1', timeZone: 'Mars/Olympus' },
      offset01: { ...template, id: 'offset01', timeZone: '+03:00' },
      badcron1: { ...template, id: 'badcron1', schedule: { ...template.schedule, cron: '61 * * * *' } },
      seconds1: { ...template, id: 'seconds1', schedule: { ...template.schedule, cron: '0 0 8 * * *' } },
    };
    for (const [id, value] of Object.entries(bad)) await h.stores.namespaces.subscriptions.set(id, value);
    await h.stopService();

    await h.start(); // before the fix: RangeError: Invalid time zone specified: Mars/Olympus
    expect(
      h.service
        .forGuild(h.guild.id)
        .map((subscription) => [subscription.id, subscription.timeZone])
        .sort(),
    ).toEqual(
      [
        [kyiv, 'Europe/Kyiv'],
        [kolkata, 'Asia/Kolkata'],
      ].sort(),
    );
    const unreadable = h.logLines
      .map((line) => JSON.parse(line) as { msg: string; key?: string; reason?: string })
      .filter((line) => line.msg === 'subscription record unreadable; skipped and kept');
    expect(unreadable.map((line) => [line.key, line.reason]).sort()).toEqual([
      ['badcron1', 'schedule.cron: not a 5-field cron expression node-cron accepts'],
      ['badzone1', 'timeZone: not a time zone this runtime knows'],
      ['offset01', 'timeZone: not a time zone this runtime knows'],
      ['seconds1', 'schedule.cron: not a 5-field cron expression node-cron accepts'],
    ]);

    for (const due of ['2027-03-27T03:30:00Z', '2027-03-27T06:00:00Z']) {
      h.clock.set(due);
      await h.service.runDue();
    }
    expect(h.posted('front-digest')).toHaveLength(2); // the first digest, then Saturday's
    expect(h.posted('second-digest')).toHaveLength(2);
    // Left as written, over the store the restarted service opened.
    for (const [id, value] of Object.entries(bad)) {
      expect(await h.stores.namespaces.subscriptions.get(id)).toEqual(value);
    }
  });
});

describe('a record stored before digests could carry a map', () => {
  it('loads with the map off and keeps posting without one', async () => {
    harness = await createDigestHarness(friday);
    const h = harness;
    await h.start();
    const id = await h.subscribe();
    const stored = (await h.stores.namespaces.subscriptions.get(id)) as Record<string, unknown>;
    expect(stored.includeMap).toBe(false);
    // As an older sitrep wrote it: no includeMap at all.
    const { includeMap: _, ...older } = stored;
    await h.stores.namespaces.subscriptions.set(id, older);
    expect(subscriptionSchema.parse(older).includeMap).toBe(false);
    await h.stopService();

    await h.start();
    expect(h.logLines.join('\n')).not.toContain('subscription record unreadable');
    expect(h.service.find(h.guild.id, id)?.includeMap).toBe(false);
    h.clock.set('2027-03-27T06:00:00Z');
    await h.service.runDue();
    const posted = h.posted('front-digest');
    expect(posted).toHaveLength(2);
    expect(posted[1]?.attachments).toEqual([]);
    // Saved again by that post, it now says so explicitly.
    expect(((await h.stores.namespaces.subscriptions.get(id)) as Record<string, unknown>).includeMap).toBe(
      false,
    );
  });
});
