import { describe, expect, it } from 'vitest';
import { Cooldowns } from '../src/commands/cooldowns.js';

describe('Cooldowns', () => {
  it('allows `uses` in any window, then says when the next use is allowed', () => {
    let now = 1_000_000;
    const cooldowns = new Cooldowns(() => now);
    const rule = { uses: 3, perSeconds: 10 };
    expect(cooldowns.take('u1:ask', rule)).toBeUndefined();
    now += 1000;
    expect(cooldowns.take('u1:ask', rule)).toBeUndefined();
    now += 1000;
    expect(cooldowns.take('u1:ask', rule)).toBeUndefined();
    now += 1000;
    // The first use (at 1,000,000) leaves the window at 1,010,000.
    expect(cooldowns.take('u1:ask', rule)).toBe(1_010_000);
    // Others, and other commands, are not held back.
    expect(cooldowns.take('u2:ask', rule)).toBeUndefined();
    expect(cooldowns.take('u1:status', rule)).toBeUndefined();
    now = 1_010_000;
    expect(cooldowns.take('u1:ask', rule)).toBeUndefined();
  });

  it('does not count refused uses, so waiting is enough', () => {
    let now = 0;
    const cooldowns = new Cooldowns(() => now);
    const rule = { uses: 1, perSeconds: 5 };
    expect(cooldowns.take('k', rule)).toBeUndefined();
    for (let attempt = 0; attempt < 20; attempt++) {
      now += 200;
      expect(cooldowns.take('k', rule)).toBe(5000);
    }
    now = 5000;
    expect(cooldowns.take('k', rule)).toBeUndefined();
  });

  it('keeps memory bounded, forgetting the least recently seen', () => {
    const cooldowns = new Cooldowns(() => 0, 100);
    for (let user = 0; user < 1000; user++) cooldowns.take(`u${user}:ask`, { uses: 1, perSeconds: 60 });
    expect(cooldowns.tracked).toBe(100);
    // The most recent user is still held back; the first one was forgotten.
    expect(cooldowns.take('u999:ask', { uses: 1, perSeconds: 60 })).toBe(60_000);
    expect(cooldowns.take('u0:ask', { uses: 1, perSeconds: 60 })).toBeUndefined();
  });
});
