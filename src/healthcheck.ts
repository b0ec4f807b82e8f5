// `node dist/healthcheck.js [--rest-proxy]`: a container's HEALTHCHECK, in Node because slim images
// have no curl. Exits 0 when this container's /healthz answers 200 within 4 s, 1 otherwise, saying why.
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { loadConfig } from './config.js';
import { healthUrl } from './ops/ops-server.js';

const timeoutMs = 4000;

/**
 * GET on this container's own loopback. An https REST proxy's certificate names the host the shards
 * use, not loopback, and may come from a private CA: the probe sends nothing secret and reads only
 * the status, so it does not verify the certificate.
 */
function probe(url: string): Promise<{ status: number; body: string }> {
  const get = url.startsWith('https:') ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    const request = get(url, { timeout: timeoutMs, rejectUnauthorized: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (body.length < 1000) body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

async function main(): Promise<number> {
  let url: string;
  try {
    url = healthUrl(loadConfig(process.env), { restProxy: process.argv.includes('--rest-proxy') });
  } catch (error) {
    console.error(`unhealthy: ${(error as Error).message.split('\n').join(' ')}`);
    return 1;
  }
  try {
    const { status, body } = await probe(url);
    if (status === 200) return 0;
    console.error(`unhealthy: ${url} answered ${status} ${body.slice(0, 200)}`);
  } catch (error) {
    console.error(`unhealthy: ${url} did not answer (${(error as Error).message})`);
  }
  return 1;
}

process.exit(await main());
