// The world's objects as Discord sends them (channels, roles, members, guilds, messages), for the
// gateway's events and REST's answers alike. Each carries every field Discord's OpenAPI document
// marks required in its response schema (tests/e2e/emulator-spec.test.ts holds them to it).
import { ChannelType } from 'discord-api-types/v10';
import {
  allPermissions,
  type EmulatedChannel,
  type EmulatedGuild,
  type EmulatedMessage,
  type EmulatedPrivateChannel,
  type EmulatedRole,
  type EmulatedUser,
  isThread,
  type World,
} from './world.js';

function lastMessageId(world: World, channelId: string): string | null {
  return world.messages.get(channelId)?.at(-1)?.id ?? null;
}

export function channelPayload(channel: EmulatedChannel, world: World) {
  const common = {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guildId,
    name: channel.name,
    flags: 0,
    parent_id: channel.parentId ?? null,
    last_message_id: lastMessageId(world, channel.id),
    rate_limit_per_user: 0,
  };
  if (isThread(channel)) {
    const messageCount = world.messages.get(channel.id)?.length ?? 0;
    const created = new Date(Number((BigInt(channel.id) >> 22n) + 1420070400000n)).toISOString();
    return {
      ...common,
      owner_id: channel.ownerId ?? world.guilds.get(channel.guildId)?.ownerId ?? world.botUser.id,
      thread_metadata: {
        archived: false,
        auto_archive_duration: 1440,
        archive_timestamp: created,
        locked: false,
        create_timestamp: created,
        ...(channel.type === ChannelType.PrivateThread ? { invitable: true } : {}),
      },
      message_count: messageCount,
      total_message_sent: messageCount,
      member_count: channel.threadMembers?.size ?? 0,
      ...(world.channels.get(channel.parentId ?? '')?.type === ChannelType.GuildForum
        ? { applied_tags: [] }
        : {}),
    };
  }
  const position = world.guilds
    .get(channel.guildId)
    ?.channels.filter((other) => !isThread(other))
    .indexOf(channel);
  return {
    ...common,
    position: Math.max(position ?? 0, 0),
    // The bot's permissions are modelled as a member overwrite, so discord.js computes exactly them;
    // the others are the channel's own, for roles (type 0) and members (type 1).
    permission_overwrites: [
      {
        id: world.botUser.id,
        type: 1,
        allow: String(channel.botPermissions),
        deny: String(allPermissions & ~channel.botPermissions),
      },
      ...channel.overwrites.map((overwrite) => ({
        id: overwrite.id,
        type: overwrite.type === 'role' ? 0 : 1,
        allow: String(overwrite.allow),
        deny: String(overwrite.deny),
      })),
    ],
    nsfw: false,
    topic: null,
    ...(channel.type === ChannelType.GuildForum
      ? {
          available_tags: [],
          default_reaction_emoji: null,
          default_sort_order: null,
          default_forum_layout: 0,
          default_thread_rate_limit_per_user: 0,
        }
      : {}),
  };
}

/** A DM (PrivateChannelResponse) or group DM (PrivateGroupChannelResponse). */
export function privateChannelPayload(channel: EmulatedPrivateChannel, world: World) {
  const common = {
    id: channel.id,
    type: channel.type,
    last_message_id: lastMessageId(world, channel.id),
    flags: 0,
    recipients: channel.recipientIds.map((id) => world.user(id)),
  };
  if (channel.type === ChannelType.DM) return common;
  return { ...common, name: null, icon: null, owner_id: channel.ownerId };
}

export function rolePayload(role: EmulatedRole, position: number) {
  return {
    id: role.id,
    name: role.name,
    permissions: String(role.permissions),
    position,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    managed: false,
    mentionable: role.mentionable,
    flags: 0,
  };
}

export function memberPayload(user: EmulatedUser, roles: readonly string[]) {
  return {
    user,
    roles: [...roles],
    nick: null,
    avatar: null,
    banner: null,
    joined_at: new Date(0).toISOString(),
    premium_since: null,
    communication_disabled_until: null,
    pending: false,
    deaf: false,
    mute: false,
    flags: 0,
  };
}

/** A message as Discord returns it: what the bot asked for `allowed_mentions` is not part of it. */
export function messagePayload(message: EmulatedMessage) {
  const { allowed_mentions: _asked, ...payload } = message;
  return payload;
}

export function guildPayload(guild: EmulatedGuild, world: World) {
  const { botUser } = world;
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    home_header: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    application_id: null,
    region: 'deprecated',
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [
      rolePayload(
        { id: guild.id, name: '@everyone', permissions: guild.everyonePermissions, mentionable: false },
        0,
      ),
      ...guild.roles.map((role, index) => rolePayload(role, index + 1)),
    ],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    system_channel_id: guild.systemChannelId ?? null,
    system_channel_flags: 0,
    rules_channel_id: null,
    safety_alerts_channel_id: null,
    public_updates_channel_id: null,
    vanity_url_code: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: 'en-US',
    max_presences: null,
    max_members: 25_000_000,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw: false,
    nsfw_level: 0,
    incidents_data: null,
    // What GUILD_CREATE adds to the guild object.
    joined_at: new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: 2,
    members: [memberPayload(botUser, [])],
    voice_states: [],
    channels: guild.channels
      .filter((channel) => !isThread(channel))
      .map((channel) => channelPayload(channel, world)),
    threads: guild.channels.filter(isThread).map((channel) => channelPayload(channel, world)),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export function threadMemberPayload(threadId: string, userId: string) {
  return { id: threadId, user_id: userId, join_timestamp: new Date(0).toISOString(), flags: 0 };
}
