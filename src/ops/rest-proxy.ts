// One REST rate-limit budget for every process of the bot. Discord's global limit (50 requests/s)
// counts per bot, not per process, so shard processes send their REST requests through one proxy:
// a discord.js REST client (@discordjs/rest, with @discordjs/proxy's response helpers) that keeps the
// route buckets for the whole fleet.
//
// In front of its network calls sits the Pacer: @discordjs/rest counts the global limit in bursts
// per one-second window of its own, which Discord refuses when its windows do not line up with ours
// (measured in docs/BENCHMARKS.md); evenly spaced starts stay under the limit however they line up.
//
// Only the bot's own processes may use it (issue 15): every request carries the shared secret
// (REST_PROXY_SECRET, compared in constant time) and the bot's own token, or it is refused before it
// costs anything. Bodies are capped and read only when their turn comes, the queue is capped, and a
// 429 from Discord goes straight back to the request that drew it instead of holding everyone else.
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { populateErrorResponse, populateSuccessfulResponse } from '@discordjs/proxy';
import { DefaultRestOptions, REST, type RequestMethod, type ResponseLike } from '@discordjs/rest';
import { type Config, ConfigError, restProxyServerProblems } from '../config.js';
import type { Logger } from '../log.js';
import { Pacer } from '../scheduler/pacer.js';
import { restProxySecretHeader } from './rest-proxy-client.js';

/**
 * The largest request body forwarded. sitrep sends JSON only (an embed message is far under 100 KB);
 * Discord's own cap on a bot's upload is 10 MiB, and nothing sitrep sends comes near it.
 */
const defaultMaxBodyBytes = 8 * 1024 * 1024;

export interface RestProxyOptions {
  /** Discord's REST base URL without the version, such as https://discord.com/api. */
  upstreamApiUrl: string;
  /** Starts per second of requests that count toward the global limit, for the whole fleet. */
  globalPerSecond: number;
  /** A request (queueing included) taking longer is answered 504; the caller's discord.js retries. */
  timeoutMs: number;
  host: string;
  port: number;
  /** The shared secret every caller sends in the x-sitrep-proxy-secret header. */
  secret: string;
  /** The bot's token: the only Authorization forwarded (routes that carry their own token need none). */
  botToken: string;
  /** Certificate chain and key (PEM): serve https. Absent: plain http. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Bodies larger than this are answered 413. Default 8 MiB. */
  maxBodyBytes?: number;
  /**
   * Requests waiting for their start on the global grid beyond this are answered 503 at once.
   * Default: as many as the pace starts within the timeout (705 at 47/s and 15 s), at least 64; one
   * waiting longer would be answered 504 anyway.
   */
  maxWaiting?: number;
  log: Logger;
}

interface RestProxyStats {
  forwarded: number;
  /** Requests waiting for their start on the global grid now. */
  waiting: number;
  /** Answers of 429 from upstream: 0 unless something else spends the bot's budget. */
  upstreamRateLimited: number;
  /** Requests that failed before an answer (connection refused, reset): answered 502. */
  unreachable: number;
  /** Requests refused before they cost anything, by reason. */
  refused: { secret: number; token: number; tooLarge: number; queueFull: number };
}

type Refusal = keyof RestProxyStats['refused'];

export interface RunningRestProxy {
  /** What shard processes take as REST_PROXY_URL. */
  url: string;
  stats(): RestProxyStats;
  close(): Promise<void>;
}

/**
 * Whether a request counts toward the bot's global limit: interaction callbacks and webhook routes
 * (follow-ups) do not, so a reply never queues behind a digest fan-out.
 */
export function countsTowardGlobalLimit(url: string): boolean {
  const path = new URL(url).pathname.replace(/^.*?\/v\d+(?=\/)/, '');
  return !(path.startsWith('/interactions/') || path.startsWith('/webhooks/'));
}

/**
 * The proxy as configured: Discord's API, the fleet's pace, the REST timeout, the secret, the token,
 * TLS, where to listen (`listen` overrides the configured address). Throws ConfigError naming what
 * is missing: the token, the secret, or https beyond loopback without the operator's opt-in.
 */
export function restProxyOptions(
  config: Config,
  log: Logger,
  listen: { host: string; port: number; secret?: string } = config.restProxy,
): RestProxyOptions {
  const secret = listen.secret ?? config.restProxy.secret;
  const problems = restProxyServerProblems(
    { ...config, restProxy: { ...config.restProxy, secret } },
    { host: listen.host },
  );
  if (problems.length > 0 || !config.token || !secret) throw new ConfigError(problems);
  const { tls } = config.restProxy;
  return {
    upstreamApiUrl: config.apiUrl,
    globalPerSecond: config.restProxy.globalPerSecond,
    timeoutMs: config.restTimeoutMs,
    host: listen.host,
    port: listen.port,
    secret,
    botToken: config.token,
    ...(tls ? { tls: { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) } } : {}),
    log,
  };
}

/** Discord's 429, passed back to the caller that drew it rather than waited out here. */
class UpstreamRateLimited extends Error {
  constructor(
    readonly headers: Record<string, string>,
    readonly body: string,
  ) {
    super('Discord answered 429');
    this.name = 'UpstreamRateLimited';
  }
}

class BodyTooLarge extends Error {
  constructor() {
    super('request body over the limit');
    this.name = 'BodyTooLarge';
  }
}

/** Constant-time equality of two strings of any length (their digests are compared). */
function sameSecret(given: string | string[] | undefined, expected: Buffer): boolean {
  if (typeof given !== 'string') return false;
  return timingSafeEqual(createHash('sha256').update(given).digest(), expected);
}

/** Reads a body up to `limit` bytes; past it, stops reading (the socket is closed after the 413). */
async function readCapped(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body.iterator({ destroyOnReturn: false })) {
    const buffer = Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export async function startRestProxy({
  upstreamApiUrl,
  globalPerSecond,
  timeoutMs,
  host,
  port,
  secret,
  botToken,
  tls,
  maxBodyBytes = defaultMaxBodyBytes,
  maxWaiting = Math.max(64, Math.ceil((globalPerSecond * timeoutMs) / 1000)),
  log,
}: RestProxyOptions): Promise<RunningRestProxy> {
  if (secret.length < 16 || botToken.length < 20)
    throw new Error('The REST proxy needs its shared secret and the bot token');
  const pacer = new Pacer(globalPerSecond);
  const stats: RestProxyStats = {
    forwarded: 0,
    waiting: 0,
    upstreamRateLimited: 0,
    unreachable: 0,
    refused: { secret: 0, token: 0, tooLarge: 0, queueFull: 0 },
  };
  const secretDigest = createHash('sha256').update(secret).digest();
  const authorizationDigest = createHash('sha256').update(`Bot ${botToken}`).digest();

  const send = async (url: string, init: RequestInit): Promise<ResponseLike> => {
    // Aborted while queued (the timeout passed, or the caller hung up): never send it late.
    init.signal?.throwIfAborted();
    // Read only now, when its turn has come: a queue of waiting requests holds no bodies.
    const body = init.body instanceof Readable ? await readCapped(init.body, maxBodyBytes) : init.body;
    stats.forwarded++;
    try {
      const { duplex: _streamed, ...unstreamed } = init as RequestInit & { duplex?: string };
      const response = await DefaultRestOptions.makeRequest(url, { ...unstreamed, body } as never);
      if (response.status === 429) {
        stats.upstreamRateLimited++;
        const global = response.headers.get('x-ratelimit-global') === 'true';
        log.warn({ route: routeForLog(url), global }, 'Discord answered 429: passed back to its caller');
        const passed: Record<string, string> = { 'content-type': 'application/json' };
        for (const name of ['retry-after', 'x-ratelimit-global', 'x-ratelimit-scope']) {
          const value = response.headers.get(name);
          if (value !== null) passed[name] = value;
        }
        throw new UpstreamRateLimited(passed, await response.text());
      }
      return response;
    } catch (error) {
      if ((error as Error).name === 'AbortError' || error instanceof UpstreamRateLimited) throw error;
      // @discordjs/proxy answers an unknown error with an empty 200; a 502 makes the caller retry.
      stats.unreachable++;
      log.warn({ route: routeForLog(url), reason: (error as Error).message }, 'could not reach Discord');
      return new Response(JSON.stringify({ message: 'The REST proxy could not reach Discord', code: 0 }), {
        status: 502,
        headers: { 'content-type': 'application/json' },
      });
    }
  };

  const rest = new REST({
    api: upstreamApiUrl,
    timeout: timeoutMs,
    // The callers' discord.js retries; retrying here as well would multiply the attempts.
    retries: 0,
    // The pacer holds the global limit; @discordjs/rest's per-window count would hold interaction
    // callbacks, which Discord does not count, behind a fan-out for up to a second.
    globalRequestsPerSecond: Number.MAX_SAFE_INTEGER,
    makeRequest: (url, init) => {
      if (!countsTowardGlobalLimit(url)) return send(url, init);
      stats.waiting++;
      return pacer.run(() => {
        stats.waiting--;
        return send(url, init);
      });
    },
  });

  // Refusals are logged at most once per 10 s per reason, with the running count: a flood of them
  // must not become a flood of log lines. Nothing the caller sent is logged.
  const lastLogged: Partial<Record<Refusal, number>> = {};
  const refuse = (
    request: IncomingMessage,
    response: ServerResponse,
    reason: Refusal,
    status: number,
    message: string,
    headers: Record<string, string> = {},
  ) => {
    stats.refused[reason]++;
    const now = Date.now();
    if ((lastLogged[reason] ?? 0) + 10_000 <= now) {
      lastLogged[reason] = now;
      log.warn(
        { reason, status, refusedSoFar: stats.refused[reason], from: request.socket.remoteAddress },
        'REST proxy refused a request',
      );
    }
    // Connection: close, so an unread body is not read (and thrown away) after the answer.
    response
      .writeHead(status, { 'content-type': 'application/json', connection: 'close', ...headers })
      .end(JSON.stringify({ message: `REST proxy: ${message}`, code: 0 }));
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://proxy');
    if (url.pathname === '/healthz') {
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: 'ok', ...stats }));
      return;
    }
    if (!sameSecret(request.headers[restProxySecretHeader], secretDigest)) {
      refuse(
        request,
        response,
        'secret',
        407,
        `missing or wrong ${restProxySecretHeader} (REST_PROXY_SECRET)`,
        {
          'proxy-authenticate': `SitrepSecret header="${restProxySecretHeader}"`,
        },
      );
      return;
    }
    const fullRoute = url.pathname.replace(/^\/api(\/v\d+)?/, '');
    const ownToken = /^\/(interactions|webhooks)\//.test(fullRoute);
    const { authorization } = request.headers;
    if (authorization === undefined ? !ownToken : !sameSecret(authorization, authorizationDigest)) {
      refuse(request, response, 'token', 401, "only the bot's own token is forwarded");
      return;
    }
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) {
      refuse(request, response, 'tooLarge', 413, `bodies over ${maxBodyBytes} bytes are refused`);
      return;
    }
    if (countsTowardGlobalLimit(url.href) && stats.waiting >= maxWaiting) {
      refuse(request, response, 'queueFull', 503, 'too many requests waiting; try again shortly', {
        'retry-after': '1',
      });
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'authorization', 'x-audit-log-reason']) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    // A caller that hangs up (its own timeout passed, it retried) takes its request out of the queue.
    const hangUp = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) hangUp.abort();
    });
    try {
      const answer = await rest.queueRequest({
        body: request,
        fullRoute: fullRoute as `/${string}`,
        method: (request.method ?? 'GET') as RequestMethod,
        auth: false,
        passThroughBody: true,
        query: url.searchParams,
        headers,
        signal: hangUp.signal,
      });
      await populateSuccessfulResponse(response, answer);
    } catch (error) {
      if (error instanceof UpstreamRateLimited) {
        response.writeHead(429, error.headers).write(error.body);
      } else if (error instanceof BodyTooLarge) {
        refuse(request, response, 'tooLarge', 413, `bodies over ${maxBodyBytes} bytes are refused`);
      } else if (!populateErrorResponse(response, error)) {
        throw error;
      }
    } finally {
      if (!response.writableEnded) response.end();
    }
  };

  const listener = (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response).catch((error: unknown) => {
      log.error({ reason: (error as Error).message, method: request.method }, 'REST proxy failed a request');
      if (!response.headersSent) response.writeHead(502);
      if (!response.writableEnded) response.end();
    });
  };
  const server: Server = tls
    ? createHttpsServer({ cert: tls.cert, key: tls.key }, listener)
    : createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `${tls ? 'https' : 'http'}://${shownHost}:${address.port}/api`,
    stats: () => ({ ...stats, refused: { ...stats.refused } }),
    close: () =>
      new Promise<void>((resolve) => {
        pacer.close(new Error('The REST proxy is stopping'));
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The route without ids or tokens: interaction and webhook paths carry tokens. */
function routeForLog(url: string): string {
  return new URL(url).pathname
    .replace(/\/\d{15,25}(?=\/|$)/g, '/:id')
    .replace(/\/[\w-]{30,}(?=\/|$)/g, '/:token');
}
