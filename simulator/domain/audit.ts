/**
 * The append-only audit log: each entry's hash covers its content and the previous entry's hash, so
 * editing, removing or reordering any entry breaks the chain from that point on. Entries carry only
 * pseudonymous citizen references and masked mobiles: never a CNIC, mobile, passcode or token.
 */
import type { AuditEntry, AuditEventType } from '../store/schema.js';
import { canonicalJson, sha256Hex } from './canonical-json.js';

const GENESIS_HASH = '0'.repeat(64);

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
 * Checks a log read in order. Pure: depends only on `entries`. Names the first entry that does not
 * follow from the one before it: an edited entry (its hash no longer matches its content), a removed
 * one (a gap in `seq`, or a `prevHash` that points elsewhere) or a reordered one. The first entry must
 * start the chain (seq 1, genesis hash), so removing it is caught too.
 */
export async function verifyAuditChain(entries: readonly AuditEntry[]): Promise<AuditChainResult> {
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
  return { ok: true };
}
