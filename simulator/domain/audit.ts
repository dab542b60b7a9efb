/**
 * The append-only audit log: each entry's hash covers its content and the previous entry's hash, so
 * editing, removing or reordering any entry breaks the chain from that point on. Entries carry only
 * pseudonymous citizen references and masked mobiles: never a CNIC, mobile, passcode or token.
 */
import type { AuditCheckpoint } from '../../src/contract/schemas.js';
import type { AuditEntry, AuditEventType } from '../store/schema.js';
import { canonicalJson, sha256Hex } from './canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditDraft {
  type: AuditEventType;
  requestId?: string | null;
  partnerId?: string | null;
  citizenRef?: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditHead {
  seq: number;
  hash: string;
}

export type AuditChainResult = { ok: true } | { ok: false; brokenAt: number; reason: string };

function entryHash(entry: Omit<AuditEntry, 'hash'>): Promise<string> {
  const { seq, at, type, requestId, partnerId, citizenRef, detail, prevHash } = entry;
  return sha256Hex(`${prevHash}\n${canonicalJson({ seq, at, type, requestId, partnerId, citizenRef, detail })}`);
}

/** Turns drafts into chained entries after `head` (null for an empty log). */
export async function sealAuditEntries(
  head: AuditHead | null,
  drafts: readonly AuditDraft[],
  at: string,
): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  for (const draft of drafts) {
    seq += 1;
    const unsealed = {
      seq,
      at,
      type: draft.type,
      requestId: draft.requestId ?? null,
      partnerId: draft.partnerId ?? null,
      citizenRef: draft.citizenRef ?? null,
      detail: draft.detail ?? {},
      prevHash,
    };
    const hash = await entryHash(unsealed);
    entries.push({ ...unsealed, hash });
    prevHash = hash;
  }
  return entries;
}

/**
 * Checks a log read in order. Pure: depends only on `entries` (and `checkpoint`). Names the first
 * entry that does not follow from the one before it: an edited entry (its hash no longer matches its
 * content), a removed one (a gap in `seq`, or a `prevHash` that points elsewhere) or a reordered one.
 * The first entry must start the chain (seq 1, genesis hash), so removing it is caught too.
 *
 * A chain alone cannot tell that entries were cut from its end, or that the whole log was emptied or
 * put back to an older copy: what is left is still a chain. Given a checkpoint the service signed
 * earlier (audit-checkpoint.ts: verify its signature first), the log must still hold that many
 * entries, and its entry `count` must be the one the checkpoint names.
 */
export async function verifyAuditChain(
  entries: readonly AuditEntry[],
  checkpoint?: AuditCheckpoint,
): Promise<AuditChainResult> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) {
      return {
        ok: false,
        brokenAt: entry.seq,
        reason: `expected entry ${expectedSeq} here: an entry was removed or reordered`,
      };
    }
    if (entry.prevHash !== prevHash) {
      return {
        ok: false,
        brokenAt: entry.seq,
        reason: 'prevHash does not match the previous entry: the log was reordered or cut',
      };
    }
    const { hash, ...unsealed } = entry;
    if ((await entryHash(unsealed)) !== hash) {
      return { ok: false, brokenAt: entry.seq, reason: 'the entry does not match its hash: it was edited' };
    }
    expectedSeq += 1;
    prevHash = hash;
  }
  return checkpoint ? againstCheckpoint(entries, checkpoint) : { ok: true };
}

/** A whole chain against a signed checkpoint: it must still reach the checkpoint, through the same entry. */
function againstCheckpoint(entries: readonly AuditEntry[], checkpoint: AuditCheckpoint): AuditChainResult {
  const { count, head } = checkpoint;
  if (count === 0) return { ok: true };
  if (entries.length === 0)
    return {
      ok: false,
      brokenAt: 1,
      reason: `the log is empty, but a signed checkpoint holds ${count} entries: it was emptied`,
    };
  if (entries.length < count)
    return {
      ok: false,
      brokenAt: entries.length + 1,
      reason: `the log ends at entry ${entries.length}, but a signed checkpoint holds ${count}: entries were removed from its end, or it was rolled back`,
    };
  if (entries[count - 1]!.hash !== head)
    return {
      ok: false,
      brokenAt: count,
      reason: `entry ${count} is not the one the signed checkpoint names: the log was rolled back and rewritten`,
    };
  return { ok: true };
}
