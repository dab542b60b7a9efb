/**
 * Request limits as fixed windows of simulated time, counted per key (a partner key and client
 * address, a partner key, a secret key, a client address). Counters live in memory, like a real
 * service's cache: they are not part of the stored state.
 *
 * The keys are chosen so that a partner's public key cannot be turned against the partner
 * (limits.ts, README "Limits"): anonymous calls count per partner key *and* client address, with a
 * per-key ceiling far above real traffic; the widget's context read has its own window; secret-key
 * calls have their own quota; and a request is counted when it is answered, not when its headers
 * arrive (handlers/caller.ts).
 */
export class FixedWindows {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly maxKeys = 100_000) {}

  private current(key: string, windowMs: number, now: number): { start: number; count: number } {
    const start = Math.floor(now / windowMs) * windowMs;
    let window = this.windows.get(key);
    if (!window || window.start !== start) {
      // A flood from many addresses must not grow memory without end: old windows go first.
      if (!window && this.windows.size >= this.maxKeys) this.prune(now, windowMs);
      window = { start, count: 0 };
      this.windows.set(key, window);
    }
    return window;
  }

  /** Seconds to wait when `key` has used `limit` in this window, else null (nothing counted). */
  wait(key: string, limit: number, windowMs: number, now: number): number | null {
    const window = this.current(key, windowMs, now);
    return window.count >= limit ? Math.max(1, Math.ceil((window.start + windowMs - now) / 1000)) : null;
  }

  count(key: string, windowMs: number, now: number): void {
    this.current(key, windowMs, now).count += 1;
  }

  /** Counts one under `limit`; the seconds to wait when over it, else null. */
  take(key: string, limit: number, windowMs: number, now: number): number | null {
    const wait = this.wait(key, limit, windowMs, now);
    if (wait === null) this.count(key, windowMs, now);
    return wait;
  }

  private prune(now: number, windowMs: number): void {
    for (const [key, window] of this.windows) if (window.start + windowMs <= now) this.windows.delete(key);
    if (this.windows.size >= this.maxKeys) this.windows.clear();
  }

  clear(): void {
    this.windows.clear();
  }
}

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
