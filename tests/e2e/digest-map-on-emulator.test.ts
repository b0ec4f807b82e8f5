// /digest subscribe map:true through the real discord.js client on the emulator, with the production
// wiring (createApp), a SQLite file and a manual clock: the digest of what changed arrives with
// map.png attached and shown by its embed, a subscription left at the default gets none, and map:true
// where sitrep may not attach files is refused before anything is saved.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { decode } from 'fast-png';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatedMessage } from '../../src/emulator/discord-emulator.js';
import { mapCaption } from '../../src/render/map/map-legend.js';
import { eventually, type Harness, messageOf, startHarness } from '../support/bot-harness.js';

/** An operator's fact file: a new claim about Sudzha, so the next digest has a change to map. */
const claimAboutSudzha = [
  'facts:',
  '  - id: operator-claim-sudzha',
  '    statement: Russian troops have pushed south of Sudzha towards the border.',
  '    actor: ru-defence-ministry',
  '    status: claimed',
  '    nature: event',
  '    places: [sudzha]',
  '    topics: [territorial-control]',
  '    sources: [bnt-kursk-article]',
  '    importance: 1',
  '    added: 2027-03-26',
  '',
].join('\n');

const embedImage = (message: { embeds: unknown[] } | undefined) =>
  (message?.embeds[0] as { image?: { url?: string } } | undefined)?.image;

describe('/digest map:true on the emulator', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.stop();
    await harness.emulator.stop();
    await rm(harness.directory, { recursive: true, force: true });
  });

  const messagesIn = (name: string): EmulatedMessage[] =>
    harness.emulator.messages.get(harness.channelId(name)) ?? [];

  /** Gives sitrep Attach Files in a channel and waits until its cache has the change. */
  async function allowAttachments(name: string): Promise<void> {
    const channelId = harness.channelId(name);
    harness.emulator.grantPermission(channelId, PermissionFlagsBits.AttachFiles);
    const guild = harness.bot.client.guilds.cache.get(harness.guild.id);
    await eventually(
      () =>
        guild?.channels.cache
          .get(channelId)
          ?.permissionsFor(guild.members.me ?? '')
          ?.has(PermissionFlagsBits.AttachFiles) === true,
      'the channel update',
    );
  }

  it('posts the digest of what changed with map.png shown by its embed; the default gets no map', async () => {
    await allowAttachments('front-digest');
    const subscribed = messageOf(
      await harness.digest('subscribe', {
        channel: harness.channelId('front-digest'),
        schedule: 'daily 08:00',
        timezone: 'Europe/Kyiv',
        map: true,
      }),
    );
    expect(subscribed.text).toContain('Digest subscribed');
    expect(subscribed.text).toContain('attaches a map of what changed');
    const id = /Id","value":"`([a-z0-9]+)`/.exec(subscribed.text)?.[1] as string;
    messageOf(
      await harness.digest('subscribe', {
        channel: harness.channelId('quiet-room'),
        schedule: 'daily 08:00',
        timezone: 'Europe/Kyiv',
      }),
    );
    // The first digest is the standing summary: nothing changed yet, so no map.
    expect(messagesIn('front-digest').map((message) => message.attachments)).toEqual([[]]);

    const list = messageOf(await harness.digest('list')).text;
    expect(list).toMatch(new RegExp(`${id} · #front-digest[^}]*Map: on`));
    expect(list).toMatch(/#quiet-room[^}]*Map: off/);

    harness.clock.set('2027-03-26T15:00:00Z');
    const factsDirectory = harness.context.config.factsDirectory as string;
    await writeFile(join(factsDirectory, 'operator.yaml'), claimAboutSudzha);
    await harness.app.reloadFacts();
    expect(harness.context.facts.fact('operator-claim-sudzha')).toBeDefined();

    // The preview shows, privately, the map the next digest will carry.
    const preview = messageOf(await harness.digest('preview', { id }));
    expect(preview.ephemeral).toBe(true);
    expect(preview.message.attachments.map((attachment) => attachment.filename)).toEqual(['map.png']);
    expect(embedImage(preview.message)?.url).toBe(preview.message.attachments[0]?.url);

    harness.clock.set('2027-03-27T06:00:00Z');
    await harness.context.digests?.runDue();
    const digest = messagesIn('front-digest').at(-1);
    expect(messagesIn('front-digest')).toHaveLength(2);
    expect(JSON.stringify(digest?.embeds)).toContain('Russian troops have pushed south of Sudzha');
    const [attachment] = digest?.attachments ?? [];
    expect(attachment).toMatchObject({
      filename: 'map.png',
      content_type: 'image/png',
      width: 1200,
      height: 800,
    });
    expect(attachment?.description).toContain(mapCaption);
    expect(embedImage(digest)?.url).toBe(attachment?.url);
    expect(digest?.allowed_mentions).toEqual({ parse: [] });

    const png = harness.emulator.attachmentData(attachment?.id ?? '');
    expect(png?.length).toBeLessThan(300 * 1024);
    const image = decode(png as Buffer);
    expect([image.width, image.height]).toEqual([1200, 800]);
    const colours = new Set<string>();
    for (let at = 0; at < image.data.length; at += image.channels * 997) {
      colours.add(`${image.data[at]},${image.data[at + 1]},${image.data[at + 2]}`);
    }
    expect(colours.size).toBeGreaterThan(20);

    const plain = messagesIn('quiet-room');
    expect(plain).toHaveLength(2);
    expect(JSON.stringify(plain[1]?.embeds)).toContain('Russian troops have pushed south of Sudzha');
    expect(plain[1]?.attachments).toEqual([]);
    expect(embedImage(plain[1])).toBeUndefined();
  });

  it('refuses map:true where sitrep lacks Attach Files, naming it, and saves nothing', async () => {
    const reply = messageOf(
      await harness.digest('subscribe', {
        channel: harness.channelId('front-digest'),
        schedule: 'daily 08:00',
        map: true,
      }),
    );
    expect(reply.ephemeral).toBe(true);
    expect(reply.text).toContain('✅ Send Messages');
    expect(reply.text).toContain('✅ Embed Links');
    expect(reply.text).toContain('❌ Attach Files (for map:true)');
    expect(reply.text).toContain('or subscribe without map:true. Nothing was saved.');
    expect(harness.context.digests?.forGuild(harness.guild.id)).toEqual([]);
    expect(messagesIn('front-digest')).toEqual([]);

    // Without the map, the same channel is fine.
    const plain = messageOf(
      await harness.digest('subscribe', {
        channel: harness.channelId('front-digest'),
        schedule: 'daily 08:00',
      }),
    );
    expect(plain.text).toContain('Digest subscribed');
    expect(plain.text).toContain('no map');
  });
});
