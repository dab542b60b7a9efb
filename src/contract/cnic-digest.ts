/**
 * The token's `cnic_digest`: binds the consented CNIC to one session without carrying it.
 * base64url(SHA-256("ijazat-cnic:" + nonce + ":" + cnic13)). WebCrypto only, so the simulator
 * (browser and Node) and the verify helper (Node and edge runtimes) compute it the same way.
 */
import { toBase64url } from './base64url.js';

const encoder = new TextEncoder();

/** The text whose SHA-256 is the digest (the simulator hashes it with its own crypto backend). */
export const cnicDigestInput = (cnic13: string, nonce: string): string => `ijazat-cnic:${nonce}:${cnic13}`;

export async function cnicDigest(cnic13: string, nonce: string): Promise<string> {
  const hash = await crypto.subtle.digest('SHA-256', encoder.encode(cnicDigestInput(cnic13, nonce)));
  return toBase64url(hash);
}
