// Figure 4: N subscriptions in N channels due in the same minute, posted through discord.js's REST
// client to the emulator, which enforces Discord's global limit (50 requests/s) and route buckets.
// The physical bound is N / 50 seconds.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST } from 'discord.js';
import { ManualClock } from '../src/clock.js';
import { loadFactStore } from '../src/data/load-store.js';
import { DiscordEmulator } from '../src/emulator/discord-emulator.js';
import { createLogger } from '../src/log.js';
import { createRestPoster } from '../src/scheduler/delivery.js';
import { manualTriggers } from '../src/scheduler/digest-scheduler.js';
import { DigestService } from '../src/scheduler/digest-service.js';
import { FactLedger } from '../src/scheduler/fact-ledger.js';
import { openKeyValueStores } from '../src/scheduler/keyv-stores.js';
import { type Subscription, subscriptionSchemaVersion } from '../src/scheduler/subscription.js';
import { SubscriptionStore } from '../src/scheduler/subscription-store.js';

export interface FanOutResult {
  count: number;
  seconds: number;
  boundSeconds: number;
  posted: number;
  lost: number;
  duplicated: number;
  rejected429: number;
  other4xx: number;
  buildMsPerDigest: number;
  waitingShare: number;
}

const token = 'bench.fan-out.0123456789abcdef';

export async function benchFanOut(count: number): Promise<FanOutResult> {
  const directory = await mkdtemp(join(tmpdir(), 'sitrep-bench-fanout-'));
  const emulator = new DiscordEmulator({ token, rateLimits: { globalPerSecond: 50 } });
  await emulator.start();
  const channelIds: string[] = [];
  for (let guildIndex = 0; channelIds.length < count; guildIndex++) {
    const names = Array.from({ length: Math.min(50, count - channelIds.length) }, (_, index) => ({
      name: `digest-${guildIndex}-${index}`,
    }));
    const guild = emulator.addGuild(`Guild ${guildIndex}`, names);
    channelIds.push(...guild.channels.map((channel) => channel.id));
  }
  const stores = await openKeyValueStores(`sqlite://${join(directory, 'sitrep.sqlite')}`, () => undefined);
  const subscriptions = new SubscriptionStore(stores.namespaces.subscriptions);
  const createdAt = '2027-03-01T00:00:00.000Z';
  for (const [index, channelId] of channelIds.entries()) {
    const channel = emulator.channels.get(channelId);
    const record: Subscription = {
      version: subscriptionSchemaVersion,
      id: `bench${index.toString(36).padStart(5, '0')}`,
      guildId: channel?.guildId as string,
      channelId,
      channelName: channel?.name ?? 'digest',
      channelKind: 'text',
      schedule: { input: 'hourly', cron: '0 * * * *', description: 'every hour, on the hour' },
      timeZone: 'UTC',
      topics: [],
      quiet: false,
      pingRoleId: null,
      createdBy: '100000000000000001',
      createdAt,
      activeSince: createdAt,
      paused: null,
      lastDigestAt: '2027-03-26T11:00:00.000Z',
      lastSlot: null,
      history: [],
      guildNotifiedAt: null,
    };
    await subscriptions.save(record);
  }
  const clock = new ManualClock(Date.parse('2027-03-26T11:59:30Z'));
  const facts = await loadFactStore();
  const service = await DigestService.start({
    subscriptions,
    ledger: new FactLedger(stores.namespaces.ledger),
    facts: () => facts,
    poster: createRestPoster(new REST({ api: emulator.apiUrl }).setToken(token), {
      postableSystemChannel: () => undefined,
    }),
    clock,
    log: createLogger({ level: 'silent' }),
    triggers: manualTriggers,
    limits: { maxPerGuild: 100 },
    retryDelaysMs: [1000],
  });

  // What building costs alone: the same digests, built without posting.
  const loaded = channelIds.map((_, index) => `bench${index.toString(36).padStart(5, '0')}`);
  const buildStarted = performance.now();
  for (const id of loaded) {
    const subscription = service
      .forGuild(emulator.channels.get(channelIds[loaded.indexOf(id)] as string)?.guildId as string)
      .find((candidate) => candidate.id === id);
    if (subscription) service.preview(subscription);
  }
  const buildMsPerDigest = (performance.now() - buildStarted) / count;

  emulator.requests.length = 0;
  clock.set('2027-03-26T12:00:00Z');
  const started = performance.now();
  await service.runDue();
  const seconds = (performance.now() - started) / 1000;

  let posted = 0;
  let lost = 0;
  let duplicated = 0;
  for (const channelId of channelIds) {
    const messages = emulator.messages.get(channelId)?.length ?? 0;
    posted += messages;
    if (messages === 0) lost++;
    if (messages > 1) duplicated += messages - 1;
  }
  const statuses = emulator.requests.map((request) => request.status);
  await service.stop();
  await stores.close();
  await emulator.stop();
  await rm(directory, { recursive: true, force: true });
  const boundSeconds = count / 50;
  return {
    count,
    seconds,
    boundSeconds,
    posted,
    lost,
    duplicated,
    rejected429: statuses.filter((status) => status === 429).length,
    other4xx: statuses.filter((status) => status >= 400 && status < 500 && status !== 429).length,
    buildMsPerDigest,
    waitingShare: 1 - (buildMsPerDigest * count) / 1000 / seconds,
  };
}
