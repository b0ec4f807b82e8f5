// The bot's side of figure 4, in a process of its own as on a real host: stores N subscriptions in
// SQLite, then runs the digest service for the minute they all fall due, posting through
// discord.js's REST client to the emulator (or a REST proxy) at argv's API URL. Prints one JSON line
// of timings. As one shard of several (argv's options), it stores and posts only its own guilds, and
// starts when the parent creates the go file, so that every shard starts at once.
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST } from 'discord.js';
import { startDigestService } from '../src/app.js';
import { ownsGuild, type ShardPlan } from '../src/bot/shards.js';
import { ManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { loadFactStore } from '../src/data/load-store.js';
import { createLogger } from '../src/log.js';
import { manualTriggers } from '../src/scheduler/digest-scheduler.js';
import { openKeyValueStores } from '../src/store/keyv-stores.js';
import { newSubscription, type Subscription } from '../src/store/subscription.js';
import { SubscriptionStore } from '../src/store/subscription-store.js';

export interface FanOutChannel {
  guildId: string;
  channelId: string;
  name: string;
}

export interface FanOutTimings {
  seconds: number;
  buildMsPerDigest: number;
  /** Wall-clock start and end of the fan-out, to combine several shards' runs. */
  startedAtMs: number;
  finishedAtMs: number;
}

export interface FanOutShardOptions {
  shard: ShardPlan;
  postsPerSecond: number;
  /** Written by this process when it is ready: `${goFile}.ready-${shard id}`. */
  goFile: string;
}

const [apiUrl = '', token = '', channelsFile = '', optionsJson = ''] = process.argv.slice(2);
const options = optionsJson ? (JSON.parse(optionsJson) as FanOutShardOptions) : undefined;
const owned = (guildId: string) => (options ? ownsGuild(options.shard, guildId) : true);
const channels = (JSON.parse(await readFile(channelsFile, 'utf8')) as FanOutChannel[]).filter((channel) =>
  owned(channel.guildId),
);
const directory = await mkdtemp(join(tmpdir(), 'sitrep-bench-fanout-'));
const storeUrl = `sqlite://${join(directory, 'sitrep.sqlite')}`;
const seeding = await openKeyValueStores(storeUrl, () => undefined);
const subscriptions = SubscriptionStore.open(seeding);
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
await seeding.close();
const clock = new ManualClock(Date.parse('2027-03-26T11:59:30Z'));
const facts = await loadFactStore();
// As the bot wires it (src/app.ts): each slot run reads its record and claims it atomically.
const running = await startDigestService({
  config: loadConfig({ STORE_URL: storeUrl }),
  log: createLogger({ level: 'silent' }),
  clock,
  facts: () => facts,
  // Behind sitrep's REST proxy the shared secret goes with every request (ignored elsewhere).
  rest: new REST({
    api: apiUrl,
    headers: { 'x-sitrep-proxy-secret': process.env.REST_PROXY_SECRET ?? '' },
  }).setToken(token),
  guilds: { postableSystemChannel: () => undefined },
  triggers: manualTriggers,
  limits: { maxPerGuild: 100 },
  retryDelaysMs: [1000],
  postsPerSecond: options?.postsPerSecond,
  shardPlan: options?.shard,
});
const { service } = running;

// What building costs alone: the same digests, built without posting (/digest preview's path).
const byGuild = new Map<string, Subscription[]>();
for (const channel of channels) {
  if (!byGuild.has(channel.guildId)) byGuild.set(channel.guildId, service.forGuild(channel.guildId));
}
const buildStarted = performance.now();
for (const list of byGuild.values()) for (const subscription of list) service.preview(subscription);
const buildMsPerDigest = (performance.now() - buildStarted) / channels.length;

if (options) {
  await writeFile(`${options.goFile}.ready-${options.shard.ids.join('-')}`, '');
  await waitForFile(options.goFile, 120_000);
}
clock.set('2027-03-26T12:00:00Z');
const startedAtMs = Date.now();
const started = performance.now();
await service.runDue();
const seconds = (performance.now() - started) / 1000;
const finishedAtMs = Date.now();
await running.stop();
await rm(directory, { recursive: true, force: true });
const timings: FanOutTimings = { seconds, buildMsPerDigest, startedAtMs, finishedAtMs };
process.stdout.write(`${JSON.stringify(timings)}\n`);

async function waitForFile(path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (
      await access(path).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`no go signal at ${path} within ${timeoutMs} ms`);
}
