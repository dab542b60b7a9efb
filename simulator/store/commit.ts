/**
 * Writes one state change: the records it touches and its audit entries, in a single readwrite
 * transaction over exactly those stores plus `audit`. Hashing happens before the transaction opens,
 * because an await on WebCrypto inside it would let IndexedDB auto-commit.
 *
 * The serial queue moves on as soon as the transaction is created, not when it commits: IndexedDB
 * runs transactions with overlapping scopes in creation order, so the next operation's reads see
 * this write. The caller's answer still waits for `ctx.lastWrite` (see Simulator), so nothing is
 * reported done before it is stored.
 */
import type { IDBPTransaction } from 'idb';
import { sealAuditEntries, type AuditDraft, type AuditHead } from '../domain/audit.js';
import type { SimulatorContext } from '../domain/context.js';
import { toIso } from '../clock.js';
import type { CachedStore } from './record-cache.js';
import type { SimulatorDB, StoreName } from './schema.js';

export type WriteTransaction = IDBPTransaction<SimulatorDB, StoreName[], 'readwrite'>;

export async function readAuditHead(ctx: SimulatorContext): Promise<AuditHead | null> {
  if (ctx.auditHead !== undefined) return ctx.auditHead;
  const cursor = await ctx.db.transaction('audit').store.openCursor(null, 'prev');
  return cursor ? { seq: cursor.value.seq, hash: cursor.value.hash } : null;
}

/** Puts a request or activity record in the transaction and in the in-memory copy. */
export function putRecord<S extends CachedStore>(
  ctx: SimulatorContext,
  tx: WriteTransaction,
  store: S,
  value: SimulatorDB[S]['value'],
): void {
  ctx.records.remember(store, value as never);
  void tx
    .objectStore(store)
    .put(value as never)
    .catch(() => undefined);
}

/** Records a write transaction the answer must wait for, without leaving its failure unhandled. */
function trackWrite(ctx: SimulatorContext, done: Promise<unknown>): void {
  const write = done.then(() => undefined);
  write.catch(() => {
    // The write did not happen: forget what memory assumed about it.
    ctx.auditHead = undefined;
    ctx.registry.invalidate();
    ctx.records.clear();
  });
  ctx.lastWrite = write;
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
  for (const entry of entries)
    void tx
      .objectStore('audit')
      .put(entry)
      .catch(() => undefined);
  trackWrite(ctx, tx.done);
  // Reads of these stores from now on queue behind the transaction, so they see the new records.
  ctx.registry.invalidate(stores);
  const last = entries.at(-1);
  if (last) ctx.auditHead = { seq: last.seq, hash: last.hash };
  ctx.changed();
}
