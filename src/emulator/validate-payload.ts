// Discord's payload rules, checked the way Discord checks them: each violation becomes an entry in a
// 50035 "Invalid Form Body" error, keyed by the path of the offending field.
import { DiscordLimits } from '../render/discord-limits.js';

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
}

function tooLong(path: string, max: number): FieldError {
  return { path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` };
}

export function validateMessage(input: unknown, { requireContent = true } = {}): FieldError[] {
  const errors: FieldError[] = [];
  const body = (typeof input === 'object' && input !== null ? input : {}) as MessageLike;
  const content = typeof body.content === 'string' ? body.content : '';
  if (content.length > DiscordLimits.messageContent) errors.push(tooLong('content', 2000));
  const embeds = Array.isArray(body.embeds) ? body.embeds : [];
  if (embeds.length > DiscordLimits.embedsPerMessage) {
    errors.push({ path: 'embeds', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 10 or fewer in length.' });
  }
  let total = 0;
  embeds.forEach((embed, index) => {
    const at = `embeds.${index}`;
    const check = (value: string | undefined, max: number, path: string) => {
      if (value === undefined) return;
      total += value.length;
      if (value.length > max) errors.push(tooLong(`${at}.${path}`, max));
    };
    check(embed.title, DiscordLimits.embedTitle, 'title');
    check(embed.description, DiscordLimits.embedDescription, 'description');
    check(embed.footer?.text, DiscordLimits.embedFooterText, 'footer.text');
    check(embed.author?.name, DiscordLimits.embedAuthorName, 'author.name');
    const fields = embed.fields ?? [];
    if (fields.length > DiscordLimits.embedFields) {
      errors.push({
        path: `${at}.fields`,
        code: 'BASE_TYPE_MAX_LENGTH',
        message: 'Must be 25 or fewer in length.',
      });
    }
    fields.forEach((field, fieldIndex) => {
      if (!field.name || !field.value) {
        errors.push({
          path: `${at}.fields.${fieldIndex}`,
          code: 'BASE_TYPE_REQUIRED',
          message: 'This field is required',
        });
      }
      check(field.name, DiscordLimits.embedFieldName, `fields.${fieldIndex}.name`);
      check(field.value, DiscordLimits.embedFieldValue, `fields.${fieldIndex}.value`);
    });
  });
  if (total > DiscordLimits.embedTotal) {
    errors.push({
      path: 'embeds',
      code: 'MAX_EMBED_SIZE_EXCEEDED',
      message: 'Embed size exceeds maximum size of 6000',
    });
  }
  if (requireContent && content === '' && embeds.length === 0) {
    errors.push({ path: 'content', code: 'BASE_TYPE_REQUIRED', message: 'Cannot send an empty message' });
  }
  return errors;
}

export function validateAutocompleteChoices(data: {
  choices?: { name?: string; value?: unknown }[];
}): FieldError[] {
  const errors: FieldError[] = [];
  const choices = data.choices ?? [];
  if (choices.length > DiscordLimits.autocompleteChoices) {
    errors.push({
      path: 'data.choices',
      code: 'BASE_TYPE_MAX_LENGTH',
      message: 'Must be 25 or fewer in length.',
    });
  }
  choices.forEach((choice, index) => {
    const name = choice.name ?? '';
    if (name.length < 1 || name.length > DiscordLimits.choiceName) {
      errors.push({
        path: `data.choices.${index}.name`,
        code: 'BASE_TYPE_BAD_LENGTH',
        message: 'Must be between 1 and 100 in length.',
      });
    }
    if (typeof choice.value === 'string' && choice.value.length > DiscordLimits.choiceValue) {
      errors.push({
        path: `data.choices.${index}.value`,
        code: 'BASE_TYPE_BAD_LENGTH',
        message: 'Must be between 1 and 100 in length.',
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
