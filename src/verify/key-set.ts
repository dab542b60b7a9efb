/**
 * Where the issuer's public keys come from: a JWKS object the partner already holds, or the service's
 * JWKS URL. Both are turned into jose key sets once and cached, so a busy backend imports each key
 * once and fetches the JWKS only when its cache is stale or a token names a kid it does not know
 * (key rotation), at most once per cooldown.
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWSHeaderParameters,
} from 'jose';
import { ConsentTokenError } from './consent-token-error.js';

export interface JwksCacheOptions {
  /** How long a fetched JWKS is used before it is fetched again, in ms. Default 600 000 (10 min). */
  maxAgeMs?: number;
  /**
   * After a fetch, a token with an unknown kid does not trigger another fetch for this long, in ms, so
   * forged kids cannot make the backend hammer the service. Default 30 000 (jose's default).
   */
  cooldownMs?: number;
  /** Give up on a JWKS fetch after this long, in ms. Default 5 000. */
  timeoutMs?: number;
}

export type KeySet = (protectedHeader: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<CryptoKey>;

const localSets = new WeakMap<JSONWebKeySet, KeySet>();
const remoteSets = new Map<string, KeySet>();

export function keySetOf(jwks: JSONWebKeySet): KeySet {
  let set = localSets.get(jwks);
  if (!set) {
    try {
      set = createLocalJWKSet(jwks);
    } catch (cause) {
      throw new ConsentTokenError('jwks_unavailable', { cause });
    }
    localSets.set(jwks, set);
  }
  return set;
}

export function remoteKeySetOf(url: string | URL, cache: JwksCacheOptions = {}): KeySet {
  const href = String(url);
  const id = `${href}\n${cache.maxAgeMs ?? ''}\n${cache.cooldownMs ?? ''}\n${cache.timeoutMs ?? ''}`;
  let set = remoteSets.get(id);
  if (set === undefined) {
    let parsed: URL;
    try {
      parsed = new URL(href);
    } catch {
      throw new TypeError('verifyConsentToken: `jwksUrl` is not an absolute URL.');
    }
    set = createRemoteJWKSet(parsed, {
      cacheMaxAge: cache.maxAgeMs ?? 600_000,
      cooldownDuration: cache.cooldownMs ?? 30_000,
      timeoutDuration: cache.timeoutMs ?? 5_000,
    });
    remoteSets.set(id, set);
  }
  return set;
}

/** The verification key the token's header points at, or a ConsentTokenError saying why not. */
export async function resolveKey(set: KeySet, header: JWSHeaderParameters): Promise<CryptoKey> {
  try {
    return await set(header, undefined as never);
  } catch (error) {
    if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
      throw new ConsentTokenError('token_key_unknown');
    }
    throw new ConsentTokenError('jwks_unavailable', { cause: error });
  }
}
