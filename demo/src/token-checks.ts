/**
 * The partner backend's verification, run in the page with the package's `verify` entry, and laid out
 * as the list of checks a partner developer wants to see. `verifyConsentToken` stops at the first
 * failed check and throws a `ConsentTokenError` whose `code` says which; the checks before it passed
 * and the ones after it were not reached.
 */
import { ConsentTokenError, verifyConsentToken } from 'ijazat-consent/verify';

export const CHECKS = ['signature', 'issuer', 'audience', 'expiry', 'nonce', 'purpose', 'single'] as const;
export type CheckId = (typeof CHECKS)[number];
export type CheckResult = 'pass' | 'fail' | 'skip';

/** Which check each code of the verify helper belongs to (TOKEN_ERRORS in src/contract/errors.ts). */
const CHECK_OF_CODE: Record<string, CheckId> = {
  token_malformed: 'signature',
  token_too_large: 'signature',
  token_alg_not_allowed: 'signature',
  token_type_invalid: 'signature',
  token_key_unknown: 'signature',
  token_signature_invalid: 'signature',
  jwks_unavailable: 'signature',
  token_claims_invalid: 'signature',
  token_issuer_invalid: 'issuer',
  token_audience_invalid: 'audience',
  token_expired: 'expiry',
  token_not_yet_valid: 'expiry',
  token_lifetime_too_long: 'expiry',
  token_nonce_mismatch: 'nonce',
  token_purpose_mismatch: 'purpose',
  token_cnic_mismatch: 'purpose',
  token_replayed: 'single',
};

export interface Verification {
  ok: boolean;
  code: string | null;
  checks: Record<CheckId, CheckResult>;
  claims: Record<string, unknown> | null;
}

export interface Expectations {
  jwksUrl: string;
  issuer: string;
  audience: string;
  nonce: string;
  purpose: string;
  /** The backend's memory of token ids already used. */
  replay: Set<string>;
  /** The sandbox's simulated time: its tokens are issued on that clock (the sandbox controls move it). */
  now: Date;
}

export async function verifyWithChecks(token: string, expected: Expectations): Promise<Verification> {
  const checks = Object.fromEntries(CHECKS.map((id) => [id, 'pass'])) as Record<CheckId, CheckResult>;
  try {
    const claims = await verifyConsentToken(token, {
      jwksUrl: expected.jwksUrl,
      // The sandbox controls rotate and reset keys at any moment: refetch at once on an unknown kid.
      // A production backend keeps the defaults (10 min cache, 30 s cooldown).
      jwksCache: { maxAgeMs: 5_000, cooldownMs: 0 },
      issuer: expected.issuer,
      audience: expected.audience,
      nonce: expected.nonce,
      purpose: expected.purpose,
      replay: expected.replay,
      now: expected.now,
    });
    return { ok: true, code: null, checks, claims: { ...claims } };
  } catch (error) {
    const code = error instanceof ConsentTokenError ? error.code : 'token_malformed';
    const failed = CHECK_OF_CODE[code] ?? 'signature';
    const at = CHECKS.indexOf(failed);
    CHECKS.forEach((id, index) => (checks[id] = index < at ? 'pass' : index === at ? 'fail' : 'skip'));
    return { ok: false, code, checks, claims: null };
  }
}
