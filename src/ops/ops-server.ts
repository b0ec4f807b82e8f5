// /healthz and /metrics for operators: bound to loopback unless configured otherwise, read-only,
// and free of anything secret (no token, no user content).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';

interface HealthReport {
  gateway: 'connected' | 'disconnected';
  store: 'ok' | 'unreachable';
}

export interface OpsServerOptions {
  host: string;
  port: number;
  registry: Registry;
  health(): Promise<HealthReport>;
  log: Logger;
}

export interface RunningOpsServer {
  url: string;
  close(): Promise<void>;
}

function isHealthy(report: HealthReport): boolean {
  return report.gateway === 'connected' && report.store === 'ok';
}

export async function startOpsServer({
  host,
  port,
  registry,
  health,
  log,
}: OpsServerOptions): Promise<RunningOpsServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const answer = async () => {
      if (path === '/healthz') {
        const report = await health();
        response
          .writeHead(isHealthy(report) ? 200 : 503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: isHealthy(report) ? 'ok' : 'degraded', ...report }));
        return;
      }
      if (path === '/metrics') {
        const text = await registry.metrics();
        response.writeHead(200, { 'content-type': registry.contentType }).end(text);
        return;
      }
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: try /healthz or /metrics\n');
    };
    answer().catch((error: unknown) => {
      log.error({ err: error, path }, 'ops endpoint failed');
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES'
          ? new Error(
              `the health and metrics port ${host}:${port} is not available (${error.code}); set OPS_PORT to a free port, 0 for any, or off`,
            )
          : error,
      ),
    );
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  log.info({ url }, 'health and metrics listening');
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Where this process's /healthz answers, as a local health check asks it: the bot's at OPS_HOST and
 * OPS_PORT, or the REST proxy's (https when it has a certificate); a wildcard host is asked on
 * loopback. Throws when there is none.
 */
export function healthUrl(config: Config, { restProxy }: { restProxy: boolean }): string {
  const listening = restProxy ? config.restProxy : config.ops;
  if (!listening) throw new Error('OPS_PORT is off: this process has no /healthz to ask');
  const host =
    ({ '0.0.0.0': '127.0.0.1', '::': '::1' } as Record<string, string>)[listening.host] ?? listening.host;
  // A REST proxy with a certificate serves https only, /healthz included.
  const scheme = restProxy && config.restProxy.tls ? 'https' : 'http';
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${listening.port}/healthz`;
}
