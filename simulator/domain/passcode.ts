/**
 * Passcodes: 6 digits from the CSPRNG without modulo bias, stored only as an HMAC-SHA-256 under the
 * simulator's secret key and bound to one request (id, partner, purpose, nonce), so a code is worthless
 * outside its request and a leaked store reveals no code.
 */
import { equalInConstantTime, hmacSha256 } from '../crypto/backend.js';
import { randomBytes } from '../crypto/random.js';
import { fromBase64url, toBase64url } from '../../src/contract/base64url.js';
const RANGE = 1_000_000;
// Largest multiple of RANGE below 2^32: values at or above it are redrawn, so every code is equally likely.
const LIMIT = Math.floor(0x1_0000_0000 / RANGE) * RANGE;

export function generatePasscode(): string {
  for (;;) {
    const [a, b, c, d] = randomBytes(4);
    const word = ((a! << 24) | (b! << 16) | (c! << 8) | d!) >>> 0;
    if (word < LIMIT) return String(word % RANGE).padStart(6, '0');
  }
}

export interface PasscodeBinding {
  requestId: string;
  partnerId: string;
  purpose: string;
  nonce: string;
}

const message = (binding: PasscodeBinding, code: string): string =>
  `ijazat-passcode:${binding.requestId}:${binding.partnerId}:${binding.purpose}:${binding.nonce}:${code}`;

export async function hashPasscode(key: CryptoKey, binding: PasscodeBinding, code: string): Promise<string> {
  return toBase64url(await hmacSha256(key, message(binding, code)));
}

/** Recomputes the HMAC and compares it with the stored one in constant time. */
export async function passcodeMatches(
  key: CryptoKey,
  binding: PasscodeBinding,
  code: string,
  storedHash: string,
): Promise<boolean> {
  return equalInConstantTime(await hmacSha256(key, message(binding, code)), fromBase64url(storedHash));
}

export function generateHmacKey(extractable: boolean): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256', length: 256 }, extractable, ['sign', 'verify']);
}
