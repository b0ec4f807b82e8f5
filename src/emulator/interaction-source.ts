// Where an interaction comes from: a guild channel, the bot's DM with the user, or a group DM where
// only a user-installed command can run; and whether a registered command is offered there at all.
import {
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import { effectiveContexts } from './command-rules.js';
import { payloadLimits } from './payload-limits.js';
import { channelPayload, memberPayload, privateChannelPayload } from './payloads.js';
import { defaultUserId, type EmulatedPrivateChannel, type RegisteredCommand, type World } from './world.js';

type InvokeContext = 'guild' | 'bot-dm' | 'private-channel';
type Installation = 'guild' | 'user';

export interface InvokeExtra {
  /** For commands with subcommands: which one ("subscribe"); `options` are then its options. */
  subcommand?: string;
  /**
   * Server-wide permissions the invoking member holds beyond @everyone's, through a role the
   * emulator makes for them (announced with GUILD_ROLE_CREATE first), as members hold them on
   * Discord. The payload's `member.permissions` and each resolved channel's `permissions` are then
   * computed from @everyone, the member's roles and the channel's overwrites, as discord.js does.
   */
  memberPermissions?: bigint;
  locale?: string;
  timeoutMs?: number;
  userId?: string;
  /**
   * Where the user is: a guild channel (the default), the bot's DM with them ('bot-dm': no guild,
   * `user` instead of `member`), or a group DM of theirs ('private-channel', for user-installed
   * commands only). For the last two the channel is the user's own, made when first needed.
   */
  context?: InvokeContext;
  /** How the app is installed for this use: to the guild (the default) or to the user. */
  installation?: Installation;
  /**
   * Changes the INTERACTION_CREATE payload before it is sent: to send what Discord should never
   * send (options of the wrong type, a guild-only command from a DM), and see the bot cope.
   */
  rewrite?: (payload: Record<string, unknown>) => Record<string, unknown>;
}

/** What the app may do in a DM with a user, and in a group DM it was brought into by a user install. */
const botDmPermissions =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseExternalEmojis;
const userInstallPermissions =
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.MentionEveryone |
  PermissionFlagsBits.UseExternalEmojis;

const contextCodes: Record<InvokeContext, InteractionContextType> = {
  guild: InteractionContextType.Guild,
  'bot-dm': InteractionContextType.BotDM,
  'private-channel': InteractionContextType.PrivateChannel,
};

export interface InteractionSource {
  context: InvokeContext;
  installation: Installation;
  guildId: string | undefined;
  channelId: string;
  userId: string;
  roleIds: readonly string[];
  /** The fields every INTERACTION_CREATE from here carries, besides id, type, token and data. */
  fields: Record<string, unknown>;
}

/**
 * Where an interaction comes from. `roleIds` are the member's roles in a guild (none elsewhere).
 * Throws for what no real client could send: a guild interaction without a guild or from an unknown
 * channel, a group DM interaction from a guild install.
 */
export function interactionSource(
  world: World,
  guildId: string | undefined,
  channelId: string,
  extra: InvokeExtra,
  roleIds: readonly string[],
): InteractionSource {
  const context = extra.context ?? 'guild';
  const installation = extra.installation ?? 'guild';
  const userId = extra.userId ?? defaultUserId;
  const owners =
    installation === 'guild'
      ? { [ApplicationIntegrationType.GuildInstall]: context === 'guild' ? (guildId ?? '0') : '0' }
      : { [ApplicationIntegrationType.UserInstall]: userId };
  const common = {
    locale: extra.locale ?? 'en-US',
    entitlements: [],
    authorizing_integration_owners: owners,
    context: contextCodes[context],
    attachment_size_limit: payloadLimits.uploadBytes,
  };
  if (context === 'guild') {
    if (guildId === undefined) throw new Error('a guild interaction needs the guild it comes from');
    const channel = world.channels.get(channelId);
    if (!channel) throw new Error(`no channel ${channelId}`);
    const permissions = String(world.permissionsOf(guildId, userId, roleIds, channel));
    return {
      context,
      installation,
      guildId,
      channelId,
      userId,
      roleIds,
      fields: {
        ...common,
        guild_id: guildId,
        guild: { id: guildId, locale: 'en-US', features: [] },
        guild_locale: 'en-US',
        channel_id: channel.id,
        // Discord sends the member's permissions in the channel the interaction came from.
        channel: { ...channelPayload(channel, world), permissions },
        member: { ...memberPayload(world.user(userId), roleIds), permissions },
        app_permissions: String(channel.botPermissions),
      },
    };
  }
  if (context === 'private-channel' && installation !== 'user') {
    throw new Error('a group DM interaction comes only from a user-installed command');
  }
  const channel = privateChannelFor(world, context, channelId, userId);
  const permissions = context === 'bot-dm' ? botDmPermissions : userInstallPermissions;
  return {
    context,
    installation,
    guildId: undefined,
    channelId: channel.id,
    userId,
    roleIds: [],
    fields: {
      ...common,
      channel_id: channel.id,
      channel: { ...privateChannelPayload(channel, world), permissions: String(permissions) },
      user: world.user(userId),
      app_permissions: String(permissions),
    },
  };
}

/** The DM or group DM named by `channelId` if it is the user's, else the user's own, made on demand. */
function privateChannelFor(
  world: World,
  context: 'bot-dm' | 'private-channel',
  channelId: string,
  userId: string,
): EmulatedPrivateChannel {
  const named = world.privateChannels.get(channelId);
  const wanted = context === 'bot-dm' ? world.dmChannel.bind(world) : world.groupDmChannel.bind(world);
  if (named?.recipientIds.includes(userId) && named.botIsMember === (context === 'bot-dm')) return named;
  return wanted(userId);
}

/**
 * Why a client would not offer this command here, or undefined when it would: a guild command only
 * in its guild, a global one where its `contexts` (all, when unsaid) and `integration_types` allow.
 */
export function unavailableReason(
  command: RegisteredCommand,
  guildCommand: boolean,
  source: Pick<InteractionSource, 'context' | 'installation'>,
  inItsGuild = true,
): string | undefined {
  const label = `"${command.name}"`;
  if (guildCommand && (source.context !== 'guild' || source.installation !== 'guild' || !inItsGuild)) {
    return `${label} is registered in one guild, so it is offered only there, by its guild install`;
  }
  const install =
    source.installation === 'guild'
      ? ApplicationIntegrationType.GuildInstall
      : ApplicationIntegrationType.UserInstall;
  if (!command.integration_types.includes(install)) {
    return `${label} is registered for integration_types ${JSON.stringify(command.integration_types)}, not a ${source.installation} install`;
  }
  const contexts = effectiveContexts(command, guildCommand);
  if (!contexts.includes(contextCodes[source.context])) {
    return `${label} is registered for contexts ${JSON.stringify(contexts)}, not ${source.context} (${contextCodes[source.context]})`;
  }
  return undefined;
}
