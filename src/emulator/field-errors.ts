// Discord's 50035 Invalid Form Body: field errors keyed by the dotted path of the offending field,
// gathered from the documented rules and from Discord's OpenAPI document, and nested as Discord nests them.
export interface FieldError {
  path: string;
  code: string;
  message: string;
}

/** What Discord's OpenAPI document finds wrong with the request's body, worked out when first asked. */
export type SchemaCheck = () => readonly FieldError[];

/**
 * Both sets of findings, the documented rules' first: where one already speaks for a field, the
 * schema's looser figure for it (content's 4000 against the documented 2000) is left out.
 */
export function mergeErrors(rules: readonly FieldError[], schema: readonly FieldError[]): FieldError[] {
  const spoken = new Set(rules.map((error) => error.path));
  return [...rules, ...schema.filter((error) => !spoken.has(error.path))];
}

/** Every path given a prefix ("data." for an interaction callback's message). */
export function prefixed(errors: readonly FieldError[], prefix: string): FieldError[] {
  return errors.map((error) => ({
    ...error,
    path: error.path === '' ? prefix.replace(/\.$/, '') : `${prefix}${error.path}`,
  }));
}

/**
 * Discord's nested error body: { code: 50035, errors: { embeds: { 0: { title: { _errors: [...] } } } } }.
 * An error at the empty path (the body as a whole) sits at the top: { errors: { _errors: [...] } }.
 */
export function invalidFormBody(errors: readonly FieldError[]) {
  const tree: Record<string, unknown> = {};
  for (const error of errors) {
    let node = tree;
    for (const key of error.path.split('.').filter(Boolean)) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    node._errors ??= [];
    const list = node._errors as { code: string; message: string }[];
    list.push({ code: error.code, message: error.message });
  }
  return { code: 50035, message: 'Invalid Form Body', errors: tree };
}
