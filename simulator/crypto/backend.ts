/**
 * The simulator's cryptography behind one small interface: HMAC-SHA-256, SHA-256 and ES256 signing.
 * WebCrypto (web.ts) is the default and runs everywhere; Node swaps in node:crypto (node.ts, chosen by
 * simulator/node.ts), which does the same work synchronously and several times cheaper per call than
 * WebCrypto's promise round trip through libuv's thread pool. Both give byte-identical HMACs and
 * hashes and signatures any ES256 verifier accepts (test/node/simulator/crypto-backends.test.ts), so
 * the choice changes speed, never an answer.
 */
export interface CryptoBackend {
  readonly name: string;
  /** HMAC-SHA-256 of the UTF-8 text under a WebCrypto HMAC key. */
  hmacSha256(key: CryptoKey, text: string): Uint8Array | Promise<Uint8Array>;
  /** SHA-256 of the UTF-8 text. */
  sha256(text: string): Uint8Array | Promise<Uint8Array>;
  /** ECDSA P-256 / SHA-256 signature in JWS form (r ‖ s, 64 bytes) under a WebCrypto private key. */
  signEs256(key: CryptoKey, data: Uint8Array<ArrayBuffer>): Uint8Array | Promise<Uint8Array>;
}

const encoder = new TextEncoder();

export const webCryptoBackend: CryptoBackend = {
  name: 'webcrypto',
  async hmacSha256(key, text) {
    return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(text)));
  },
  async sha256(text) {
    return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  },
  async signEs256(key, data) {
    return new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, data));
  },
};

let current: CryptoBackend = webCryptoBackend;

/** Chooses the backend for every simulator in this JS realm (simulator/node.ts picks node:crypto). */
export function useCryptoBackend(backend: CryptoBackend): void {
  current = backend;
}

export async function hmacSha256(key: CryptoKey, text: string): Promise<Uint8Array> {
  return current.hmacSha256(key, text);
}

export async function sha256(text: string): Promise<Uint8Array> {
  return current.sha256(text);
}

export async function signEs256(key: CryptoKey, data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return current.signEs256(key, data);
}

/** Compares two MACs in time that depends only on their length, not on where they first differ. */
export function equalInConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}
