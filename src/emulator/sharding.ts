// Which gateway shard receives a guild's events, by Discord's sharding formula:
// shard_id = (guild_id >> 22) % num_shards (https://discord.com/developers/docs/events/gateway#sharding).
export function shardOfGuild(guildId: string, numShards: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(numShards));
}
