// A digest as Discord receives it: the embed, the map of what changed when the subscription asks for
// one, the role ping a moderator configured, a forum post's title, and the notice a server gets when
// its digest is paused.
import type { Digest } from '../briefs/digest-brief.js';
import { renderBriefEmbed } from '../render/discord-embed.js';
import { DiscordLimits } from '../render/discord-limits.js';
import type { PlaceMap } from '../render/map/place-map.js';
import { zoneFormatter } from '../scheduler/time-zones.js';
import type { Subscription } from '../store/subscription.js';
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

/** "Situation digest · 24 Nov 2026 08:00 (Europe/Kyiv)", within Discord's thread-name limit. */
export function digestThreadName(digest: Digest, at: Date, timeZone: string): string {
  const local = zoneFormatter(timeZone, 'stamp').format(at);
  return truncate(
    `${digest.brief.title} · ${local.replace(',', '')} (${timeZone})`,
    DiscordLimits.threadName,
  );
}

/** Told to the server (its system channel) once, when Discord's answers paused a digest. */
export function pausedNotice(subscription: Pick<Subscription, 'id' | 'channelId'>, reason: string): string {
  return `sitrep paused the situation digest \`${subscription.id}\` for <#${subscription.channelId}>: ${reason}. Once that is fixed, a moderator can run \`/digest resume id:${subscription.id}\` (or \`/digest remove\`).`;
}
