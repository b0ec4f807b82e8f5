// Who may make sitrep post where (issue 15, permissions), through the real discord.js client on the
// emulator: the emulator sends each member's roles, and the channels' overwrites, as Discord does,
// and discord.js computes the invoking moderator's permissions from them.
import { rm } from 'node:fs/promises';
import { ChannelType, PermissionFlagsBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, type Harness, messageOf, startHarness } from '../support/bot-harness.js';

const moderatorPermissions = PermissionFlagsBits.ManageGuild;

let harness: Harness | undefined;
afterEach(async () => {
  if (!harness) return;
  await harness.stop();
  await harness.emulator.stop();
  await rm(harness.directory, { recursive: true, force: true });
  harness = undefined;
});

/** /digest as a member who is not the owner, holding `permissions` (beyond @everyone's) by a role. */
function moderator(h: Harness, userId: string, permissions: bigint = moderatorPermissions) {
  return (subcommand: string, options: Record<string, string | boolean> = {}) =>
    h.emulator.invokeCommand(h.guild.id, h.channelId('general'), 'digest', options, {
      subcommand,
      userId,
      memberPermissions: permissions,
    });
}

function idAutocomplete(h: Harness, userId: string, permissions: bigint = moderatorPermissions) {
  return h.emulator.invokeAutocomplete(h.guild.id, h.channelId('general'), 'digest', { id: '' }, 'id', {
    subcommand: 'pause',
    userId,
    memberPermissions: permissions,
  });
}

const idOf = (text: string) => {
  const id = /Id","value":"`([a-z0-9]+)`/.exec(text)?.[1];
  if (!id) throw new Error(`not subscribed: ${text}`);
  return id;
};

/** The bot's cached copy of a channel, as discord.js keeps it. */
function cachedChannel(h: Harness, channelId: string) {
  return h.bot.client.guilds.cache.get(h.guild.id)?.channels.cache.get(channelId);
}

async function botLearnsOverwrite(h: Harness, channelId: string, overwriteId: string): Promise<void> {
  await eventually(() => {
    const channel = cachedChannel(h, channelId);
    return (
      channel !== undefined && !channel.isThread() && channel.permissionOverwrites.cache.has(overwriteId)
    );
  }, 'the bot to learn of the overwrite');
}

/** A refusal: ephemeral, pinging nobody, saving and posting nothing. */
function expectRefusal(outcome: Awaited<ReturnType<Harness['digest']>>, text: string | RegExp) {
  const reply = messageOf(outcome);
  expect(reply.ephemeral).toBe(true);
  expect(reply.message.allowed_mentions).toEqual({ parse: [] });
  expect(reply.text).toMatch(text);
  return reply;
}

describe('/digest subscribe needs the moderator to be able to post there', () => {
  it('refuses a channel the moderator sees but may not post in; test and resume check again', async () => {
    harness = await startHarness();
    const h = harness;
    const mod = moderator(h, '200000000000000021');
    // A read-only channel: @everyone may read it but not send. sitrep itself may post there.
    const readOnly = h.channelId('quiet-room');
    h.emulator.setPermissionOverwrite(readOnly, {
      id: h.guild.id,
      type: 'role',
      deny: PermissionFlagsBits.SendMessages,
    });
    await botLearnsOverwrite(h, readOnly, h.guild.id);

    const refused = expectRefusal(
      await mod('subscribe', { channel: readOnly, schedule: 'daily 08:00' }),
      /You cannot post in <#\d+> yourself \(you lack Send Messages there\)/,
    );
    expect(refused.text).toContain('Nothing was saved');
    expect(h.context.digests?.forGuild(h.guild.id)).toEqual([]);
    expect(h.posted('quiet-room')).toEqual([]);

    // The owner may post there, and subscribes it; the moderator still cannot make sitrep post there.
    const id = idOf(
      messageOf(await h.digest('subscribe', { channel: readOnly, schedule: 'daily 08:00' })).text,
    );
    expect(h.posted('quiet-room')).toHaveLength(1);
    expectRefusal(await mod('test', { id }), /You cannot post in <#\d+> yourself/);
    expect(h.posted('quiet-room')).toHaveLength(1);
    await h.digest('pause', { id });
    expectRefusal(await mod('resume', { id }), /You cannot post in <#\d+> yourself/);
    expect(h.context.digests?.find(h.guild.id, id)?.paused).not.toBeNull();
    // Seeing it is enough to look at it.
    expect(messageOf(await mod('preview', { id })).text).toContain(`Preview of digest \`${id}\``);

    // A moderator whose role may send there (a role overwrite allowing it) subscribes it.
    const senders = h.emulator.addRole(h.guild.id, 'announcers', { permissions: moderatorPermissions });
    h.emulator.setMemberRoles(h.guild.id, '200000000000000022', [senders.id]);
    h.emulator.setPermissionOverwrite(readOnly, {
      id: senders.id,
      type: 'role',
      allow: PermissionFlagsBits.SendMessages,
    });
    await botLearnsOverwrite(h, readOnly, senders.id);
    const announcer = moderator(h, '200000000000000022', 0n);
    expect(
      messageOf(await announcer('subscribe', { channel: readOnly, schedule: 'daily 09:00' })).text,
    ).toContain('Digest subscribed');
  });

  it('needs Send Messages in Threads for a thread, and for a forum both', async () => {
    harness = await startHarness();
    const h = harness;
    const thread = h.emulator.addChannel(h.guild.id, {
      name: 'front-thread',
      type: ChannelType.PublicThread,
      parent: 'front-digest',
    });
    await eventually(() => cachedChannel(h, thread.id) !== undefined, 'the bot to see the thread');
    // @everyone here may send messages, but not in threads.
    const mod = moderator(h, '200000000000000023');
    expectRefusal(
      await mod('subscribe', { channel: thread.id, schedule: 'daily 08:00' }),
      /you lack Send Messages in Threads there/,
    );
    expectRefusal(
      await mod('subscribe', { channel: h.channelId('digest-forum'), schedule: 'daily 08:00' }),
      /you lack Send Messages in Threads there/,
    );
    expect(h.context.digests?.forGuild(h.guild.id)).toEqual([]);

    const threadPoster = moderator(
      h,
      '200000000000000024',
      moderatorPermissions | PermissionFlagsBits.SendMessagesInThreads,
    );
    expect(
      messageOf(await threadPoster('subscribe', { channel: thread.id, schedule: 'daily 08:00' })).text,
    ).toContain('Digest subscribed');
    expect(
      messageOf(
        await threadPoster('subscribe', { channel: h.channelId('digest-forum'), schedule: 'daily 08:00' }),
      ).text,
    ).toContain('Digest subscribed');
    expect(h.posted('digest-forum')).toHaveLength(1);
    expect(h.emulator.messages.get(thread.id)).toHaveLength(1);
  });
});

describe('/digest subscribe ping_role', () => {
  it('refuses a role that is not mentionable unless the moderator may mention every role', async () => {
    harness = await startHarness();
    const h = harness;
    const silent = h.emulator.addRole(h.guild.id, 'silent-watchers', { mentionable: false });
    const loud = h.emulator.addRole(h.guild.id, 'front-watchers', { mentionable: true });
    await eventually(
      () => h.bot.client.guilds.cache.get(h.guild.id)?.roles.cache.has(loud.id) === true,
      'the bot to see the roles',
    );
    const channel = h.channelId('front-digest');
    const mod = moderator(h, '200000000000000031');

    const refused = expectRefusal(
      await mod('subscribe', { channel, schedule: 'daily 08:00', ping_role: silent.id }),
      `<@&${silent.id}> is not mentionable, and you may not mention it yourself`,
    );
    expect(refused.text).toContain('Nothing was saved');
    expect(h.context.digests?.forGuild(h.guild.id)).toEqual([]);
    expect(h.posted('front-digest')).toEqual([]);

    // A mentionable role is fine.
    const accepted = messageOf(
      await mod('subscribe', { channel, schedule: 'daily 08:00', ping_role: loud.id }),
    );
    expect(accepted.text).toContain('Digest subscribed');
    expect(accepted.text).not.toContain('is not mentionable');

    // A moderator allowed to mention every role may choose it; sitrep says the ping notifies nobody
    // until sitrep may mention it too.
    const mentioner = moderator(
      h,
      '200000000000000032',
      moderatorPermissions | PermissionFlagsBits.MentionEveryone,
    );
    const noted = messageOf(
      await mentioner('subscribe', { channel, schedule: 'daily 09:00', ping_role: silent.id }),
    );
    expect(noted.text).toContain('Digest subscribed');
    expect(noted.text).toContain(`<@&${silent.id}> is not mentionable: the ping notifies nobody`);
    expect(noted.message.allowed_mentions).toEqual({ parse: [] });

    // Once the role is made mentionable, any moderator may pick it.
    h.emulator.updateRole(h.guild.id, silent.id, { mentionable: true });
    await eventually(
      () => h.bot.client.guilds.cache.get(h.guild.id)?.roles.cache.get(silent.id)?.mentionable === true,
      'the bot to see the change',
    );
    expect(
      messageOf(await mod('subscribe', { channel, schedule: 'daily 10:00', ping_role: silent.id })).text,
    ).toContain('Digest subscribed');
  });
});

describe('/digest shows and acts only on subscriptions of channels the moderator can see', () => {
  it('filters list and the id autocomplete, and refuses preview, pause and remove', async () => {
    harness = await startHarness();
    const h = harness;
    const modId = '200000000000000041';
    const mod = moderator(h, modId);
    const hiddenChannel = h.channelId('quiet-room');
    h.emulator.hideChannelFrom(hiddenChannel, modId);
    await botLearnsOverwrite(h, hiddenChannel, modId);
    const hidden = idOf(
      messageOf(await h.digest('subscribe', { channel: hiddenChannel, schedule: 'daily 08:00' })).text,
    );
    const shown = idOf(
      messageOf(await h.digest('subscribe', { channel: h.channelId('front-digest'), schedule: 'hourly' }))
        .text,
    );
    const before = JSON.stringify(h.context.digests?.find(h.guild.id, hidden));

    const list = messageOf(await mod('list'));
    expect(list.ephemeral).toBe(true);
    expect(list.text).toContain(`${shown} · #front-digest`);
    expect(list.text).not.toContain(hidden);
    expect(list.text).not.toContain('quiet-room');
    expect(list.text).toContain(
      '2 of at most 10 on this server. 1 digest subscription in channels you cannot see',
    );

    const offered = await idAutocomplete(h, modId);
    expect(offered.status === 'autocomplete' && offered.choices.map((choice) => choice.value)).toEqual([
      shown,
    ]);

    for (const subcommand of ['preview', 'pause', 'remove', 'test', 'resume']) {
      const refused = expectRefusal(await mod(subcommand, { id: hidden }), 'You cannot see the channel');
      expect(refused.text).not.toContain('quiet-room');
    }
    expect(JSON.stringify(h.context.digests?.find(h.guild.id, hidden))).toBe(before);
    expect(h.posted('quiet-room')).toHaveLength(1);

    // The owner sees every channel, so every subscription.
    const ownersList = messageOf(await h.digest('list')).text;
    expect(ownersList).toContain(hidden);
    expect(ownersList).not.toContain('cannot see');
    const ownersChoices = await h.emulator.invokeAutocomplete(
      h.guild.id,
      h.channelId('general'),
      'digest',
      { id: '' },
      'id',
      { subcommand: 'pause' },
    );
    expect(ownersChoices.status === 'autocomplete' && ownersChoices.choices).toHaveLength(2);

    // A channel sitrep no longer knows (deleted) counts as one the moderator cannot see; the owner
    // still sees its subscription, to remove it.
    const deleted = h.channelId('front-digest');
    h.emulator.deleteChannel(deleted);
    await eventually(() => cachedChannel(h, deleted) === undefined, 'the deletion');
    expectRefusal(
      await mod('list'),
      'This server has 2 digest subscriptions, all in channels you cannot see',
    );
    expect(messageOf(await h.digest('remove', { id: shown })).text).toContain(`Removed digest \`${shown}\``);
  });
});

describe('private threads', () => {
  it('count as seen only by their members and by those who may manage threads', async () => {
    harness = await startHarness();
    const h = harness;
    const threadPoster = moderatorPermissions | PermissionFlagsBits.SendMessagesInThreads;
    const [memberId, outsiderId, managerId] = [
      '200000000000000051',
      '200000000000000052',
      '200000000000000053',
    ];
    const thread = h.emulator.addChannel(h.guild.id, {
      name: 'moderators-only',
      type: ChannelType.PrivateThread,
      parent: 'front-digest',
    });
    h.emulator.addThreadMember(thread.id, h.emulator.botUser.id);
    await eventually(() => cachedChannel(h, thread.id) !== undefined, 'the bot to see the thread');
    const member = moderator(h, memberId, threadPoster);
    const outsider = moderator(h, outsiderId, threadPoster);
    const manager = moderator(h, managerId, threadPoster | PermissionFlagsBits.ManageThreads);

    // Its parent channel is open to everyone, but the thread is not.
    expectRefusal(
      await member('subscribe', { channel: thread.id, schedule: 'daily 08:00' }),
      `You cannot see <#${thread.id}> yourself`,
    );
    expect(h.context.digests?.forGuild(h.guild.id)).toEqual([]);
    expect(h.emulator.messages.get(thread.id) ?? []).toEqual([]);

    h.emulator.addThreadMember(thread.id, memberId);
    const id = idOf(
      messageOf(await member('subscribe', { channel: thread.id, schedule: 'daily 08:00' })).text,
    );
    expect(h.emulator.messages.get(thread.id)).toHaveLength(1);

    // Someone who has not joined it neither sees nor touches its subscription.
    expect(messageOf(await outsider('list')).text).toContain('all in channels you cannot see');
    const outsidersChoices = await idAutocomplete(h, outsiderId, threadPoster);
    expect(outsidersChoices.status === 'autocomplete' && outsidersChoices.choices).toEqual([]);
    expectRefusal(await outsider('test', { id }), 'You cannot see the channel');
    expectRefusal(await outsider('pause', { id }), 'You cannot see the channel');
    expect(h.emulator.messages.get(thread.id)).toHaveLength(1);

    // Manage Threads sees every private thread.
    expect(messageOf(await manager('list')).text).toContain(`${id} · #moderators-only`);
    expect(messageOf(await manager('test', { id })).text).toContain('Posted a test digest');

    // A member who leaves loses it.
    h.emulator.removeThreadMember(thread.id, memberId);
    expectRefusal(await member('test', { id }), 'You cannot see the channel');
    expect(h.emulator.messages.get(thread.id)).toHaveLength(2);
    const membershipChecks = h.emulator.requests.filter((request) =>
      request.path.includes(`/channels/${thread.id}/thread-members/`),
    );
    expect(membershipChecks.length).toBeGreaterThan(0);
    expect(new Set(membershipChecks.map((request) => request.status))).toEqual(new Set([200, 404]));
  });
});

describe('the per-server cap', () => {
  it('holds against five concurrent subscribes with a cap of 2', async () => {
    harness = await startHarness({ environment: { DIGEST_MAX_PER_GUILD: '2' } });
    const h = harness;
    const outcomes = await Promise.all(
      ['08:00', '09:00', '10:00', '11:00', '12:00'].map((time, index) =>
        moderator(h, `20000000000000006${index}`)('subscribe', {
          channel: h.channelId('front-digest'),
          schedule: `daily ${time}`,
        }),
      ),
    );
    const texts = outcomes.map((outcome) => messageOf(outcome).text);
    expect(texts.filter((text) => text.includes('Digest subscribed'))).toHaveLength(2);
    expect(texts.filter((text) => text.includes('the most allowed (2)'))).toHaveLength(3);
    expect(h.context.digests?.forGuild(h.guild.id)).toHaveLength(2);
    expect(h.posted('front-digest')).toHaveLength(2);
    await h.restart();
    expect(h.context.digests?.forGuild(h.guild.id)).toHaveLength(2);
  });
});
