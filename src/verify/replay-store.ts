/**
 * Single use of a consent token, by its `jti`. The helper asks the store once per token that passed
 * every other check; the store answers whether the jti is new and remembers it until it expires.
 */
export interface ReplayStore {
  /**
   * Atomically: if `jti` was not seen before, remember it until `expiresAt` (seconds since the epoch,
   * the token's `exp` plus the clock tolerance) and answer true; if it was, answer false.
   * Redis: createRedisReplayStore (`SET ijazat:jti:<jti> 1 PX <ms> NX`: OK → true, nil → false).
   * SQL: `INSERT INTO used_consent_tokens (jti, expires_at) VALUES (…) ON CONFLICT DO NOTHING`
   * (one row inserted → true), with a periodic `DELETE … WHERE expires_at < now()`.
   */
  checkAndRemember(jti: string, expiresAt: number): Promise<boolean> | boolean;
}

export interface MemoryReplayStoreOptions {
  /** The clock used to forget expired ids, in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
}

/** Prune at most this often (in calls) so a busy store does not scan its map on every call. */
const PRUNE_EVERY = 256;

/** A ReplayStore that answers at once (no promise), and says how many ids it holds. */
export interface MemoryReplayStore extends ReplayStore {
  checkAndRemember(jti: string, expiresAt: number): boolean;
  readonly size: number;
}

/**
 * A replay store in this process's memory: right for one server process; use a shared store (Redis,
 * SQL) when several processes verify tokens. Entries are dropped once their token has expired, so the
 * map holds at most the tokens of the last few minutes.
 */
export function createMemoryReplayStore(options: MemoryReplayStoreOptions = {}): MemoryReplayStore {
  const now = options.now ?? Date.now;
  const seen = new Map<string, number>();
  let calls = 0;

  function prune(nowSeconds: number): void {
    for (const [jti, expiresAt] of seen) if (expiresAt < nowSeconds) seen.delete(jti);
  }

  return {
    get size() {
      return seen.size;
    },
    checkAndRemember(jti: string, expiresAt: number): boolean {
      const nowSeconds = now() / 1000;
      if (++calls % PRUNE_EVERY === 0) prune(nowSeconds);
      const known = seen.get(jti);
      if (known !== undefined && known >= nowSeconds) return false;
      seen.set(jti, expiresAt);
      return true;
    },
  };
}

/** A plain `Set` of ids is accepted too (never pruned): handy in demos and tests. */
export function replayStoreOfSet(set: Set<string>): ReplayStore {
  return {
    checkAndRemember(jti: string): boolean {
      if (set.has(jti)) return false;
      set.add(jti);
      return true;
    },
  };
}
