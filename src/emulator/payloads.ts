// The world's objects as Discord sends them (channel, role, member and guild payloads), for the
// gateway's events and REST's answers alike.
import { ChannelType } from 'discord-api-types/v10';
import {
  allPermissions,
  type BotUser,
  type EmulatedChannel,
  type EmulatedGuild,
  type EmulatedRole,
  isThread,
} from './world.js';

export function channelPayload(channel: EmulatedChannel, botUserId: string) {
  return {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guildId,
    name: channel.name,
    position: 0,
    // The bot's permissions are modelled as a member overwrite, so discord.js computes exactly them;
    // the others are the channel's own, for roles (type 0) and members (type 1).
    permission_overwrites: isThread(channel)
      ? []
      : [
          {
            id: botUserId,
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
    parent_id: channel.parentId ?? null,
    ...(channel.type === ChannelType.PublicThread || channel.type === ChannelType.PrivateThread
      ? {
          thread_metadata: {
            archived: false,
            auto_archive_duration: 1440,
            archive_timestamp: new Date().toISOString(),
            locked: false,
          },
        }
      : {}),
    ...(channel.type === ChannelType.GuildForum ? { available_tags: [], default_reaction_emoji: null } : {}),
  };
}

export function rolePayload(role: EmulatedRole, position: number) {
  return {
    id: role.id,
    name: role.name,
    permissions: String(role.permissions),
    position,
    color: 0,
    hoist: false,
    managed: false,
    mentionable: role.mentionable,
    flags: 0,
  };
}

export function botMemberPayload(botUser: BotUser) {
  return {
    user: botUser,
    roles: [],
    joined_at: new Date(0).toISOString(),
    deaf: false,
    mute: false,
    flags: 0,
  };
}

export function guildPayload(guild: EmulatedGuild, botUser: BotUser) {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [
      {
        id: guild.id,
        name: '@everyone',
        permissions: String(guild.everyonePermissions),
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
      ...guild.roles.map((role, index) => rolePayload(role, index + 1)),
    ],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    system_channel_id: guild.systemChannelId ?? null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: 2,
    members: [botMemberPayload(botUser)],
    voice_states: [],
    channels: guild.channels
      .filter((channel) => !isThread(channel))
      .map((channel) => channelPayload(channel, botUser.id)),
    threads: guild.channels.filter(isThread).map((channel) => channelPayload(channel, botUser.id)),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export function threadMemberPayload(threadId: string, userId: string) {
  return { id: threadId, user_id: userId, join_timestamp: new Date(0).toISOString(), flags: 0 };
}
