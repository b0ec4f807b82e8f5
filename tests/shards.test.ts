import { describe, expect, it } from 'vitest';
import { ownsGuild, shardOfGuild, shareOfShards } from '../src/bot/shards.js';
import { ConfigError, loadConfig, parseShardIds } from '../src/config.js';

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

  it('paces each process at its share of shards, so the fleet adds up to one budget', () => {
    expect(shareOfShards({ count: 1, ids: [0] })).toBe(1);
    expect(shareOfShards({ count: 2, ids: [1] })).toBe(0.5);
    expect(shareOfShards({ count: 8, ids: [0, 1, 2] })).toBe(3 / 8);
  });

  it('sends REST through a shared proxy when REST_PROXY_URL is set, and configures the proxy itself', () => {
    expect(loadConfig({})).toMatchObject({
      restProxyUrl: undefined,
      restProxy: { host: '127.0.0.1', port: 8080, globalPerSecond: 47 },
    });
    const behindProxy = loadConfig({
      REST_PROXY_URL: 'http://rest-proxy:8080/api/',
      REST_PROXY_SECRET: 'shards-test-secret-0123456789abcdef0123',
      REST_PROXY_ALLOW_PLAINTEXT: 'true',
      REST_PROXY_HOST: '0.0.0.0',
      REST_PROXY_PORT: '9000',
      REST_GLOBAL_PER_SECOND: '40',
    });
    expect(behindProxy).toMatchObject({
      restProxyUrl: 'http://rest-proxy:8080/api',
      restProxy: { host: '0.0.0.0', port: 9000, globalPerSecond: 40 },
    });
    expect(() => loadConfig({ REST_PROXY_URL: 'rest-proxy:8080' })).toThrow(/REST_PROXY_URL must be an http/);
    expect(() => loadConfig({ REST_GLOBAL_PER_SECOND: '51' })).toThrow(/REST_GLOBAL_PER_SECOND/);
  });
});
