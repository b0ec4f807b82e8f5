// Request bodies checked against Discord's OpenAPI document, as Discord checks them: the operation is
// found by method and path template, and the body validated against its requestBody schema.
//
// Cost: Ajv and the document are loaded on the first validation, not at import; each component
// schema is handed to Ajv only when a route's schema reaches it, and each route's validator is
// compiled once, on its first request (or when a bot identifies, for the message routes), and kept
// here for every emulator in the process. A body is checked by a validator that stops at the first
// error; only a body that fails is checked again by one that collects every error for the 400.

import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { FieldError } from './field-errors.js';
import { findOperation, type JsonSchema, type OpenApiDocument, readSpec } from './openapi-spec.js';
import { fieldErrors, integerStringPattern } from './spec-errors.js';

// Ajv is loaded with the document, on the first validation: a process that never validates (a
// benchmark's, say) does not pay the ~100 ms of loading it.
const require = createRequire(import.meta.url);
const componentPrefix = '#/components/schemas/';
const idPrefix = 'discord-openapi:';

interface SpecState {
  document: OpenApiDocument;
  /** Answers "valid or not" and stops at the first error: what nearly every request needs. */
  fast: Ajv2020;
  /** Every error, with its schema and data, for the 400 a bad request gets: run only after `fast` says no. */
  detailed: Ajv2020;
  registered: Set<string>;
  /** Per "METHOD /template" (and branch): the body's schema, or null for an operation without one. */
  schemas: Map<string, JsonSchema | null>;
  fastRoutes: Map<string, ValidateFunction>;
  detailedRoutes: Map<string, ValidateFunction>;
  inlineBranches: WeakMap<JsonSchema, ValidateFunction>;
}

let state: SpecState | undefined;

function specState(): SpecState {
  if (state) return state;
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const addFormats = (require('ajv-formats') as typeof import('ajv-formats')).default;
  const create = (detailed: boolean) => {
    const ajv = new Ajv({
      // The document's own keywords (x-discord-union) and formats are not Ajv's.
      strict: false,
      // With every error collected, a union tries all its branches even for a valid body: a 7 KB
      // embed answer takes 0.18 ms to check that way, 0.05 ms stopping at the first error.
      allErrors: detailed,
      // Errors carry their schema and data: unions are judged by branch, lengths quote both bounds.
      verbose: detailed,
      validateSchema: false,
      // Each component is compiled once and shared by every route that reaches it.
      inlineRefs: false,
      code: { optimize: false },
    });
    addFormats(ajv, ['date-time', 'uri', 'int32', 'int64', 'double']);
    // Snowflakes and nonces carry their own pattern or length.
    ajv.addFormat('snowflake', true);
    ajv.addFormat('nonce', true);
    return ajv;
  };
  state = {
    document: readSpec(),
    fast: create(false),
    detailed: create(true),
    registered: new Set(),
    schemas: new Map(),
    fastRoutes: new Map(),
    detailedRoutes: new Map(),
    inlineBranches: new WeakMap(),
  };
  return state;
}

/**
 * What Discord's document finds wrong with a request's JSON body (or a multipart body's payload_json).
 * `branch` names the schema a union body is meant for when the route knows it (a forum post).
 */
export function requestBodyErrors(
  method: string,
  path: string,
  body: unknown,
  branch?: string,
): FieldError[] {
  const route = routeSchema(method, path, branch);
  if (!route) return [];
  if (compiled(route, 'fast')(body)) return [];
  const validate = compiled(route, 'detailed');
  if (validate(body)) return [];
  return fieldErrors(validate.errors ?? [], branchValidator);
}

/** The routes a connected bot answers and posts on: every message-carrying body. */
const messageRoutes: [string, string][] = [
  ['POST', '/channels/0/messages'],
  ['POST', '/interactions/0/token/callback'],
  ['POST', '/webhooks/0/token'],
  ['PATCH', '/webhooks/0/token/messages/@original'],
  ['PATCH', '/webhooks/0/token/messages/0'],
];

/**
 * Compiles the message routes' validators now rather than on their first request: called when a
 * bot identifies, so the compile (the one that costs, ~150 ms) does not hold up a burst of posts
 * and bunch their arrival, which would distort the rate limits the emulator measures.
 */
export function prepareMessageValidation(): void {
  for (const [method, path] of messageRoutes) {
    const route = routeSchema(method, path, undefined);
    if (route) compiled(route, 'fast');
  }
}

/** A route's body schema, readied for Ajv, and its key; undefined when the route takes no body. */
function routeSchema(
  method: string,
  path: string,
  branch: string | undefined,
): { key: string; schema: JsonSchema } | undefined {
  const spec = specState();
  const matched = findOperation(spec.document, method, path);
  if (!matched) return undefined;
  const key = `${method} ${matched.template} ${branch ?? ''}`;
  let schema = spec.schemas.get(key);
  if (schema === undefined) {
    const content = matched.operation.requestBody?.content;
    const body = content?.['application/json']?.schema ?? content?.['multipart/form-data']?.schema;
    schema = body ? prepare(branch ? { $ref: `${componentPrefix}${branch}` } : body) : null;
    spec.schemas.set(key, schema);
  }
  return schema ? { key, schema } : undefined;
}

/** A route's validator of one kind, compiled on first use and kept. */
function compiled(route: { key: string; schema: JsonSchema }, kind: 'fast' | 'detailed'): ValidateFunction {
  const spec = specState();
  const routes = kind === 'fast' ? spec.fastRoutes : spec.detailedRoutes;
  let validate = routes.get(route.key);
  if (!validate) {
    validate = spec[kind].compile(route.schema);
    routes.set(route.key, validate);
  }
  return validate;
}

/** A union branch validated on its own (spec-errors.ts): a component by id, or an inline schema. */
function branchValidator(branch: JsonSchema): ValidateFunction {
  const spec = specState();
  if (typeof branch.$ref === 'string') {
    const validate = spec.detailed.getSchema(branch.$ref);
    if (!validate) throw new Error(`schema ${branch.$ref} was never registered`);
    return validate;
  }
  let validate = spec.inlineBranches.get(branch);
  if (!validate) {
    validate = spec.detailed.compile(branch);
    spec.inlineBranches.set(branch, validate);
  }
  return validate;
}

/**
 * Readies a schema from the document for Ajv, in place: references to components become ids of
 * their own, and each component reached is registered. Integer fields also accept int-parseable
 * strings, as the document's README says Discord does (`default_member_permissions: "32"`); not
 * inside a union, where a string might then fit two branches.
 */
function prepare(schema: JsonSchema): JsonSchema {
  const spec = specState();
  const pending: string[] = [];
  const visit = (node: unknown, field: boolean): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, field);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const schemaNode = node as JsonSchema;
    if (typeof schemaNode.$ref === 'string' && schemaNode.$ref.startsWith(componentPrefix)) {
      const name = schemaNode.$ref.slice(componentPrefix.length);
      schemaNode.$ref = `${idPrefix}${name}`;
      if (!spec.registered.has(name)) pending.push(name);
    }
    if (field && isPlainInteger(schemaNode)) {
      schemaNode.type = [...typeList(schemaNode), 'string'];
      schemaNode.pattern = integerStringPattern;
    }
    const properties = schemaNode.properties;
    if (typeof properties === 'object' && properties !== null) {
      for (const child of Object.values(properties)) visit(child, true);
    }
    visit(schemaNode.items, true);
    visit(schemaNode.prefixItems, true);
    if (typeof schemaNode.additionalProperties === 'object') visit(schemaNode.additionalProperties, true);
    visit(schemaNode.oneOf, false);
    visit(schemaNode.anyOf, false);
    visit(schemaNode.allOf, false);
  };
  visit(schema, false);
  // Bounded by the document's component count: each name is registered once.
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (spec.registered.has(name)) continue;
    const component = spec.document.components.schemas[name];
    if (!component) throw new Error(`Discord's document has no schema ${name}`);
    spec.registered.add(name);
    visit(component, false);
    spec.fast.addSchema(component, `${idPrefix}${name}`);
    spec.detailed.addSchema(component, `${idPrefix}${name}`);
  }
  return schema;
}

function typeList(schema: JsonSchema): string[] {
  if (typeof schema.type === 'string') return [schema.type];
  return Array.isArray(schema.type) ? (schema.type as string[]) : [];
}

function isPlainInteger(schema: JsonSchema): boolean {
  return (
    typeList(schema).includes('integer') &&
    !typeList(schema).includes('string') &&
    !('enum' in schema || 'const' in schema || 'oneOf' in schema || 'anyOf' in schema || 'allOf' in schema) &&
    !('pattern' in schema || '$ref' in schema)
  );
}
