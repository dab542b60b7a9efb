/**
 * Prefills a `--data` database for the bench: the seeded sandbox, then `count` valid audit entries
 * chained after its first one (sealed by the simulator's own sealAuditEntries, so the chain verifies)
 * and written straight into the audit table in one SQLite transaction: a million in well under a
 * minute, where a million flows over HTTP would take the better part of an hour. Each entry is a
 * `sms_sent` event of a synthetic request, about the size of a real one.
 *
 *   node --import tsx test/bench/simulator/prefill-audit.ts FILE COUNT
 */
import Database from 'better-sqlite3';
import { openDataStore } from '../../../simulator/data-store.js';
import { sealAuditEntries, type AuditDraft } from '../../../simulator/domain/audit.js';
import { createNodeSimulator } from '../../../simulator/node.js';
import { encodeKey } from '../../../simulator/store/key-encoding.js';
import type { AuditEntry } from '../../../simulator/store/schema.js';
import { tableOf } from '../../../simulator/store/sqlite-database.js';

const BATCH = 10_000;

export async function prefillAudit(file: string, count: number): Promise<void> {
  const { database } = await openDataStore(file);
  const simulator = await createNodeSimulator({ database: database.asSimulatorDatabase(), extractableKeys: true });
  await simulator.close();

  const sqlite = new Database(file);
  // Preparation, not the thing measured: no journal and no fsync while filling, WAL again after.
  sqlite.pragma('journal_mode = OFF');
  sqlite.pragma('synchronous = OFF');
  const table = tableOf('audit');
  const last = sqlite.prepare(`SELECT v FROM ${table} ORDER BY k DESC LIMIT 1`).get() as { v: string };
  let head: AuditEntry = JSON.parse(last.v);
  const insert = sqlite.prepare(`INSERT INTO ${table} (k, v) VALUES (?, ?)`);
  const at = head.at;
  sqlite.exec('BEGIN');
  for (let written = 0; written < count; written += BATCH) {
    const drafts: AuditDraft[] = Array.from({ length: Math.min(BATCH, count - written) }, (_, i) => ({
      type: 'sms_sent',
      requestId: `req_prefill${String(written + i).padStart(12, '0')}`,
      partnerId: 'prt_sandbox_bank',
      citizenRef: `cref_${(written + i).toString(36).padStart(22, '0')}`,
      detail: { reason: 'passcode', to: '03•• •••••67' },
    }));
    const entries = await sealAuditEntries({ seq: head.seq, hash: head.hash }, drafts, at);
    for (const entry of entries) insert.run(encodeKey(entry.seq), JSON.stringify(entry));
    head = entries.at(-1)!;
  }
  sqlite.exec('COMMIT');
  sqlite.pragma('journal_mode = WAL');
  sqlite.close();
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) {
  const [file, count] = process.argv.slice(2);
  const started = performance.now();
  await prefillAudit(file!, Number(count));
  process.stderr.write(`prefilled ${count} audit entries in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
