// Watch fan-out (issue 20): N users watching one subject, Sudzha, and two fact reloads that each add a
// statement about it. Every watcher should get exactly one direct message per reload, sent as fast as
// Discord's global limit allows: the first reload opens each user's DM channel and then posts
// (2 requests per watcher), the second reuses the channels (1 request), so the physical bounds are
// 2N / 50 s and N / 50 s. The emulator stands for Discord and runs here; the bot's side runs in its
// own process (bench/watch-fan-out-child.ts), for the reason bench/fan-out.ts gives.
import { REST, Routes } from 'discord.js';
import { DiscordEmulator, type RecordedRequest } from '../src/emulator/discord-emulator.js';
import type { RateLimitDecision } from '../src/emulator/rate-limiter.js';
import { busiestSecond } from '../src/emulator/rest-server.js';
import { runScriptForJson } from './processes.js';
import { type Figure, ms } from './stats.js';
import type {
  WatchFanOutChildOptions,
  WatchFanOutTimings,
  WatchReloadTimings,
} from './watch-fan-out-child.js';

interface WatchReloadResult {
  /** 1: the first message to each watcher (open the DM channel, then post); 2: the DM channels reused. */
  reload: number;
  watchers: number;
  requestsPerWatcher: number;
  /** The fewest requests the reload can take: watchers × requests per watcher. */
  requests: number;
  /** Requests the emulator received during the reload (retries and refused ones included). */
  arrived: number;
  seconds: number;
  /** requests / 50 s: Discord's global limit. */
  boundSeconds: number;
  ratio: number;
  /** Messages carrying this reload's statement, in all the watchers' DMs. */
  delivered: number;
  /** Watchers with no message for this reload. */
  lost: number;
  /** Watchers with more than one message for this reload. */
  twice: number;
  rejected429Global: number;
  rejected429Route: number;
  /** Answers other than 2xx and 429. */
  otherErrors: number;
  /** The most requests sitrep handed discord.js within any one second. */
  busiestSecondOfStarts: number;
  /** The most requests the emulator received within any one second. */
  busiestSecondOfArrivals: number;
  /** Of the latency: reconciling the fact ledger, before the watch pass is asked for. */
  reconcileMs: number;
  /** From the reload to Discord accepting the first DM, as the bot saw it. */
  firstDmMs: number | undefined;
  /** From the reload to the first accepted DM post arriving at the emulator (wall clock, 1 ms steps). */
  firstDmArrivedMs: number | undefined;
  /**
   * The longest the emulator's event loop was held up during the reload (a 10 ms timer's lateness): a
   * stall delays arrivals and then lets them in bunched, which is what a loaded machine does.
   */
  emulatorStallMaxMs: number;
  /** How the watch pass counted its watchers' deliveries (sent, paused, failed...). */
  results: WatchReloadTimings['results'];
}

export interface WatchFanOutResult {
  watchers: number;
  /** The pacer's rate: digest posts and watch requests started per second (DIGEST_POSTS_PER_SECOND). */
  postsPerSecond: number;
  /** Writing the N watcher records to the SQLite store (not part of any figure). */
  seedSeconds: number;
  reloads: WatchReloadResult[];
}

const token = 'bench.watch-fan-out.0123456789abcdef';
const firstUserId = 600_000_000_000_000_000n;
const statements = [
  'Russian troops have cleared the outskirts of Sudzha.',
  'Russian troops hold the centre of Sudzha.',
];
const globalPerSecond = 50;

export async function benchWatchFanOut({ watchers }: { watchers: number }): Promise<WatchFanOutResult> {
  const emulator = new DiscordEmulator({ token, rateLimits: { globalPerSecond } });
  await emulator.start();
  // Every 429 the rate limiter answers, with its scope and when: the emulator keeps only totals.
  const refusals: { at: number; scope: RateLimitDecision['scope'] }[] = [];
  const check = emulator.rateLimiter.check.bind(emulator.rateLimiter);
  emulator.rateLimiter.check = (bucketKey, options) => {
    const decision = check(bucketKey, options);
    if (!decision.allowed) refusals.push({ at: Date.now(), scope: decision.scope });
    return decision;
  };
  // The emulator's own event loop: a 10 ms timer, and how late each tick came.
  const stalls: { at: number; lateMs: number }[] = [];
  let lastTick = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    stalls.push({ at: Date.now(), lateMs: Math.max(0, now - lastTick - 10) });
    lastTick = now;
  }, 10);
  try {
    await warmUp(emulator);
    emulator.requests.length = 0;
    refusals.length = 0;
    const options: WatchFanOutChildOptions = { watchers, firstUserId: String(firstUserId), statements };
    const timings = await runScriptForJson<WatchFanOutTimings>('bench/watch-fan-out-child.ts', [
      emulator.apiUrl,
      token,
      JSON.stringify(options),
    ]);

    // Each watcher's DMs, by which reload's statement each message carries.
    const perWatcher = statements.map(() => new Array<number>(watchers).fill(0));
    for (let index = 0; index < watchers; index++) {
      const userId = String(firstUserId + BigInt(index + 1));
      for (const message of emulator.messages.get(emulator.dmChannel(userId).id) ?? []) {
        const text = JSON.stringify([message.content, message.embeds]);
        for (const [reload, statement] of statements.entries()) {
          const counts = perWatcher[reload] as number[];
          if (text.includes(statement)) counts[index] = (counts[index] ?? 0) + 1;
        }
      }
    }

    const reloads = timings.reloads.map((reload, index): WatchReloadResult => {
      const during = (at: number) => at >= reload.startedAtMs && at <= reload.finishedAtMs;
      const arrivals = emulator.requests.filter((request) => during(request.at));
      const refused = refusals.filter((refusal) => during(refusal.at));
      const counts = perWatcher[index] as number[];
      const requestsPerWatcher = index === 0 ? 2 : 1;
      const requests = watchers * requestsPerWatcher;
      const boundSeconds = requests / globalPerSecond;
      const firstDm = arrivals.find(isAcceptedDirectMessage);
      return {
        reload: index + 1,
        watchers,
        requestsPerWatcher,
        requests,
        arrived: arrivals.length,
        seconds: reload.seconds,
        boundSeconds,
        ratio: reload.seconds / boundSeconds,
        delivered: counts.reduce((sum, count) => sum + count, 0),
        lost: counts.filter((count) => count === 0).length,
        twice: counts.filter((count) => count > 1).length,
        rejected429Global: refused.filter((refusal) => refusal.scope === 'global').length,
        rejected429Route: refused.filter((refusal) => refusal.scope !== 'global').length,
        otherErrors: arrivals.filter((request) => request.status >= 300 && request.status !== 429).length,
        busiestSecondOfStarts: reload.busiestSecondOfStarts,
        busiestSecondOfArrivals: busiestSecond(arrivals.map((request) => request.at)),
        reconcileMs: reload.reconcileMs,
        firstDmMs: reload.firstDmMs,
        firstDmArrivedMs: firstDm ? firstDm.at - reload.startedAtMs : undefined,
        emulatorStallMaxMs: Math.round(
          stalls.filter((stall) => during(stall.at)).reduce((most, stall) => Math.max(most, stall.lateMs), 0),
        ),
        results: reload.results,
      };
    });
    return {
      watchers,
      postsPerSecond: timings.postsPerSecond,
      seedSeconds: timings.seedSeconds,
      reloads,
    };
  } finally {
    clearInterval(ticker);
    await emulator.stop();
  }
}

/** The figures and the section of docs/BENCHMARKS.md for one run (or several, at different N). */
export function watchFanOutReport(runs: WatchFanOutResult | readonly WatchFanOutResult[]): {
  figures: Figure[];
  section: string;
} {
  const all = Array.isArray(runs) ? (runs as readonly WatchFanOutResult[]) : [runs as WatchFanOutResult];
  const largest = all.reduce((most, run) => (run.watchers > most.watchers ? run : most));
  const reloadsOf = (run: WatchFanOutResult) => run.reloads;
  const clean = (reload: WatchReloadResult) =>
    reload.lost === 0 &&
    reload.twice === 0 &&
    reload.rejected429Global + reload.rejected429Route === 0 &&
    reload.otherErrors === 0;
  const slash = (values: string[]) => values.join(' / ');
  const figures: Figure[] = [
    {
      name: `Watch fan-out, ${largest.watchers.toLocaleString('en')} watchers of one subject: first DM / later DM`,
      value: slash(largest.reloads.map((reload) => `${reload.seconds.toFixed(1)} s`)),
      baseline: `requests / 50 s: ${slash(largest.reloads.map((reload) => `${reload.boundSeconds.toFixed(1)} s`))}`,
      ratio: slash(largest.reloads.map((reload) => `${reload.ratio.toFixed(2)}x`)),
      target: '<= 1.1x each; 0 lost, 0 twice, 0 429s',
      met: all.flatMap(reloadsOf).every((reload) => reload.ratio <= 1.1 && clean(reload)),
    },
    {
      name: `Watch fan-out, ${largest.watchers.toLocaleString('en')} watchers: reload to first DM (first / later)`,
      value: slash(largest.reloads.map((reload) => `${optionalMs(reload.firstDmMs)} ms`)),
      baseline: 'n/a',
      ratio: 'n/a',
      target: '(reported)',
      met: undefined,
    },
  ];
  const rows = all.flatMap((run) =>
    run.reloads.map(
      (reload) =>
        `| ${reload.watchers.toLocaleString('en')} | ${reload.reload === 1 ? 'first: open DM, post' : 'later: post'} | ${reload.requests.toLocaleString('en')} (${reload.arrived.toLocaleString('en')} arrived) | ${reload.seconds.toFixed(1)} s | ${reload.boundSeconds.toFixed(1)} s | ${reload.ratio.toFixed(2)}x | ${reload.delivered.toLocaleString('en')} | ${reload.lost} | ${reload.twice} | ${reload.rejected429Global} / ${reload.rejected429Route} | ${reload.busiestSecondOfStarts} / ${reload.busiestSecondOfArrivals} | ${reload.emulatorStallMaxMs} ms | ${optionalMs(reload.firstDmMs)} ms (${optionalMs(reload.firstDmArrivedMs)} ms) |`,
    ),
  );
  const section = `## 4c. Watch fan-out

N users watch one place (Sudzha); the facts are reloaded twice, each reload adding one statement about
it, and each watcher should get exactly one direct message per reload. The bot's side runs in its own
process (\`bench/watch-fan-out-child.ts\`): the digest and watch services as the app wires them
(\`startDigestService\`: the SQLite store, the fact ledger, one pacer at ${largest.postsPerSecond} requests/s for digests
and watch messages), the reload handled as the app's reload handler does (ledger reconciled, then the
watch pass), DMs sent through discord.js's REST client to the emulator, which enforces Discord's global
limit (50 requests/s) and its route buckets (\`POST /users/@me/channels\`: 50 a second). The first
reload's message to a user opens the DM channel first (2 requests per watcher); the second reuses it
(1 request), so the bound is requests / 50 s. *Delivered*, *lost* and *twice* are counted in the
emulator, by the reload's statement in each watcher's DMs. *Busiest second* is the most requests in any
1,000 ms, as sitrep started them and as the emulator received them. *Reload to first DM* runs from the
reload (before the ledger is reconciled) to Discord accepting the first message, as the bot saw it; in
brackets, to its arrival at the emulator. The pacer starts 47 requests a second, leaving Discord's 50
three to spare: a stall of either process longer than about 60 ms (the *emulator's longest stall*
column shows its own) can let delayed requests arrive in the next second on top of its own; the
emulator answers any excess with a global 429, which discord.js waits out and retries (counted in
*arrived*).

| watchers | reload | requests | wall time | bound | ratio | delivered | lost | twice | 429s global / route | busiest second sent / arrived | emulator's longest stall | reload to first DM |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}
`;
  return { figures, section };
}

function isAcceptedDirectMessage(request: RecordedRequest): boolean {
  return (
    request.method === 'POST' &&
    /^\/channels\/\d+\/messages$/.test(request.path) &&
    request.status >= 200 &&
    request.status < 300
  );
}

function optionalMs(value: number | undefined): string {
  return value === undefined ? 'n/a' : ms(value);
}

/**
 * One DM opened and one message posted before the measured reloads: the emulator compiles its payload
 * schemas on first use (about a second), which is not Discord's doing.
 */
async function warmUp(emulator: DiscordEmulator): Promise<void> {
  const rest = new REST({ api: emulator.apiUrl }).setToken(token);
  const channel = (await rest.post(Routes.userChannels(), {
    body: { recipient_id: String(firstUserId) },
  })) as { id: string };
  await rest.post(Routes.channelMessages(channel.id), {
    body: {
      embeds: [{ title: 'warm-up', description: 'warm-up', fields: [{ name: 'warm-up', value: 'warm-up' }] }],
      components: [{ type: 1, components: [{ type: 2, style: 2, label: 'warm-up', custom_id: 'warm-up' }] }],
      allowed_mentions: { parse: [] },
      nonce: 'warm-up',
      enforce_nonce: true,
    },
  });
}
