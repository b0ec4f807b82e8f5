// What a shard process's discord.js REST client needs to send through the shared REST proxy: the
// shared secret in a header on every request, and, when the proxy's certificate comes from a private
// CA (REST_PROXY_CA_FILE), a connection agent that trusts that CA for the proxy only. Kept apart from
// the proxy itself so a shard process loads none of the proxy's code.
import { readFileSync } from 'node:fs';
import { Agent } from 'undici';
import type { Config } from '../config.js';

/** The header carrying REST_PROXY_SECRET. The proxy never forwards it to Discord. */
export const restProxySecretHeader = 'x-sitrep-proxy-secret';

/** Options for discord.js's REST client (`rest` in its client options), as @discordjs/rest names them. */
export interface RestProxyClientOptions {
  headers?: Record<string, string>;
  agent?: Agent;
}

/** Nothing unless REST_PROXY_URL is set: requests then go straight to Discord. */
export function restProxyClientOptions(config: Config): RestProxyClientOptions {
  if (!config.restProxyUrl) return {};
  const { secret, caFile } = config.restProxy;
  return {
    ...(secret ? { headers: { [restProxySecretHeader]: secret } } : {}),
    // `ca` replaces the default roots for this agent: the proxy's connection trusts only that CA.
    ...(caFile ? { agent: new Agent({ connect: { ca: readFileSync(caFile) } }) } : {}),
  };
}
