// One scheduler configuration in its own process, so its memory is its own. Prints one JSON line.
//   node --expose-gc --import tsx bench/scheduler-child.ts <sitrep|baseline> <subscriptions> <idleSeconds|boundary>
import { monitorEventLoopDelay } from 'node:perf_hooks';
import cron from 'node-cron';
import { systemClock } from '../src/clock.js';
import { createLogger } from '../src/log.js';
import { DigestScheduler, realTriggers } from '../src/scheduler/digest-scheduler.js';

const [mode = 'sitrep', countText = '0', idleText = '60'] = process.argv.slice(2);
const count = Number(countText);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** 100 zones with whole-hour offsets, so every group's every-minute schedule falls due on the same instant. */
const zones = Intl.supportedValuesOf('timeZone')
  .filter((zone) => {
    const offset = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
      .formatToParts(0)
      .find((part) => part.type === 'timeZoneName')?.value;
    return offset === 'GMT' || /:00$/.test(offset ?? '');
  })
  .slice(0, 100);

const lateness: number[] = [];
const record = () => {
  const now = Date.now();
  lateness.push(now - Math.floor(now / 60_000) * 60_000);
};

gc();
const rssBefore = process.memoryUsage().rss;
let stop: () => Promise<void> | void = () => undefined;
if (mode === 'sitrep') {
  const scheduler = new DigestScheduler({
    clock: systemClock,
    log: createLogger({ level: 'silent' }),
    triggers: realTriggers(systemClock),
    // No catch-up of the minute before start: every run measured is an on-time one.
    graceMs: 0,
    async runSlot() {
      record();
    },
  });
  for (let index = 0; index < count; index++) {
    scheduler.add({ id: `s${index}`, cron: '* * * * *', timeZone: zones[index % zones.length] as string });
  }
  scheduler.start();
  stop = () => scheduler.stop();
} else {
  const tasks = Array.from({ length: count }, (_, index) =>
    cron.schedule('* * * * *', record, { timezone: zones[index % zones.length] as string }),
  );
  stop = () => {
    for (const task of tasks) task.destroy();
  };
}
gc();
const rssAfterSetup = process.memoryUsage().rss;

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const cpuBefore = process.cpuUsage();
const started = Date.now();
// "boundary": idle until 5 s past the next minute, so at least one run is measured.
const idleMs = idleText === 'boundary' ? 60_000 - (started % 60_000) + 5_000 : Number(idleText) * 1000;
let rssPeak = rssAfterSetup;
const sampler = setInterval(() => {
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
}, 250);
await new Promise((resolve) => setTimeout(resolve, idleMs));
clearInterval(sampler);
loopDelay.disable();
const elapsed = Date.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const boundaries = Math.floor((started + elapsed) / 60_000) - Math.floor(started / 60_000);
await stop();

lateness.sort((a, b) => a - b);
const at = (fraction: number) =>
  lateness[Math.min(lateness.length - 1, Math.ceil(fraction * lateness.length) - 1)] ?? Number.NaN;
console.log(
  JSON.stringify({
    mode,
    count,
    zones: zones.length,
    rssBefore,
    rssAfterSetup,
    rssPeak,
    cpuShare: (cpu.user + cpu.system) / 1000 / elapsed,
    elapsedMs: elapsed,
    loopDelayMaxMs: loopDelay.max / 1e6,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    runsExpected: count * boundaries,
    runs: lateness.length,
    latenessMedianMs: at(0.5),
    latenessP99Ms: at(0.99),
    latenessMaxMs: lateness.at(-1) ?? Number.NaN,
  }),
);
process.exit(0);
