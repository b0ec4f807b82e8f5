import { describe, expect, it } from 'vitest';
import { rememberedReply, repliesKeptPerStore } from '../src/commands/remembered-replies.js';
import { timelineReply } from '../src/commands/timeline.js';
import { replyForView } from '../src/commands/views.js';
import { loadFactStore } from '../src/data/load-store.js';
import { createLogger } from '../src/log.js';
import { PlaceMapCache } from '../src/render/map/place-map.js';

describe('pages kept per fact store', () => {
  it('builds a page once and hands every later caller the same frozen reply', async () => {
    const store = await loadFactStore();
    let builds = 0;
    const build = () => {
      builds++;
      return timelineReply(store, 'sudzha', 1);
    };
    const first = rememberedReply(store, 'timeline sudzha 1', build);
    const second = rememberedReply(store, 'timeline sudzha 1', build);
    expect(builds).toBe(1);
    expect(second).toBe(first);
    expect(first).toEqual(timelineReply(store, 'sudzha', 1));
    // Nobody can change a page another reader will be shown.
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.embeds[0])).toBe(true);
    expect(() => {
      (first.embeds[0] as { title?: string }).title = 'changed';
    }).toThrow(TypeError);
  });

  it('starts afresh for a reloaded store and for each language', async () => {
    const store = await loadFactStore();
    const reloaded = await loadFactStore();
    const built: string[] = [];
    const page = (facts: typeof store, label: string) =>
      rememberedReply(facts, 'timeline', () => {
        built.push(label);
        return timelineReply(facts);
      });
    page(store, 'first load');
    page(reloaded, 'reload');
    page(store.in('uk'), 'ukrainian');
    page(store, 'first load again');
    expect(built).toEqual(['first load', 'reload', 'ukrainian']);
  });

  it(`keeps at most ${repliesKeptPerStore} pages, letting the least recently used go first`, async () => {
    const store = await loadFactStore();
    const built = new Map<string, number>();
    const page = (key: string) =>
      rememberedReply(store, key, () => {
        built.set(key, (built.get(key) ?? 0) + 1);
        return timelineReply(store);
      });
    for (let index = 0; index < repliesKeptPerStore; index++) page(`page ${index}`);
    page('page 0'); // used again: now the most recent
    page('one more'); // pushes out the least recently used, page 1
    page('page 0');
    page('page 1');
    expect(built.get('page 0')).toBe(1);
    expect(built.get('page 1')).toBe(2);
  });

  it('answers a pressed button with the page the command itself would show', async () => {
    const store = await loadFactStore();
    const context = {
      facts: store,
      log: createLogger({ level: 'silent' }),
      maps: new PlaceMapCache(),
    } as unknown as Parameters<typeof replyForView>[1];
    const pressed = await replyForView({ kind: 'timeline', placeId: 'sudzha', page: 1 }, context);
    expect(pressed).toEqual(timelineReply(store, 'sudzha', 1));
    expect(await replyForView({ kind: 'timeline', placeId: 'sudzha', page: 1 }, context)).toBe(pressed);
  });
});
