/**
 * Idempotency-Key: the first answer to (partner, operation, key) is stored and replayed to retries,
 * so a retried create never sends a second SMS and a retried verify never mints a second token (nor
 * spends a second attempt). The same key with a different request is a conflict. 429s are not
 * stored: they say "retry later", and a retry should then be able to succeed.
 */
import { canonicalJson, sha256Hex } from './canonical-json.js';

export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** How long answers are kept for replay. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

export const idempotencyScope = (partnerId: string, operation: string, key: string): string => `${partnerId}|${operation}|${key}`;

export const requestFingerprint = (operation: string, body: unknown): Promise<string> =>
  sha256Hex(`${operation}\n${canonicalJson(body)}`);

export const storable = (status: number): boolean => status < 500 && status !== 429;
