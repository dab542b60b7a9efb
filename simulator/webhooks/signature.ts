/**
 * `Ijazat-Signature`: a JWS with a detached payload (RFC 7515 appendix F) over the exact body bytes,
 * signed with the service's current ES256 key, the one whose public half the JWKS serves. No secret is
 * shared with partners, so none can leak from them; the same key system verifies tokens and events.
 * Each attempt is signed afresh with its own `iat`, so a receiver can refuse old (replayed) deliveries
 * while the event id stays the same for de-duplication.
 */
import { WEBHOOK_ALG, WEBHOOK_TYPE, type WebhookSignatureHeader } from '../../src/contract/webhooks.js';
import { signEs256 } from '../crypto/backend.js';
import { toBase64url } from '../../src/contract/base64url.js';
import type { SigningKeyRecord } from '../store/schema.js';

const encoder = new TextEncoder();

/** `iat` in seconds since the epoch. Answers `<protected header>..<signature>`. */
export async function signWebhookBody(body: string, key: SigningKeyRecord, iat: number): Promise<string> {
  const header: WebhookSignatureHeader = { alg: WEBHOOK_ALG, kid: key.kid, typ: WEBHOOK_TYPE, iat };
  const protectedHeader = toBase64url(encoder.encode(JSON.stringify(header)));
  const signingInput = `${protectedHeader}.${toBase64url(encoder.encode(body))}`;
  return `${protectedHeader}..${toBase64url(await signEs256(key.privateKey, encoder.encode(signingInput)))}`;
}
