/**
 * `verifyConsentToken`: everything a partner backend must check before trusting a consent token, in
 * one call, each refusal a ConsentTokenError with its own code. Checks run cheapest first and the
 * single-use check runs last, so a token refused for any other reason does not use up its jti.
 */
import { base64url, compactVerify, errors, type JSONWebKeySet } from 'jose';
import { cnicDigest } from '../contract/cnic-digest.js';
import { isLowS } from '../contract/es256-signature.js';
import { ConsentClaims, TOKEN_ALG, TOKEN_TTL_SECONDS } from '../contract/schemas.js';
import { ConsentTokenError } from './consent-token-error.js';
import { constantTimeEqual } from './constant-time.js';
import { cnicDigits } from '../contract/cnic.js';
import { keySetOf, remoteKeySetOf, resolveKey, type JwksCacheOptions, type KeySet } from './key-set.js';
import { createMemoryReplayStore, replayStoreOfSet, type ReplayStore } from './replay-store.js';
import { invalidHeaderCode, typeIsConsentJwt } from './token-header.js';
import { checkShape } from './token-shape.js';

export { MAX_TOKEN_BYTES } from './token-shape.js';

export interface VerifyConsentTokenOptions {
  /** The service's public keys, as a JSON Web Key Set you already hold. Give this or `jwksUrl`. */
  jwks?: JSONWebKeySet;
  /** The service's JWKS URL, e.g. `https://…/.well-known/jwks.json`; fetched and cached. */
  jwksUrl?: string | URL;
  /** How a `jwksUrl` is cached and refetched. */
  jwksCache?: JwksCacheOptions;
  /** The expected `iss`: the service's issuer (the simulator's is SANDBOX_ISSUER). */
  issuer: string;
  /** Your partner id (e.g. `prt_sandbox_bank`), the expected `aud`. Not your publishable key. */
  audience: string;
  /** The nonce your backend made for this session and put on the tag. Compared in constant time. */
  nonce: string;
  /** The purpose you asked for; when given, the token's `purpose` must be exactly this. */
  purpose?: string;
  /** The CNIC you hold for this applicant (dashes, spaces allowed); when given, the token must bind it. */
  cnic?: string;
  /**
   * Where used token ids are remembered: a ReplayStore (Redis, SQL, …), a plain Set, or `false` to
   * skip the single-use check (only for inspecting tokens). Default: one in-memory store per process.
   */
  replay?: ReplayStore | Set<string> | false;
  /** Seconds of clock skew allowed on `exp` and `iat`. Default 5. */
  clockTolerance?: number;
  /** "Now", as a Date or milliseconds since the epoch. Default: the system clock. */
  now?: Date | number;
}

let defaultReplayStore: ReplayStore | undefined;
const decoder = new TextDecoder();

function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '')
    throw new TypeError(`verifyConsentToken: \`${name}\` must be a non-empty string.`);
  return value;
}

function replayStoreOf(option: VerifyConsentTokenOptions['replay']): ReplayStore | null {
  if (option === false) return null;
  if (option instanceof Set) return replayStoreOfSet(option);
  return option ?? (defaultReplayStore ??= createMemoryReplayStore());
}

/**
 * Verifies the signature and answers the decoded payload. jose decodes the header once and hands it
 * to the key lookup, where the header checks run: `alg` is pinned by `algorithms` (jose refuses any
 * other before a key is looked up), then `typ`, then the key by `kid`. A verified signature must
 * also be in low-S form (src/contract/es256-signature.ts).
 */
async function verifiedPayload(token: string, keySet: KeySet): Promise<unknown> {
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(
      token,
      (header) => {
        if (!typeIsConsentJwt(header.typ)) throw new ConsentTokenError('token_type_invalid');
        if (typeof header.kid !== 'string' || header.kid === '') throw new ConsentTokenError('token_key_unknown');
        return resolveKey(keySet, header);
      },
      { algorithms: [TOKEN_ALG] },
    ));
  } catch (error) {
    if (error instanceof ConsentTokenError) throw error;
    if (error instanceof errors.JOSEAlgNotAllowed) throw new ConsentTokenError('token_alg_not_allowed');
    if (error instanceof errors.JWSSignatureVerificationFailed) throw new ConsentTokenError('token_signature_invalid');
    throw new ConsentTokenError(error instanceof errors.JWSInvalid ? invalidHeaderCode(token) : 'token_malformed');
  }
  // The signature verified; its twin (r, n − s) would too. Only the low-S one is the token.
  if (!isLowS(base64url.decode(token.slice(token.lastIndexOf('.') + 1))))
    throw new ConsentTokenError('token_signature_invalid');
  try {
    return JSON.parse(decoder.decode(payload));
  } catch {
    throw new ConsentTokenError('token_claims_invalid');
  }
}

/**
 * Verifies a consent token and answers its claims, or throws a ConsentTokenError whose `code` (one of
 * TOKEN_ERRORS) says which check failed. Invalid *options* (a missing issuer, …) are programming
 * errors and throw a TypeError instead.
 */
export async function verifyConsentToken(token: unknown, options: VerifyConsentTokenOptions): Promise<ConsentClaims> {
  const issuer = requireString(options?.issuer, 'issuer');
  const audience = requireString(options.audience, 'audience');
  const nonce = requireString(options.nonce, 'nonce');
  if (!options.jwks && !options.jwksUrl) throw new TypeError('verifyConsentToken: give `jwks` or `jwksUrl`.');
  const tolerance = options.clockTolerance ?? 5;
  if (!Number.isFinite(tolerance) || tolerance < 0)
    throw new TypeError('verifyConsentToken: `clockTolerance` must be a number of seconds ≥ 0.');

  const nowMs = options.now === undefined ? Date.now() : +options.now;
  if (!Number.isFinite(nowMs))
    throw new TypeError('verifyConsentToken: `now` must be a valid Date or milliseconds since the epoch.');

  checkShape(token);
  // The CNIC digest depends only on options, so it is hashed while the signature is being verified.
  const heldCnic =
    options.cnic === undefined ? undefined : typeof options.cnic === 'string' ? cnicDigits(options.cnic) : null;
  const expectedDigest = heldCnic ? cnicDigest(heldCnic, nonce) : null;
  expectedDigest?.catch(() => {}); // awaited below; never an unhandled rejection if we stop earlier
  const keySet = options.jwks ? keySetOf(options.jwks) : remoteKeySetOf(options.jwksUrl!, options.jwksCache);
  const payload = await verifiedPayload(token, keySet);

  const parsed = ConsentClaims.safeParse(payload);
  if (!parsed.success) throw new ConsentTokenError('token_claims_invalid');
  const claims = parsed.data;

  if (claims.iss !== issuer) throw new ConsentTokenError('token_issuer_invalid');
  if (claims.aud !== audience) throw new ConsentTokenError('token_audience_invalid');
  const nowSeconds = nowMs / 1000;
  if (claims.exp <= nowSeconds - tolerance) throw new ConsentTokenError('token_expired');
  if (claims.iat > nowSeconds + tolerance || (claims.nbf !== undefined && claims.nbf > nowSeconds + tolerance)) {
    throw new ConsentTokenError('token_not_yet_valid');
  }
  // Both ends come from the issuer's clock, so no tolerance: a longer life is a faulty or stolen signer.
  if (claims.exp - claims.iat > TOKEN_TTL_SECONDS) throw new ConsentTokenError('token_lifetime_too_long');
  if (!constantTimeEqual(claims.nonce, nonce)) throw new ConsentTokenError('token_nonce_mismatch');
  if (options.purpose !== undefined && claims.purpose !== options.purpose)
    throw new ConsentTokenError('token_purpose_mismatch');
  if (heldCnic !== undefined) {
    // The nonce check above made claims.nonce equal to `nonce`, the digest's salt.
    if (!expectedDigest || !constantTimeEqual(await expectedDigest, claims.cnic_digest))
      throw new ConsentTokenError('token_cnic_mismatch');
  }

  const store = replayStoreOf(options.replay);
  if (store) {
    let fresh: boolean;
    try {
      fresh = await store.checkAndRemember(claims.jti, claims.exp + tolerance);
    } catch (cause) {
      // A store that cannot answer must not let a token through twice: refuse, and say why.
      throw new ConsentTokenError('token_replayed', { cause });
    }
    if (!fresh) throw new ConsentTokenError('token_replayed');
  }
  return claims;
}
