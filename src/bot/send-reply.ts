import {
  type AttachmentPayload,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type InteractionUpdateOptions,
  type MessageComponentInteraction,
  MessageFlags,
  type RepliableInteraction,
} from 'discord.js';
import type { ReplyPayload } from '../render/discord-embed.js';

/** The reply's files (a map) as discord.js uploads them: multipart, referenced as `attachment://name`. */
function filesOf(payload: ReplyPayload): { files?: AttachmentPayload[] } {
  if (!payload.files || payload.files.length === 0) return {};
  return {
    files: payload.files.map((file) => ({
      attachment: Buffer.isBuffer(file.data)
        ? file.data
        : Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength),
      name: file.name,
      description: file.description,
    })),
  };
}

function toReplyOptions(payload: ReplyPayload): InteractionReplyOptions {
  return {
    content: payload.content,
    embeds: payload.embeds,
    components: payload.components ?? [],
    allowedMentions: payload.allowedMentions,
    ...filesOf(payload),
    ...(payload.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

/**
 * The message as the payload says, all of it: a page without a map drops the old one, and a page
 * without the "facts were updated" note drops that.
 */
function toReplacement(payload: ReplyPayload): InteractionUpdateOptions & InteractionEditReplyOptions {
  return {
    content: payload.content ?? '',
    embeds: payload.embeds,
    components: payload.components ?? [],
    allowedMentions: payload.allowedMentions,
    // discord.js adds the new files to this list; a fresh empty one drops the files already there.
    attachments: [],
    ...filesOf(payload),
  };
}

/**
 * Sends a reply whether or not the interaction was deferred. A deferred reply is public, so an
 * ephemeral answer after a defer replaces the placeholder with an ephemeral follow-up instead.
 */
export async function sendReply(interaction: RepliableInteraction, payload: ReplyPayload): Promise<void> {
  if (!interaction.deferred && !interaction.replied) {
    await interaction.reply(toReplyOptions(payload));
    return;
  }
  if (payload.ephemeral && !interaction.ephemeral) {
    await interaction.deleteReply().catch(() => undefined);
    await interaction.followUp(toReplyOptions(payload));
    return;
  }
  const edit: InteractionEditReplyOptions = {
    content: payload.content ?? null,
    embeds: payload.embeds,
    components: payload.components ?? [],
    allowedMentions: payload.allowedMentions,
    ...filesOf(payload),
  };
  await interaction.editReply(edit);
}

/**
 * Replaces the message a button or menu sits on with the payload (callback 7, or an edit after a
 * type 6 deferral). An ephemeral payload (a problem to tell the presser) never replaces a message
 * others read: it goes to the presser alone.
 */
export async function sendUpdate(
  interaction: MessageComponentInteraction,
  payload: ReplyPayload,
): Promise<void> {
  if (payload.ephemeral) {
    if (interaction.deferred || interaction.replied) await interaction.followUp(toReplyOptions(payload));
    else await interaction.reply(toReplyOptions(payload));
    return;
  }
  if (interaction.deferred || interaction.replied) await interaction.editReply(toReplacement(payload));
  else await interaction.update(toReplacement(payload));
}
