/**
 * A replay store in Redis, shared by every process and machine that verifies tokens: one atomic
 * `SET <prefix><jti> 1 PX <ms> NX` per token, which only one caller can win. Works with the two common
 * clients, told apart by shape so this entry imports neither: node-redis (`redis` package, v4 and
 * later) and ioredis.
 */
import type { ReplayStore } from './replay-store.js';

/** SET's options as node-redis v5+ (`expiration`, `condition`) and v4 (`PX`, `NX`) each read them. */
export interface NodeRedisSetOptions {
  expiration: { type: 'PX'; value: number };
  condition: 'NX';
  PX: number;
  NX: true;
}

/** A node-redis client (`createClient()` from the `redis` package, v4 or later). */
export interface NodeRedisClient {
  readonly isOpen: boolean;
  set(key: string, value: string, options: NodeRedisSetOptions): Promise<unknown>;
}

/** An ioredis client (`new Redis()`). */
export interface IoredisClient {
  readonly status: string;
  set(key: string, value: string, expiryUnit: 'PX', milliseconds: number, condition: 'NX'): Promise<unknown>;
}

export interface RedisReplayStoreOptions {
  /** Prepended to every jti, to keep the keys apart from your other data. Default `ijazat:jti:`. */
  prefix?: string;
  /** The clock the expiry is counted from, in ms since the epoch. Default `Date.now`. */
  now?: () => number;
}

function isNodeRedis(client: NodeRedisClient | IoredisClient): client is NodeRedisClient {
  return 'isOpen' in client && typeof client.isOpen === 'boolean';
}

function isIoredis(client: NodeRedisClient | IoredisClient): client is IoredisClient {
  return 'status' in client && typeof client.status === 'string';
}

/** One atomic "store this key for this long unless it exists", in the client's own dialect. */
function setIfAbsent(client: NodeRedisClient | IoredisClient): (key: string, milliseconds: number) => Promise<unknown> {
  if (isNodeRedis(client)) {
    // Both spellings: node-redis v5+ reads expiration/condition, v4 reads PX/NX; each ignores the other.
    return (key, milliseconds) =>
      client.set(key, '1', {
        expiration: { type: 'PX', value: milliseconds },
        condition: 'NX',
        PX: milliseconds,
        NX: true,
      });
  }
  if (isIoredis(client)) return (key, milliseconds) => client.set(key, '1', 'PX', milliseconds, 'NX');
  throw new TypeError('createRedisReplayStore: pass a node-redis (v4 or later) or an ioredis client.');
}

/** SET … NX answers OK when this caller stored the key, nothing (null) when it was there already. */
function isFresh(reply: unknown): boolean {
  if (reply === 'OK') return true;
  if (reply === null) return false;
  throw new Error(`Redis answered SET … NX with ${typeof reply}, not OK or null.`);
}

/**
 * `createRedisReplayStore(client, { prefix })`: pass a connected node-redis or ioredis client. The key
 * lives until the token's `exp` plus the clock tolerance (a relative `PX`, so any Redis ≥ 2.6.12 and
 * any Redis clock will do), then Redis drops it. A failing Redis makes the helper refuse the token
 * (`token_replayed` with the error as `cause`): no token passes twice because a store was down.
 */
export function createRedisReplayStore(
  client: NodeRedisClient | IoredisClient,
  options: RedisReplayStoreOptions = {},
): ReplayStore {
  const prefix = options.prefix ?? 'ijazat:jti:';
  if (typeof prefix !== 'string') throw new TypeError('createRedisReplayStore: `prefix` must be a string.');
  const now = options.now ?? Date.now;
  const set = setIfAbsent(client);
  return {
    async checkAndRemember(jti: string, expiresAt: number): Promise<boolean> {
      // At least 1 ms: PX 0 is an error, and a token this close to expiry is still used once.
      const milliseconds = Math.max(1, Math.ceil(expiresAt * 1000 - now()));
      return isFresh(await set(`${prefix}${jti}`, milliseconds));
    },
  };
}
