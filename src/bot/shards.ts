// Discord's gateway sharding: which shard a guild's events arrive on, and which shards this process
// runs. A guild belongs to exactly one shard, so the process running that shard owns the guild's
// digests: no lock between processes is needed, only agreement on the shard count.

/** Discord's rule: (guild_id >> 22) % shard_count. */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

export interface ShardPlan {
  /** Shards in the whole bot, across every process. */
  count: number;
  /** The shards this process runs. */
  ids: readonly number[];
}

/**
 * This process's part of the bot's digest pace. Discord's global limit is per bot, and guilds spread
 * evenly over shards, so processes pacing at their share of shards add up to the bot's pace.
 */
export function shareOfShards(plan: ShardPlan): number {
  return plan.ids.length / plan.count;
}

/** Whether this process owns a guild: its shard is one this process runs. */
export function ownsGuild(plan: ShardPlan, guildId: string): boolean {
  return plan.ids.includes(shardOfGuild(guildId, plan.count));
}
