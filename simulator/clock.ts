/**
 * Simulated time: real time plus an offset that only moves forward (POST /__sim/clock), so tests
 * and the demo can reach expiry, cooldowns and back-off without waiting.
 */
export class Clock {
  constructor(private offsetMs = 0) {}

  /** Milliseconds since the epoch, simulated. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  get offset(): number {
    return this.offsetMs;
  }

  advance(seconds: number): void {
    this.offsetMs += Math.round(seconds * 1000);
  }

  set(offsetMs: number): void {
    this.offsetMs = offsetMs;
  }
}

export const toIso = (ms: number): string => new Date(ms).toISOString();
