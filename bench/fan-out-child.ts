// The bot's side of figure 4, in a process of its own as on a real host: stores N subscriptions in
// SQLite, then runs the digest service for the minute they all fall due, posting through
// discord.js's REST client to the emulator at argv's API URL. Prints one JSON line of timings.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST } from 'discord.js';
import { ManualClock } from '../src/clock.js';
import { loadFactStore } from '../src/data/load-store.js';
import { createLogger } from '../src/log.js';
import { createRestPoster } from '../src/scheduler/delivery.js';
import { manualTriggers } from '../src/scheduler/digest-scheduler.js';
import { DigestService } from '../src/scheduler/digest-service.js';
import { FactLedger } from '../src/scheduler/fact-ledger.js';
import { openKeyValueStores } from '../src/scheduler/keyv-stores.js';
import { newSubscription, type Subscription } from '../src/scheduler/subscription.js';
import { SubscriptionStore } from '../src/scheduler/subscription-store.js';

export interface FanOutChannel {
  guildId: string;
  channelId: string;
  name: string;
}

export interface FanOutTimings {
  seconds: number;
  buildMsPerDigest: number;
}

const [apiUrl = '', token = '', channelsFile = ''] = process.argv.slice(2);
const channels = JSON.parse(await readFile(channelsFile, 'utf8')) as FanOutChannel[];
const directory = await mkdtemp(join(tmpdir(), 'sitrep-bench-fanout-'));
const stores = await openKeyValueStores(`sqlite://${join(directory, 'sitrep.sqlite')}`, () => undefined);
const subscriptions = new SubscriptionStore(stores.namespaces.subscriptions);
const createdAt = '2027-03-01T00:00:00.000Z';
const ids = channels.map((_, index) => `bench${index.toString(36).padStart(5, '0')}`);
for (const [index, channel] of channels.entries()) {
  const record = newSubscription({
    id: ids[index] as string,
    guildId: channel.guildId,
    channelId: channel.channelId,
    channelName: channel.name,
    channelKind: 'text',
    schedule: { input: 'hourly', cron: '0 * * * *', description: 'every hour, on the hour' },
    timeZone: 'UTC',
    createdBy: '100000000000000001',
    createdAt,
    lastDigestAt: '2027-03-26T11:00:00.000Z',
  });
  await subscriptions.save(record);
}
const clock = new ManualClock(Date.parse('2027-03-26T11:59:30Z'));
const facts = await loadFactStore();
const service = await DigestService.start({
  subscriptions,
  ledger: new FactLedger(stores.namespaces.ledger),
  facts: () => facts,
  poster: createRestPoster(new REST({ api: apiUrl }).setToken(token), {
    postableSystemChannel: () => undefined,
  }),
  clock,
  log: createLogger({ level: 'silent' }),
  triggers: manualTriggers,
  limits: { maxPerGuild: 100 },
  retryDelaysMs: [1000],
});

// What building costs alone: the same digests, built without posting (/digest preview's path).
const byGuild = new Map<string, Subscription[]>();
for (const channel of channels) {
  if (!byGuild.has(channel.guildId)) byGuild.set(channel.guildId, service.forGuild(channel.guildId));
}
const buildStarted = performance.now();
for (const list of byGuild.values()) for (const subscription of list) service.preview(subscription);
const buildMsPerDigest = (performance.now() - buildStarted) / channels.length;

clock.set('2027-03-26T12:00:00Z');
const started = performance.now();
await service.runDue();
const seconds = (performance.now() - started) / 1000;
await service.stop();
await stores.close();
await rm(directory, { recursive: true, force: true });
const timings: FanOutTimings = { seconds, buildMsPerDigest };
process.stdout.write(`${JSON.stringify(timings)}\n`);
