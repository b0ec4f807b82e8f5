import { describe, expect, it } from 'vitest';
import { settleConcurrently } from '../src/scheduler/settle-concurrently.js';

describe('settleConcurrently', () => {
  it('never runs more than the limit at once, and keeps the order of results', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await settleConcurrently([5, 1, 4, 2, 3, 0, 6], 3, async (delay) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, delay));
      inFlight--;
      if (delay === 4) throw new Error('four');
      return delay * 10;
    });
    expect(most).toBe(3);
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : 'rejected'))).toEqual([
      50,
      10,
      'rejected',
      20,
      30,
      0,
      60,
    ]);
  });

  it('settles an empty list', async () => {
    expect(await settleConcurrently([], 4, async () => 1)).toEqual([]);
  });
});
