// Discord's payload rules that its OpenAPI schema cannot express (spec-validation.ts checks the rest),
// checked the way Discord checks them: each violation becomes an entry in a 50035 "Invalid Form Body"
// error, keyed by the path of the offending field.
import { componentErrors } from './components.js';
import type { FieldError } from './field-errors.js';
import { payloadLimits } from './payload-limits.js';

interface EmbedLike {
  title?: string;
  description?: string;
  footer?: { text?: string };
  author?: { name?: string };
  fields?: { name?: string; value?: string }[];
}

interface MessageLike {
  content?: string | null;
  embeds?: EmbedLike[] | null;
  /** Files sent with the message (a message of files alone is not empty). */
  attachments?: unknown[] | null;
  components?: unknown[] | null;
  flags?: number | null;
  allowed_mentions?: { parse?: unknown[] | null; users?: unknown[] | null; roles?: unknown[] | null } | null;
}

/** Message flags a bot may set: https://discord.com/developers/docs/resources/message#message-object-message-flags */
export const messageFlags = {
  suppressEmbeds: 1 << 2,
  ephemeral: 1 << 6,
  /** Not the bot's to set: Discord marks a deferred answer's placeholder with it. */
  loading: 1 << 7,
  suppressNotifications: 1 << 12,
  isVoiceMessage: 1 << 13,
  isComponentsV2: 1 << 15,
} as const;

/** What POST /channels/{id}/messages and a forum post's message may set. */
const channelMessageFlags =
  messageFlags.suppressEmbeds |
  messageFlags.suppressNotifications |
  messageFlags.isVoiceMessage |
  messageFlags.isComponentsV2;

/** What an interaction's answer or follow-up may set: those, and ephemeral. */
export const interactionMessageFlags =
  messageFlags.suppressEmbeds |
  messageFlags.ephemeral |
  messageFlags.suppressNotifications |
  messageFlags.isComponentsV2;

function flagNames(allowed: number): string {
  const names = Object.entries(messageFlags)
    .filter(([, bit]) => (allowed & bit) !== 0)
    .map(([name]) => name.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase());
  return names.join(', ');
}

function tooLong(path: string, max: number): FieldError {
  return { path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` };
}

export function validateMessage(
  input: unknown,
  {
    requireContent = true,
    allowedFlags = channelMessageFlags,
  }: { requireContent?: boolean; allowedFlags?: number } = {},
): FieldError[] {
  const errors: FieldError[] = [];
  const body = (typeof input === 'object' && input !== null ? input : {}) as MessageLike;
  const content = typeof body.content === 'string' ? body.content : '';
  if (content.length > payloadLimits.messageContent)
    errors.push(tooLong('content', payloadLimits.messageContent));
  const embeds = Array.isArray(body.embeds) ? body.embeds : [];
  if (embeds.length > payloadLimits.embedsPerMessage) {
    errors.push(tooLong('embeds', payloadLimits.embedsPerMessage));
  }
  let total = 0;
  embeds.forEach((embed, index) => {
    const at = `embeds.${index}`;
    const check = (value: string | undefined, max: number, path: string) => {
      if (value === undefined) return;
      total += value.length;
      if (value.length > max) errors.push(tooLong(`${at}.${path}`, max));
    };
    check(embed.title, payloadLimits.embedTitle, 'title');
    check(embed.description, payloadLimits.embedDescription, 'description');
    check(embed.footer?.text, payloadLimits.embedFooterText, 'footer.text');
    check(embed.author?.name, payloadLimits.embedAuthorName, 'author.name');
    const fields = embed.fields ?? [];
    if (fields.length > payloadLimits.embedFields) {
      errors.push(tooLong(`${at}.fields`, payloadLimits.embedFields));
    }
    fields.forEach((field, fieldIndex) => {
      for (const part of ['name', 'value'] as const) {
        if (!field[part]) {
          errors.push({
            path: `${at}.fields.${fieldIndex}.${part}`,
            code: 'BASE_TYPE_REQUIRED',
            message: 'This field is required',
          });
        }
      }
      check(field.name, payloadLimits.embedFieldName, `fields.${fieldIndex}.name`);
      check(field.value, payloadLimits.embedFieldValue, `fields.${fieldIndex}.value`);
    });
  });
  if (total > payloadLimits.embedTotal) {
    errors.push({
      path: 'embeds',
      code: 'MAX_EMBED_SIZE_EXCEEDED',
      message: `Embed size exceeds maximum size of ${payloadLimits.embedTotal}`,
    });
  }
  const attachments = Array.isArray(body.attachments) ? body.attachments : [];
  const components = Array.isArray(body.components) ? body.components : [];
  if (
    requireContent &&
    content === '' &&
    embeds.length === 0 &&
    attachments.length === 0 &&
    components.length === 0
  ) {
    errors.push({ path: 'content', code: 'BASE_TYPE_REQUIRED', message: 'Cannot send an empty message' });
  }
  if (typeof body.flags === 'number' && (body.flags & ~allowedFlags) !== 0) {
    errors.push({
      path: 'flags',
      code: 'MESSAGE_FLAGS_INVALID',
      message: `Only these flags can be set: ${flagNames(allowedFlags)}.`,
    });
  }
  errors.push(...allowedMentionsErrors(body.allowed_mentions), ...componentErrors(body.components));
  return errors;
}

/** `parse` may not name a kind whose ids are also listed. */
function allowedMentionsErrors(allowed: MessageLike['allowed_mentions']): FieldError[] {
  if (typeof allowed !== 'object' || allowed === null) return [];
  const parse = Array.isArray(allowed.parse) ? allowed.parse : [];
  return (['users', 'roles'] as const)
    .filter(
      (kind) => parse.includes(kind) && Array.isArray(allowed[kind]) && (allowed[kind]?.length ?? 0) > 0,
    )
    .map((kind) => ({
      path: 'allowed_mentions',
      code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
      message: `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
    }));
}

export function validateAutocompleteChoices(data: {
  choices?: { name?: string; value?: unknown }[];
}): FieldError[] {
  const errors: FieldError[] = [];
  const choices = data.choices ?? [];
  if (choices.length > payloadLimits.autocompleteChoices) {
    errors.push(tooLong('data.choices', payloadLimits.autocompleteChoices));
  }
  choices.forEach((choice, index) => {
    const name = choice.name ?? '';
    if (name.length < 1 || name.length > payloadLimits.choiceName) {
      errors.push({
        path: `data.choices.${index}.name`,
        code: 'BASE_TYPE_BAD_LENGTH',
        message: `Must be between 1 and ${payloadLimits.choiceName} in length.`,
      });
    }
    if (typeof choice.value === 'string' && choice.value.length > payloadLimits.choiceValue) {
      errors.push({
        path: `data.choices.${index}.value`,
        code: 'BASE_TYPE_BAD_LENGTH',
        message: `Must be between 1 and ${payloadLimits.choiceValue} in length.`,
      });
    }
  });
  return errors;
}
