import {
  type AttachmentPayload,
  type ChatInputCommandInteraction,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  MessageFlags,
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
    allowedMentions: payload.allowedMentions,
    ...filesOf(payload),
    ...(payload.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

/**
 * Sends a reply whether or not the interaction was deferred. A deferred reply is public, so an
 * ephemeral answer after a defer replaces the placeholder with an ephemeral follow-up instead.
 */
export async function sendReply(
  interaction: ChatInputCommandInteraction,
  payload: ReplyPayload,
): Promise<void> {
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
    allowedMentions: payload.allowedMentions,
    ...filesOf(payload),
  };
  await interaction.editReply(edit);
}
