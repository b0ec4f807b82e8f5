// REST over HTTP: reads and records each request, then applies injected faults, the bot token check
// and Discord's rate limits, in that order, before routing it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RateLimiter, type RateLimitOptions } from './rate-limiter.js';
import { RestFaults } from './rest-faults.js';
import type { RestRoutes } from './rest-routes.js';
import { parseMultipart, type UploadedFile } from './uploads.js';
import type { World } from './world.js';

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  body: unknown;
  /** Files uploaded with a multipart body (their bytes are kept with the message's attachments). */
  files?: { field: string; filename: string; contentType: string; size: number }[];
  status: number;
  at: number;
}

export class RestServer {
  readonly requests: RecordedRequest[] = [];
  readonly rateLimiter: RateLimiter;
  readonly faults = new RestFaults();

  constructor(
    private readonly world: World,
    private readonly routes: RestRoutes,
    rateLimits: RateLimitOptions,
  ) {
    this.rateLimiter = new RateLimiter(rateLimits);
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(request);
    const { body, uploads } = parseBody(request.headers['content-type'], raw);
    const path = decodeURIComponent(url.pathname).replace(/^\/api(\/v\d+)?/, '');
    const record: RecordedRequest = {
      method: request.method ?? 'GET',
      path,
      query: url.search,
      body,
      ...(uploads.length > 0
        ? {
            files: uploads.map(({ field, filename, contentType, data }) => ({
              field,
              filename,
              contentType,
              size: data.length,
            })),
          }
        : {}),
      status: 0,
      at: Date.now(),
    };
    this.requests.push(record);
    const isInteractionRoute = isInteractionPath(path);
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      const write = () => {
        if (response.writableEnded) return;
        response.writeHead(
          status,
          payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
        );
        response.end(payload === undefined ? undefined : JSON.stringify(payload));
      };
      const latencyMs = this.faults.latencyFor(isInteractionRoute);
      if (latencyMs > 0) setTimeout(write, latencyMs);
      else write();
    };

    const fault = this.faults.take(record.method, path);
    if (fault) {
      if (fault.status === 'hang') {
        record.status = -1;
        return;
      }
      if (fault.status === 429) {
        const retryAfter = fault.retryAfterSeconds ?? 1;
        send(
          429,
          {
            message: 'You are being rate limited.',
            retry_after: retryAfter,
            global: fault.global === true,
            code: 0,
          },
          {
            'retry-after': String(retryAfter),
            ...(fault.global
              ? { 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' }
              : { 'x-ratelimit-scope': 'user' }),
          },
        );
        return;
      }
      send(fault.status, { message: 'Injected fault', code: 0 });
      return;
    }

    if (!isInteractionRoute && !this.world.acceptsToken(request.headers.authorization)) {
      send(401, { message: '401: Unauthorized', code: 0 });
      return;
    }
    const bucket = bucketKey(record.method, path);
    const decision = this.rateLimiter.check(bucket, { global: !isInteractionRoute });
    if (!decision.allowed) {
      send(
        429,
        {
          message: 'You are being rate limited.',
          retry_after: decision.retryAfterSeconds,
          global: decision.scope === 'global',
          code: 0,
        },
        decision.headers,
      );
      return;
    }
    // An empty or unparsable body reads as no fields at all, as Discord reads it: routes answer
    // "empty message" or "field required" rather than fail on a missing object.
    const fields = typeof body === 'object' && body !== null ? body : {};
    const result = this.routes.route(record.method, path, url.searchParams, fields, uploads);
    send(result.status, result.body, decision.headers);
  }

  /**
   * The most requests counting toward the global limit (all but interaction and webhook routes) that
   * arrived within any one second: Discord allows 50, however the seconds are cut.
   */
  busiestGlobalSecond(): number {
    return busiestSecond(
      this.requests.filter((request) => !isInteractionPath(request.path)).map((request) => request.at),
    );
  }
}

/** The most of `times` (ms) within any one second, however the seconds are cut. */
export function busiestSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let busiest = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while ((sorted[last] as number) - (sorted[first] as number) >= 1000) first++;
    busiest = Math.max(busiest, last - first + 1);
  }
  return busiest;
}

/** Route bucket: ids become ":id" except the major parameter (the channel, guild or webhook addressed). */
function bucketKey(method: string, path: string): string {
  const parts = path.split('/');
  const major = ['channels', 'guilds', 'webhooks'].includes(parts[1] ?? '');
  return `${method} ${parts.map((part, index) => (/^\d{17,20}$/.test(part) && !(major && index === 2) ? ':id' : part)).join('/')}`;
}

/** Interaction callbacks and webhooks (follow-ups): Discord does not count them toward the global limit. */
function isInteractionPath(path: string): boolean {
  return path.startsWith('/interactions/') || path.startsWith('/webhooks/');
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * JSON bodies, and multipart bodies whose JSON is in the `payload_json` part and whose files are in
 * `files[n]` parts (as discord.js sends them).
 */
function parseBody(contentType: string | undefined, raw: Buffer): { body: unknown; uploads: UploadedFile[] } {
  if (raw.length === 0) return { body: undefined, uploads: [] };
  if (contentType?.startsWith('multipart/form-data')) {
    const { json, files } = parseMultipart(contentType, raw);
    return { body: json, uploads: files };
  }
  return { body: safeJson(raw.toString('utf8')), uploads: [] };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
