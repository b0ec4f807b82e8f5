// /digest: moderators subscribe channels to scheduled situation digests and manage them.
// Guild-only, Manage Server by default; admins can grant it to other roles in Server Settings →
// Integrations, so the handler deliberately does not re-check Manage Server itself.

import {
  type AutocompleteInteraction,
  ChannelType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type SlashCommandStringOption,
} from 'discord.js';
import { digestMapFileName } from '../delivery/digest-message.js';
import type { DigestService } from '../delivery/digest-service.js';
import {
  type ReplyPayload,
  renderBriefEmbed,
  renderEphemeralText,
  renderUserError,
  withEmbedImage,
} from '../render/discord-embed.js';
import { DiscordLimits } from '../render/discord-limits.js';
import { resolveTimeZone, suggestTimeZones } from '../scheduler/time-zones.js';
import type { ChannelKind } from '../store/subscription.js';
import { truncate } from '../text.js';
import type { AutocompleteChoice, Command, CommandContext } from './command.js';
import { type CooldownRule, defaultCooldown } from './cooldowns.js';
import {
  botPermissionsIn,
  cannotCheckChannel,
  cannotSeeChannel,
  invokerAccess,
  subscriptionFor,
  visibleSubscriptions,
} from './digest-access.js';
import {
  describeState,
  historyReply,
  invokerCannotPostReply,
  listReply,
  missingInvokerPermissions,
  missingPermissions,
  permissionChecklistReply,
  scheduleChoices,
  subscribedReply,
  unmentionableRoleReply,
} from './digest-replies.js';

const postableChannelTypes = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
  ChannelType.GuildForum,
] as const;

function channelKindOf(type: ChannelType): ChannelKind | undefined {
  switch (type) {
    case ChannelType.GuildText:
      return 'text';
    case ChannelType.GuildAnnouncement:
      return 'announcement';
    case ChannelType.PublicThread:
    case ChannelType.PrivateThread:
    case ChannelType.AnnouncementThread:
      return 'thread';
    case ChannelType.GuildForum:
      return 'forum';
    default:
      return undefined;
  }
}

const idOption = (option: SlashCommandStringOption) =>
  option
    .setName('id')
    .setDescription('The subscription (see /digest list)')
    .setRequired(true)
    .setMaxLength(20)
    .setAutocomplete(true);

const data = new SlashCommandBuilder()
  .setName('digest')
  .setDescription('Scheduled situation digests for a channel (moderators)')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    sub
      .setName('subscribe')
      .setDescription('Post a digest in a channel on a schedule')
      .addChannelOption((option) =>
        option
          .setName('channel')
          .setDescription('Where to post: a text, announcement, thread or forum channel')
          .setRequired(true)
          .addChannelTypes(...postableChannelTypes),
      )
      .addStringOption((option) =>
        option
          .setName('schedule')
          .setDescription(
            'A preset such as "daily 08:00" or "weekly mon 09:00", or a 5-field cron expression',
          )
          .setRequired(true)
          .setMaxLength(100)
          .setAutocomplete(true),
      )
      .addStringOption((option) =>
        option
          .setName('timezone')
          .setDescription('IANA time zone for the schedule, e.g. Europe/Kyiv (default: the bot’s setting)')
          .setMaxLength(64)
          .setAutocomplete(true),
      )
      .addStringOption((option) =>
        option
          .setName('topics')
          .setDescription('Only these topics, comma-separated (default: everything)')
          .setMaxLength(200)
          .setAutocomplete(true),
      )
      .addBooleanOption((option) =>
        option.setName('quiet').setDescription('Post nothing when nothing changed (default: false)'),
      )
      .addBooleanOption((option) =>
        option
          .setName('map')
          .setDescription('Attach a map of where the changes are (default: false; needs Attach Files)'),
      )
      .addRoleOption((option) =>
        option.setName('ping_role').setDescription('A role to ping with each digest (default: nobody)'),
      )
      .addBooleanOption((option) =>
        option
          .setName('publish')
          .setDescription(
            'Publish each digest to the servers following this announcement channel (default: false)',
          ),
      ),
  )
  .addSubcommand((sub) => sub.setName('list').setDescription('This server’s digest subscriptions'))
  .addSubcommand((sub) =>
    sub.setName('remove').setDescription('Delete a subscription').addStringOption(idOption),
  )
  .addSubcommand((sub) =>
    sub.setName('pause').setDescription('Stop posting until resumed').addStringOption(idOption),
  )
  .addSubcommand((sub) =>
    sub.setName('resume').setDescription('Resume a paused subscription').addStringOption(idOption),
  )
  .addSubcommand((sub) =>
    sub
      .setName('preview')
      .setDescription('See (privately) what the next digest would post')
      .addStringOption(idOption),
  )
  .addSubcommand((sub) =>
    sub.setName('test').setDescription('Post the next digest now, as a test').addStringOption(idOption),
  )
  .addSubcommand((sub) =>
    sub
      .setName('history')
      .setDescription('The last deliveries of a subscription, with links')
      .addStringOption(idOption),
  )
  .toJSON();

const notRunning = renderUserError(
  'Digests are not running in this process. An operator needs to check the bot’s logs.',
);

const cannotListYet = renderUserError(
  'sitrep could not check which channels you can see (its view of this server is still loading). Try again in a minute.',
);

async function subscribe(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
  digests: DigestService,
  context: CommandContext,
): Promise<ReplyPayload> {
  // A channel deleted between picking it and sending arrives without its resolved data.
  const channel = interaction.options.get('channel')?.channel;
  if (!channel) {
    return renderUserError('That channel no longer exists, or sitrep cannot see it. Pick another channel.');
  }
  const kind = channelKindOf(channel.type);
  if (!kind) {
    return renderUserError(
      'Digests can go to a text, announcement, thread or forum channel. Pick one of those.',
    );
  }
  if ('guildId' in channel && channel.guildId && channel.guildId !== interaction.guildId) {
    return renderUserError('That channel belongs to another server. Pick a channel in this one.');
  }
  const role = interaction.options.getRole('ping_role');
  if (role && role.id === interaction.guildId) {
    return renderUserError('Pick a specific role to ping; sitrep never pings @everyone.');
  }
  // Validate what costs nothing first, so a typo is reported before permissions are looked up.
  const request = {
    guildId: interaction.guildId,
    channel: { id: channel.id, name: channel.name ?? channel.id, kind },
    schedule: interaction.options.getString('schedule', true),
    timeZone: interaction.options.getString('timezone'),
    topics: interaction.options.getString('topics'),
    quiet: interaction.options.getBoolean('quiet'),
    includeMap: interaction.options.getBoolean('map'),
    publish: interaction.options.getBoolean('publish'),
    pingRoleId: role?.id ?? null,
    requestedBy: interaction.user.id,
  };
  const prepared = digests.prepare(request);
  if (!prepared.ok) return renderUserError(prepared.reason);
  // The moderator must be able to see the channel and post there themselves: sitrep posts for them.
  const access = await invokerAccess(interaction, channel.id);
  if (!access) return cannotCheckChannel(channel.id);
  if (!access.visible) return cannotSeeChannel(channel.id);
  const invokerMissing = missingInvokerPermissions(access.permissions, kind);
  if (invokerMissing.length > 0) return invokerCannotPostReply(channel.id, invokerMissing, 'subscribe');
  const botPermissions = await botPermissionsIn(interaction, channel.id);
  const needs = { map: request.includeMap === true };
  const missing = missingPermissions(botPermissions, kind, needs);
  if (missing.length > 0) return permissionChecklistReply(channel.id, kind, missing, needs);
  // A role that is not mentionable is pinged only by those allowed to mention every role.
  const mentionsEveryone = (bits: bigint | undefined) =>
    ((bits ?? 0n) & PermissionFlagsBits.MentionEveryone) === PermissionFlagsBits.MentionEveryone;
  const unmentionable = role !== null && !role.mentionable;
  if (unmentionable && !mentionsEveryone(access.permissions)) {
    return unmentionableRoleReply(role.id, channel.id);
  }

  const outcome = await digests.subscribe(request);
  if (!outcome.ok) return renderUserError(outcome.reason);
  const { subscription, first } = outcome.value;
  const warnings =
    unmentionable && !mentionsEveryone(botPermissions)
      ? [
          `<@&${role.id}> is not mentionable: the ping notifies nobody until sitrep has Mention @everyone, @here and All Roles in <#${channel.id}>, or the role is made mentionable.`,
        ]
      : [];
  const topicNames = subscription.topics.map((id) => context.facts.topic(id)?.name ?? id);
  return subscribedReply(subscription, digests.upcoming(subscription, 3), first, topicNames, warnings);
}

async function executeDigest(
  interaction: ChatInputCommandInteraction,
  context: CommandContext,
): Promise<ReplyPayload> {
  const digests = context.digests;
  if (!digests) return notRunning;
  if (!interaction.inGuild())
    return renderUserError('Digests are set up inside a server, not in direct messages.');
  const guildId = interaction.guildId;
  const subcommand = interaction.options.getSubcommand(true);
  if (subcommand === 'subscribe') return subscribe(interaction, digests, context);
  if (subcommand === 'list') {
    if (!interaction.inCachedGuild()) return cannotListYet;
    const { visible, hidden } = await visibleSubscriptions(interaction, digests.forGuild(guildId));
    return listReply(
      visible,
      (subscription) => digests.upcoming(subscription, 1)[0],
      digests.limits.maxPerGuild,
      hidden,
    );
  }

  const id = interaction.options.getString('id', true);
  switch (subcommand) {
    case 'remove': {
      const found = await subscriptionFor(interaction, digests, id, 'remove');
      if ('refusal' in found) return found.refusal;
      const removed = await digests.remove(guildId, found.subscription.id);
      return removed.ok
        ? renderEphemeralText(
            `Removed digest \`${removed.value.id}\` for <#${removed.value.channelId}>. Nothing more will be posted there.`,
          )
        : renderUserError(removed.reason);
    }
    case 'pause': {
      const found = await subscriptionFor(interaction, digests, id, 'pause');
      if ('refusal' in found) return found.refusal;
      const paused = await digests.pause(guildId, found.subscription.id);
      return paused.ok
        ? renderEphemeralText(
            `Paused digest \`${paused.value.id}\` for <#${paused.value.channelId}>. Resume with \`/digest resume id:${paused.value.id}\`; the next digest then reports everything since the last one.`,
          )
        : renderUserError(paused.reason);
    }
    case 'resume': {
      const found = await subscriptionFor(interaction, digests, id, 'resume', { posts: true });
      if ('refusal' in found) return found.refusal;
      const { subscription } = found;
      const missing = missingPermissions(
        await botPermissionsIn(interaction, subscription.channelId),
        subscription.channelKind,
      );
      if (subscription.paused && missing.length > 0) {
        return permissionChecklistReply(subscription.channelId, subscription.channelKind, missing);
      }
      const resumed = await digests.resume(guildId, subscription.id);
      if (!resumed.ok) return renderUserError(resumed.reason);
      const next = digests.upcoming(resumed.value, 1)[0];
      return renderEphemeralText(
        `Resumed digest \`${resumed.value.id}\` for <#${resumed.value.channelId}>.${next ? ` Next run <t:${Math.floor(next.dueAt / 1000)}:F>.` : ''}`,
      );
    }
    case 'preview': {
      const found = await subscriptionFor(interaction, digests, id, 'preview');
      if ('refusal' in found) return found.refusal;
      const { subscription } = found;
      const { digest, map, wouldPost } = await digests.preview(subscription);
      const text = renderBriefEmbed(digest.brief, { ephemeral: true });
      const reply = map
        ? withEmbedImage(text, { name: digestMapFileName, data: map.png, description: map.altText })
        : text;
      const status = `Preview of digest \`${subscription.id}\` for <#${subscription.channelId}> (${describeState(subscription)}).${wouldPost ? '' : ' Nothing changed and the digest is quiet, so the next run would post nothing.'}`;
      return { ...reply, content: truncate(status, DiscordLimits.messageContent) };
    }
    case 'test': {
      const found = await subscriptionFor(interaction, digests, id, 'test', { posts: true });
      if ('refusal' in found) return found.refusal;
      const { subscription } = found;
      const report = await digests.postTest(subscription);
      if (report.result === 'posted')
        return renderEphemeralText(`Posted a test digest in <#${subscription.channelId}>.`);
      return renderUserError(
        `The test post to <#${subscription.channelId}> failed: ${report.detail ?? report.result}.${report.result === 'paused' ? ' The subscription is paused until that is fixed; then /digest resume.' : ''}`,
      );
    }
    case 'history': {
      const found = await subscriptionFor(interaction, digests, id, 'see the history of');
      if ('refusal' in found) return found.refusal;
      return historyReply(found.subscription);
    }
    default:
      return renderUserError(`Unknown /digest ${truncate(subcommand, 30)}. Try /digest list.`);
  }
}

function topicChoices(typed: string, context: CommandContext): AutocompleteChoice[] {
  const parts = typed.split(',');
  const current = (parts.pop() ?? '').trim();
  const chosen = parts.map((part) => part.trim()).filter(Boolean);
  const prefix = chosen.length > 0 ? `${chosen.join(', ')}, ` : '';
  return context.facts
    .suggestTopics(current, DiscordLimits.autocompleteChoices)
    .filter(({ item }) => !chosen.includes(item.name))
    .map(({ item }) => {
      const value = truncate(`${prefix}${item.name}`, DiscordLimits.choiceValue);
      return { name: truncate(value, DiscordLimits.choiceName), value };
    });
}

async function autocompleteDigest(
  interaction: AutocompleteInteraction,
  context: CommandContext,
): Promise<AutocompleteChoice[]> {
  const focused = interaction.options.getFocused(true);
  const typed = String(focused.value);
  const defaultTimeZone = context.config.digests.defaultTimeZone;
  switch (focused.name) {
    case 'schedule': {
      const zone = interaction.options.getString('timezone') ?? defaultTimeZone;
      const resolved = resolveTimeZone(zone) ?? defaultTimeZone;
      return scheduleChoices(typed, resolved, context.clock.now().getTime());
    }
    case 'timezone':
      return suggestTimeZones(typed, DiscordLimits.autocompleteChoices).map((zone) => ({
        name: zone,
        value: zone,
      }));
    case 'topics':
      return topicChoices(typed, context);
    case 'id': {
      if (!context.digests || !interaction.guildId) return [];
      const wanted = typed.trim().toLowerCase();
      const matching = context.digests
        .forGuild(interaction.guildId)
        .filter((subscription) =>
          `${subscription.id} ${subscription.channelName}`.toLowerCase().includes(wanted),
        );
      // Only subscriptions of channels the moderator can see: the others are not theirs to act on.
      const { visible } = await visibleSubscriptions(interaction, matching);
      return visible.slice(0, DiscordLimits.autocompleteChoices).map((subscription) => ({
        name: truncate(
          `${subscription.id} · #${subscription.channelName} · ${subscription.schedule.description}${subscription.paused ? ' (paused)' : ''}`,
          DiscordLimits.choiceName,
        ),
        value: subscription.id,
      }));
    }
    default:
      return [];
  }
}

/** /digest test posts into a channel; subscribing and previewing build digests. */
const digestCooldowns: Record<string, CooldownRule> = {
  test: { uses: 2, perSeconds: 60 },
  preview: { uses: 5, perSeconds: 30 },
  subscribe: { uses: 5, perSeconds: 60 },
};

export const digestCommand: Command = {
  data,
  examples: [
    '/digest subscribe channel:#front schedule:daily 08:00 timezone:Europe/Kyiv',
    '/digest list',
    '/digest preview id:…',
  ],
  ephemeralReplies: true,
  cooldown: (interaction) =>
    digestCooldowns[interaction.options.getSubcommand(false) ?? ''] ?? defaultCooldown,
  execute: executeDigest,
  autocomplete: autocompleteDigest,
};
