// Digests against real parts: a SQLite file in a temporary directory, the local Discord emulator
// reached through discord.js's REST client, and a manual clock so no test waits for real minutes.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChannelType, REST } from 'discord.js';
import { startDigestService } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { type DigestLimits, loadConfig } from '../../src/config.js';
import { FactStore } from '../../src/data/fact-store.js';
import { loadFactData } from '../../src/data/load-facts.js';
import type { Fact } from '../../src/data/schema.js';
import type { DigestService } from '../../src/delivery/digest-service.js';
import type { SubscribeRequest } from '../../src/delivery/subscription-requests.js';
import {
  DiscordEmulator,
  type EmulatedGuild,
  type EmulatedMessage,
  type EmulatorOptions,
} from '../../src/emulator/discord-emulator.js';
import { createLogger } from '../../src/log.js';
import { manualTriggers, type ScheduleTriggers } from '../../src/scheduler/digest-scheduler.js';
import type { KeyValueStores } from '../../src/store/keyv-stores.js';
import type { ChannelKind } from '../../src/store/subscription.js';

export const harnessToken = 'digest.test-token.0123456789abcdef';

export interface DigestHarness {
  emulator: DiscordEmulator;
  guild: EmulatedGuild;
  clock: ManualClock;
  storeUrl: string;
  logLines: string[];
  service: DigestService;
  stores: KeyValueStores;
  facts: FactStore;
  /** Starts (or restarts) the service over the same SQLite file, as a new process would. */
  start(options?: { triggers?: ScheduleTriggers; limits?: Partial<DigestLimits> }): Promise<DigestService>;
  /** Stops the service and closes the store, as a shutdown or crash would leave them. */
  stopService(): Promise<void>;
  /** Swaps in changed facts and lets the service record what changed. */
  changeFacts(change: (facts: Fact[]) => Fact[]): Promise<void>;
  /** Messages the bot posted in a channel, outside interactions. */
  posted(channelName: string): EmulatedMessage[];
  subscribe(overrides?: Partial<SubscribeRequest> & { channelName?: string }): Promise<string>;
  close(): Promise<void>;
}

const channelKinds: Partial<Record<ChannelType, ChannelKind>> = {
  [ChannelType.GuildForum]: 'forum',
  [ChannelType.GuildAnnouncement]: 'announcement',
};

export async function createDigestHarness(
  startAt: string,
  emulatorOptions: Omit<EmulatorOptions, 'token'> = {},
): Promise<DigestHarness> {
  const directory = await mkdtemp(join(tmpdir(), 'sitrep-digests-'));
  const emulator = new DiscordEmulator({ ...emulatorOptions, token: harnessToken });
  await emulator.start();
  const guild = emulator.addGuild('Front watchers', [
    { name: 'general' },
    { name: 'front-digest' },
    { name: 'second-digest' },
    { name: 'digest-forum', type: ChannelType.GuildForum },
  ]);
  const rest = new REST({ api: emulator.apiUrl }).setToken(harnessToken);
  const logLines: string[] = [];
  const log = createLogger({
    level: 'debug',
    destination: { write: (line: string) => void logLines.push(line) },
    secrets: [harnessToken],
  });
  const baseData = await loadFactData();
  const harness: DigestHarness = {
    emulator,
    guild,
    clock: new ManualClock(Date.parse(startAt)),
    storeUrl: `sqlite://${join(directory, 'sitrep.sqlite')}`,
    logLines,
    facts: new FactStore(baseData),
    service: undefined as unknown as DigestService,
    stores: undefined as unknown as KeyValueStores,
    async start({ triggers = manualTriggers, limits } = {}) {
      const running = await startDigestService({
        config: loadConfig({ STORE_URL: harness.storeUrl }),
        log,
        clock: harness.clock,
        facts: () => harness.facts,
        rest,
        guilds: { postableSystemChannel: (guildId) => emulator.guilds.get(guildId)?.systemChannelId },
        triggers,
        limits,
        retryDelaysMs: [10, 10],
      });
      harness.stores = running.stores;
      harness.service = running.service;
      return harness.service;
    },
    async stopService() {
      await harness.service.stop();
      await harness.stores.close();
    },
    async changeFacts(change) {
      harness.facts = new FactStore({ ...baseData, facts: change([...harness.facts.facts]) });
      await harness.service.factsReloaded(harness.facts);
    },
    posted(channelName) {
      const channel = emulator.channelByName(guild.id, channelName);
      const threads = [...emulator.channels.values()].filter(
        (candidate) => candidate.parentId === channel.id,
      );
      return [channel, ...threads].flatMap((candidate) => emulator.messages.get(candidate.id) ?? []);
    },
    async subscribe({ channelName = 'front-digest', ...overrides } = {}) {
      const channel = emulator.channelByName(guild.id, channelName);
      const outcome = await harness.service.subscribe({
        guildId: guild.id,
        channel: {
          id: channel.id,
          name: channel.name,
          kind: channelKinds[channel.type] ?? 'text',
        },
        schedule: 'daily 08:00',
        timeZone: 'Europe/Kyiv',
        requestedBy: '100000000000000001',
        ...overrides,
      });
      if (!outcome.ok) throw new Error(outcome.reason);
      return outcome.value.subscription.id;
    },
    async close() {
      await harness.service?.stop();
      await harness.stores?.close().catch(() => undefined);
      await emulator.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
  return harness;
}

/** A copy of an existing fact under a new id, as an operator adding a fact file would produce. */
export function newFactLike(template: Fact, id: string, statement: string): Fact {
  return { ...template, id, statement, respondsTo: [] };
}

export const embedText = (message: EmulatedMessage) =>
  [message.content, ...message.embeds.map((embed) => JSON.stringify(embed))].join('\n');
