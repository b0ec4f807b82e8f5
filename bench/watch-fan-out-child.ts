// The bot's side of the watch fan-out (bench/watch-fan-out.ts), in a process of its own as on a real
// host: the digest and watch services as the app wires them (src/app.ts's startDigestService: the
// SQLite store, the fact ledger, one pacer for digests and watch messages), N users watching Sudzha,
// then two reloads that each add a statement about Sudzha, handled as the app's reload handler does
// (the ledger reconciled, then the watch pass). DMs go through discord.js's REST client to the
// emulator at argv's API URL. Prints one JSON line: each reload's timings as this process saw them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST } from 'discord.js';
import { startDigestService } from '../src/app.js';
import { ManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { FactStore } from '../src/data/fact-store.js';
import { loadFactData } from '../src/data/load-facts.js';
import type { Fact } from '../src/data/schema.js';
import type { WatchPassReport } from '../src/delivery/watch-service.js';
import { busiestSecond } from '../src/emulator/rest-server.js';
import { createLogger } from '../src/log.js';
import { manualTriggers } from '../src/scheduler/digest-scheduler.js';
import { WatchStore } from '../src/store/watch-store.js';

/** What the parent tells this process (argv's last argument, JSON). */
export interface WatchFanOutChildOptions {
  watchers: number;
  /** The watchers' user ids are this one plus 1 to N. */
  firstUserId: string;
  /** The statement each reload adds about Sudzha, in order. */
  statements: string[];
}

export interface WatchReloadTimings {
  /** Wall clock (Date.now()) when the reload began: the emulator records arrivals on the same clock. */
  startedAtMs: number;
  /** Wall clock when its watch pass finished: every request of the reload was answered by then. */
  finishedAtMs: number;
  /** From the reload to its watch pass finishing. */
  seconds: number;
  /** Of it: reconciling the fact ledger with the reloaded facts, before the pass is asked for. */
  reconcileMs: number;
  /** From the reload (the ledger reconciled first, as the app does) to Discord accepting the first DM. */
  firstDmMs: number | undefined;
  /** The pass's own figure: from the pass being asked for to Discord accepting its first message. */
  passFirstSentAfterMs: number | undefined;
  results: WatchPassReport['results'];
  /** REST requests sitrep handed discord.js during the pass, and the most within any one second. */
  requestStarts: number;
  busiestSecondOfStarts: number;
}

export interface WatchFanOutTimings {
  postsPerSecond: number;
  seedSeconds: number;
  reloads: WatchReloadTimings[];
}

const [apiUrl = '', token = '', optionsJson = ''] = process.argv.slice(2);
if (!apiUrl || !token || !optionsJson) {
  throw new Error('usage: watch-fan-out-child.ts <api url> <token> <options json>');
}
const { watchers, firstUserId, statements } = JSON.parse(optionsJson) as WatchFanOutChildOptions;
const watcherId = (index: number) => String(BigInt(firstUserId) + BigInt(index));

const directory = await mkdtemp(join(tmpdir(), 'sitrep-bench-watch-fanout-'));
const storeUrl = `sqlite://${join(directory, 'sitrep.sqlite')}`;
const data = await loadFactData();
const template = data.facts.find((fact) => fact.id === 'mod-claims-sudzha');
if (!template) throw new Error('the bundled facts no longer hold mod-claims-sudzha');
let facts = new FactStore(data);
const clock = new ManualClock(Date.parse('2027-03-01T08:00:00Z'));

// When sitrep handed each REST request to discord.js (as tests/e2e/watches-on-emulator.test.ts counts).
const requestStarts: number[] = [];
const rest = new REST({ api: apiUrl }).setToken(token);
const post = rest.post.bind(rest);
rest.post = (route, options) => {
  requestStarts.push(performance.now());
  return post(route, options);
};

const config = loadConfig({ STORE_URL: storeUrl });
const running = await startDigestService({
  config,
  // Warnings and errors only, to stderr: stdout carries the result line.
  log: createLogger({ level: 'warn', destination: process.stderr, secrets: [token] }),
  clock,
  facts: () => facts,
  rest,
  guilds: { postableSystemChannel: () => undefined },
  triggers: manualTriggers,
});
// The start-up catch-up pass, over no watchers yet.
await running.watches.idle();

// N users who started watching Sudzha now: what /watch add stores, written straight to the store.
const seedStarted = performance.now();
const store = WatchStore.open(running.stores);
const now = clock.now().toISOString();
for (let index = 1; index <= watchers; index++) {
  await store.save({
    version: 1,
    userId: watcherId(index),
    locale: 'en',
    watches: [{ kind: 'place', id: 'sudzha', addedAt: now }],
    cursor: now,
    paused: null,
    lastDelivery: null,
  });
}
const seedSeconds = (performance.now() - seedStarted) / 1000;

const reloads: WatchReloadTimings[] = [];
for (const [index, statement] of statements.entries()) {
  const added: Fact = { ...template, id: `bench-watch-sudzha-${index + 1}`, statement, respondsTo: [] };
  const reloaded = new FactStore({ ...data, facts: [...facts.facts, added] });
  clock.advance(60_000);
  const startsBefore = requestStarts.length;
  const startedAtMs = Date.now();
  const started = performance.now();
  // As src/app.ts's reload handler: the new facts in place, the ledger reconciled, then the pass.
  facts = reloaded;
  await running.service.factsReloaded(reloaded);
  const askedAfterMs = performance.now() - started;
  const report = await running.watches.afterReload(reloaded, running.ledger);
  const seconds = (performance.now() - started) / 1000;
  const finishedAtMs = Date.now();
  const starts = requestStarts.slice(startsBefore);
  reloads.push({
    startedAtMs,
    finishedAtMs,
    seconds,
    reconcileMs: Math.round(askedAfterMs),
    firstDmMs:
      report.firstSentAfterMs === undefined ? undefined : Math.round(askedAfterMs + report.firstSentAfterMs),
    passFirstSentAfterMs: report.firstSentAfterMs,
    results: report.results,
    requestStarts: starts.length,
    busiestSecondOfStarts: busiestSecond(starts),
  });
  process.stderr.write(
    `[watch-fan-out] reload ${index + 1}: ${report.results.sent ?? 0} of ${watchers} sent in ${seconds.toFixed(1)} s\n`,
  );
}

await running.stop();
await rm(directory, { recursive: true, force: true });
const timings: WatchFanOutTimings = { postsPerSecond: config.digestPostsPerSecond, seedSeconds, reloads };
process.stdout.write(`${JSON.stringify(timings)}\n`);
