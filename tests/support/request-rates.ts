// How tightly requests arrived at the emulator: Discord's global limit is 50 in any second.
import type { DiscordEmulator } from '../../src/emulator/discord-emulator.js';
import { countsTowardGlobalLimit } from '../../src/ops/rest-proxy.js';

/** The most requests arriving within any 1,000 ms. */
export function busiestSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let busiest = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while ((sorted[last] as number) - (sorted[first] as number) >= 1000) first++;
    busiest = Math.max(busiest, last - first + 1);
  }
  return busiest;
}

/** The busiest second of the requests that count toward the global limit, as the emulator received them. */
export function busiestGlobalSecond(emulator: DiscordEmulator): number {
  return busiestSecond(
    emulator.requests
      .filter((request) => countsTowardGlobalLimit(`${emulator.apiUrl}/v10${request.path}`))
      .map((request) => request.at),
  );
}
