// Discord's OpenAPI document, vendored in discord-api-spec/: reading it, and finding the operation a
// request is for by its method and path template ("/channels/{channel_id}/messages").
import { readFileSync } from 'node:fs';

export type JsonSchema = { [keyword: string]: unknown };

interface OpenApiOperation {
  operationId: string;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema?: JsonSchema }>; $ref?: string }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation | unknown>>;
  components: { schemas: Record<string, JsonSchema>; responses: Record<string, unknown> };
}

export interface MatchedOperation {
  /** The path template as the document writes it. */
  template: string;
  operation: OpenApiOperation;
}

const specUrl = new URL('./discord-api-spec/openapi.json', import.meta.url);

/** A fresh parse of the document: callers may change what they get without touching anyone else's. */
export function readSpec(): OpenApiDocument {
  return JSON.parse(readFileSync(specUrl, 'utf8')) as OpenApiDocument;
}

interface Template {
  template: string;
  segments: string[];
}

const templatesByDocument = new WeakMap<OpenApiDocument, Template[]>();

function templatesOf(document: OpenApiDocument): Template[] {
  let templates = templatesByDocument.get(document);
  if (!templates) {
    templates = Object.keys(document.paths).map((template) => ({
      template,
      segments: template.split('/').filter(Boolean),
    }));
    templatesByDocument.set(document, templates);
  }
  return templates;
}

/**
 * The operation serving `method` on `path` (no /api/v10 prefix, ids filled in). Where two templates
 * match (`.../messages/@original` and `.../messages/{message_id}`), a literal segment wins over a
 * parameter, as a router would choose.
 */
export function findOperation(
  document: OpenApiDocument,
  method: string,
  path: string,
): MatchedOperation | undefined {
  const segments = path.split('/').filter(Boolean);
  let best: { template: Template; literals: string } | undefined;
  for (const template of templatesOf(document)) {
    if (template.segments.length !== segments.length) continue;
    let literals = '';
    let matches = true;
    for (let index = 0; index < segments.length && matches; index++) {
      const expected = template.segments[index] as string;
      const parameter = expected.startsWith('{') && expected.endsWith('}');
      matches = parameter || expected === segments[index];
      literals += parameter ? '0' : '1';
    }
    // Comparing "1101" with "1110" prefers the template whose first difference is a literal.
    if (matches && (!best || literals > best.literals)) best = { template, literals };
  }
  if (!best) return undefined;
  const operation = document.paths[best.template.template]?.[method.toLowerCase()];
  if (typeof operation !== 'object' || operation === null || !('responses' in operation)) return undefined;
  return { template: best.template.template, operation: operation as OpenApiOperation };
}
