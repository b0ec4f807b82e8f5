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

/**
 * "0,2,5" or "0-3" or "0-1,4" -> [0, 1, 4]. Throws with the reason for anything else, or an id not
 * below the count.
 */
export function parseShardIds(text: string, count: number): number[] {
  const ids = new Set<number>();
  for (const part of text.split(',').map((piece) => piece.trim())) {
    const range = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    if (!range) throw new Error(`"${part.slice(0, 20)}" is not a shard id or a range such as 0-3`);
    const first = Number(range[1]);
    const last = range[2] === undefined ? first : Number(range[2]);
    if (last < first) throw new Error(`the range ${first}-${last} runs backwards`);
    for (let id = first; id <= last; id++) {
      if (id >= count)
        throw new Error(`shard ${id} does not exist with SHARD_COUNT ${count} (ids are 0 to ${count - 1})`);
      ids.add(id);
    }
  }
  return [...ids].sort((a, b) => a - b);
}
