/**
 * The one canonical form of an ES256 signature. Every ECDSA signature (r, s) has a twin (r, n − s)
 * that verifies just as well, so without a rule one token could be written as two different strings
 * (and a store that keys on the string, not the jti, would see two tokens). The service signs with s
 * in the lower half of the curve order (s ≤ n/2, "low-S", as Bitcoin's BIP 62 and Ethereum's EIP-2
 * require); the verify helper refuses the upper half. A JWS ES256 signature is r ‖ s, 32 bytes each.
 */

/** The order n of P-256's base point. */
const ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const SCALAR_BYTES = 32;

function bytesOf(value: bigint): Uint8Array {
  const bytes = new Uint8Array(SCALAR_BYTES);
  for (let i = SCALAR_BYTES - 1; i >= 0; i--, value >>= 8n) bytes[i] = Number(value & 0xffn);
  return bytes;
}

/** n/2 (rounded down), big-endian: the largest canonical s. */
const HALF_ORDER = bytesOf(ORDER >> 1n);

/** True when the 64-byte r ‖ s signature has s ≤ n/2. A byte comparison: it runs on every token. */
export function isLowS(signature: Uint8Array): boolean {
  if (signature.length !== 2 * SCALAR_BYTES) return false;
  for (let i = 0; i < SCALAR_BYTES; i++) {
    const byte = signature[SCALAR_BYTES + i]!;
    if (byte !== HALF_ORDER[i]) return byte < HALF_ORDER[i]!;
  }
  return true;
}

/** The signature's twin (r, n − s): verifies under the same key, and is canonical exactly when this one is not. */
export function twinSignature(signature: Uint8Array): Uint8Array<ArrayBuffer> {
  const twin = new Uint8Array(signature);
  let s = 0n;
  for (const byte of signature.subarray(SCALAR_BYTES)) s = (s << 8n) | BigInt(byte);
  twin.set(bytesOf(ORDER - s), SCALAR_BYTES);
  return twin;
}

/** The same signature in canonical form: s replaced by n − s when s is in the upper half. */
export function toLowS(signature: Uint8Array): Uint8Array<ArrayBuffer> {
  return isLowS(signature) ? new Uint8Array(signature) : twinSignature(signature);
}
