// One REST rate-limit budget for every process of the bot. Discord's global limit (50 requests/s)
// counts per bot, not per process, so shard processes send their REST requests through one proxy:
// discord.js's own (@discordjs/proxy), whose REST client then keeps the route buckets for the whole
// fleet. The token stays with the shard processes: the proxy forwards their Authorization header.
//
// In front of its network calls sits the Pacer: @discordjs/rest counts the global limit in bursts
// per one-second window of its own, which Discord refuses when its windows do not line up with ours
// (measured in docs/BENCHMARKS.md); evenly spaced starts stay under the limit however they line up.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { proxyRequests } from '@discordjs/proxy';
import { DefaultRestOptions, REST, type ResponseLike } from '@discordjs/rest';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { Pacer } from '../scheduler/pacer.js';

export interface RestProxyOptions {
  /** Discord's REST base URL without the version, such as https://discord.com/api. */
  upstreamApiUrl: string;
  /** Starts per second of requests that count toward the global limit, for the whole fleet. */
  globalPerSecond: number;
  /** A request (queueing included) taking longer is answered 504; the caller's discord.js retries. */
  timeoutMs: number;
  host: string;
  port: number;
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
}

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

/** The proxy as configured: Discord's API, the fleet's pace, the REST timeout, where to listen. */
export function restProxyOptions(config: Config, log: Logger): RestProxyOptions {
  return {
    upstreamApiUrl: config.apiUrl,
    globalPerSecond: config.restProxy.globalPerSecond,
    timeoutMs: config.restTimeoutMs,
    host: config.restProxy.host,
    port: config.restProxy.port,
    log,
  };
}

export async function startRestProxy({
  upstreamApiUrl,
  globalPerSecond,
  timeoutMs,
  host,
  port,
  log,
}: RestProxyOptions): Promise<RunningRestProxy> {
  const pacer = new Pacer(globalPerSecond);
  const stats: RestProxyStats = { forwarded: 0, waiting: 0, upstreamRateLimited: 0, unreachable: 0 };

  // @discordjs/proxy hands the caller's request stream over as the body, and @discordjs/rest sends
  // the same body again after a 429: read once, the stream would go out empty the second time.
  const bodies = new WeakMap<object, Buffer>();
  const replayable = async (body: RequestInit['body']): Promise<RequestInit['body']> => {
    if (!(body instanceof Readable)) return body;
    let buffered = bodies.get(body);
    if (!buffered) {
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
      buffered = Buffer.concat(chunks);
      bodies.set(body, buffered);
    }
    return buffered;
  };

  const send = async (url: string, init: RequestInit): Promise<ResponseLike> => {
    // Aborted while queued (the timeout passed): never send it late, the caller has retried.
    init.signal?.throwIfAborted();
    stats.forwarded++;
    try {
      const { duplex: _streamed, ...unstreamed } = init as RequestInit & { duplex?: string };
      const request = { ...unstreamed, body: await replayable(init.body) };
      const response = await DefaultRestOptions.makeRequest(url, request as never);
      if (response.status === 429) {
        stats.upstreamRateLimited++;
        log.warn(
          { route: routeForLog(url), global: response.headers.get('x-ratelimit-global') === 'true' },
          'Discord answered 429',
        );
      }
      return response;
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
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
  const forward = proxyRequests(rest);

  const server: Server = createServer((request, response) => {
    if (request.url === '/healthz') {
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: 'ok', ...stats }));
      return;
    }
    Promise.resolve(forward(request, response)).catch((error: unknown) => {
      log.error({ reason: (error as Error).message, method: request.method }, 'REST proxy failed a request');
      if (!response.headersSent) response.writeHead(502);
      if (!response.writableEnded) response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/api`,
    stats: () => ({ ...stats }),
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
