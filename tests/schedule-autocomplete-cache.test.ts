// The schedule autocomplete keeps what it parsed for recent keystrokes, not every schedule anyone
// ever typed (issue 15: 40,000 distinct valid expressions added 234 MB).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { scheduleCacheLimit, scheduleCacheSize, scheduleChoices } from '../src/commands/digest-replies.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');

/**
 * Heap growth (bytes, after garbage collection) from autocompleting `count` distinct schedules, in a
 * process of its own that may collect garbage on demand: every cache on the way (the parsed input
 * here, compiled expressions in the scheduler) counts.
 */
const heapProbe = `
const { scheduleChoices } = await import(process.env.PROBE_MODULE);
const now = Date.parse('2027-03-26T12:00:00Z');
scheduleChoices('daily 08:00', 'Europe/Kyiv', now);
globalThis.gc(); globalThis.gc();
const before = process.memoryUsage().heapUsed;
let made = 0;
outer: for (let day = 1; day <= 28; day++)
  for (let hour = 0; hour < 24; hour++)
    for (let minute = 0; minute < 60; minute++) {
      if (made++ >= Number(process.env.PROBE_COUNT)) break outer;
      scheduleChoices(minute + ' ' + hour + ' ' + day + ' * *', 'Europe/Kyiv', now);
    }
globalThis.gc(); globalThis.gc();
console.log(process.memoryUsage().heapUsed - before);
`;

const now = Date.parse('2027-03-26T12:00:00Z');

/** Distinct valid expressions: a minute, an hour and a day of the month. */
function* distinctSchedules(count: number): Generator<string> {
  let made = 0;
  for (let day = 1; day <= 28; day++) {
    for (let hour = 0; hour < 24; hour++) {
      for (let minute = 0; minute < 60; minute++) {
        if (made++ >= count) return;
        yield `${minute} ${hour} ${day} * *`;
      }
    }
  }
}

describe('the schedule autocomplete cache', () => {
  it('stays bounded however many distinct schedules are typed', () => {
    let answered = 0;
    for (const typed of distinctSchedules(4 * scheduleCacheLimit)) {
      const [choice] = scheduleChoices(typed, 'Europe/Kyiv', now);
      if (choice?.name.startsWith(`${typed} → next`)) answered++;
      expect(scheduleCacheSize()).toBeLessThanOrEqual(scheduleCacheLimit);
    }
    expect(answered).toBe(4 * scheduleCacheLimit);
    expect(scheduleCacheSize()).toBe(scheduleCacheLimit);
  });

  it('answers the same for a schedule typed again after it left the cache', () => {
    const first = scheduleChoices('15 6 * * 1-5', 'UTC', now);
    for (const typed of distinctSchedules(2 * scheduleCacheLimit)) scheduleChoices(typed, 'UTC', now);
    expect(scheduleChoices('15 6 * * 1-5', 'UTC', now)).toEqual(first);
    expect(scheduleCacheLimit).toBe(500);
  });

  it('keeps the heap flat over 10,000 distinct schedules', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', heapProbe],
      {
        cwd: root,
        env: {
          ...process.env,
          PROBE_MODULE: path.join(root, 'src/commands/digest-replies.ts'),
          PROBE_COUNT: '10000',
        },
      },
    );
    // Before the bounds: 9.0 MB for these 10,000 (35 MB for 40,000); bounded: about 0.5 MB.
    expect(Number(stdout.trim())).toBeLessThan(4_000_000);
  }, 60_000);
});
