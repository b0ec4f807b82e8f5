import { describe, expect, it } from 'vitest';
import { Pacer } from '../src/scheduler/pacer.js';

/** A clock the test moves: `sleep` advances it by exactly what was asked, plus any `lateBy`. */
function fakeTime({ lateBy = 0 } = {}) {
  let now = 1000;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms + lateBy;
    },
    hold: (ms: number) => {
      now += ms;
    },
  };
}

async function startTimes(pacer: Pacer, time: { now: () => number }, count: number): Promise<number[]> {
  const starts: number[] = [];
  await Promise.all(
    Array.from({ length: count }, () =>
      pacer.run(async () => {
        starts.push(time.now());
      }),
    ),
  );
  return starts;
}

function mostInAnyWindow(starts: number[], windowMs: number): number {
  let most = 0;
  for (const [index, start] of starts.entries())
    most = Math.max(most, starts.slice(index).filter((other) => other < start + windowMs).length);
  return most;
}

describe('Pacer', () => {
  it('starts work evenly: at most perSecond + 1 in any second', async () => {
    const time = fakeTime();
    const starts = await startTimes(new Pacer(47, time.now, time.sleep), time, 200);
    expect(starts).toHaveLength(200);
    expect(mostInAnyWindow(starts, 1000)).toBeLessThanOrEqual(48);
    expect((starts.at(-1) ?? 0) - (starts[0] ?? 0)).toBeCloseTo((199 * 1000) / 47, 6);
  });

  it('keeps its rate when timers fire late, without bunching', async () => {
    const time = fakeTime({ lateBy: 1 });
    const starts = await startTimes(new Pacer(47, time.now, time.sleep), time, 200);
    // Paced from the last start, 1 ms late per timer would stretch 199 intervals by 199 ms.
    expect((starts.at(-1) ?? 0) - (starts[0] ?? 0)).toBeLessThan((199 * 1000) / 47 + 25);
    expect(mostInAnyWindow(starts, 1000)).toBeLessThanOrEqual(48);
  });

  it('after a long pause, resumes the pace instead of bursting to catch up', async () => {
    const time = fakeTime();
    const pacer = new Pacer(50, time.now, time.sleep);
    const first = await startTimes(pacer, time, 10);
    time.hold(5000);
    const after = await startTimes(pacer, time, 10);
    expect((after[0] ?? 0) - (first.at(-1) ?? 0)).toBeGreaterThanOrEqual(5000);
    for (let index = 1; index < after.length; index++)
      expect((after[index] ?? 0) - (after[index - 1] ?? 0)).toBeCloseTo(20, 6);
  });

  it('passes on what the work returns or throws', async () => {
    const time = fakeTime();
    const pacer = new Pacer(10, time.now, time.sleep);
    await expect(pacer.run(async () => 'posted')).resolves.toBe('posted');
    await expect(pacer.run(async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
  });
});
