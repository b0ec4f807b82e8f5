// Personal watches end to end: discord.js's REST client against the local Discord emulator, the real
// SQLite file, the real fact ledger, and a manual clock for the times the ledger records.
//
// Watch messages are direct messages: `POST /users/@me/channels`, then `POST /channels/{dm}/messages`,
// with 50007 when the user's DMs are closed and 10013 for a deleted account, all served by the emulator.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST, Routes } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { registerCommands } from '../../src/bot/register-commands.js';
import { type RunningBot, startBot } from '../../src/bot/start-bot.js';
import { ManualClock } from '../../src/clock.js';
import type { CommandContext } from '../../src/commands/command.js';
import { answerStopWatchingButton, listText, watchCommand } from '../../src/commands/watch.js';
import { loadConfig } from '../../src/config.js';
import { FactStore } from '../../src/data/fact-store.js';
import { loadFactData } from '../../src/data/load-facts.js';
import type { Fact } from '../../src/data/schema.js';
import { bundledTranslationsDirectory, loadTranslations } from '../../src/data/translations.js';
import { createDirectMessenger } from '../../src/delivery/watch-delivery.js';
import { type WatchPassReport, WatchService } from '../../src/delivery/watch-service.js';
import {
  DiscordEmulator,
  type EmulatedMessage,
  type EmulatorOptions,
} from '../../src/emulator/discord-emulator.js';
import { busiestSecond } from '../../src/emulator/rest-server.js';
import { createLogger, type Logger } from '../../src/log.js';
import { PlaceMapCache } from '../../src/render/map/place-map.js';
import { Pacer } from '../../src/scheduler/pacer.js';
import { FactLedger } from '../../src/store/fact-ledger.js';
import { type KeyValueStores, openKeyValueStores } from '../../src/store/keyv-stores.js';
import type { Watcher } from '../../src/store/watch.js';
import { WatchStore } from '../../src/store/watch-store.js';

const token = 'watch.e2e-token.0123456789abcdef';
const data = await loadFactData();
const template = data.facts.find((fact) => fact.id === 'mod-claims-sudzha') as Fact;
const translations = await loadTranslations(bundledTranslationsDirectory, data);

// ---------------------------------------------------------------- Discord with direct messages

/** What these tests need of a Discord that has direct messages: the emulator's DM routes and controls. */
interface DirectMessages {
  /** What the bot sent to the user's DMs, oldest first. */
  sentTo(userId: string): EmulatedMessage[];
  /** The user's privacy settings refuse the bot: posting to their DM answers 403, code 50007. */
  closeDirectMessages(userId: string): void;
  openDirectMessages(userId: string): void;
  /** The account is gone: opening a DM with it answers 404, code 10013. */
  deleteUser(userId: string): void;
  /** Requests counting toward the global limit, with when they arrived. */
  globalArrivals(): number[];
}

const countsGlobally = (path: string) => !/^\/(interactions|webhooks)\//.test(path);

function emulatorDirectMessages(emulator: DiscordEmulator): DirectMessages {
  return {
    sentTo: (userId) => emulator.messages.get(emulator.dmChannel(userId).id) ?? [],
    closeDirectMessages: (userId) => emulator.closeDirectMessages(userId),
    openDirectMessages: (userId) => emulator.openDirectMessages(userId),
    deleteUser: (userId) => emulator.deleteUser(userId),
    globalArrivals: () =>
      emulator.requests.filter((request) => countsGlobally(request.path)).map((request) => request.at),
  };
}

// ---------------------------------------------------------------- sitrep's side

interface Process {
  service: WatchService;
  stores: KeyValueStores;
  ledger: FactLedger;
  /** Records the facts as reloaded now, as the app does on a reload, then runs the delivery pass. */
  reload(facts: FactStore): Promise<WatchPassReport>;
  stop(): Promise<void>;
}

interface World {
  emulator: DiscordEmulator;
  dms: DirectMessages;
  clock: ManualClock;
  log: Logger;
  logLines: string[];
  facts: FactStore;
  /** When sitrep handed each REST request to discord.js (performance.now()), in every process. */
  requestStarts: number[];
  /** A process of sitrep over the shared SQLite file; its start-up pass is finished when this resolves. */
  start(options?: { watches?: (stores: KeyValueStores) => WatchStore; perSecond?: number }): Promise<Process>;
  /** New facts: the bundled ones with `added` statements, and statuses changed as `statuses` says. */
  change(added: readonly Fact[], statuses?: Record<string, Fact['status']>): FactStore;
  close(): Promise<void>;
}

const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

async function startWorld(emulatorOptions: EmulatorOptions = {}): Promise<World> {
  const directory = await mkdtemp(join(tmpdir(), 'sitrep-watches-'));
  const emulator = new DiscordEmulator({ token, ...emulatorOptions });
  await emulator.start();
  const dms = emulatorDirectMessages(emulator);
  const storeUrl = `sqlite://${join(directory, 'sitrep.sqlite')}`;
  const logLines: string[] = [];
  const log = createLogger({
    level: 'debug',
    destination: { write: (line: string) => void logLines.push(line) },
    secrets: [token],
  });
  const processes: Process[] = [];
  const world: World = {
    emulator,
    dms,
    clock: new ManualClock(Date.parse('2027-03-01T08:00:00Z')),
    log,
    logLines,
    facts: new FactStore(data),
    requestStarts: [],
    async start({ watches = WatchStore.open, perSecond = 47 } = {}) {
      const stores = await openKeyValueStores(storeUrl, () => undefined);
      const ledger = new FactLedger(stores.namespaces.ledger);
      await ledger.load();
      await ledger.reconcile(world.facts, world.clock.now());
      const rest = new REST({ api: emulator.apiUrl }).setToken(token);
      const post = rest.post.bind(rest);
      rest.post = (route, options) => {
        world.requestStarts.push(performance.now());
        return post(route, options);
      };
      const service = WatchService.start({
        watches: watches(stores),
        facts: () => world.facts,
        ledger,
        messenger: createDirectMessenger(rest, new Pacer(perSecond)),
        clock: world.clock,
        log,
        maxPerUser: 3,
        retryDelaysMs: [10, 10],
      });
      await service.idle();
      const process: Process = {
        service,
        stores,
        ledger,
        async reload(facts) {
          world.facts = facts;
          await ledger.reconcile(facts, world.clock.now());
          return service.afterReload(facts, ledger);
        },
        async stop() {
          processes.splice(processes.indexOf(process), 1);
          await service.stop();
          await stores.close();
        },
      };
      processes.push(process);
      return process;
    },
    change(added, statuses = {}) {
      const facts = world.facts.facts.map((fact) => {
        const status = statuses[fact.id];
        return status ? { ...fact, status } : fact;
      });
      return new FactStore({ ...data, facts: [...facts, ...added] });
    },
    async close() {
      for (const process of [...processes]) await process.stop();
      await emulator.stop();
      // Every test doubles as a check that the token never reaches a log line.
      expect(logLines.filter((line) => line.includes(token))).toEqual([]);
      await rm(directory, { recursive: true, force: true });
    },
  };
  open.push(() => world.close());
  return world;
}

const user = (index: number) => String(600_000_000_000_000_000n + BigInt(index));

/** A new statement about Sudzha, as an operator adding a fact file would write it. */
const sudzhaNews = (id: string, statement: string): Fact => ({ ...template, id, statement, respondsTo: [] });

/** What the bot sent, as Discord shows it: embed text, buttons' labels and ids. */
function shown(message: EmulatedMessage): string {
  return JSON.stringify([message.content, message.embeds, message.components]);
}

function messageRequests(world: World, userId: string) {
  const channelId = world.dms.sentTo(userId)[0]?.channel_id;
  return world.emulator.requests.filter(
    (request) =>
      request.method === 'POST' &&
      channelId !== undefined &&
      request.path === `/channels/${channelId}/messages`,
  );
}

async function watcherRecord(process: Process, userId: string): Promise<Watcher | undefined> {
  const stored = await WatchStore.open(process.stores).read(userId);
  return stored === 'unreadable' ? undefined : stored;
}

describe('watches on the emulator', () => {
  it('sends each watcher one message per reload with everything that changed on all their watches, and nobody else anything', async () => {
    const world = await startWorld();
    const bot = await world.start();
    await bot.service.add(user(1), { kind: 'place', id: 'sudzha' });
    await bot.service.add(user(1), { kind: 'topic', id: 'north-korea' });
    await bot.service.add(user(2), { kind: 'place', id: 'sumy-region' });
    await bot.service.add(user(3), { kind: 'place', id: 'kursk-region' });
    world.clock.advance(60_000);
    const report = await bot.reload(
      world.change([sudzhaNews('sudzha-outskirts', 'Russian troops have cleared the outskirts of Sudzha.')], {
        'moscow-not-confirmed-nk': 'confirmed',
      }),
    );
    expect(report.results).toMatchObject({ sent: 2 });
    expect(report.firstSentAfterMs).toBeGreaterThanOrEqual(0);

    const [first, ...more] = world.dms.sentTo(user(1));
    expect(more).toEqual([]);
    const text = shown(first as EmulatedMessage);
    expect(text).toContain('What changed on your watches');
    expect(text).toContain('New on Sudzha');
    expect(text).toContain(
      "**Russia's Defence Ministry** claims: Russian troops have cleared the outskirts of Sudzha.",
    );
    expect(text).toContain("Status changed on North Korea's involvement");
    expect(text).toContain('_(was: not officially confirmed)_');
    expect(text).toContain('"custom_id":"watch:stop:place:sudzha"');
    expect(text).toContain('"custom_id":"watch:stop:topic:north-korea"');
    // A watcher of the region holding both gets both in one message; an unrelated watcher nothing.
    expect(world.dms.sentTo(user(3))).toHaveLength(1);
    expect(world.dms.sentTo(user(2))).toEqual([]);
    // Sent as digests are: nobody pinged, and a nonce Discord enforces.
    expect(messageRequests(world, user(1))[0]?.body).toMatchObject({
      allowed_mentions: { parse: [] },
      enforce_nonce: true,
      nonce: expect.any(String),
    });

    // The next reload reports only what is new since this message.
    world.clock.advance(60_000);
    await bot.reload(
      world.change([sudzhaNews('sudzha-centre', 'Russian troops hold the centre of Sudzha.')]),
    );
    const second = world.dms.sentTo(user(1));
    expect(second).toHaveLength(2);
    expect(shown(second[1] as EmulatedMessage)).toContain('hold the centre of Sudzha');
    expect(shown(second[1] as EmulatedMessage)).not.toContain('cleared the outskirts');
    // A reload that changes nothing anyone watches sends nothing.
    world.clock.advance(60_000);
    await bot.reload(
      world.change([{ ...sudzhaNews('sumy-shelling', 'Shelling was reported near Sumy.'), places: [] }]),
    );
    expect(world.dms.sentTo(user(1))).toHaveLength(2);
    expect(world.dms.sentTo(user(2))).toEqual([]);
  });

  it('delivers after a restart that came between the reload and the messages, once', async () => {
    const world = await startWorld();
    const before = await world.start();
    for (const index of [1, 2, 3]) await before.service.add(user(index), { kind: 'place', id: 'sudzha' });
    // The ledger records the reload, and the process dies before its delivery pass.
    world.clock.advance(60_000);
    world.facts = world.change([
      sudzhaNews('sudzha-outskirts', 'Russian troops have cleared the outskirts of Sudzha.'),
    ]);
    await before.ledger.reconcile(world.facts, world.clock.now());
    await before.stop();

    const after = await world.start();
    for (const index of [1, 2, 3]) expect(world.dms.sentTo(user(index))).toHaveLength(1);
    await after.stop();
    await world.start();
    for (const index of [1, 2, 3]) expect(world.dms.sentTo(user(index))).toHaveLength(1);
  });

  it('after a crash between sending and recording, re-sends with the same nonce (one message), or, once Discord forgot the nonce, sends nothing', async () => {
    const world = await startWorld();
    /** A store whose write recording a sent message never happens: the process dies first. */
    const dyingAfterSend = (stores: KeyValueStores) => {
      const store = WatchStore.open(stores);
      const update = store.update.bind(store);
      store.update = (userId, change) =>
        update(userId, (current) => {
          const next = change(current);
          if (current?.lastDelivery?.state === 'sending' && next?.lastDelivery?.state === 'done') {
            throw new Error('killed after sending');
          }
          return next;
        });
      return store;
    };
    const crashing = await world.start({ watches: dyingAfterSend });
    await crashing.service.add(user(1), { kind: 'place', id: 'sudzha' });
    await crashing.service.add(user(2), { kind: 'place', id: 'sudzha' });
    world.clock.advance(60_000);
    const report = await crashing.reload(
      world.change([sudzhaNews('sudzha-outskirts', 'Russian troops have cleared the outskirts of Sudzha.')]),
    );
    expect(report.results.sent ?? 0).toBe(0);
    expect(world.dms.sentTo(user(1))).toHaveLength(1);
    expect((await watcherRecord(crashing, user(1)))?.lastDelivery?.state).toBe('sending');
    await crashing.stop();

    // The restart comes a minute later, while Discord remembers the nonce: the re-send carries it,
    // and Discord keeps one message.
    world.clock.advance(60_000);
    const restarted = await world.start();
    expect(world.dms.sentTo(user(1))).toHaveLength(1);
    const sends = messageRequests(world, user(1));
    expect(sends).toHaveLength(2);
    const nonces = sends.map((send) => (send.body as { nonce?: string }).nonce);
    expect(nonces[0]).toEqual(expect.any(String));
    expect(nonces[1]).toBe(nonces[0]);
    expect((await watcherRecord(restarted, user(1)))?.lastDelivery?.state).toBe('done');
    expect(world.dms.sentTo(user(2))).toHaveLength(1);
  });

  it('gives up an interrupted message found after Discord forgot its nonce, rather than risk a second copy', async () => {
    const world = await startWorld();
    const bot = await world.start();
    await bot.service.add(user(1), { kind: 'place', id: 'sudzha' });
    // A claim left by a process that died mid-send four minutes ago.
    world.clock.advance(60_000);
    world.facts = world.change([
      sudzhaNews('sudzha-outskirts', 'Russian troops have cleared the outskirts of Sudzha.'),
    ]);
    await bot.ledger.reconcile(world.facts, world.clock.now());
    const stamp = world.clock.now().toISOString();
    expect(
      await WatchStore.open(bot.stores).claim(user(1), {
        stamp,
        nonce: 'interrupted-claim',
        claimedAt: stamp,
      }),
    ).toBeDefined();
    await bot.stop();
    world.clock.advance(4 * 60_000);
    const restarted = await world.start();
    expect(world.dms.sentTo(user(1))).toEqual([]);
    expect(await watcherRecord(restarted, user(1))).toMatchObject({
      cursor: stamp,
      lastDelivery: { state: 'done' },
    });
    expect(world.logLines.some((line) => line.includes('not sent again'))).toBe(true);
    // The next change is news again.
    world.clock.advance(60_000);
    await restarted.reload(
      world.change([sudzhaNews('sudzha-centre', 'Russian troops hold the centre of Sudzha.')]),
    );
    expect(world.dms.sentTo(user(1))).toHaveLength(1);
    expect(shown(world.dms.sentTo(user(1))[0] as EmulatedMessage)).not.toContain('cleared the outskirts');
  });

  it('sends each watcher one message when two processes deliver the same reload', async () => {
    const world = await startWorld();
    const first = await world.start();
    const second = await world.start();
    for (let index = 1; index <= 20; index++)
      await first.service.add(user(index), { kind: 'place', id: 'sudzha' });
    world.clock.advance(60_000);
    const facts = world.change([
      sudzhaNews('sudzha-outskirts', 'Russian troops have cleared the outskirts of Sudzha.'),
    ]);
    world.facts = facts;
    // Each process records the reload in its own ledger, a second apart, and delivers at once.
    await first.ledger.reconcile(facts, world.clock.now());
    world.clock.advance(1_000);
    await second.ledger.reconcile(facts, world.clock.now());
    const reports = await Promise.all([
      first.service.afterReload(facts, first.ledger),
      second.service.afterReload(facts, second.ledger),
    ]);
    for (let index = 1; index <= 20; index++)
      expect(world.dms.sentTo(user(index)), `user ${index}`).toHaveLength(1);
    const sent = reports.reduce((sum, report) => sum + (report.results.sent ?? 0), 0);
    expect(sent).toBeGreaterThanOrEqual(20);
  });

  it('pauses a watcher Discord cannot message, says why in /watch list, retries nothing, and resumes on /watch add with nothing lost', async () => {
    const world = await startWorld();
    const bot = await world.start();
    await bot.service.add(user(1), { kind: 'place', id: 'sudzha' });
    await bot.service.add(user(2), { kind: 'place', id: 'sudzha' });
    await bot.service.add(user(3), { kind: 'place', id: 'sudzha' });
    world.dms.closeDirectMessages(user(1));
    world.dms.deleteUser(user(2));
    world.clock.advance(60_000);
    const report = await bot.reload(
      world.change([sudzhaNews('sudzha-outskirts', 'Russian troops have cleared the outskirts of Sudzha.')]),
    );
    expect(report.results).toMatchObject({ paused: 2, sent: 1 });
    expect(await watcherRecord(bot, user(1))).toMatchObject({ paused: { code: 'dms-closed' } });
    expect(await watcherRecord(bot, user(2))).toMatchObject({ paused: { code: 'unknown-user' } });
    const attempts = messageRequests(world, user(1)).length;
    const context = commandContext(world, bot.service);
    const listed = await bot.service.list(user(1));
    expect(listText(context.facts, listed.ok ? listed.value : undefined, 3)).toMatch(
      /Messages are \*\*paused\*\* since <t:\d+:f>: Discord does not let sitrep send you direct messages/,
    );

    // Nothing retries a paused watcher, however many reloads come.
    world.clock.advance(60_000);
    await bot.reload(
      world.change([sudzhaNews('sudzha-centre', 'Russian troops hold the centre of Sudzha.')]),
    );
    expect(messageRequests(world, user(1)).length).toBe(attempts);
    expect(world.dms.sentTo(user(3))).toHaveLength(2);

    // DMs open again and /watch add resumes: the next message includes what changed while paused.
    world.dms.openDirectMessages(user(1));
    const resumed = await bot.service.add(user(1), { kind: 'place', id: 'sudzha' });
    expect(resumed).toMatchObject({ ok: true, value: { added: false, resumed: true } });
    world.clock.advance(60_000);
    await bot.reload(
      world.change([sudzhaNews('sudzha-south', 'Russian troops report fighting south of Sudzha.')]),
    );
    const [message, ...others] = world.dms.sentTo(user(1));
    expect(others).toEqual([]);
    for (const statement of ['cleared the outskirts', 'hold the centre', 'fighting south of Sudzha'])
      expect(shown(message as EmulatedMessage)).toContain(statement);
  });

  it('retries a 5xx a bounded number of times, then leaves the changes for the next reload', async () => {
    const world = await startWorld();
    const bot = await world.start();
    await bot.service.add(user(1), { kind: 'place', id: 'sudzha' });
    // Warm the DM channel, so that the faults below meet the message posts only.
    world.clock.advance(60_000);
    await bot.reload(
      world.change([sudzhaNews('sudzha-outskirts', 'Russian troops have cleared the outskirts of Sudzha.')]),
    );
    expect(world.dms.sentTo(user(1))).toHaveLength(1);

    // discord.js retries a 5xx itself; sitrep then tries the whole send twice more (retryDelaysMs).
    const perSend = new REST().options.retries + 1;
    world.emulator.failNext(500, { count: perSend * 3, method: 'POST', pathIncludes: '/messages' });
    const before = messageRequests(world, user(1)).length;
    world.clock.advance(60_000);
    const failed = await bot.reload(
      world.change([sudzhaNews('sudzha-centre', 'Russian troops hold the centre of Sudzha.')]),
    );
    expect(failed.results).toMatchObject({ failed: 1 });
    expect(messageRequests(world, user(1)).length - before).toBe(perSend * 3);
    expect(world.dms.sentTo(user(1))).toHaveLength(1);
    expect((await watcherRecord(bot, user(1)))?.paused).toBeNull();

    world.clock.advance(60_000);
    await bot.reload(
      world.change([sudzhaNews('sudzha-south', 'Russian troops report fighting south of Sudzha.')]),
    );
    const messages = world.dms.sentTo(user(1));
    expect(messages).toHaveLength(2);
    expect(shown(messages[1] as EmulatedMessage)).toContain('hold the centre');
    expect(shown(messages[1] as EmulatedMessage)).toContain('fighting south of Sudzha');
  });

  it('stops a watch from the button under the message, for whoever pressed it', async () => {
    const world = await startWorld();
    const bot = await world.start();
    await bot.service.add(user(1), { kind: 'place', id: 'sudzha' });
    await bot.service.add(user(1), { kind: 'actor', id: 'ru-defence-ministry' });
    world.clock.advance(60_000);
    await bot.reload(
      world.change([sudzhaNews('sudzha-outskirts', 'Russian troops have cleared the outskirts of Sudzha.')]),
    );
    const rows = (world.dms.sentTo(user(1))[0]?.components ?? []) as {
      components: { custom_id: string; label: string }[];
    }[];
    const buttons = rows.flatMap((row) => row.components);
    expect(buttons.map((button) => button.label)).toEqual(['Stop watching Sudzha']);
    const context = commandContext(world, bot.service);
    // Pressed in the DM, through the real client and sitrep's router.
    await registerCommands([watchCommand.data], { token, apiUrl: world.emulator.apiUrl });
    const client = startBot(token, [watchCommand], {
      ...context,
      config: { ...loadConfig({}), token, apiUrl: world.emulator.apiUrl },
    });
    try {
      await client.ready;
      const message = world.dms.sentTo(user(1))[0];
      const pressed = await world.emulator.invokeComponent(
        undefined,
        message?.channel_id as string,
        message?.id as string,
        buttons[0]?.custom_id as string,
        { context: 'bot-dm', userId: user(1) },
      );
      expect(pressed).toMatchObject({ status: 'message', ephemeral: true });
      if (pressed.status !== 'message') throw new Error('no answer to the press');
      expect(pressed.message.content).toContain('You no longer watch **Sudzha**');
    } finally {
      await client.stop();
    }
    expect((await watcherRecord(bot, user(1)))?.watches.map((watch) => watch.id)).toEqual([
      'ru-defence-ministry',
    ]);
    // Someone else's press of a forwarded copy stops nothing of the watcher's.
    const stranger = await answerStopWatchingButton(buttons[0]?.custom_id as string, user(9), context);
    expect(stranger).toMatchObject({ content: expect.stringContaining("You don't watch Sudzha") });
    expect(await answerStopWatchingButton('v1:abcdef:status:1:sudzha', user(1), context)).toBeUndefined();
  });

  it(
    'sends every watcher of one subject one message at the pacer’s rate, never more than 50 requests in a second',
    async () => {
      const watchers = Number(process.env.WATCH_BENCH_WATCHERS ?? 100);
      // Every DM is opened on one route, `POST /users/@me/channels`, whose bucket in the emulator allows
      // 50 a second (the global figure); each message goes to a DM channel's bucket of its own.
      const world = await startWorld();
      const bot = await world.start();
      const store = WatchStore.open(bot.stores);
      const now = world.clock.now().toISOString();
      for (let index = 1; index <= watchers; index++) {
        await store.save({
          version: 1,
          userId: user(index),
          watches: [{ kind: 'place', id: 'sudzha', addedAt: now }],
          cursor: now,
          paused: null,
          lastDelivery: null,
        });
      }
      // The emulator compiles its payload schemas on first use (about a second): not Discord's doing,
      // so one message is posted before the measured fan-outs.
      const warmUp = world.emulator.addGuild('warm-up', [{ name: 'general' }]);
      await new REST({ api: world.emulator.apiUrl })
        .setToken(token)
        .post(Routes.channelMessages(world.emulator.channelByName(warmUp.id, 'general').id), {
          body: {
            embeds: [
              { title: 'warm-up', description: 'warm-up', fields: [{ name: 'warm-up', value: 'warm-up' }] },
            ],
            components: [
              { type: 1, components: [{ type: 2, style: 2, label: 'warm-up', custom_id: 'warm-up' }] },
            ],
            allowed_mentions: { parse: [] },
            nonce: 'warm-up',
            enforce_nonce: true,
          },
        });
      const fanOut = async (facts: FactStore, requestsPerWatcher: number) => {
        const startedBefore = world.requestStarts.length;
        const arrivedBefore = world.dms.globalArrivals().length;
        const refusedBefore = world.emulator.rateLimiter.rejected.global;
        world.clock.advance(60_000);
        const started = performance.now();
        const report = await bot.reload(facts);
        const seconds = (performance.now() - started) / 1000;
        const starts = world.requestStarts.slice(startedBefore);
        const arrivals = world.dms
          .globalArrivals()
          .sort((a, b) => a - b)
          .slice(arrivedBefore);
        const requests = watchers * requestsPerWatcher;
        const bound = requests / 50;
        console.info(
          `watch fan-out: ${watchers} watchers, ${requests} requests in ${seconds.toFixed(2)} s (${(seconds / bound).toFixed(2)}x the ${bound.toFixed(2)} s bound at 50 requests/s); busiest second: ${busiestSecond(starts)} requests sent, ${busiestSecond(arrivals)} arrived; first message accepted ${report.firstSentAfterMs} ms after the reload`,
        );
        expect(report.results.sent).toBe(watchers);
        expect(starts).toHaveLength(requests);
        expect(arrivals).toHaveLength(requests);
        expect(world.emulator.rateLimiter.rejected.global - refusedBefore).toBe(0);
        // What sitrep controls is when it sends. Arrivals are reported, not held to the limit: pauses
        // of this one process's event loop, which runs the emulator too, bunch them (bench/fan-out.ts
        // runs the bot in a process of its own for that reason).
        expect(busiestSecond(starts)).toBeLessThanOrEqual(50);
        // Within a tenth of the pacer's own grid (47 a second), past the pass's start-up (0.25 s).
        expect(seconds).toBeLessThanOrEqual((requests / 47) * 1.1 + 0.25);
        return report;
      };
      // First message to each user: opening the DM channel is a request of its own.
      await fanOut(
        world.change([
          sudzhaNews('sudzha-outskirts', 'Russian troops have cleared the outskirts of Sudzha.'),
        ]),
        2,
      );
      // Later messages reuse the DM channels this process opened.
      await fanOut(
        world.change([sudzhaNews('sudzha-centre', 'Russian troops hold the centre of Sudzha.')]),
        1,
      );
      for (let index = 1; index <= watchers; index++) expect(world.dms.sentTo(user(index))).toHaveLength(2);
    },
    // 10,000 watchers (WATCH_BENCH_WATCHERS): about ten minutes, at the rate limit.
    Math.max(120_000, Number(process.env.WATCH_BENCH_WATCHERS ?? 0) * 150),
  );
});

// ---------------------------------------------------------------- the /watch command, through the real client

function commandContext(world: World, watches: WatchService): CommandContext {
  return {
    config: loadConfig({}),
    facts: world.facts,
    log: world.log,
    clock: world.clock,
    maps: new PlaceMapCache(),
    watches,
  };
}

describe('/watch through discord.js on the emulator', () => {
  let bot: RunningBot | undefined;
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
  });

  it('adds, lists and removes watches from a server and from DMs, privately, one target at a time, within the limit', async () => {
    const world = await startWorld();
    const sitrep = await world.start();
    const guild = world.emulator.addGuild('Front watchers', [{ name: 'general' }]);
    const general = world.emulator.channelByName(guild.id, 'general').id;
    await registerCommands([watchCommand.data], { token, apiUrl: world.emulator.apiUrl });
    const context = {
      ...commandContext(world, sitrep.service),
      config: { ...loadConfig({}), token, apiUrl: world.emulator.apiUrl },
    };
    bot = startBot(token, [watchCommand], context);
    await bot.ready;
    const watch = async (subcommand: string, options: Record<string, string>, extra: object = {}) => {
      const outcome = await world.emulator.invokeCommand(guild.id, general, 'watch', options, {
        subcommand,
        userId: user(1),
        ...extra,
      });
      if (outcome.status !== 'message') throw new Error(`no answer: ${JSON.stringify(outcome)}`);
      expect(outcome.ephemeral).toBe(true);
      return outcome.message.content;
    };
    const fromDm = { context: 'bot-dm' };

    expect(await watch('add', {})).toContain('Give one thing to watch');
    expect(await watch('add', { place: 'Sudzha', topic: 'North Korea' })).toContain(
      'Give only one of place, topic or actor',
    );
    expect(await watch('add', { place: 'Atlantis' })).toMatch(/I don't know a place called `Atlantis`/);
    expect(await watch('add', { place: 'sudzha' })).toMatch(/You now watch \*\*Sudzha\*\* \(place\)\./);
    expect(await watch('add', { place: 'Sudzha' })).toContain('You already watch **Sudzha**');
    expect(await watch('add', { topic: 'north-korea' }, fromDm)).toContain(
      "You now watch **North Korea's involvement**",
    );
    expect(await watch('add', { actor: 'zelenskyy' }, { installation: 'user', ...fromDm })).toContain(
      '3 of 3 watches used',
    );
    expect(await watch('add', { place: 'kursk-region' })).toContain(
      'You already watch 3 places, topics and actors, the most sitrep allows',
    );

    const listed = await watch('list', {}, fromDm);
    expect(listed).toContain('You watch 3 of 3:');
    expect(listed).toContain('**Sudzha** (place)');
    expect(listed).toContain('Messages are on');
    expect(listed).toContain('sitrep stores only your Discord user id, what you watch');

    const autocomplete = await world.emulator.invokeAutocomplete(
      guild.id,
      general,
      'watch',
      { target: 'su' },
      'target',
      {
        subcommand: 'remove',
        userId: user(1),
      },
    );
    expect(autocomplete).toMatchObject({
      status: 'autocomplete',
      choices: [
        { name: 'Sudzha (place)', value: 'place:sudzha' },
        { name: 'All my watches: forget everything', value: 'all' },
      ],
    });
    expect(await watch('remove', { target: 'place:sudzha' })).toContain(
      'You no longer watch **Sudzha**. You still watch 2 others',
    );
    expect(await watch('remove', { target: 'Sudzha' })).toContain("You don't watch `Sudzha`");
    expect(await watch('remove', { target: 'all' }, fromDm)).toContain(
      'sitrep has forgotten your 2 watches and your user id',
    );
    expect(await WatchStore.open(sitrep.stores).read(user(1))).toBeUndefined();
    expect(await watch('list', {})).toContain('You watch nothing yet');
  });

  it('remembers the language a watch was made in, and sends its message in it: Ukrainian, Russian and English readers of one reload', async () => {
    const world = await startWorld();
    // The bundled facts and their translations, but for the Defence Ministry's claim on Sudzha,
    // which arrives with the reload (so the message reports a statement that has its translations).
    world.facts = new FactStore(
      { ...data, facts: data.facts.filter((fact) => fact.id !== 'mod-claims-sudzha') },
      { translations },
    );
    const sitrep = await world.start();
    const guild = world.emulator.addGuild('Front watchers', [{ name: 'general' }]);
    const general = world.emulator.channelByName(guild.id, 'general').id;
    await registerCommands([watchCommand.data], { token, apiUrl: world.emulator.apiUrl });
    bot = startBot(token, [watchCommand], {
      ...commandContext(world, sitrep.service),
      config: { ...loadConfig({}), token, apiUrl: world.emulator.apiUrl },
    });
    await bot.ready;
    const watch = async (subcommand: string, options: Record<string, string>, extra: object) => {
      const outcome = await world.emulator.invokeCommand(guild.id, general, 'watch', options, {
        subcommand,
        ...extra,
      });
      if (outcome.status !== 'message') throw new Error(`no answer: ${JSON.stringify(outcome)}`);
      expect(outcome.ephemeral).toBe(true);
      return outcome.message.content;
    };
    const ukrainian = { userId: user(11), locale: 'uk' };
    const russian = { userId: user(12), locale: 'ru' };
    const english = { userId: user(13), locale: 'en-GB' };

    // Every reply in the reader's language, names as they read them.
    expect(await watch('add', {}, ukrainian)).toContain(
      'Укажіть одне, за чим стежити: `/стежити додати місце:Суджа`, `/стежити додати тема:Участь Північної Кореї` або `/стежити додати учасник:Президент України Володимир Зеленський`.',
    );
    expect(await watch('add', { place: 'Атлантида' }, ukrainian)).toContain('Я не знаю місця `Атлантида`.');
    const added = await watch('add', { place: 'Суджа' }, ukrainian);
    expect(added).toContain('Тепер ви стежите за: **Суджа** (місце).');
    expect(added).toContain('Використано стежень: 1 з 3. `/стежити список` показує їх.');
    expect(await watch('add', { place: 'sudzha' }, russian)).toContain(
      'Теперь вы следите за: **Суджа** (место).',
    );
    expect(await watch('add', { place: 'Sudzha' }, english)).toMatch(
      /You now watch \*\*Sudzha\*\* \(place\)\./,
    );
    const listed = await watch('list', {}, ukrainian);
    expect(listed).toContain('Ваші стеження (1 з 3):');
    expect(listed).toContain('Повідомлення ввімкнені');
    expect(listed).toContain('`/стежити прибрати що:all`');
    const autocomplete = await world.emulator.invokeAutocomplete(
      guild.id,
      general,
      'watch',
      { target: 'су' },
      'target',
      { subcommand: 'remove', ...russian },
    );
    expect(autocomplete).toMatchObject({
      status: 'autocomplete',
      choices: [
        { name: 'Суджа (место)', value: 'place:sudzha' },
        { name: 'Все мои отслеживания: забыть всё', value: 'all' },
      ],
    });
    // The record keeps each reader's language.
    expect((await watcherRecord(sitrep, user(11)))?.locale).toBe('uk');
    expect((await watcherRecord(sitrep, user(12)))?.locale).toBe('ru');
    expect((await watcherRecord(sitrep, user(13)))?.locale).toBe('en');

    world.clock.advance(60_000);
    const report = await sitrep.reload(new FactStore(data, { translations }));
    expect(report.results).toMatchObject({ sent: 3 });
    const [inUkrainian, ...moreUk] = world.dms.sentTo(user(11));
    expect(moreUk).toEqual([]);
    const uk = shown(inUkrainian as EmulatedMessage);
    expect(uk).toContain('Що змінилося в тому, за чим ви стежите');
    expect(uk).toContain('Суджа: 1 нова заява і 0 змін статусу з <t:');
    expect(uk).toContain('**Нове: Суджа**');
    expect(uk).toContain(
      '**Міністерство оборони Росії** заявляє: Російські війська повністю встановили контроль над містом Суджа.',
    );
    expect(uk).toContain('"label":"Не стежити: Суджа"');
    expect(uk).toContain('"custom_id":"watch:stop:place:sudzha"');
    expect(uk).not.toContain('What changed');
    const ru = shown(world.dms.sentTo(user(12))[0] as EmulatedMessage);
    expect(ru).toContain('Что изменилось в том, за чем вы следите');
    expect(ru).toContain('**Министерство обороны России** заявляет:');
    expect(ru).toContain('"label":"Не следить: Суджа"');
    const en = shown(world.dms.sentTo(user(13))[0] as EmulatedMessage);
    expect(en).toContain('What changed on your watches');
    expect(en).toContain(
      "**Russia's Defence Ministry** claims: Russian troops have fully secured the town of Sudzha.",
    );
    expect(en).toContain('"label":"Stop watching Sudzha"');

    // The stop button answers whoever presses it in their language.
    const stopped = await answerStopWatchingButton('watch:stop:place:sudzha', user(11), {
      ...commandContext(world, sitrep.service),
      locale: 'uk',
      readerLocale: 'uk',
    });
    expect(stopped?.content).toContain(
      'Стеження припинено: **Суджа**. Це було ваше останнє стеження, тож sitrep забув і ваш ідентифікатор користувача.',
    );
  });
});
