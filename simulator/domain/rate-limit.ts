/**
 * Per-partner request rate limit: a fixed one-minute window of simulated time. Counters live in
 * memory, like a real service's cache: they are not part of the stored state.
 */
export class PartnerRateLimit {
  private windows = new Map<string, { start: number; count: number }>();

  /** Counts a request; answers the seconds to wait when over the limit, else null. */
  take(partnerId: string, perMinute: number, now: number): number | null {
    const start = Math.floor(now / 60_000) * 60_000;
    let window = this.windows.get(partnerId);
    if (!window || window.start !== start) {
      window = { start, count: 0 };
      this.windows.set(partnerId, window);
    }
    if (window.count >= perMinute) return Math.max(1, Math.ceil((start + 60_000 - now) / 1000));
    window.count += 1;
    return null;
  }

  clear(): void {
    this.windows.clear();
  }
}
