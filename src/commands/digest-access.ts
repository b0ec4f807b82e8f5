// Who may see and act on which digest: the invoking member's and the bot's access to a channel,
// computed from what discord.js caches, and the refusals /digest gives when access is missing.
import {
  type AutocompleteInteraction,
  ChannelType,
  type ChatInputCommandInteraction,
  DiscordAPIError,
  GuildMember,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  type ThreadChannel,
} from 'discord.js';
import type { DigestService } from '../delivery/digest-service.js';
import { unknownIdMessage } from '../delivery/subscription-requests.js';
import type { Locale } from '../i18n/locales.js';
import { wordsIn } from '../i18n/words.js';
import { type ReplyPayload, renderUserError } from '../render/discord-embed.js';
import type { Subscription } from '../store/subscription.js';
import { invokerCannotPostReply, missingInvokerPermissions } from './digest-replies.js';

const unknownDigest = (id: string, locale: Locale) => renderUserError(unknownIdMessage(id, locale));

/** The bot's permissions in a channel, from the cache the Guilds intent keeps; undefined if it cannot see it. */
export async function botPermissionsIn(
  interaction: ChatInputCommandInteraction,
  channelId: string,
): Promise<bigint | undefined> {
  const guild = interaction.guild;
  if (!guild) return undefined;
  const channel = guild.channels.cache.get(channelId);
  if (!channel) return undefined;
  const me = guild.members.me ?? (await guild.members.fetchMe().catch(() => undefined));
  if (!me) return undefined;
  return channel.permissionsFor(me)?.bitfield;
}

/** What the member who invoked a command may do in a channel. */
export interface InvokerAccess {
  /** They see the channel: View Channel there, and for a private thread, joined it or Manage Threads. */
  visible: boolean;
  /** Their permissions there (none when they cannot see it). */
  permissions: bigint;
}

const cannotSee: InvokerAccess = { visible: false, permissions: 0n };

/** Whether a user has joined a thread, asked of Discord; undefined when it did not say. */
async function isThreadMember(thread: ThreadChannel, userId: string): Promise<boolean | undefined> {
  try {
    await thread.members.fetch({ member: userId, force: true, cache: false });
    return true;
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMember) return false;
    return undefined;
  }
}

/**
 * The invoking member's access to a channel, computed as Discord does from the guild discord.js
 * caches (its roles, and the channel's or a thread's parent's overwrites): sitrep never posts, shows
 * or changes anything for a moderator in a channel they cannot see. A private thread also needs its
 * membership (asked of Discord: with only the Guilds intent, the bot is not told who joins) or Manage
 * Threads. A channel not in the cache (deleted, or hidden from sitrep) counts as seen only by those
 * who see every channel: the owner and Administrators. Undefined when sitrep cannot tell: the
 * guild is still loading, or Discord did not answer about a thread's membership.
 */
export async function invokerAccess(
  interaction: ChatInputCommandInteraction | AutocompleteInteraction,
  channelId: string,
): Promise<InvokerAccess | undefined> {
  const guild = interaction.guild;
  const member = interaction.member;
  if (!guild || !(member instanceof GuildMember)) return undefined;
  const channel = guild.channels.cache.get(channelId);
  if (!channel || channel.guildId !== guild.id) {
    const seesEverything = member.permissions.has(PermissionFlagsBits.Administrator);
    return seesEverything ? { visible: true, permissions: member.permissions.bitfield } : cannotSee;
  }
  const permissions = channel.permissionsFor(member);
  if (!permissions?.has(PermissionFlagsBits.ViewChannel)) return cannotSee;
  if (
    channel.isThread() &&
    channel.type === ChannelType.PrivateThread &&
    !permissions.has(PermissionFlagsBits.ManageThreads)
  ) {
    const joined = await isThreadMember(channel, member.id);
    if (joined === undefined) return undefined;
    if (!joined) return cannotSee;
  }
  return { visible: true, permissions: permissions.bitfield };
}

export const cannotSeeChannel = (channelId: string, locale: Locale = 'en') =>
  renderUserError(wordsIn(locale).t('digests.access.cannotSeeChannel', { channel: channelId }));
export const cannotCheckChannel = (channelId: string, locale: Locale = 'en') =>
  renderUserError(wordsIn(locale).t('digests.access.cannotCheckChannel', { channel: channelId }));

/** What /digest may be refused to do with a subscription: its subcommands that name one. */
export type SubscriptionAction = 'remove' | 'pause' | 'resume' | 'preview' | 'test' | 'history';

const cannotSeeSubscription = (subscription: Subscription, action: SubscriptionAction, locale: Locale) => {
  const words = wordsIn(locale);
  return renderUserError(
    words.t('digests.access.cannotSeeSubscription', {
      id: subscription.id,
      action: words.t(`digests.access.action.${action}`),
    }),
  );
};
const cannotCheckSubscription = (subscription: Subscription, locale: Locale) =>
  renderUserError(wordsIn(locale).t('digests.access.cannotCheckSubscription', { id: subscription.id }));

/**
 * A guild's subscription by id, if the invoker can see its channel: one they cannot see is refused
 * as `action` (and, for what posts, one they cannot post in), never acted on. Refusals are in
 * `locale`, the invoker's language.
 */
export async function subscriptionFor(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
  digests: DigestService,
  id: string,
  action: SubscriptionAction,
  { posts = false, locale = 'en' }: { posts?: boolean; locale?: Locale } = {},
): Promise<{ subscription: Subscription } | { refusal: ReplyPayload }> {
  const subscription = digests.find(interaction.guildId, id);
  if (!subscription) return { refusal: unknownDigest(id, locale) };
  const access = await invokerAccess(interaction, subscription.channelId);
  if (!access) return { refusal: cannotCheckSubscription(subscription, locale) };
  if (!access.visible) return { refusal: cannotSeeSubscription(subscription, action, locale) };
  if (posts) {
    const missing = missingInvokerPermissions(access.permissions, subscription.channelKind);
    if (missing.length > 0) {
      return {
        refusal: invokerCannotPostReply(subscription.channelId, missing, action, locale),
      };
    }
  }
  return { subscription };
}

/** The guild's subscriptions whose channels the invoker can see, and how many others there are. */
export async function visibleSubscriptions(
  interaction: ChatInputCommandInteraction | AutocompleteInteraction,
  subscriptions: readonly Subscription[],
): Promise<{ visible: Subscription[]; hidden: number }> {
  const access = await Promise.all(
    subscriptions.map((subscription) => invokerAccess(interaction, subscription.channelId)),
  );
  const visible = subscriptions.filter((_, index) => access[index]?.visible === true);
  return { visible, hidden: subscriptions.length - visible.length };
}
