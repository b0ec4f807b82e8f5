// `node dist/healthcheck.js [--rest-proxy]`: a container's HEALTHCHECK, in Node because slim images
// have no curl. Exits 0 when this container's /healthz answers 200 within 4 s, 1 otherwise, saying why.
import { loadConfig } from './config.js';
import { healthUrl } from './ops/ops-server.js';

const timeoutMs = 4000;

async function main(): Promise<number> {
  let url: string;
  try {
    url = healthUrl(loadConfig(process.env), { restProxy: process.argv.includes('--rest-proxy') });
  } catch (error) {
    console.error(`unhealthy: ${(error as Error).message.split('\n').join(' ')}`);
    return 1;
  }
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = await response.text();
    if (response.status === 200) return 0;
    console.error(`unhealthy: ${url} answered ${response.status} ${body.slice(0, 200)}`);
  } catch (error) {
    console.error(`unhealthy: ${url} did not answer (${(error as Error).message})`);
  }
  return 1;
}

process.exit(await main());
