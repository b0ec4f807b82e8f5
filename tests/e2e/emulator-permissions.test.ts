// The emulator sends a member's permissions as Discord does, and consistently: the interaction's
// `member.permissions` (in the channel it came from) and each resolved channel's `permissions` are
// what discord.js computes from the guild roles and channel overwrites it caches.
import { ChannelType, type Client, Events, PermissionFlagsBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordClient } from '../../src/bot/discord-client.js';
import { registerCommands } from '../../src/bot/register-commands.js';
import { DiscordEmulator, type EmulatedGuild } from '../../src/emulator/discord-emulator.js';
import { eventually } from '../support/bot-harness.js';

const token = 'emulator.permissions-token.0123456789abcdef';

interface Seen {
  /** `member.permissions` as sent. */
  sent: bigint;
  /** discord.js's own computation in the interaction's channel. */
  computedHere: bigint;
  /** The resolved channel's `permissions` as sent, and discord.js's computation there. */
  sentThere?: bigint;
  computedThere?: bigint;
}

let emulator: DiscordEmulator;
let client: Client | undefined;
afterEach(async () => {
  await client?.destroy();
  client = undefined;
  await emulator.stop();
});

async function start(): Promise<{ guild: EmulatedGuild; seen: Seen[] }> {
  emulator = new DiscordEmulator({ token });
  await emulator.start();
  const guild = emulator.addGuild('Permissions', [
    { name: 'general' },
    { name: 'read-only' },
    { name: 'staff' },
  ]);
  await registerCommands(
    [
      {
        name: 'probe',
        description: 'probe',
        options: [{ type: 7, name: 'channel', description: 'a channel', required: false }],
      },
    ],
    { token, apiUrl: emulator.apiUrl, guildId: guild.id },
  );
  const seen: Seen[] = [];
  const bot = createDiscordClient({ apiUrl: emulator.apiUrl });
  client = bot;
  // The raw payload, for the resolved channel's `permissions`, which discord.js does not keep.
  const sentThere = new Map<string, bigint>();
  bot.on(Events.Raw, (packet: { t?: string; d?: Record<string, unknown> }) => {
    if (packet.t !== 'INTERACTION_CREATE') return;
    const resolved = (packet.d?.data as { resolved?: { channels?: Record<string, { permissions: string }> } })
      ?.resolved?.channels;
    for (const channel of Object.values(resolved ?? {}))
      sentThere.set(String(packet.d?.id), BigInt(channel.permissions));
  });
  bot.on(Events.InteractionCreate, async (interaction) => {
    if (!interaction.isChatInputCommand() || !interaction.inCachedGuild()) return;
    const here = interaction.channel;
    const target = interaction.options.getChannel('channel');
    const targetInGuild = target ? interaction.guild.channels.cache.get(target.id) : undefined;
    seen.push({
      sent: interaction.memberPermissions.bitfield,
      computedHere: here?.permissionsFor(interaction.member)?.bitfield ?? -1n,
      sentThere: sentThere.get(interaction.id),
      computedThere: targetInGuild?.permissionsFor(interaction.member)?.bitfield,
    });
    await interaction.reply({ content: 'ok', flags: 64 });
  });
  await bot.login(token);
  await eventually(() => bot.guilds.cache.has(guild.id), 'the guild');
  return { guild, seen };
}

describe('member permissions in interactions', () => {
  it('match what discord.js computes from roles and overwrites, for every member and channel', async () => {
    const { guild, seen } = await start();
    const [general, readOnly, staff] = ['general', 'read-only', 'staff'].map(
      (name) => emulator.channelByName(guild.id, name).id,
    ) as [string, string, string];
    const moderators = emulator.addRole(guild.id, 'moderators', {
      permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ManageThreads,
      mentionable: false,
    });
    const admins = emulator.addRole(guild.id, 'admins', { permissions: PermissionFlagsBits.Administrator });
    emulator.setMemberRoles(guild.id, '200000000000000002', [moderators.id]);
    emulator.setMemberRoles(guild.id, '200000000000000004', [admins.id]);
    emulator.setPermissionOverwrite(readOnly, {
      id: guild.id,
      type: 'role',
      deny: PermissionFlagsBits.SendMessages,
    });
    emulator.setPermissionOverwrite(readOnly, {
      id: moderators.id,
      type: 'role',
      allow: PermissionFlagsBits.SendMessages,
    });
    emulator.setPermissionOverwrite(staff, {
      id: guild.id,
      type: 'role',
      deny: PermissionFlagsBits.ViewChannel,
    });
    emulator.setPermissionOverwrite(staff, {
      id: moderators.id,
      type: 'role',
      allow: PermissionFlagsBits.ViewChannel,
    });
    emulator.hideChannelFrom(general, '200000000000000003');
    const thread = emulator.addChannel(guild.id, {
      name: 'a-thread',
      type: ChannelType.PublicThread,
      parent: 'read-only',
    });
    await eventually(() => {
      const cached = client?.guilds.cache.get(guild.id)?.channels.cache.get(general);
      return (
        (client?.channels.cache.has(thread.id) ?? false) &&
        cached !== undefined &&
        !cached.isThread() &&
        cached.permissionOverwrites.cache.size === 2
      );
    }, 'the bot to learn of the changes');

    const members: [string, bigint | undefined][] = [
      ['100000000000000001', undefined], // the owner
      ['200000000000000002', undefined], // a moderator by role
      ['200000000000000003', PermissionFlagsBits.ManageGuild], // a role made from memberPermissions
      ['200000000000000004', undefined], // an Administrator
      ['200000000000000005', undefined], // @everyone only
    ];
    let invocations = 0;
    for (const [userId, memberPermissions] of members) {
      for (const from of [general, readOnly, staff]) {
        for (const target of [general, readOnly, staff, thread.id]) {
          await emulator.invokeCommand(
            guild.id,
            from,
            'probe',
            { channel: target },
            { userId, memberPermissions },
          );
          invocations++;
          const last = seen.at(-1);
          expect(last?.sent, `${userId} in ${from}`).toBe(last?.computedHere);
          expect(last?.sentThere, `${userId} for ${target}`).toBe(last?.computedThere);
        }
      }
    }
    expect(seen).toHaveLength(invocations);
    // The cases differ: the figures are not all one value.
    expect(new Set(seen.map((entry) => entry.sentThere)).size).toBeGreaterThan(4);
  });

  it('sends a private thread as unseen to a member who has not joined it, and seen once they join', async () => {
    const { guild, seen } = await start();
    const thread = emulator.addChannel(guild.id, {
      name: 'private',
      type: ChannelType.PrivateThread,
      parent: 'general',
    });
    await eventually(() => client?.channels.cache.has(thread.id) ?? false, 'the thread');
    const general = emulator.channelByName(guild.id, 'general').id;
    const probe = () =>
      emulator.invokeCommand(
        guild.id,
        general,
        'probe',
        { channel: thread.id },
        { userId: '200000000000000009' },
      );
    await probe();
    expect((seen.at(-1)?.sentThere ?? 0n) & PermissionFlagsBits.ViewChannel).toBe(0n);
    // discord.js takes a thread's permissions from its parent and knows nothing of membership: the bot
    // must ask (GET /channels/{thread}/thread-members/{user}).
    expect((seen.at(-1)?.computedThere ?? 0n) & PermissionFlagsBits.ViewChannel).toBe(
      PermissionFlagsBits.ViewChannel,
    );
    const rest = client?.rest;
    await expect(rest?.get(`/channels/${thread.id}/thread-members/200000000000000009`)).rejects.toMatchObject(
      {
        code: 10007,
      },
    );
    emulator.addThreadMember(thread.id, '200000000000000009');
    await probe();
    expect((seen.at(-1)?.sentThere ?? 0n) & PermissionFlagsBits.ViewChannel).toBe(
      PermissionFlagsBits.ViewChannel,
    );
    await expect(
      rest?.get(`/channels/${thread.id}/thread-members/200000000000000009`),
    ).resolves.toMatchObject({
      user_id: '200000000000000009',
    });
  });
});
