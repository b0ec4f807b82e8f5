import {
  type AttachmentPayload,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type InteractionUpdateOptions,
  type JSONEncodable,
  type Message,
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

/**
 * Embeds and rows as discord.js sends what is already in the API's shape: left as plain objects, it
 * rewrites every key of every field to snake_case (lodash's snakeCase, a regex per key: a tenth of a
 * millisecond for a full embed), and ours are built snake_case from the start (APIEmbed).
 */
const asSent = <T>(value: T): JSONEncodable<T> => ({ toJSON: () => value });
const embedsOf = (payload: ReplyPayload) => payload.embeds.map(asSent);
const componentsOf = (payload: ReplyPayload) => (payload.components ?? []).map(asSent);

function toReplyOptions(payload: ReplyPayload): InteractionReplyOptions {
  return {
    content: payload.content,
    embeds: embedsOf(payload),
    components: componentsOf(payload),
    allowedMentions: payload.allowedMentions,
    ...filesOf(payload),
    ...(payload.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

/**
 * The message as the payload says, all of it: a page without a map drops the old one, and a page
 * without the "facts were updated" note drops that. A file the message already carries unchanged
 * (same name, size and description: a page turn of the same place's /status) is kept by id rather
 * than uploaded again, which is most of a page turn's cost (the map is 100-200 KB).
 */
function toReplacement(
  payload: ReplyPayload,
  current?: Message,
): InteractionUpdateOptions & InteractionEditReplyOptions {
  const kept: { id: string }[] = [];
  const uploads: NonNullable<ReplyPayload['files']> = [];
  for (const file of payload.files ?? []) {
    const same = current?.attachments.find(
      (attachment) =>
        attachment.name === file.name &&
        attachment.size === file.data.byteLength &&
        (attachment.description ?? undefined) === file.description,
    );
    if (same) kept.push({ id: same.id });
    else uploads.push(file);
  }
  return {
    content: payload.content ?? '',
    embeds: embedsOf(payload),
    components: componentsOf(payload),
    allowedMentions: payload.allowedMentions,
    // discord.js adds the new files to this list; one without the old files drops them.
    attachments: kept,
    ...filesOf({ ...payload, files: uploads }),
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
    embeds: embedsOf(payload),
    components: componentsOf(payload),
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
  const replacement = toReplacement(payload, interaction.message);
  if (interaction.deferred || interaction.replied) await interaction.editReply(replacement);
  else await interaction.update(replacement);
}
