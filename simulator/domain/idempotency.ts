/**
 * Idempotency-Key: the first answer to (partner, operation, key) is stored and replayed to retries,
 * so a retried create never sends a second SMS and a retried verify never mints a second token (nor
 * spends a second attempt). The same key with a different request is a conflict. 429s are not
 * stored: they say "retry later", and a retry should then be able to succeed.
 *
 * Answers are kept 24 hours, except that an answer holding a token is kept only until the token
 * expires: after that a replay is useless, and the service keeps no token it does not need.
 * Expired answers are swept whenever their partner stores a new one.
 */
import { hmacSha256 } from '../crypto/backend.js';
import { toBase64url } from '../../src/contract/base64url.js';
import { canonicalJson } from './canonical-json.js';
import type { Outcome } from './outcome.js';

export { IDEMPOTENCY_KEY_PATTERN } from '../../src/contract/schemas.js';
/** How long answers without a token are kept for replay. */
const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

export const idempotencyScope = (partnerId: string, operation: string, key: string): string =>
  `${partnerId}|${operation}|${key}`;

/**
 * Keyed (HMAC-SHA-256 under the service's passcode secret, its own label): a verify's body is a
 * passcode, and a plain hash of it would give the code away to anyone reading the store who tries
 * the 10^6 values. Like everything else derived from a passcode, it needs the secret to recompute.
 */
export const requestFingerprint = async (key: CryptoKey, operation: string, body: unknown): Promise<string> =>
  toBase64url(await hmacSha256(key, `ijazat-idempotency:${operation}\n${canonicalJson(body)}`));

export const storable = (status: number): boolean => status < 500 && status !== 429;

/** Until when (simulated ms) an answer is replayed. */
export function replayUntil(outcome: Outcome<unknown>, now: number): number {
  const keep = now + IDEMPOTENCY_TTL_MS;
  if (!outcome.ok) return keep;
  const value = outcome.value as { token?: unknown; expiresAt?: unknown };
  if (typeof value.token !== 'string' || typeof value.expiresAt !== 'string') return keep;
  const tokenExpiry = Date.parse(value.expiresAt);
  return Number.isFinite(tokenExpiry) ? Math.min(keep, tokenExpiry) : keep;
}
