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
import { commandLine } from '../i18n/command-localizations.js';
import { isLocale, type Locale } from '../i18n/locales.js';
import { wordsIn } from '../i18n/words.js';
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
import { type AutocompleteChoice, type Command, type CommandContext, readerLanguage } from './command.js';
import { type CooldownRule, defaultCooldown } from './cooldowns.js';
import {
  botPermissionsIn,
  cannotCheckChannel,
  cannotSeeChannel,
  invokerAccess,
  type SubscriptionAction,
  subscriptionFor,
  visibleSubscriptions,
} from './digest-access.js';
import {
  describeSchedule,
  describeState,
  historyReply,
  invokerCannotPostReply,
  listReply,
  localizedDetail,
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
      )
      .addStringOption((option) =>
        option
          .setName('language')
          .setDescription('The language digests are written in (default: the server’s language, else yours)')
          .addChoices(
            { name: 'English', value: 'en' },
            { name: 'Українська', value: 'uk' },
            { name: 'Русский', value: 'ru' },
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

/** A refusal of /digest in the reader's language. */
const refusal = (locale: Locale, key: string, values?: Record<string, unknown>) =>
  renderUserError(wordsIn(locale).t(`digests.command.${key}`, values));

/**
 * The language a new subscription's digests are written in: the one the moderator chose; else the
 * server's default for public answers, as it is now; else the moderator's own. A digest is public,
 * and the server's setting says what its public answers are in; without one, the moderator setting
 * it up is the best guess for who reads the channel (and the confirmation says which it took).
 */
async function digestLanguage(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
  context: CommandContext,
  reader: Locale,
): Promise<Locale> {
  const chosen = interaction.options.getString('language');
  if (isLocale(chosen)) return chosen;
  const server = await context.servers?.languageOf(interaction.guildId).catch((error: unknown) => {
    context.log.warn({ err: error, guild: interaction.guildId }, 'server language unreadable');
    return undefined;
  });
  return server ?? reader;
}

async function subscribe(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
  digests: DigestService,
  context: CommandContext,
  locale: Locale,
): Promise<ReplyPayload> {
  // A channel deleted between picking it and sending arrives without its resolved data.
  const channel = interaction.options.get('channel')?.channel;
  if (!channel) return refusal(locale, 'channelGone');
  const kind = channelKindOf(channel.type);
  if (!kind) return refusal(locale, 'wrongKind');
  if ('guildId' in channel && channel.guildId && channel.guildId !== interaction.guildId) {
    return refusal(locale, 'otherServer');
  }
  const role = interaction.options.getRole('ping_role');
  if (role && role.id === interaction.guildId) return refusal(locale, 'everyone');
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
    language: await digestLanguage(interaction, context, locale),
    requestedBy: interaction.user.id,
    readerLocale: locale,
  };
  const prepared = digests.prepare(request);
  if (!prepared.ok) return renderUserError(prepared.reason);
  // The moderator must be able to see the channel and post there themselves: sitrep posts for them.
  const access = await invokerAccess(interaction, channel.id);
  if (!access) return cannotCheckChannel(channel.id, locale);
  if (!access.visible) return cannotSeeChannel(channel.id, locale);
  const invokerMissing = missingInvokerPermissions(access.permissions, kind);
  if (invokerMissing.length > 0)
    return invokerCannotPostReply(channel.id, invokerMissing, 'subscribe', locale);
  const botPermissions = await botPermissionsIn(interaction, channel.id);
  const needs = { map: request.includeMap === true };
  const missing = missingPermissions(botPermissions, kind, needs);
  if (missing.length > 0) return permissionChecklistReply(channel.id, kind, missing, needs, locale);
  // A role that is not mentionable is pinged only by those allowed to mention every role.
  const mentionsEveryone = (bits: bigint | undefined) =>
    ((bits ?? 0n) & PermissionFlagsBits.MentionEveryone) === PermissionFlagsBits.MentionEveryone;
  const unmentionable = role !== null && !role.mentionable;
  if (unmentionable && !mentionsEveryone(access.permissions)) {
    return unmentionableRoleReply(role.id, channel.id, locale);
  }

  const outcome = await digests.subscribe(request);
  if (!outcome.ok) return renderUserError(outcome.reason);
  const { subscription, first } = outcome.value;
  const warnings =
    unmentionable && !mentionsEveryone(botPermissions)
      ? [wordsIn(locale).t('digests.command.roleNotMentionable', { role: role.id, channel: channel.id })]
      : [];
  const named = context.facts.in(locale);
  const topicNames = subscription.topics.map((id) => named.topic(id)?.name ?? id);
  return subscribedReply(
    subscription,
    digests.upcoming(subscription, 3),
    first,
    topicNames,
    warnings,
    locale,
  );
}

async function executeDigest(
  interaction: ChatInputCommandInteraction,
  context: CommandContext,
): Promise<ReplyPayload> {
  // Every /digest reply is the moderator's alone: in their language. The digests it posts are in
  // their subscriptions' languages.
  const locale = readerLanguage(context);
  const words = wordsIn(locale);
  const digests = context.digests;
  if (!digests) return refusal(locale, 'notRunning');
  if (!interaction.inGuild()) return refusal(locale, 'notInDm');
  const guildId = interaction.guildId;
  const subcommand = interaction.options.getSubcommand(true);
  if (subcommand === 'subscribe') return subscribe(interaction, digests, context, locale);
  if (subcommand === 'list') {
    if (!interaction.inCachedGuild()) return refusal(locale, 'cannotListYet');
    const { visible, hidden } = await visibleSubscriptions(interaction, digests.forGuild(guildId));
    return listReply(
      visible,
      (subscription) => digests.upcoming(subscription, 1)[0],
      digests.limits.maxPerGuild,
      hidden,
      locale,
    );
  }

  const id = interaction.options.getString('id', true);
  const find = (action: SubscriptionAction, posts = false) =>
    subscriptionFor(interaction, digests, id, action, { posts, locale });
  switch (subcommand) {
    case 'remove': {
      const found = await find('remove');
      if ('refusal' in found) return found.refusal;
      const removed = await digests.remove(guildId, found.subscription.id, locale);
      return removed.ok
        ? renderEphemeralText(
            words.t('digests.command.removed', { id: removed.value.id, channel: removed.value.channelId }),
          )
        : renderUserError(removed.reason);
    }
    case 'pause': {
      const found = await find('pause');
      if ('refusal' in found) return found.refusal;
      const paused = await digests.pause(guildId, found.subscription.id, locale);
      return paused.ok
        ? renderEphemeralText(
            words.t('digests.command.paused', {
              id: paused.value.id,
              channel: paused.value.channelId,
              resume: commandLine(locale, 'digest resume', [['id', paused.value.id]]),
            }),
          )
        : renderUserError(paused.reason);
    }
    case 'resume': {
      const found = await find('resume', true);
      if ('refusal' in found) return found.refusal;
      const { subscription } = found;
      const missing = missingPermissions(
        await botPermissionsIn(interaction, subscription.channelId),
        subscription.channelKind,
      );
      if (subscription.paused && missing.length > 0) {
        return permissionChecklistReply(
          subscription.channelId,
          subscription.channelKind,
          missing,
          undefined,
          locale,
        );
      }
      const resumed = await digests.resume(guildId, subscription.id, locale);
      if (!resumed.ok) return renderUserError(resumed.reason);
      const next = digests.upcoming(resumed.value, 1)[0];
      return renderEphemeralText(
        `${words.t('digests.command.resumed', { id: resumed.value.id, channel: resumed.value.channelId })}${next ? words.t('digests.command.nextRun', { when: `<t:${Math.floor(next.dueAt / 1000)}:F>` }) : ''}`,
      );
    }
    case 'preview': {
      const found = await find('preview');
      if ('refusal' in found) return found.refusal;
      const { subscription } = found;
      // The digest as the channel would get it, in its language; the note above it in the moderator's.
      const { digest, map, wouldPost } = await digests.preview(subscription);
      const text = renderBriefEmbed(digest.brief, { ephemeral: true });
      const reply = map
        ? withEmbedImage(text, { name: digestMapFileName, data: map.png, description: map.altText })
        : text;
      const status = `${words.t('digests.command.preview', {
        id: subscription.id,
        channel: subscription.channelId,
        state: describeState(subscription, locale),
      })}${wouldPost ? '' : words.t('digests.command.previewQuiet')}`;
      return { ...reply, content: truncate(status, DiscordLimits.messageContent) };
    }
    case 'test': {
      const found = await find('test', true);
      if ('refusal' in found) return found.refusal;
      const { subscription } = found;
      const report = await digests.postTest(subscription);
      if (report.result === 'posted')
        return renderEphemeralText(
          words.t('digests.command.testPosted', { channel: subscription.channelId }),
        );
      return renderUserError(
        `${words.t('digests.command.testFailed', {
          channel: subscription.channelId,
          detail: report.detail
            ? localizedDetail(report.detail, words)
            : locale === 'en'
              ? report.result
              : words.t(`digests.replies.result.${report.result}`),
        })}${report.result === 'paused' ? words.t('digests.command.testPausedHint', { resume: commandLine(locale, 'digest resume') }) : ''}`,
      );
    }
    case 'history': {
      const found = await find('history');
      if ('refusal' in found) return found.refusal;
      return historyReply(found.subscription, locale);
    }
    default:
      return refusal(locale, 'unknownSubcommand', {
        digest: commandLine(locale, 'digest'),
        subcommand: truncate(subcommand, 30),
        list: commandLine(locale, 'digest list'),
      });
  }
}

function topicChoices(typed: string, context: CommandContext): AutocompleteChoice[] {
  const parts = typed.split(',');
  const current = (parts.pop() ?? '').trim();
  const chosen = parts.map((part) => part.trim()).filter(Boolean);
  const prefix = chosen.length > 0 ? `${chosen.join(', ')}, ` : '';
  // Topic names in the moderator's language; subscribing reads them in it (or in English).
  return context.facts
    .in(readerLanguage(context))
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
  const locale = readerLanguage(context);
  switch (focused.name) {
    case 'schedule': {
      const zone = interaction.options.getString('timezone') ?? defaultTimeZone;
      const resolved = resolveTimeZone(zone) ?? defaultTimeZone;
      return scheduleChoices(typed, resolved, context.clock.now().getTime(), locale);
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
          `${subscription.id} · #${subscription.channelName} · ${describeSchedule(subscription.schedule, locale)}${subscription.paused ? wordsIn(locale).t('digests.command.pausedChoice') : ''}`,
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
