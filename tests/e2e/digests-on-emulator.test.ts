// /digest through the real discord.js client on the emulator, with the production wiring
// (createApp, as src/index.ts starts it), a SQLite file, and a manual clock driving the schedule.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, type Harness, messageOf, startHarness } from '../support/bot-harness.js';

describe('/digest on the emulator', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.stop();
    await harness.emulator.stop();
    await rm(harness.directory, { recursive: true, force: true });
  });

  it('registers /digest guild-only and gated to Manage Server by default', () => {
    const registered = harness.emulator.guildCommands
      .get(harness.guild.id)
      ?.find((command) => command.name === 'digest');
    expect(registered?.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
    expect(registered?.contexts).toEqual([0]);
    expect(registered?.options?.map((option) => option.name)).toEqual([
      'subscribe',
      'list',
      'remove',
      'pause',
      'resume',
      'preview',
      'test',
      'history',
    ]);
  });

  it('subscribes, lists, previews, tests, pauses, resumes and removes', async () => {
    const subscribed = messageOf(
      await harness.digest('subscribe', {
        channel: harness.channelId('front-digest'),
        schedule: 'daily 08:00',
        timezone: 'Europe/Kyiv',
      }),
    );
    expect(subscribed.ephemeral).toBe(true);
    expect(subscribed.text).toContain('Digest subscribed');
    expect(subscribed.text).toContain('every day at 08:00 (Europe/Kyiv)');
    const runs = [...subscribed.text.matchAll(/<t:(\d+):F>/g)].map((match) =>
      new Date(Number(match[1]) * 1000).toISOString(),
    );
    expect(runs).toEqual([
      '2027-03-27T06:00:00.000Z',
      '2027-03-28T05:00:00.000Z',
      '2027-03-29T05:00:00.000Z',
    ]);
    expect(harness.posted('front-digest')).toHaveLength(1);
    const id = /Id","value":"`([a-z0-9]+)`/.exec(subscribed.text)?.[1] as string;
    expect(id).toMatch(/^[a-z0-9]{8}$/);

    const list = messageOf(await harness.digest('list'));
    expect(list.ephemeral).toBe(true);
    expect(list.text).toContain(`${id} · #front-digest`);
    expect(list.text).toContain('State: active');
    expect(list.text).toContain('Last delivery: posted');

    const preview = messageOf(await harness.digest('preview', { id }));
    expect(preview.ephemeral).toBe(true);
    expect(preview.text).toContain('No new developments since');
    expect(harness.posted('front-digest')).toHaveLength(1);

    expect(messageOf(await harness.digest('test', { id })).text).toContain('Posted a test digest');
    expect(harness.posted('front-digest')[1]).toContain('Test post requested by a moderator');

    expect(messageOf(await harness.digest('pause', { id })).text).toContain(`Paused digest \`${id}\``);
    expect(messageOf(await harness.digest('list')).text).toContain('paused');
    harness.clock.set('2027-03-27T06:00:00Z');
    await harness.context.digests?.runDue();
    expect(harness.posted('front-digest')).toHaveLength(2);

    expect(messageOf(await harness.digest('resume', { id })).text).toContain(`Resumed digest \`${id}\``);
    harness.clock.set('2027-03-28T05:00:00Z');
    await harness.context.digests?.runDue();
    expect(harness.posted('front-digest')).toHaveLength(3);

    expect(messageOf(await harness.digest('remove', { id })).text).toContain(`Removed digest \`${id}\``);
    expect(messageOf(await harness.digest('list')).text).toContain('no digest subscriptions');
    expect(messageOf(await harness.digest('remove', { id })).text).toContain('No digest');
  });

  it('answers bad input with an ephemeral error that says how to fix it, saving nothing', async () => {
    const channel = harness.channelId('front-digest');
    const cases: [Record<string, string>, RegExp][] = [
      [{ schedule: '0 8 * *' }, /5-field cron expression/],
      [{ schedule: 'daily 08:00', timezone: 'Kyiv/Nowhere' }, /not a time zone I know/],
      [{ schedule: '*/15 * * * *' }, /at most every hour/],
      [{ schedule: 'daily 08:00', topics: 'weather' }, /I don't know the topic/],
    ];
    for (const [options, reason] of cases) {
      const reply = messageOf(await harness.digest('subscribe', { channel, ...options }));
      expect(reply.ephemeral).toBe(true);
      expect(reply.text).toMatch(reason);
    }
    expect(harness.context.digests?.forGuild(harness.guild.id)).toEqual([]);
    expect(harness.posted('front-digest')).toEqual([]);
  });

  it('checks the bot can post before saving, with a checklist of what is missing', async () => {
    harness.emulator.revokePermission(
      harness.channelId('quiet-room'),
      PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks,
    );
    const cachedGuild = harness.bot.client.guilds.cache.get(harness.guild.id);
    await eventually(
      () =>
        cachedGuild?.channels.cache
          .get(harness.channelId('quiet-room'))
          ?.permissionsFor(cachedGuild.members.me ?? '')
          ?.has(PermissionFlagsBits.SendMessages) === false,
      'the channel update',
    );
    const reply = messageOf(
      await harness.digest('subscribe', { channel: harness.channelId('quiet-room'), schedule: 'hourly' }),
    );
    expect(reply.ephemeral).toBe(true);
    expect(reply.text).toContain('✅ View Channel');
    expect(reply.text).toContain('❌ Send Messages');
    expect(reply.text).toContain('❌ Embed Links');
    expect(reply.text).toContain('Nothing was saved');
    expect(harness.context.digests?.forGuild(harness.guild.id)).toEqual([]);
  });

  it('offers presets with their next runs, time zones and subscription ids as you type', async () => {
    const general = harness.channelId('general');
    const schedule = await harness.emulator.invokeAutocomplete(
      harness.guild.id,
      general,
      'digest',
      { schedule: '' },
      'schedule',
      {
        subcommand: 'subscribe',
      },
    );
    expect(schedule.status === 'autocomplete' && schedule.choices.map((choice) => choice.value)).toEqual([
      'hourly',
      'every 6 hours',
      'daily 08:00',
      'weekdays 18:30',
      'weekly mon 09:00',
    ]);
    const typed = await harness.emulator.invokeAutocomplete(
      harness.guild.id,
      general,
      'digest',
      { schedule: '30 7 * * *', timezone: 'Europe/Kyiv' },
      'schedule',
      { subcommand: 'subscribe' },
    );
    expect(typed.status === 'autocomplete' && typed.choices[0]?.name).toBe(
      '30 7 * * * → next Sat 27 Mar 07:30, Sun 28 Mar 07:30 (Europe/Kyiv)',
    );
    const zones = await harness.emulator.invokeAutocomplete(
      harness.guild.id,
      general,
      'digest',
      { timezone: '' },
      'timezone',
      {
        subcommand: 'subscribe',
      },
    );
    expect(zones.status === 'autocomplete' && zones.choices.map((choice) => choice.value)).toEqual([
      'Europe/Kyiv',
      'Europe/Moscow',
      'UTC',
      'Europe/London',
      'America/New_York',
    ]);
    await harness.digest('subscribe', { channel: harness.channelId('front-digest'), schedule: 'hourly' });
    const ids = await harness.emulator.invokeAutocomplete(
      harness.guild.id,
      general,
      'digest',
      { id: 'front' },
      'id',
      {
        subcommand: 'pause',
      },
    );
    expect(ids.status === 'autocomplete' && ids.choices[0]?.name).toMatch(
      /^[a-z0-9]{8} · #front-digest · every hour/,
    );
  });

  it('keeps subscriptions to their server: another server’s id cannot be seen or touched', async () => {
    const other = harness.emulator.addGuild('Another server', [{ name: 'their-digest' }]);
    await eventually(() => harness.bot.client.guilds.cache.has(other.id), 'the bot to see the other server');
    const digests = harness.context.digests;
    const theirs = await digests?.subscribe({
      guildId: other.id,
      channel: { id: other.channels[0]?.id as string, name: 'their-digest', kind: 'text' },
      schedule: 'daily 08:00',
      requestedBy: '100000000000000001',
    });
    if (!theirs?.ok) throw new Error('could not subscribe the other server');
    const id = theirs.value.subscription.id;
    const before = JSON.stringify(digests?.find(other.id, id));

    expect(messageOf(await harness.digest('list')).text).not.toContain(id);
    for (const subcommand of ['preview', 'test', 'pause', 'resume', 'remove']) {
      const reply = messageOf(await harness.digest(subcommand, { id }));
      expect(reply.ephemeral).toBe(true);
      expect(reply.text).toContain(`No digest \`${id}\` on this server`);
    }
    const offered = await harness.emulator.invokeAutocomplete(
      harness.guild.id,
      harness.channelId('general'),
      'digest',
      { id },
      'id',
      { subcommand: 'pause', memberPermissions: PermissionFlagsBits.ManageGuild },
    );
    expect(offered.status === 'autocomplete' && offered.choices.map((choice) => choice.value)).toEqual([]);
    expect(JSON.stringify(digests?.find(other.id, id))).toBe(before);
    expect(harness.emulator.messages.get(other.channels[0]?.id as string)).toHaveLength(1);
  });

  it('never posts where the invoking moderator cannot see', async () => {
    const moderator = '200000000000000002';
    const general = harness.channelId('general');
    const asModerator = (subcommand: string, options: Record<string, string> = {}) =>
      harness.emulator.invokeCommand(harness.guild.id, general, 'digest', options, {
        subcommand,
        userId: moderator,
        memberPermissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages,
      });
    const hidden = harness.channelId('quiet-room');
    harness.emulator.hideChannelFrom(hidden, moderator);
    await eventually(
      () =>
        harness.bot.client.channels.cache.get(hidden)?.isTextBased() === true &&
        (
          harness.bot.client.channels.cache.get(hidden) as {
            permissionOverwrites?: { cache: Map<string, unknown> };
          }
        ).permissionOverwrites?.cache.has(moderator) === true,
      'the bot to learn of the overwrite',
    );

    const refused = messageOf(await asModerator('subscribe', { channel: hidden, schedule: 'daily 08:00' }));
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).toContain('You cannot see');
    expect(harness.context.digests?.forGuild(harness.guild.id)).toHaveLength(0);
    expect(harness.posted('quiet-room')).toHaveLength(0);

    // The same moderator may subscribe a channel they can see.
    const allowed = messageOf(
      await asModerator('subscribe', { channel: harness.channelId('front-digest'), schedule: 'daily 08:00' }),
    );
    expect(allowed.text).toContain('Digest subscribed');

    // The owner subscribes the hidden channel; the moderator still cannot make sitrep post there.
    const owned = messageOf(await harness.digest('subscribe', { channel: hidden, schedule: 'daily 08:00' }));
    const id = /Id","value":"`([a-z0-9]+)`/.exec(owned.text)?.[1] as string;
    expect(harness.posted('quiet-room')).toHaveLength(1);
    expect(messageOf(await asModerator('test', { id })).text).toContain('You cannot see');
    await harness.digest('pause', { id });
    expect(messageOf(await asModerator('resume', { id })).text).toContain('You cannot see');
    expect(harness.posted('quiet-room')).toHaveLength(1);
    expect(harness.context.digests?.find(harness.guild.id, id)?.paused).not.toBeNull();
  });

  it('holds back one user flooding a command, with an ephemeral note of when to try again', async () => {
    const subscribed = messageOf(
      await harness.digest('subscribe', {
        channel: harness.channelId('front-digest'),
        schedule: 'daily 08:00',
      }),
    );
    const id = /Id","value":"`([a-z0-9]+)`/.exec(subscribed.text)?.[1] as string;
    expect(messageOf(await harness.digest('test', { id })).text).toContain('Posted a test digest');
    expect(messageOf(await harness.digest('test', { id })).text).toContain('Posted a test digest');
    const held = messageOf(await harness.digest('test', { id }));
    expect(held.ephemeral).toBe(true);
    expect(held.text).toMatch(
      /\/digest test can be used 2 times in 60 seconds\. You can use it again <t:\d+:R>/,
    );
    // Only the initial post and the two tests reached the channel.
    expect(harness.posted('front-digest')).toHaveLength(3);
    // Other subcommands, and other users, are not held back by it.
    expect(messageOf(await harness.digest('list')).text).toContain(id);
    const general = harness.channelId('general');
    const other = await harness.emulator.invokeCommand(
      harness.guild.id,
      general,
      'digest',
      { id },
      {
        subcommand: 'test',
        userId: '300000000000000003',
        memberPermissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages,
      },
    );
    expect(messageOf(other).text).toContain('Posted a test digest');
  });

  it('pauses when the channel is deleted and removes everything when the bot leaves the guild', async () => {
    await harness.digest('subscribe', { channel: harness.channelId('front-digest'), schedule: 'hourly' });
    await harness.digest('subscribe', {
      channel: harness.channelId('digest-forum'),
      schedule: 'daily 09:00',
    });
    expect(harness.posted('digest-forum')).toHaveLength(1);
    harness.emulator.deleteChannel(harness.channelId('front-digest'));
    await eventually(
      () => harness.context.digests?.forGuild(harness.guild.id)[0]?.paused?.code === 'channel-deleted',
      'the pause',
    );
    expect(messageOf(await harness.digest('list')).text).toContain('paused');
    expect(harness.posted('general').join()).toContain('sitrep paused the situation digest');

    harness.emulator.makeGuildUnavailable(harness.guild.id);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(harness.context.digests?.forGuild(harness.guild.id)).toHaveLength(2);
    harness.emulator.removeBotFromGuild(harness.guild.id);
    await eventually(() => harness.context.digests?.forGuild(harness.guild.id).length === 0, 'the removal');
  });

  it('survives a restart mid-schedule: nothing lost, the missed slot posted once, late', async () => {
    await harness.digest('subscribe', {
      channel: harness.channelId('front-digest'),
      schedule: 'daily 08:00',
      timezone: 'Europe/Kyiv',
    });
    harness.clock.set('2027-03-27T06:05:00Z'); // down across the 08:00 Kyiv slot, back 5 minutes later
    await harness.restart();
    expect(harness.context.digests?.forGuild(harness.guild.id)).toHaveLength(1);
    expect(harness.posted('front-digest')).toHaveLength(2);
    expect(harness.posted('front-digest')[1]).toContain('Posted late');
    await harness.restart();
    await harness.context.digests?.runDue();
    expect(harness.posted('front-digest')).toHaveLength(2);
  });
});

describe('a slow /digest', () => {
  it('defers privately: nobody else sees sitrep thinking', async () => {
    const harness = await startHarness({ deferAfterMs: 1 });
    try {
      harness.emulator.setLatency(20);
      const reply = messageOf(
        await harness.digest('subscribe', { channel: harness.channelId('front-digest'), schedule: 'hourly' }),
      );
      expect(reply.deferred).toBe(true);
      expect(reply.ephemeral).toBe(true);
      expect(reply.text).toContain('Digest subscribed');
      expect(harness.posted('general')).toEqual([]);
    } finally {
      await harness.stop();
      await harness.emulator.stop();
      await rm(harness.directory, { recursive: true, force: true });
    }
  });
});

describe('fact files change while the bot runs', () => {
  it('reloads valid files into the next digest and keeps the last good facts when a file is invalid', async () => {
    const harness = await startHarness({ watchFacts: true });
    try {
      await harness.digest('subscribe', {
        channel: harness.channelId('front-digest'),
        schedule: 'daily 08:00',
      });
      const before = harness.context.facts;
      const factsDirectory = harness.context.config.factsDirectory as string;
      harness.clock.set('2027-03-26T15:00:00Z');
      await writeFile(
        join(factsDirectory, 'broken.yaml'),
        'facts:\n  - id: broken\n    statement: no actor\n',
      );
      await eventually(
        () => harness.logLines.some((line) => line.includes('keeping the last good facts')),
        'the refusal',
      );
      expect(harness.context.facts).toBe(before);
      expect(harness.logLines.find((line) => line.includes('keeping the last good facts'))).toContain(
        'broken.yaml',
      );

      await rm(join(factsDirectory, 'broken.yaml'));
      await writeFile(
        join(factsDirectory, 'new.yaml'),
        [
          'facts:',
          '  - id: operator-added-claim',
          '    statement: Russian troops have advanced near the village of Testivka.',
          '    actor: ru-defence-ministry',
          '    status: claimed',
          '    nature: event',
          '    places: [kursk-region]',
          '    topics: [territorial-control]',
          '    sources: [bnt-kursk-article]',
          '    importance: 1',
          '    added: 2027-03-26',
          '',
        ].join('\n'),
      );
      await eventually(() => harness.context.facts.fact('operator-added-claim') !== undefined, 'the reload');
      harness.clock.set('2027-03-27T08:00:00Z');
      await harness.context.digests?.runDue();
      const digest = harness.posted('front-digest').at(-1) ?? '';
      expect(digest).toContain('1 new statement');
      expect(digest).toContain('Testivka');
    } finally {
      await harness.stop();
      await harness.emulator.stop();
      await rm(harness.directory, { recursive: true, force: true });
    }
  });
});
