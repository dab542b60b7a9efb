/** What every domain operation works with: the store, simulated time, limits and secrets. */
import type { Clock } from '../clock.js';
import type { Limits } from '../limits.js';
import type { SimulatorDatabase } from '../store/open.js';
import type { RecordCache } from '../store/record-cache.js';
import type { RegistryMemo } from '../store/registry-memo.js';
import type { SecretsRecord } from '../store/schema.js';
import type { AuditHead } from './audit.js';

export interface SimulatorContext {
  db: SimulatorDatabase;
  /** Partners, citizens, SIMs and keys, indexed in memory. */
  registry: RegistryMemo;
  /** Consent requests and CNIC activity, as last written. */
  records: RecordCache;
  clock: Clock;
  limits: Limits;
  issuer: string;
  /** Whether generated keys may be exported (Node, for `--data`); false in the browser. */
  extractableKeys: boolean;
  /** Origins added to every seeded partner's allow-list. */
  extraOrigins: readonly string[];
  secrets: SecretsRecord;
  /** The last audit entry as this simulator wrote it; undefined when it must be read. */
  auditHead: AuditHead | null | undefined;
  /** The newest write transaction's completion: answers wait for it, the queue does not. */
  lastWrite: Promise<void>;
  /** The faults' SMS delay, read when a message is stored. */
  smsDelayMs(): number;
  /** Called after every committed state change (persistence hooks). */
  changed(): void;
}
