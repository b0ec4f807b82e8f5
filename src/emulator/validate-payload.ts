// Discord's payload rules, checked the way Discord checks them: each violation becomes an entry in a
// 50035 "Invalid Form Body" error, keyed by the path of the offending field.
import { payloadLimits } from './payload-limits.js';

export interface FieldError {
  path: string;
  code: string;
  message: string;
}

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
}

function tooLong(path: string, max: number): FieldError {
  return { path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` };
}

export function validateMessage(input: unknown, { requireContent = true } = {}): FieldError[] {
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
      if (!field.name || !field.value) {
        errors.push({
          path: `${at}.fields.${fieldIndex}`,
          code: 'BASE_TYPE_REQUIRED',
          message: 'This field is required',
        });
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
  if (requireContent && content === '' && embeds.length === 0 && attachments.length === 0) {
    errors.push({ path: 'content', code: 'BASE_TYPE_REQUIRED', message: 'Cannot send an empty message' });
  }
  return errors;
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

/** Discord's nested error body: { code: 50035, errors: { embeds: { 0: { title: { _errors: [...] } } } } }. */
export function invalidFormBody(errors: readonly FieldError[]) {
  const tree: Record<string, unknown> = {};
  for (const error of errors) {
    let node = tree;
    for (const key of error.path.split('.')) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    node._errors ??= [];
    const list = node._errors as { code: string; message: string }[];
    list.push({ code: error.code, message: error.message });
  }
  return { code: 50035, message: 'Invalid Form Body', errors: tree };
}
