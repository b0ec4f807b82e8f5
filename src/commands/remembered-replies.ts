// Pages of answers kept per fact store. A reply is a pure function of the store and what was asked,
// and a popular answer is paged by many readers, each press rebuilding the same page (half a
// millisecond for a region's status in a running bot). The pages live on the store they were built
// from, so a reload starts afresh, and are bounded, least recently used first out.
import type { FactStore } from '../data/fact-store.js';
import type { ReplyPayload } from '../render/discord-embed.js';

/** About 5 KB each: a megabyte per store at most. */
export const repliesKeptPerStore = 200;

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  // A Buffer (an attached file) cannot be frozen and is never changed in place.
  if (ArrayBuffer.isView(value)) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}

/**
 * The reply `build` makes for `key` over `facts`, built once and then handed out frozen to every
 * caller (one that wants to change it makes a copy, as `withEmbedImage` does).
 */
export function rememberedReply(facts: FactStore, key: string, build: () => ReplyPayload): ReplyPayload {
  const kept = facts.derive('replies:kept', () => new Map<string, ReplyPayload>());
  const cached = kept.get(key);
  if (cached) {
    kept.delete(key);
    kept.set(key, cached);
    return cached;
  }
  const reply = deepFreeze(build());
  kept.set(key, reply);
  if (kept.size > repliesKeptPerStore) {
    const oldest = kept.keys().next().value;
    if (oldest !== undefined) kept.delete(oldest);
  }
  return reply;
}
