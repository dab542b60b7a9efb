/**
 * Writes one state change: the records it touches and its audit entries, in a single readwrite
 * transaction over exactly those stores plus `audit`. Hashing happens before the transaction opens,
 * because an await on WebCrypto inside it would let IndexedDB auto-commit.
 */
import type { IDBPTransaction } from 'idb';
import { sealAuditEntries, type AuditDraft, type AuditHead } from '../domain/audit.js';
import type { SimulatorContext } from '../domain/context.js';
import { toIso } from '../clock.js';
import type { SimulatorDB, StoreName } from './schema.js';

export type WriteTransaction = IDBPTransaction<SimulatorDB, StoreName[], 'readwrite'>;

export async function readAuditHead(ctx: SimulatorContext): Promise<AuditHead | null> {
  const cursor = await ctx.db.transaction('audit').store.openCursor(null, 'prev');
  return cursor ? { seq: cursor.value.seq, hash: cursor.value.hash } : null;
}

export async function commit(
  ctx: SimulatorContext,
  stores: readonly StoreName[],
  drafts: readonly AuditDraft[],
  write: (tx: WriteTransaction) => void,
): Promise<void> {
  const entries = drafts.length ? await sealAuditEntries(await readAuditHead(ctx), drafts, toIso(ctx.clock.now())) : [];
  const names = [...new Set<StoreName>([...stores, ...(entries.length ? (['audit'] as const) : [])])];
  const tx = ctx.db.transaction(names, 'readwrite');
  write(tx);
  for (const entry of entries) void tx.objectStore('audit').put(entry);
  try {
    await tx.done;
  } finally {
    ctx.registry.invalidate(stores);
  }
  ctx.changed();
}
