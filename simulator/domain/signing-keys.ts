/**
 * ES256 signing keys. The private key is generated non-extractable where it can be (the browser); the
 * Node CLI makes it extractable only so `--data` can persist it. Rotation keeps retired public keys
 * in the JWKS until every token they signed has expired.
 */
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { SigningKeyRecord } from '../store/schema.js';

export async function generateSigningKey(extractable: boolean, now: number): Promise<SigningKeyRecord> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, extractable, ['sign', 'verify']);
  const exported = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const publicJwk: JWK = { kty: exported.kty!, crv: exported.crv!, x: exported.x!, y: exported.y! };
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    kid,
    privateKey: pair.privateKey,
    publicJwk: { ...publicJwk, kid, alg: 'ES256', use: 'sig' },
    createdAt: now,
    retiredAt: null,
  };
}

export function currentKey(keys: readonly SigningKeyRecord[]): SigningKeyRecord | undefined {
  return keys.filter((key) => key.retiredAt === null).sort((a, b) => b.createdAt - a.createdAt)[0];
}

/** Keys whose public half is still published: the current one and any whose tokens may be alive. */
export function publishedKeys(keys: readonly SigningKeyRecord[], now: number): SigningKeyRecord[] {
  return keys.filter((key) => key.retiredAt === null || key.retiredAt > now).sort((a, b) => b.createdAt - a.createdAt);
}

export function jwks(keys: readonly SigningKeyRecord[], now: number): { keys: JWK[] } {
  return { keys: publishedKeys(keys, now).map((key) => key.publicJwk) };
}
