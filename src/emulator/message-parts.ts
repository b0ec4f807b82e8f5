// The parts of a message Discord fills in from what a bot sends: embeds as Discord returns them, and
// the mentions the content makes under its `allowed_mentions`.
import type { EmulatedAttachment } from './uploads.js';
import { resolveAttachmentUrls } from './uploads.js';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A copy without null values, which Discord leaves out of what it returns. */
function withoutNulls(value: JsonObject): JsonObject {
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, entry]) => entry !== null && entry !== undefined)
      .map(([key, entry]) => [key, isObject(entry) ? withoutNulls(entry) : entry]),
  );
}

/**
 * Embeds as Discord returns them: `type: "rich"`, fields with `inline` (false unless set), no null
 * values, and `attachment://name` images pointed at the uploaded file.
 */
export function normalizeEmbeds(embeds: unknown[], attachments: readonly EmulatedAttachment[]): unknown[] {
  return resolveAttachmentUrls(embeds, attachments).map((embed) => {
    if (!isObject(embed)) return embed;
    const clean = withoutNulls(embed);
    const fields = Array.isArray(clean.fields)
      ? clean.fields.map((field) => (isObject(field) ? { inline: false, ...field } : field))
      : undefined;
    return { type: 'rich', ...clean, ...(fields ? { fields } : {}) };
  });
}

export type MentionKind = 'users' | 'roles' | 'everyone';

interface AllowedMentions {
  parse?: MentionKind[] | null;
  users?: string[] | null;
  roles?: string[] | null;
}

export interface Mentions {
  userIds: string[];
  roleIds: string[];
  everyone: boolean;
}

/**
 * Who a message's content mentions, counting only what `allowed_mentions` lets through. Without it,
 * `defaults` apply: every kind for a plain message, users only for interactions and webhooks.
 */
export function mentionsIn(
  content: string,
  allowedInput: unknown,
  defaults: readonly MentionKind[],
  roleExists: (roleId: string) => boolean,
): Mentions {
  const allowed: AllowedMentions = isObject(allowedInput) ? allowedInput : { parse: [...defaults] };
  const parse = allowed.parse ?? [];
  const userIds = [...content.matchAll(/<@!?(\d{17,20})>/g)].map((match) => match[1] as string);
  const roleIds = [...content.matchAll(/<@&(\d{17,20})>/g)].map((match) => match[1] as string);
  return {
    userIds: [...new Set(userIds)].filter(
      (id) => parse.includes('users') || (allowed.users ?? []).includes(id),
    ),
    roleIds: [...new Set(roleIds)].filter(
      (id) => roleExists(id) && (parse.includes('roles') || (allowed.roles ?? []).includes(id)),
    ),
    everyone: parse.includes('everyone') && /@(everyone|here)\b/.test(content),
  };
}
