/**
 * The consent token: a compact JWS (RFC 7515) with ES256 and `typ: consent+jwt`, carrying
 * ConsentClaims. Serialised here and signed through the crypto backend (node:crypto in Node,
 * WebCrypto elsewhere); partners verify it with any JOSE library, the tests with jose itself.
 */
import { toLowS } from '../../src/contract/es256-signature.js';
import { TOKEN_ALG, TOKEN_TYPE, type ConsentClaims } from '../../src/contract/schemas.js';
import { signEs256 } from '../crypto/backend.js';
import type { SigningKeyRecord } from '../store/schema.js';
import { toBase64url } from '../../src/contract/base64url.js';

const encoder = new TextEncoder();
const segment = (value: unknown): string => toBase64url(encoder.encode(JSON.stringify(value)));

/** `header.payload`, the part a JWS signature covers. */
export const signingInputOf = (header: unknown, payload: unknown): string => `${segment(header)}.${segment(payload)}`;

/** An ES256 compact JWS of any header and payload, signed in low-S form (src/contract/es256-signature.ts). */
export async function signEs256Jws(header: unknown, payload: unknown, privateKey: CryptoKey): Promise<string> {
  const signingInput = signingInputOf(header, payload);
  return `${signingInput}.${toBase64url(toLowS(await signEs256(privateKey, encoder.encode(signingInput))))}`;
}

/** A compact JWS with ES256 and this `typ` under the key's kid: one payload, one string. */
export function signCompactJws(typ: string, payload: object, key: SigningKeyRecord): Promise<string> {
  return signEs256Jws({ alg: TOKEN_ALG, typ, kid: key.kid }, payload, key.privateKey);
}

export function signConsentToken(claims: ConsentClaims, key: SigningKeyRecord): Promise<string> {
  return signCompactJws(TOKEN_TYPE, claims, key);
}
