// A digest's map of what changed: the model built from the changed statements, its drawing, and how
// delivery carries it. Delivery runs over a real SQLite file, posting through discord.js REST to the
// emulator; a digest is never lost or late because of its map.
import { DiscordAPIError, PermissionFlagsBits, REST } from 'discord.js';
import { decode } from 'fast-png';
import { afterEach, describe, expect, it } from 'vitest';
import { FactStore } from '../src/data/fact-store.js';
import { loadFactData } from '../src/data/load-facts.js';
import type { Fact } from '../src/data/schema.js';
import type { DigestMaps } from '../src/delivery/digest-delivery.js';
import { DigestService } from '../src/delivery/digest-service.js';
import { createRestPoster, type DigestPoster } from '../src/delivery/rest-poster.js';
import type { EmulatedMessage } from '../src/emulator/discord-emulator.js';
import { createLogger } from '../src/log.js';
import { loadGeography } from '../src/render/map/geography.js';
import { mapCaption } from '../src/render/map/map-legend.js';
import { buildFactsMapModel, type MapModel } from '../src/render/map/map-model.js';
import { drawPlaceMap } from '../src/render/map/map-svg.js';
import { loadMapFonts } from '../src/render/map/outline-text.js';
import {
  DigestMapCache,
  type DigestMapCacheOptions,
  digestMapTitle,
  drawDigestMapPng,
} from '../src/render/map/place-map.js';
import { manualTriggers } from '../src/scheduler/digest-scheduler.js';
import { FactLedger } from '../src/store/fact-ledger.js';
import { openKeyValueStores } from '../src/store/keyv-stores.js';
import { SubscriptionStore } from '../src/store/subscription-store.js';
import { bundledStore } from './support/bundled-store.js';
import {
  createDigestHarness,
  type DigestHarness,
  harnessToken,
  newFactLike,
} from './support/digest-harness.js';

const geography = loadGeography();
const fonts = loadMapFonts();
const outlined = new Set(geography.regions.map((region) => region.properties.id));
const labels = { title: digestMapTitle, summary: 'Map of the places this digest names.' };

/** The text of the SVG with XML character references decoded, as a reader of the file sees it. */
const svgText = (svg: string) => svg.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)));

function factsOf(store: FactStore, ids: readonly string[]): Fact[] {
  return ids.map((id) => {
    const fact = store.fact(id);
    if (!fact) throw new Error(`no fact ${id}`);
    return fact;
  });
}

function modelOf(store: FactStore, ids: readonly string[]): MapModel {
  const model = buildFactsMapModel(store, factsOf(store, ids), outlined, labels);
  if (!model) throw new Error(`no map for ${ids.join(', ')}`);
  return model;
}

describe("the map of a digest's changes", () => {
  it('marks the towns and villages the changes name, outlines the regions, and reads an answer with the claims it answers', async () => {
    const store = await bundledStore();
    // A new "not officially confirmed" of three claims, an evacuation, Sumy region shelled, and a
    // ceasefire proposal that names no place.
    const model = modelOf(store, [
      'ua-military-not-confirmed-losses',
      'emergencies-ministry-evacuations',
      'sumy-shelling-drones',
      'trump-proposes-30-day-ceasefire',
    ]);
    expect(model.markers.map((marker) => marker.placeId).sort()).toEqual([
      'rubanshchina',
      'sudzha',
      'zaoleshenka',
    ]);
    expect(model.markers.some((marker) => marker.asked)).toBe(false);
    expect(model.outlined.map((region) => [region.regionId, region.statements])).toEqual([
      ['sumy-region', 1],
    ]);
    const sudzha = model.markers.find((marker) => marker.placeId === 'sudzha');
    expect(sudzha?.statements).toBe(2);
    expect(sudzha?.entries.map((entry) => entry.text)).toEqual([
      "Change of control claimed by Russia's Defence Ministry; not officially confirmed by Ukraine's military",
      "Evacuation reported by Russia's Emergencies Ministry",
    ]);
    // Rubanshchina's marker speaks of Rubanshchina's claim, not Sudzha's.
    const rubanshchina = model.markers.find((marker) => marker.placeId === 'rubanshchina');
    expect(rubanshchina?.estimated).toBe(true);
    expect(rubanshchina?.entries).toHaveLength(1);
    expect(model.legend.map((entry) => entry.text)).toContain(
      "Change of control claimed by Russia's Defence Ministry; not officially confirmed by Ukraine's military",
    );
  });

  it('lists a named place with no point as not drawn, and draws no map for changes that name no place or only a country', async () => {
    const store = await bundledStore();
    const template = store.fact('mod-claims-sudzha') as Fact;
    const inDistrict = {
      ...newFactLike(template, 'district-claim', 'Russian troops have advanced in the district.'),
      places: ['sudzha-district', 'zaoleshenka'],
    };
    const onlyDistrict = { ...inDistrict, id: 'district-only', places: ['sudzha-district'] };
    const data = await loadFactData();
    const withDistrict = new FactStore({ ...data, facts: [...data.facts, inDistrict, onlyDistrict] });
    const model = modelOf(withDistrict, ['district-claim']);
    expect(model.markers.map((marker) => marker.placeId)).toEqual(['zaoleshenka']);
    expect(model.notDrawn).toEqual(['Sudzha district']);
    expect(svgText(drawPlaceMap(model, geography, fonts).svg)).toContain(
      'Not drawn: Sudzha district (no point or outline in the map data)',
    );

    for (const ids of [
      ['district-only'],
      ['trump-proposes-30-day-ceasefire', 'putin-conditional-support'],
      ['kyiv-seeks-western-aid', 'long-neptune-flexibility'],
      [],
    ]) {
      expect(buildFactsMapModel(withDistrict, factsOf(withDistrict, ids), outlined, labels), ids.join()).toBe(
        undefined,
      );
    }
  });

  it('says in the SVG who claims what and that markers are not lines of control, and is a 1200×800 PNG that is not blank', async () => {
    const store = await bundledStore();
    const changes = factsOf(store, ['mod-claims-zaoleshenka', 'russia-claims-kursk-retaken']);
    const drawing = drawPlaceMap(
      modelOf(
        store,
        changes.map((fact) => fact.id),
      ),
      geography,
      fonts,
    );
    const text = svgText(drawing.svg);
    expect(text).toContain(digestMapTitle);
    expect(text).toContain("Change of control claimed by Russia's Defence Ministry");
    expect(text).toMatch(/Outlined: Kursk region \(1 statement about the region as a whole\)/);
    expect(text).toContain(mapCaption);
    expect(text).not.toContain('the place asked about');
    expect(text).not.toMatch(/front line|frontline|line of contact|occupied|controlled area/i);

    const map = await drawDigestMapPng(store, changes);
    if (!map) throw new Error('no digest map');
    expect(map.altText).toMatch(/^Map of the places this digest's 2 new or changed statements name\./);
    expect(map.altText.endsWith(mapCaption)).toBe(true);
    expect(map.altText.length).toBeLessThanOrEqual(1024);
    expect(map.png.length).toBeLessThan(300 * 1024);
    const image = decode(map.png);
    expect([image.width, image.height]).toEqual([1200, 800]);
    const colours = new Set<string>();
    for (let at = 0; at < image.data.length; at += image.channels * 997) {
      colours.add(`${image.data[at]},${image.data[at + 1]},${image.data[at + 2]}`);
    }
    expect(colours.size).toBeGreaterThan(20);
  });
});

let harness: DigestHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Friday 26 March 2027, 12:00 UTC; the daily 08:00 Kyiv digest is next due on Saturday at 06:00 UTC. */
const friday = '2027-03-26T12:00:00Z';
const saturdaySlot = '2027-03-27T06:00:00Z';

/**
 * The digest service over the harness's store and emulator, with the maps it is given. Its poster
 * answers an upload to a channel where sitrep lacks Attach Files as Discord does (403, 50013), which
 * the emulator does not check.
 */
async function startWithMaps(
  h: DigestHarness,
  { maps, mapWaitMs }: { maps?: DigestMaps; mapWaitMs?: number } = {},
): Promise<DigestService> {
  const stores = await openKeyValueStores(h.storeUrl, () => undefined);
  const rest = new REST({ api: h.emulator.apiUrl }).setToken(harnessToken);
  const poster = createRestPoster(rest, {
    postableSystemChannel: (guildId) => h.emulator.guilds.get(guildId)?.systemChannelId,
  });
  const refusingUploads: DigestPoster = {
    ...poster,
    async post(target, message, options) {
      const channel = h.emulator.channels.get(target.channelId);
      const mayAttach = ((channel?.botPermissions ?? 0n) & PermissionFlagsBits.AttachFiles) !== 0n;
      if ((message.files?.length ?? 0) > 0 && !mayAttach) {
        const url = `${h.emulator.apiUrl}/v10/channels/${target.channelId}/messages`;
        throw new DiscordAPIError({ message: 'Missing Permissions', code: 50013 }, 50013, 403, 'POST', url, {
          body: {},
        });
      }
      return poster.post(target, message, options);
    },
  };
  const service = await DigestService.start({
    subscriptions: SubscriptionStore.open(stores),
    ledger: new FactLedger(stores.namespaces.ledger),
    facts: () => h.facts,
    poster: refusingUploads,
    clock: h.clock,
    log: createLogger({
      level: 'debug',
      destination: { write: (line: string) => void h.logLines.push(line) },
    }),
    triggers: manualTriggers,
    retryDelaysMs: [10, 10],
    maps,
    mapWaitMs,
  });
  h.service = service;
  h.stores = stores;
  return service;
}

/** An operator adds a claim about Sudzha on Friday afternoon: Saturday's digest reports it. */
async function addClaimAboutSudzha(h: DigestHarness): Promise<void> {
  h.clock.set('2027-03-26T15:00:00Z');
  await h.changeFacts((facts) => {
    const template = facts.find((fact) => fact.id === 'mod-claims-sudzha') as Fact;
    return [
      ...facts,
      newFactLike(template, 'test-sudzha-claim', 'Russian troops have entered Sudzha again.'),
    ];
  });
}

async function runSlot(h: DigestHarness, at = saturdaySlot): Promise<void> {
  h.clock.set(at);
  await h.service.runDue();
}

const grantAttachFiles = (h: DigestHarness, channelName: string) =>
  h.emulator.grantPermission(
    h.emulator.channelByName(h.guild.id, channelName).id,
    PermissionFlagsBits.AttachFiles,
  );

/** The embed's image, as Discord shows it: the attachment's URL once `attachment://map.png` is resolved. */
const embedImage = (message: EmulatedMessage | undefined) =>
  (message?.embeds[0] as { image?: { url?: string } } | undefined)?.image;

const mapOf = (h: DigestHarness, message: EmulatedMessage | undefined) => {
  const attachment = message?.attachments.find((candidate) => candidate.filename === 'map.png');
  return attachment && { attachment, data: h.emulator.attachmentData(attachment.id) };
};

/** Counts the drawings a cache starts, drawing with `draw` (default: the real map). */
function countingMaps(draw?: DigestMapCacheOptions['draw']) {
  let started = 0;
  const cache = new DigestMapCache({
    draw: (store, changes) => {
      started++;
      return (draw ?? drawDigestMapPng)(store, changes);
    },
  });
  return { cache, started: () => started };
}

describe('digests that carry a map', () => {
  it('attach map.png as the embed image when something changed; the first digest and a quiet one carry none', async () => {
    harness = await createDigestHarness(friday);
    const maps = countingMaps();
    await startWithMaps(harness, { maps: maps.cache });
    grantAttachFiles(harness, 'front-digest');
    const id = await harness.subscribe({ includeMap: true, quiet: true });
    expect(harness.service.find(harness.guild.id, id)?.includeMap).toBe(true);
    expect(harness.posted('front-digest')[0]?.attachments).toEqual([]);
    await addClaimAboutSudzha(harness);
    await runSlot(harness);
    const posted = harness.posted('front-digest');
    expect(posted).toHaveLength(2);
    const map = mapOf(harness, posted[1]);
    expect(map?.attachment.width).toBe(1200);
    expect(embedImage(posted[1])?.url).toBe(map?.attachment.url);
    expect(map?.attachment.description).toContain(mapCaption);
    expect(decode(map?.data ?? new Uint8Array()).height).toBe(800);
    // Nothing new by Sunday: a quiet digest posts nothing and draws nothing.
    await runSlot(harness, '2027-03-28T05:00:00Z');
    expect(harness.posted('front-digest')).toHaveLength(2);
    expect(maps.started()).toBe(1);
  });

  it('draws once for digests due together with the same changes, a forum post included', async () => {
    harness = await createDigestHarness(friday);
    const maps = countingMaps();
    await startWithMaps(harness, { maps: maps.cache });
    grantAttachFiles(harness, 'front-digest');
    grantAttachFiles(harness, 'digest-forum');
    await harness.subscribe({ includeMap: true });
    await harness.subscribe({ includeMap: true, channelName: 'digest-forum' });
    await harness.subscribe({ channelName: 'second-digest' });
    await addClaimAboutSudzha(harness);
    await runSlot(harness);
    expect(mapOf(harness, harness.posted('front-digest')[1])).toBeDefined();
    const forumPost = harness.posted('digest-forum')[1];
    expect(mapOf(harness, forumPost)?.attachment.url).toBe(embedImage(forumPost)?.url);
    // The default is no map.
    expect(harness.posted('second-digest')[1]?.attachments).toEqual([]);
    expect(embedImage(harness.posted('second-digest')[1])).toBeUndefined();
    expect(maps.started()).toBe(1);
  });

  it('go out on time without the map when drawing fails or takes too long, saying why in the log', async () => {
    harness = await createDigestHarness(friday);
    let calls = 0;
    const failing: DigestMaps = {
      mapOf: () => {
        calls++;
        return calls === 1 ? Promise.reject(new Error('renderer crashed')) : new Promise(() => undefined);
      },
    };
    await startWithMaps(harness, { maps: failing, mapWaitMs: 150 });
    grantAttachFiles(harness, 'front-digest');
    const id = await harness.subscribe({ includeMap: true });
    await addClaimAboutSudzha(harness);
    await runSlot(harness);
    expect(harness.posted('front-digest')[1]?.attachments).toEqual([]);
    expect(harness.logLines.join('\n')).toContain('digest map drawing failed: posting without it');

    harness.clock.set('2027-03-27T12:00:00Z');
    await harness.changeFacts((facts) => {
      const template = facts.find((fact) => fact.id === 'mod-claims-zaoleshenka') as Fact;
      return [...facts, newFactLike(template, 'test-second-claim', 'Russian troops hold Zaoleshenka.')];
    });
    const started = performance.now();
    await runSlot(harness, '2027-03-28T05:00:00Z');
    expect(performance.now() - started).toBeLessThan(2000);
    const posted = harness.posted('front-digest');
    expect(posted).toHaveLength(3);
    expect(posted[2]?.attachments).toEqual([]);
    expect(harness.logLines.join('\n')).toContain('digest map not drawn in time: posting without it');
    expect(harness.service.find(harness.guild.id, id)?.history.map((entry) => entry.result)).toEqual([
      'posted',
      'posted',
      'posted',
    ]);
  });

  it('post once without the map when Discord refuses the file (Attach Files taken away), and say so', async () => {
    harness = await createDigestHarness(friday);
    await startWithMaps(harness);
    grantAttachFiles(harness, 'front-digest');
    const id = await harness.subscribe({ includeMap: true });
    harness.emulator.revokePermission(
      harness.emulator.channelByName(harness.guild.id, 'front-digest').id,
      PermissionFlagsBits.AttachFiles,
    );
    await addClaimAboutSudzha(harness);
    await runSlot(harness);
    await harness.service.runDue();
    const posted = harness.posted('front-digest');
    expect(posted).toHaveLength(2);
    expect(posted[1]?.attachments).toEqual([]);
    expect(embedImage(posted[1])).toBeUndefined();
    const subscription = harness.service.find(harness.guild.id, id);
    expect(subscription?.paused).toBeNull();
    expect(subscription?.lastSlot).toMatchObject({ key: '2027-03-27T08:00', state: 'done' });
    expect(subscription?.history.at(-1)).toMatchObject({
      result: 'posted',
      detail: 'without its map: sitrep may not attach files in the channel (Attach Files)',
    });
    expect(harness.logLines.join('\n')).toContain('digest with its map refused; posting it without the map');

    // Send Messages gone too: refused without the map as well, so the subscription pauses as before.
    harness.clock.set('2027-03-27T12:00:00Z');
    await harness.changeFacts((facts) => {
      const template = facts.find((fact) => fact.id === 'mod-claims-zaoleshenka') as Fact;
      return [...facts, newFactLike(template, 'test-second-claim', 'Russian troops hold Zaoleshenka.')];
    });
    harness.emulator.revokePermission(
      harness.emulator.channelByName(harness.guild.id, 'front-digest').id,
      PermissionFlagsBits.SendMessages,
    );
    await runSlot(harness, '2027-03-28T05:00:00Z');
    expect(harness.posted('front-digest')).toHaveLength(2);
    expect(harness.service.find(harness.guild.id, id)?.paused?.code).toBe('missing-permissions');
  });

  it('carry none when the changes name no place', async () => {
    harness = await createDigestHarness(friday);
    const maps = countingMaps();
    await startWithMaps(harness, { maps: maps.cache });
    grantAttachFiles(harness, 'front-digest');
    await harness.subscribe({ includeMap: true });
    harness.clock.set('2027-03-26T15:00:00Z');
    await harness.changeFacts((facts) => {
      const template = facts.find((fact) => fact.id === 'trump-proposes-30-day-ceasefire') as Fact;
      return [...facts, newFactLike(template, 'test-ceasefire', 'a new 60-day ceasefire.')];
    });
    await runSlot(harness);
    const posted = harness.posted('front-digest');
    expect(posted).toHaveLength(2);
    expect(posted[1]?.attachments).toEqual([]);
    expect(embedImage(posted[1])).toBeUndefined();
    expect(maps.started()).toBe(1);
  });
});
