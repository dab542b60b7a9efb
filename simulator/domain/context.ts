/** What every domain operation works with: the store, simulated time, limits and secrets. */
import type { Clock } from '../clock.js';
import type { Limits } from '../limits.js';
import type { SimulatorDatabase } from '../store/open.js';
import type { RegistryMemo } from '../store/registry-memo.js';
import type { SecretsRecord } from '../store/schema.js';

export interface SimulatorContext {
  db: SimulatorDatabase;
  /** Partners, citizens, SIMs and keys, indexed in memory. */
  registry: RegistryMemo;
  clock: Clock;
  limits: Limits;
  issuer: string;
  /** Whether generated keys may be exported (Node, for `--data`); false in the browser. */
  extractableKeys: boolean;
  /** Origins added to every seeded partner's allow-list. */
  extraOrigins: readonly string[];
  secrets: SecretsRecord;
  /** The faults' SMS delay, read when a message is stored. */
  smsDelayMs(): number;
  /** Called after every committed state change (persistence hooks). */
  changed(): void;
}
