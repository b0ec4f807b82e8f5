// Connects digests to a running bot: the keyv stores, the scheduler, REST delivery, and the gateway
// events that matter to subscriptions (the bot leaving a guild, a channel deleted).
import { type Client, Events, PermissionFlagsBits } from 'discord.js';
import type { CommandContext } from '../commands/command.js';
import { watchFactFiles } from '../data/watch-facts.js';
import type { ShutdownSummary } from '../delivery/digest-delivery.js';
import { DigestService } from '../delivery/digest-service.js';
import { createRestPoster, type GuildDirectory } from '../delivery/rest-poster.js';
import type { BotMetrics } from '../ops/metrics.js';
import { realTriggers, type ScheduleTriggers } from '../scheduler/digest-scheduler.js';
import { FactLedger } from '../store/fact-ledger.js';
import { openKeyValueStores } from '../store/keyv-stores.js';
import { SubscriptionStore } from '../store/subscription-store.js';
import { ownsGuild, type ShardPlan, shareOfShards } from './shards.js';

export interface RunningDigests {
  service: DigestService;
  /** Reloads fact files now (file changes do this by themselves when watched). */
  reloadFacts(): Promise<unknown>;
  /** Whether the store answers a query now (for /healthz). */
  storeReachable(): Promise<boolean>;
  /** Finishes or leaves for the restart what is in flight, then closes the store. */
  stop(): Promise<ShutdownSummary>;
}

export function guildDirectory(client: Client): GuildDirectory {
  return {
    postableSystemChannel(guildId) {
      const guild = client.guilds.cache.get(guildId);
      const channel = guild?.systemChannelId ? guild.channels.cache.get(guild.systemChannelId) : undefined;
      const me = guild?.members.me;
      if (!channel || !me) return undefined;
      const permissions = channel.permissionsFor(me);
      return permissions?.has([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages])
        ? channel.id
        : undefined;
    },
  };
}

/** Call once the client is ready: catch-up posts need the REST token and the guild cache. */
export async function startDigests({
  client,
  context,
  triggers,
  retryDelaysMs,
  watchFacts = true,
  metrics,
  shardPlan,
}: {
  client: Client;
  context: CommandContext;
  triggers?: ScheduleTriggers;
  retryDelaysMs?: readonly number[];
  watchFacts?: boolean;
  metrics?: BotMetrics;
  /** Run only the digests of guilds on these shards (the shards this process runs). */
  shardPlan?: ShardPlan;
}): Promise<RunningDigests> {
  const { config, log } = context;
  const stores = await openKeyValueStores(
    config.storeUrl,
    (error, namespace) => log.error({ err: error, namespace }, 'store error'),
    { maxSizeMb: config.storeMaxSizeMb },
  );
  log.info({ store: stores.description }, 'store opened');
  const service = await DigestService.start({
    subscriptions: new SubscriptionStore(stores.namespaces.subscriptions, stores.atomic.subscriptions),
    ledger: new FactLedger(stores.namespaces.ledger),
    facts: () => context.facts,
    poster: createRestPoster(client.rest, guildDirectory(client), {
      postsPerSecond: config.digestPostsPerSecond * (shardPlan ? shareOfShards(shardPlan) : 1),
    }),
    clock: context.clock,
    log: log.child({ part: 'digests' }),
    triggers: triggers ?? realTriggers(context.clock),
    limits: config.digests,
    retryDelaysMs,
    onDelivery: (result) => metrics?.digestFinished(result),
    ownsGuild: shardPlan ? (guildId) => ownsGuild(shardPlan, guildId) : undefined,
  });
  context.digests = service;

  const onGuildDelete = (guild: { id: string }) => {
    // discord.js emits GuildDelete only when the bot left or was removed; an outage is GuildUnavailable.
    service
      .removeGuild(guild.id)
      .catch((error) => log.error({ err: error, guild: guild.id }, 'could not remove digests'));
  };
  const onChannelDelete = (channel: { id: string }) => {
    service.channelDeleted(channel.id).catch((error) => log.error({ err: error }, 'could not pause digests'));
  };
  client.on(Events.GuildDelete, onGuildDelete);
  client.on(Events.ChannelDelete, onChannelDelete);
  client.on(Events.ThreadDelete, onChannelDelete);

  const watcher = watchFactFiles({
    factsDirectory: config.factsDirectory,
    log,
    watchFiles: watchFacts,
    onReload: async (facts) => {
      context.facts = facts;
      await service.factsReloaded(facts);
    },
  });

  return {
    service,
    reloadFacts: () => watcher.reload(),
    storeReachable: () => stores.ping(),
    async stop() {
      watcher.close();
      client.off(Events.GuildDelete, onGuildDelete);
      client.off(Events.ChannelDelete, onChannelDelete);
      client.off(Events.ThreadDelete, onChannelDelete);
      const summary = await service.stop();
      context.digests = undefined;
      await stores.close();
      return summary;
    },
  };
}
