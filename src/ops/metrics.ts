// What operators graph and alert on, in Prometheus format. One registry per bot, passed to whoever
// records into it (no global default registry, so tests and several bots in one process stay apart).
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

import type { DeliveryResult } from '../store/subscription.js';

export type CommandOutcome = 'answered' | 'failed' | 'cooldown' | 'unknown_command';

export interface BotMetrics {
  registry: Registry;
  commandFinished(command: string, outcome: CommandOutcome, seconds: number): void;
  autocompleteFinished(command: string, outcome: 'answered' | 'failed'): void;
  digestFinished(result: DeliveryResult): void;
  rateLimited(scope: 'global' | 'route', waitSeconds: number): void;
}

export interface MetricsSources {
  /** 1 when the gateway is connected and ready. */
  gatewayConnected(): boolean;
  /** Gateway heartbeat round trip, ms; -1 when unknown. */
  gatewayPingMs(): number;
  /** Stored digest subscriptions, active and paused. */
  subscriptions(): { active: number; paused: number };
}

export function createMetrics(sources: MetricsSources): BotMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const commands = new Counter({
    name: 'sitrep_commands_total',
    help: 'Slash commands handled, by command and outcome',
    labelNames: ['command', 'outcome'] as const,
    registers: [registry],
  });
  const commandSeconds = new Histogram({
    name: 'sitrep_command_duration_seconds',
    help: 'From receiving a slash command to its reply being accepted by Discord',
    labelNames: ['command'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const autocompletes = new Counter({
    name: 'sitrep_autocomplete_total',
    help: 'Autocomplete requests answered, by command and outcome',
    labelNames: ['command', 'outcome'] as const,
    registers: [registry],
  });
  const digests = new Counter({
    name: 'sitrep_digests_total',
    help: 'Digest deliveries by result: posted, quiet (nothing new), failed, paused (channel gone or permission lost), missed (beyond the grace period after downtime), superseded',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const rateLimits = new Counter({
    name: 'sitrep_rate_limit_waits_total',
    help: 'Requests discord.js held back for a rate limit, by scope',
    labelNames: ['scope'] as const,
    registers: [registry],
  });
  const rateLimitSeconds = new Counter({
    name: 'sitrep_rate_limit_wait_seconds_total',
    help: 'Time requests spent held back for rate limits',
    labelNames: ['scope'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'sitrep_gateway_connected',
    help: '1 when the gateway connection is ready',
    registers: [registry],
    collect() {
      this.set(sources.gatewayConnected() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'sitrep_gateway_ping_seconds',
    help: 'Gateway heartbeat round trip',
    registers: [registry],
    collect() {
      const ping = sources.gatewayPingMs();
      this.set(ping >= 0 ? ping / 1000 : Number.NaN);
    },
  });
  new Gauge({
    name: 'sitrep_subscriptions',
    help: 'Digest subscriptions stored, by state',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const { active, paused } = sources.subscriptions();
      this.set({ state: 'active' }, active);
      this.set({ state: 'paused' }, paused);
    },
  });
  return {
    registry,
    commandFinished(command, outcome, seconds) {
      commands.inc({ command, outcome });
      commandSeconds.observe({ command }, seconds);
    },
    autocompleteFinished(command, outcome) {
      autocompletes.inc({ command, outcome });
    },
    digestFinished(result) {
      digests.inc({ result });
    },
    rateLimited(scope, waitSeconds) {
      rateLimits.inc({ scope });
      rateLimitSeconds.inc({ scope }, waitSeconds);
    },
  };
}
