/**
 * The server's memory as its history grows (DESIGN.md: RSS after 100,000 flows ≤ 1.5 × RSS after
 * 10,000): full flows through the domain of a simulator on a `--data` database, in a child process of
 * its own (simulator/memory-process.ts says why not over HTTP), RSS after a forced GC at each mark.
 */
import { startChild } from './child.js';
import type { MemoryOrder, MemoryPoint } from './simulator/memory-process.js';

export interface MemoryGrowthOptions {
  at: number[];
  citizens: number;
  concurrency: number;
}

export const DEFAULT_MEMORY_GROWTH: MemoryGrowthOptions = { at: [10_000, 100_000], citizens: 256, concurrency: 128 };

export interface MemoryGrowthResult {
  points: MemoryPoint[];
  /** RSS at the last mark ÷ RSS at the first. */
  growth: number;
}

export async function measureMemoryGrowth(options = DEFAULT_MEMORY_GROWTH): Promise<MemoryGrowthResult> {
  const child = startChild(new URL('./simulator/memory-process.ts', import.meta.url), {
    core: 0,
    nodeArgs: ['--expose-gc'],
  });
  try {
    child.send(options satisfies MemoryOrder);
    const done = child.next<{ points: MemoryPoint[] }>('points', 1_800_000);
    const failed = child
      .next<{ message: string }>('failed', 1_800_000)
      .then(({ message }) => Promise.reject(new Error(message)));
    // Whichever loses rejects when the child exits: not an error.
    done.catch(() => undefined);
    failed.catch(() => undefined);
    const { points } = await Promise.race([done, failed]);
    return { points, growth: points.at(-1)!.rss / points[0]!.rss };
  } finally {
    await child.stop();
  }
}
