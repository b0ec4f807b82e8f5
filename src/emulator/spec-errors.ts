// Ajv's findings as Discord words them: each becomes a field error at a dotted path
// ("embeds.0.color") with Discord's code and message, ready for a 50035 Invalid Form Body.
//
// Unions need care. Ajv reports every branch of a failed oneOf/anyOf, so a button with too long a
// label would also be told it is not a select menu. A failed union is instead judged by the branch
// the value was meant for: branches that cannot fit its JSON type, constant or `type` tag are set
// aside, the others validated on their own, and the errors of the closest one kept.
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { FieldError } from './field-errors.js';
import type { JsonSchema } from './openapi-spec.js';

/** How a union's branch is validated on its own: a compiled validator for a branch schema. */
export type BranchValidator = (branch: JsonSchema) => ValidateFunction;

/** What the leniency for int-parseable strings adds to an integer field (spec-validation.ts). */
export const integerStringPattern = '^-?[0-9]+$';

export function fieldErrors(errors: readonly ErrorObject[], validatorFor: BranchValidator): FieldError[] {
  const translated = translate(errors, validatorFor).map(({ pointer, code, message }) => ({
    path: pointer.split('/').filter(Boolean).join('.'),
    code,
    message,
  }));
  const seen = new Set<string>();
  return translated.filter((error) => {
    const key = `${error.path}\u0000${error.code}\u0000${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

interface PointerError {
  /** JSON pointer of the offending value ("/embeds/0/color"). */
  pointer: string;
  code: string;
  message: string;
}

function within(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}

function translate(errors: readonly ErrorObject[], validatorFor: BranchValidator): PointerError[] {
  // Outermost unions first; of two at one path, Ajv reports the inner one first.
  const unions = errors
    .map((error, index) => ({ error, index }))
    .filter(({ error }) => error.keyword === 'oneOf' || error.keyword === 'anyOf')
    .sort((a, b) => a.error.instancePath.length - b.error.instancePath.length || b.index - a.index);
  const judged: string[] = [];
  const result: PointerError[] = [];
  for (const { error } of unions) {
    if (judged.some((pointer) => within(error.instancePath, pointer))) continue;
    judged.push(error.instancePath);
    result.push(...unionErrors(error, validatorFor));
  }
  for (const error of errors) {
    if (judged.some((pointer) => within(error.instancePath, pointer))) continue;
    result.push(plainError(error));
  }
  return result;
}

function unionErrors(union: ErrorObject, validatorFor: BranchValidator): PointerError[] {
  const branches = (Array.isArray(union.schema) ? union.schema : []) as JsonSchema[];
  const data: unknown = union.data;
  const candidates = branches.filter((branch) => mayFit(resolved(branch, validatorFor), data));
  if (candidates.length === 0) return noBranchFits(union.instancePath, branches, data, validatorFor);
  let closest: PointerError[] | undefined;
  for (const branch of candidates) {
    const validate = validatorFor(branch);
    if (validate(data)) return [];
    const found = translate(validate.errors ?? [], validatorFor).map((error) => ({
      ...error,
      pointer: `${union.instancePath}${error.pointer}`,
    }));
    if (!closest || found.length < closest.length) closest = found;
  }
  return closest ?? [];
}

/** A branch's own schema, its `$ref` followed (the compiled validator holds the target). */
function resolved(branch: JsonSchema, validatorFor: BranchValidator): JsonSchema {
  if (typeof branch.$ref !== 'string') return branch;
  const schema = validatorFor(branch).schema;
  return typeof schema === 'object' && schema !== null ? (schema as JsonSchema) : branch;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typesOf(schema: JsonSchema): string[] | undefined {
  if (typeof schema.type === 'string') return [schema.type];
  return Array.isArray(schema.type) ? (schema.type as string[]) : undefined;
}

function allows(types: readonly string[], value: unknown): boolean {
  const type = jsonType(value);
  return types.includes(type) || (type === 'integer' && types.includes('number'));
}

/** Whether a value could be meant for this branch: its JSON type, constant, or `type` tag fit. */
function mayFit(schema: JsonSchema, data: unknown): boolean {
  const types = typesOf(schema);
  if (types && !allows(types, data)) return false;
  if ('const' in schema) return schema.const === data;
  if (Array.isArray(schema.enum)) return schema.enum.includes(data);
  const tag = tagValues(schema);
  if (tag && typeof data === 'object' && data !== null && 'type' in data) {
    return tag.includes((data as { type: unknown }).type);
  }
  return true;
}

/** The values of a branch's discriminating `type` property, when it declares them. */
function tagValues(schema: JsonSchema): unknown[] | undefined {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  const tag = properties?.type;
  if (!tag) return undefined;
  if ('const' in tag) return [tag.const];
  return Array.isArray(tag.enum) ? tag.enum : undefined;
}

function noBranchFits(
  pointer: string,
  branches: readonly JsonSchema[],
  data: unknown,
  validatorFor: BranchValidator,
): PointerError[] {
  const schemas = branches.map((branch) => resolved(branch, validatorFor));
  const values = schemas.flatMap((schema) =>
    'const' in schema ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : [],
  );
  const tags = schemas.flatMap((schema) => tagValues(schema) ?? []);
  const enumerated = schemas.every(
    (schema) => 'const' in schema || Array.isArray(schema.enum) || schema.type === 'null',
  );
  if (values.length > 0 && enumerated) return [choices(pointer, values)];
  if (tags.length > 0 && typeof data === 'object' && data !== null && !Array.isArray(data)) {
    return [choices(`${pointer}/type`, tags)];
  }
  const types = [...new Set(schemas.flatMap((schema) => typesOf(schema) ?? []))].filter(
    (type) => type !== 'null',
  );
  return [typeError(pointer, types[0] ?? 'object', data)];
}

function choices(pointer: string, values: readonly unknown[]): PointerError {
  const numeric = values.every((value) => typeof value === 'number');
  const ordered = numeric ? [...values].sort((a, b) => (a as number) - (b as number)) : values;
  const listed = ordered.map((value) => (typeof value === 'string' ? `'${value}'` : String(value)));
  return { pointer, code: 'BASE_TYPE_CHOICES', message: `Value must be one of (${listed.join(', ')}).` };
}

function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

function typeError(pointer: string, type: string, data: unknown): PointerError {
  switch (type) {
    case 'integer':
      return { pointer, code: 'NUMBER_TYPE_COERCE', message: `Value "${shown(data)}" is not int.` };
    case 'number':
      return { pointer, code: 'NUMBER_TYPE_COERCE', message: `Value "${shown(data)}" is not a number.` };
    case 'boolean':
      return { pointer, code: 'BASE_TYPE_BOOLEAN', message: 'Must be either true or false.' };
    case 'array':
      return { pointer, code: 'LIST_TYPE_CONVERT', message: 'Only iterables may be used in a ListType' };
    case 'object':
      return { pointer, code: 'DICT_TYPE_CONVERT', message: 'Only dictionaries may be used in a DictType' };
    default:
      return {
        pointer,
        code: 'STRING_TYPE_CONVERT',
        message: `Could not interpret "${shown(data)}" as string.`,
      };
  }
}

function lengthError(pointer: string, parent: JsonSchema, items: boolean): PointerError {
  const min = (items ? parent.minItems : parent.minLength) as number | undefined;
  const max = (items ? parent.maxItems : parent.maxLength) as number | undefined;
  if (min !== undefined && max !== undefined) {
    return { pointer, code: 'BASE_TYPE_BAD_LENGTH', message: `Must be between ${min} and ${max} in length.` };
  }
  if (max !== undefined) {
    return { pointer, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` };
  }
  return { pointer, code: 'BASE_TYPE_MIN_LENGTH', message: `Must be ${min ?? 1} or more in length.` };
}

function plainError(error: ErrorObject): PointerError {
  const pointer = error.instancePath;
  const parent = (error.parentSchema ?? {}) as JsonSchema;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return {
        pointer: `${pointer}/${String(params.missingProperty)}`,
        code: 'BASE_TYPE_REQUIRED',
        message: 'This field is required',
      };
    case 'maxLength':
    case 'minLength':
      return lengthError(pointer, parent, false);
    case 'maxItems':
    case 'minItems':
      return lengthError(pointer, parent, true);
    case 'maxProperties':
      return {
        pointer,
        code: 'BASE_TYPE_MAX_LENGTH',
        message: `Must be ${String(params.limit)} or fewer in length.`,
      };
    case 'maximum':
      return {
        pointer,
        code: 'NUMBER_TYPE_MAX',
        message: `int value should be less than or equal to ${String(params.limit)}.`,
      };
    case 'minimum':
      return {
        pointer,
        code: 'NUMBER_TYPE_MIN',
        message: `int value should be greater than or equal to ${String(params.limit)}.`,
      };
    case 'enum':
      return choices(pointer, (params.allowedValues as unknown[]) ?? []);
    case 'const':
      return choices(pointer, [params.allowedValue]);
    case 'type':
      return typeError(pointer, String(params.type).split(',')[0] ?? 'object', error.data);
    case 'pattern':
      if (parent.format === 'snowflake') {
        return {
          pointer,
          code: 'NUMBER_TYPE_COERCE',
          message: `Value "${shown(error.data)}" is not snowflake.`,
        };
      }
      if (params.pattern === integerStringPattern) return typeError(pointer, 'integer', error.data);
      return { pointer, code: 'STRING_TYPE_REGEX', message: 'String value did not match validation regex.' };
    case 'format':
      if (params.format === 'uri')
        return { pointer, code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' };
      return {
        pointer,
        code: 'DATE_TYPE_PARSE',
        message: `Could not parse ${shown(error.data)}. Should be ISO8601.`,
      };
    case 'uniqueItems':
      return { pointer, code: 'BASE_TYPE_DUPLICATE', message: 'Values must be unique.' };
    default:
      return { pointer, code: 'BASE_TYPE_INVALID', message: error.message ?? 'Invalid value.' };
  }
}
