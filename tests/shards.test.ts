import { describe, expect, it } from 'vitest';
import { ownsGuild, parseShardIds, shardOfGuild } from '../src/bot/shards.js';
import { ConfigError, loadConfig } from '../src/config.js';

describe('shards', () => {
  it('puts a guild on shard (id >> 22) % count, as Discord does', () => {
    // 41771983423143937 >> 22 = 9959216934: shard 0 of 2, shard 2 of 4.
    const guild = '41771983423143937';
    expect(shardOfGuild(guild, 1)).toBe(0);
    expect(shardOfGuild(guild, 2)).toBe(0);
    expect(shardOfGuild(guild, 4)).toBe(2);
    expect(ownsGuild({ count: 4, ids: [0, 2] }, guild)).toBe(true);
    expect(ownsGuild({ count: 4, ids: [1, 3] }, guild)).toBe(false);
  });

  it('reads shard ids as lists and ranges, refusing ids the count does not have', () => {
    expect(parseShardIds('0', 1)).toEqual([0]);
    expect(parseShardIds('0-3', 8)).toEqual([0, 1, 2, 3]);
    expect(parseShardIds('5, 0-1,1', 8)).toEqual([0, 1, 5]);
    expect(() => parseShardIds('2', 2)).toThrow('shard 2 does not exist with SHARD_COUNT 2');
    expect(() => parseShardIds('3-1', 8)).toThrow('runs backwards');
    expect(() => parseShardIds('one', 8)).toThrow('not a shard id');
  });

  it('configures sharding from SHARD_COUNT and SHARD_IDS, and leaves it to a ShardingManager that spawned us', () => {
    expect(loadConfig({}).shards).toBeUndefined();
    expect(loadConfig({ SHARD_COUNT: 'auto' }).shards).toEqual({ count: 'auto', ids: undefined });
    expect(loadConfig({ SHARD_COUNT: '4', SHARD_IDS: '2-3' }).shards).toEqual({ count: 4, ids: [2, 3] });
    expect(() => loadConfig({ SHARD_COUNT: '2', SHARD_IDS: '2' })).toThrow(ConfigError);
    expect(() => loadConfig({ SHARD_COUNT: 'auto', SHARD_IDS: '0' })).toThrow(/SHARD_IDS needs SHARD_COUNT/);
    const child = { SHARD_COUNT: '2', SHARDING_MANAGER: 'true', SHARDS: '[1]', OPS_PORT: '9464' };
    expect(loadConfig(child)).toMatchObject({ shards: undefined, ops: { port: 9465 } });
  });
});
