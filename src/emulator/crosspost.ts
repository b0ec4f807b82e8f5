// POST /channels/:id/messages/:id/crosspost: publishing a message of an announcement channel to the
// channels following it. Discord's documentation: Send Messages for the bot's own messages, Manage
// Messages as well for anyone else's; at most 10 an hour per channel (rate-limiter.ts).
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { messagePayload } from './payloads.js';
import { type RouteResult, unknownEntity } from './route-result.js';
import type { EmulatedChannel, World } from './world.js';

/** The message flag CROSSPOSTED: "this message has been published to subscribed channels". */
const crosspostedFlag = 1 << 0;

export function crosspost(world: World, channel: EmulatedChannel, messageId: string): RouteResult {
  const message = world.messages.get(channel.id)?.find((candidate) => candidate.id === messageId);
  if (!message) return unknownEntity(10008, 'Unknown Message');
  const needed =
    message.author.id === world.botUser.id
      ? PermissionFlagsBits.SendMessages
      : PermissionFlagsBits.SendMessages | PermissionFlagsBits.ManageMessages;
  if ((channel.botPermissions & needed) !== needed) {
    return { status: 403, body: { message: 'Missing Permissions', code: 50013 } };
  }
  if (channel.type !== ChannelType.GuildAnnouncement) {
    return { status: 400, body: { message: 'Cannot execute action on this channel type', code: 50024 } };
  }
  if ((message.flags & crosspostedFlag) !== 0) {
    return { status: 400, body: { message: 'This message has already been crossposted.', code: 40033 } };
  }
  message.flags |= crosspostedFlag;
  return { status: 200, body: messagePayload(message) };
}
