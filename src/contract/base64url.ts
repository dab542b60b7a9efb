/**
 * base64url without padding (RFC 4648 §5), as JWS, the token's cnic_digest and the simulator's ids and
 * hashes use it. Plain code (no btoa over binary strings, no Buffer), so it runs the same in browsers,
 * Node and edge runtimes; fast enough for every id and token the simulator mints.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function toBase64url(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let out = '';
  let i = 0;
  for (; i + 2 < view.length; i += 3) {
    const n = (view[i]! << 16) | (view[i + 1]! << 8) | view[i + 2]!;
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]! + ALPHABET[n & 63]!;
  }
  if (i < view.length) {
    const n = (view[i]! << 16) | ((view[i + 1] ?? 0) << 8);
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]!;
    if (i + 1 < view.length) out += ALPHABET[(n >>> 6) & 63]!;
  }
  return out;
}

export function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
