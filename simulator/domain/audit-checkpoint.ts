/**
 * Signed audit checkpoints: the log's size and newest hash, signed with the service's current token
 * signing key, so anyone holding one can later prove that the log still contains what it held then
 * (verifyAuditChain with a checkpoint): an insider who deletes the newest entries, empties the log or
 * puts back an older copy cannot sign a checkpoint that matches, and the old ones no longer match.
 */
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { AUDIT_CHECKPOINT_TYPE } from '../../src/contract/api.js';
import { AuditCheckpoint, type AuditCheckpointView } from '../../src/contract/schemas.js';
import { toIso } from '../clock.js';
import { readAuditHead } from '../store/commit.js';
import { GENESIS_HASH } from './audit.js';
import type { SimulatorContext } from './context.js';
import { currentKey } from './signing-keys.js';
import { signCompactJws } from './token.js';

export async function signAuditCheckpoint(ctx: SimulatorContext): Promise<AuditCheckpointView> {
  const head = await readAuditHead(ctx);
  const key = currentKey((await ctx.registry.get()).keys);
  if (!key) throw new Error('No current signing key.');
  const now = ctx.clock.now();
  const checkpoint = { count: head?.seq ?? 0, head: head?.hash ?? GENESIS_HASH };
  const jws = await signCompactJws(
    AUDIT_CHECKPOINT_TYPE,
    { iss: ctx.issuer, ...checkpoint, iat: Math.floor(now / 1000) },
    key,
  );
  return { ...checkpoint, signedAt: toIso(now), kid: key.kid, jws };
}

/** The checkpoint a JWS carries, once its signature and type check out against `jwks`; throws otherwise. */
export async function verifyAuditCheckpoint(jws: string, jwks: JSONWebKeySet): Promise<AuditCheckpoint> {
  const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(jwks), { algorithms: ['ES256'] });
  if (protectedHeader.typ !== AUDIT_CHECKPOINT_TYPE)
    throw new Error(`Not an audit checkpoint (typ ${protectedHeader.typ}).`);
  const claims = JSON.parse(new TextDecoder().decode(payload)) as { count?: unknown; head?: unknown };
  return AuditCheckpoint.parse({ count: claims.count, head: claims.head });
}
