// Message components (action rows, buttons, select menus): kept as Discord returns them, found by
// custom_id when a user presses one, and checked for the rules Discord's schema cannot express.
import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type { FieldError } from './field-errors.js';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const selectTypes = new Set<number>([
  ComponentType.StringSelect,
  ComponentType.UserSelect,
  ComponentType.RoleSelect,
  ComponentType.MentionableSelect,
  ComponentType.ChannelSelect,
]);

/** The components nested in one (an action row's, a container's, a section's accessory). */
function children(component: JsonObject): unknown[] {
  const nested = Array.isArray(component.components) ? [...component.components] : [];
  if (isObject(component.accessory)) nested.push(component.accessory);
  return nested;
}

/**
 * Components as Discord returns them: null values left out, each numbered with an `id` in reading
 * order where the bot gave none, and select menus with their default `min_values`/`max_values`.
 */
export function normalizeComponents(components: readonly unknown[]): unknown[] {
  let nextId = 1;
  const given = new Set<number>();
  const collect = (list: readonly unknown[]): void => {
    for (const component of list) {
      if (!isObject(component)) continue;
      if (typeof component.id === 'number') given.add(component.id);
      collect(children(component));
    }
  };
  collect(components);
  const number = (): number => {
    while (given.has(nextId)) nextId++;
    return nextId++;
  };
  const normalize = (component: unknown): unknown => {
    if (!isObject(component)) return component;
    const clean: JsonObject = Object.fromEntries(
      Object.entries(component).filter(([, value]) => value !== null && value !== undefined),
    );
    clean.id ??= number();
    if (Array.isArray(clean.components)) clean.components = clean.components.map(normalize);
    if (isObject(clean.accessory)) clean.accessory = normalize(clean.accessory);
    if (selectTypes.has(Number(clean.type))) {
      clean.min_values ??= 1;
      clean.max_values ??= 1;
    }
    return clean;
  };
  return components.map(normalize);
}

/** The interactive component with this custom_id, anywhere in a message's components. */
export function findComponent(components: readonly unknown[], customId: string): JsonObject | undefined {
  // Depth is bounded by Discord's nesting (container > section > accessory); the walk visits each once.
  const queue = [...components];
  while (queue.length > 0) {
    const component = queue.shift();
    if (!isObject(component)) continue;
    if (component.custom_id === customId) return component;
    queue.push(...children(component));
  }
  return undefined;
}

/**
 * Rules of Discord's documentation that its schema does not carry: custom_ids unique in a message,
 * a custom_id on every button but link and premium ones, a url on link buttons, a select menu alone
 * in its row, and select options with distinct values and sensible bounds.
 */
export function componentErrors(components: unknown): FieldError[] {
  const errors: FieldError[] = [];
  if (!Array.isArray(components)) return errors;
  const seen = new Set<string>();
  const visit = (component: unknown, path: string): void => {
    if (!isObject(component)) return;
    const type = Number(component.type);
    const customId = typeof component.custom_id === 'string' ? component.custom_id : undefined;
    if (customId !== undefined) {
      if (seen.has(customId)) {
        errors.push({
          path: `${path}.custom_id`,
          code: 'COMPONENT_CUSTOM_ID_DUPLICATED',
          message: 'Component custom id cannot be duplicated',
        });
      }
      seen.add(customId);
    }
    if (type === ComponentType.Button) buttonErrors(component, path, errors);
    if (type === ComponentType.StringSelect) stringSelectErrors(component, path, errors);
    if (type === ComponentType.ActionRow && Array.isArray(component.components)) {
      const hasSelect = component.components.some(
        (child) => isObject(child) && selectTypes.has(Number(child.type)),
      );
      if (hasSelect && component.components.length > 1) {
        errors.push({
          path: `${path}.components`,
          code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
          message: 'The specified component exceeds the maximum width',
        });
      }
    }
    if (Array.isArray(component.components)) {
      component.components.forEach((child, index) => {
        visit(child, `${path}.components.${index}`);
      });
    }
    if (isObject(component.accessory)) visit(component.accessory, `${path}.accessory`);
  };
  components.forEach((component, index) => {
    visit(component, `components.${index}`);
  });
  return errors;
}

function buttonErrors(button: JsonObject, path: string, errors: FieldError[]): void {
  const style = Number(button.style);
  if (style === ButtonStyle.Link) {
    if (typeof button.url !== 'string') {
      errors.push({ path: `${path}.url`, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    }
    if (button.custom_id !== undefined && button.custom_id !== null) {
      errors.push({
        path: `${path}.custom_id`,
        code: 'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED',
        message: 'A link button cannot have a custom_id',
      });
    }
  } else if (style !== ButtonStyle.Premium && typeof button.custom_id !== 'string') {
    errors.push({ path: `${path}.custom_id`, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
  }
  if (style !== ButtonStyle.Premium && button.label === undefined && button.emoji === undefined) {
    errors.push({
      path: `${path}.label`,
      code: 'BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED',
      message: 'A button needs a label or an emoji',
    });
  }
}

function stringSelectErrors(select: JsonObject, path: string, errors: FieldError[]): void {
  const options = Array.isArray(select.options) ? select.options : [];
  const values = new Set<unknown>();
  options.forEach((option, index) => {
    if (!isObject(option)) return;
    if (values.has(option.value)) {
      errors.push({
        path: `${path}.options.${index}.value`,
        code: 'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED',
        message: 'The specified option value is already used',
      });
    }
    values.add(option.value);
  });
  const min = typeof select.min_values === 'number' ? select.min_values : 1;
  const max = typeof select.max_values === 'number' ? select.max_values : 1;
  if (min > max) {
    errors.push({
      path: `${path}.min_values`,
      code: 'BASE_TYPE_BAD_INT',
      message: `min_values must be equal to or less than ${max}`,
    });
  }
  if (max > options.length) {
    errors.push({
      path: `${path}.max_values`,
      code: 'BASE_TYPE_BAD_INT',
      message: `max_values must be equal to or less than ${options.length}`,
    });
  }
}
