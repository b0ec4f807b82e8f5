// File uploads as Discord takes them: a multipart/form-data body with the JSON in `payload_json` and
// each file in a `files[n]` part, matched to the payload's `attachments` entries by id. The parts are
// read as bytes (a PNG is not text), checked against Discord's limits, and kept, so a test can read
// back exactly what the bot sent. Embeds that show an upload as `attachment://name` get its URL, as
// Discord rewrites them.

import { type FieldError, invalidFormBody } from './field-errors.js';
import { payloadLimits } from './payload-limits.js';
import type { RouteResult } from './route-result.js';

export interface UploadedFile {
  /** The form field: `files[0]`. */
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface EmulatedAttachment {
  id: string;
  filename: string;
  size: number;
  content_type: string;
  description?: string;
  url: string;
  proxy_url: string;
  /** Set for images whose dimensions Discord can read (here: PNG). */
  width?: number;
  height?: number;
}

export interface MultipartBody {
  json: unknown;
  files: UploadedFile[];
}

const crlf = Buffer.from('\r\n');
const headerEnd = Buffer.from('\r\n\r\n');

/** Splits a multipart/form-data body into its JSON and its files, byte for byte. */
export function parseMultipart(contentType: string, raw: Buffer): MultipartBody {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const delimiter = Buffer.from(`--${boundary?.[1] ?? boundary?.[2] ?? ''}`);
  const result: MultipartBody = { json: undefined, files: [] };
  let start = raw.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    // "--" after the delimiter closes the body.
    if (raw[partStart] === 45 && raw[partStart + 1] === 45) break;
    const next = raw.indexOf(delimiter, partStart);
    if (next === -1) break;
    const part = raw.subarray(partStart + crlf.length, next - crlf.length);
    const split = part.indexOf(headerEnd);
    if (split !== -1) {
      const headers = part.subarray(0, split).toString('utf8');
      const content = part.subarray(split + headerEnd.length);
      const name = /name="([^"]*)"/.exec(headers)?.[1] ?? '';
      const filename = /filename="([^"]*)"/.exec(headers)?.[1];
      if (filename !== undefined) {
        const type = /content-type:\s*([^\r\n;]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
        // A view of the body's bytes, not a copy: the body is read once and kept only through its files.
        result.files.push({ field: name, filename, contentType: type, data: content });
      } else if (name === 'payload_json') {
        try {
          result.json = JSON.parse(content.toString('utf8'));
        } catch {
          result.json = undefined;
        }
      }
    }
    start = next;
  }
  return result;
}

const pngSignature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

/** A PNG's width and height from its IHDR chunk, when the bytes are a PNG. */
function pngSize(data: Buffer): { width: number; height: number } | undefined {
  if (data.length < 24 || !data.subarray(0, 8).equals(pngSignature)) return undefined;
  if (data.subarray(12, 16).toString('latin1') !== 'IHDR') return undefined;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

interface DeclaredAttachment {
  id?: string | number;
  description?: string;
  filename?: string;
}

export interface AttachmentContext {
  channelId: string;
  nextId: () => string;
  /** Keeps an attachment's bytes for tests and the playground. */
  keep: (attachment: EmulatedAttachment, data: Buffer) => void;
}

/**
 * The attachments a message gets from its payload's `attachments` and the uploaded files. Kept
 * attachments (on an edit) are those of `existing` the payload lists by id; with no `attachments`
 * field, an edit keeps them all and adds the uploads. Discord's checks: at most 10 attachments,
 * uploads within the size limit, `files[n]` field names that match a declared id, descriptions within
 * 1024 characters.
 */
export function attachmentsFor(
  declaredInput: unknown,
  uploads: readonly UploadedFile[],
  context: AttachmentContext,
  existing: readonly EmulatedAttachment[] = [],
): { attachments: EmulatedAttachment[] } | { error: RouteResult } {
  const declared = Array.isArray(declaredInput) ? (declaredInput as DeclaredAttachment[]) : undefined;
  const total = uploads.reduce((sum, file) => sum + file.data.length, 0);
  if (total > payloadLimits.uploadBytes) {
    return { error: { status: 413, body: { message: 'Request entity too large', code: 40005 } } };
  }
  const errors: FieldError[] = [];
  const byIndex = new Map<string, UploadedFile>();
  uploads.forEach((file, index) => {
    const match = /^files\[(\d+)\]$/.exec(file.field);
    if (!match?.[1]) {
      errors.push({
        path: `files.${index}`,
        code: 'BASE_TYPE_INVALID',
        message: 'Use files[n] as the field name',
      });
      return;
    }
    if (!file.filename) {
      errors.push({ path: `files.${index}`, code: 'BASE_TYPE_REQUIRED', message: 'A file needs a filename' });
    }
    byIndex.set(match[1], file);
  });
  const kept: EmulatedAttachment[] = declared
    ? existing.filter((attachment) => declared.some((entry) => String(entry.id) === attachment.id))
    : [...existing];
  const added: { attachment: EmulatedAttachment; data: Buffer }[] = [];
  (declared ?? []).forEach((entry, index) => {
    const description = entry.description ?? undefined;
    if (description !== undefined && description.length > payloadLimits.attachmentDescription) {
      errors.push({
        path: `attachments.${index}.description`,
        code: 'BASE_TYPE_MAX_LENGTH',
        message: `Must be ${payloadLimits.attachmentDescription} or fewer in length.`,
      });
    }
    const id = String(entry.id);
    if (existing.some((attachment) => attachment.id === id)) return;
    const file = byIndex.get(id);
    if (!file) {
      errors.push({
        path: `attachments.${index}.id`,
        code: 'ATTACHMENT_NOT_FOUND',
        message: 'Unknown attachment',
      });
      return;
    }
    byIndex.delete(id);
    added.push({
      attachment: makeAttachment(file, entry.filename ?? file.filename, description, context),
      data: file.data,
    });
  });
  // Uploads with no entry in `attachments` are attached as they are.
  for (const file of byIndex.values()) {
    added.push({ attachment: makeAttachment(file, file.filename, undefined, context), data: file.data });
  }
  const attachments = [...kept, ...added.map(({ attachment }) => attachment)];
  if (attachments.length > payloadLimits.attachmentsPerMessage) {
    errors.push({
      path: 'attachments',
      code: 'BASE_TYPE_MAX_LENGTH',
      message: `Must be ${payloadLimits.attachmentsPerMessage} or fewer in length.`,
    });
  }
  if (errors.length > 0) return { error: { status: 400, body: invalidFormBody(errors) } };
  for (const { attachment, data } of added) context.keep(attachment, data);
  return { attachments };
}

function makeAttachment(
  file: UploadedFile,
  filename: string,
  description: string | undefined,
  context: AttachmentContext,
): EmulatedAttachment {
  const id = context.nextId();
  return {
    id,
    filename,
    size: file.data.length,
    content_type: file.contentType,
    ...(description !== undefined ? { description } : {}),
    ...attachmentUrls(context.channelId, id, filename),
    ...pngSize(file.data),
  };
}

/** Where Discord serves an attachment: its CDN url and the media proxy's. */
export function attachmentUrls(
  channelId: string,
  id: string,
  filename: string,
): { url: string; proxy_url: string } {
  const url = `https://cdn.discordapp.com/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
  return { url, proxy_url: url.replace('cdn.discordapp.com', 'media.discordapp.net') };
}

interface EmbedMedia {
  url?: string;
  proxy_url?: string;
  width?: number;
  height?: number;
}

/** Embeds with `attachment://name` images and thumbnails pointed at the attachment, as Discord does. */
export function resolveAttachmentUrls(
  embeds: unknown[],
  attachments: readonly EmulatedAttachment[],
): unknown[] {
  const resolve = (media: EmbedMedia | undefined): EmbedMedia | undefined => {
    const name = media?.url?.startsWith('attachment://')
      ? media.url.slice('attachment://'.length)
      : undefined;
    const attachment =
      name === undefined ? undefined : attachments.find((candidate) => candidate.filename === name);
    if (!media || !attachment) return media;
    return {
      ...media,
      url: attachment.url,
      proxy_url: attachment.proxy_url,
      width: attachment.width,
      height: attachment.height,
    };
  };
  return embeds.map((embed) => {
    if (typeof embed !== 'object' || embed === null) return embed;
    const { image, thumbnail } = embed as { image?: EmbedMedia; thumbnail?: EmbedMedia };
    return {
      ...embed,
      ...(image ? { image: resolve(image) } : {}),
      ...(thumbnail ? { thumbnail: resolve(thumbnail) } : {}),
    };
  });
}
