// A digest as Discord receives it: the embed, the map of what changed when the subscription asks for
// one, the role ping a moderator configured, a forum post's title, and the notice a server gets when
// its digest is paused.
import type { Digest } from '../briefs/digest-brief.js';
import { commandLine } from '../i18n/command-localizations.js';
import type { Locale } from '../i18n/locales.js';
import { wordsIn } from '../i18n/words.js';
import { renderBriefEmbed } from '../render/discord-embed.js';
import { DiscordLimits } from '../render/discord-limits.js';
import type { PlaceMap } from '../render/map/place-map.js';
import { localizedZoneFormatter } from '../scheduler/time-zones.js';
import type { PauseCode, Subscription } from '../store/subscription.js';
import { truncate } from '../text.js';
import type { DigestMessage } from './rest-poster.js';

/** The file name the digest's embed shows as `attachment://map.png`. */
export const digestMapFileName = 'map.png';

/**
 * The embed, with the map as its image when there is one, plus the role ping a moderator configured,
 * allowed through `allowed_mentions` alone.
 */
export function digestMessage(
  digest: Digest,
  subscription: Pick<Subscription, 'pingRoleId'>,
  map?: Pick<PlaceMap, 'png' | 'altText'>,
): DigestMessage {
  const rendered = renderBriefEmbed(digest.brief).embeds;
  const [first, ...others] = rendered;
  const embeds =
    map && first ? [{ ...first, image: { url: `attachment://${digestMapFileName}` } }, ...others] : rendered;
  const files =
    map && first
      ? [
          {
            name: digestMapFileName,
            data: map.png,
            contentType: 'image/png',
            // Within Discord's 1024 characters: the drawing keeps it so.
            description: map.altText,
          },
        ]
      : undefined;
  const message: DigestMessage = { embeds, allowedMentions: { parse: [] }, ...(files ? { files } : {}) };
  if (!subscription.pingRoleId) return message;
  return {
    ...message,
    content: `<@&${subscription.pingRoleId}>`,
    allowedMentions: { parse: [], roles: [subscription.pingRoleId] },
  };
}

/** "24 Nov 2026, 08:00" in English, "24 лист. 2026 р., 08:00" in Ukrainian: the zone's local time. */
function localStamp(at: Date, timeZone: string, locale: Locale): string {
  return localizedZoneFormatter(timeZone, 'stamp', locale).format(at);
}

/**
 * "Situation digest · 24 Nov 2026 08:00 (Europe/Kyiv)", within Discord's thread-name limit, in the
 * digest's language.
 */
export function digestThreadName(digest: Digest, at: Date, timeZone: string): string {
  const locale = digest.brief.locale ?? 'en';
  const local = localStamp(at, timeZone, locale);
  return truncate(
    wordsIn(locale).t('digests.message.threadName', {
      title: digest.brief.title,
      when: local.replace(',', ''),
      zone: timeZone,
    }),
    DiscordLimits.threadName,
  );
}

/**
 * Why a digest was paused, in `locale`: the stored reason is English, and its code says it again in
 * the catalogue's words. English, and a reason with no code, are given as stored.
 */
export function pauseReasonIn(locale: Locale, reason: string, code?: PauseCode): string {
  return locale === 'en' || code === undefined ? reason : wordsIn(locale).t(`digests.pauseReason.${code}`);
}

/**
 * Told to the server (its system channel) once, when Discord's answers paused a digest: in the
 * digest's language, as the server reads its digests.
 */
export function pausedNotice(
  subscription: Pick<Subscription, 'id' | 'channelId'> & Partial<Pick<Subscription, 'language'>>,
  reason: string,
  code?: PauseCode,
): string {
  const locale = subscription.language ?? 'en';
  return wordsIn(locale).t('digests.message.pausedNotice', {
    id: subscription.id,
    channel: subscription.channelId,
    reason: pauseReasonIn(locale, reason, code),
    resume: commandLine(locale, 'digest resume', [['id', subscription.id]]),
    remove: commandLine(locale, 'digest remove'),
  });
}
