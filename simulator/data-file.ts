/**
 * `--data FILE`: the simulator's whole state as JSON on disk. Read once at start; written after
 * state changes, one write at a time (changes during a write are picked up by the next), each to a
 * temporary file then renamed over the old one, so a crash never leaves half a file.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { isStateSnapshot, type StateSnapshot } from './store/snapshot.js';
import type { Simulator } from './simulator.js';

export async function readStateFile(path: string): Promise<StateSnapshot | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${path} is not valid JSON.`);
  }
  if (!isStateSnapshot(parsed)) throw new Error(`${path} is not an ijazat simulator state file.`);
  return parsed;
}

export async function writeStateFile(path: string, snapshot: StateSnapshot): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(snapshot), { mode: 0o600 });
  await rename(temporary, path);
}

/** Keeps `path` in step with the simulator's state. */
export class StateFileWriter {
  private writing: Promise<void> | null = null;
  private dirty = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly simulator: Simulator,
    private readonly path: string,
  ) {
    this.unsubscribe = simulator.onChange(() => this.schedule());
  }

  private schedule(): void {
    this.dirty = true;
    if (!this.writing) this.writing = this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        await writeStateFile(this.path, await this.simulator.exportState());
      }
    } finally {
      this.writing = null;
    }
  }

  /** Writes whatever is pending; call before exit. */
  async flush(): Promise<void> {
    await this.simulator.queue.idle();
    if (this.writing) await this.writing;
    if (this.dirty) await (this.writing = this.drain());
  }

  async close(): Promise<void> {
    await this.flush();
    this.unsubscribe();
  }
}
