/**
 * Test tokens (`/__sim/test-tokens`): the sandbox issues, by name, consent tokens with one defect
 * each, signed where a signature is wanted by its own key, so a partner's test suite can prove its
 * verifier refuses each one with the right code. This table is the contract: what each kind is, and
 * the `verifyConsentToken` code it must produce (README "Test tokens").
 */
import { z } from 'zod';
import type { TokenErrorCode } from './errors.js';
import { CnicDigits, Nonce, PurposeId } from './schemas.js';

export interface TestTokenKindInfo {
  /** What `verifyConsentToken` must answer on the last verification; null: it must accept. */
  expectedError: TokenErrorCode | null;
  /**
   * How many times to verify it, one after the other with the same replay store: every verification
   * but the last passes, and the last gives `expectedError`. 2 only for `replayed`.
   */
  verifications: 1 | 2;
  description: string;
}

export const TestTokenKind = z.enum([
  'valid',
  'replayed',
  'expired',
  'not_yet_valid',
  'too_long_lived',
  'wrong_issuer',
  'wrong_audience',
  'wrong_nonce',
  'wrong_purpose',
  'wrong_cnic',
  'wrong_type',
  'bad_signature',
  'high_s_signature',
  'unknown_key',
  'alg_none',
  'hs256_public_key',
]);
export type TestTokenKind = z.infer<typeof TestTokenKind>;

/** Every kind, what it is and what it must produce: a new kind without a row does not compile. */
export const TEST_TOKEN_KINDS: Record<TestTokenKind, TestTokenKindInfo> = {
  valid: {
    expectedError: null,
    verifications: 1,
    description: 'A genuine token, exactly as the service issues one after the right passcode.',
  },
  replayed: {
    expectedError: 'token_replayed',
    verifications: 2,
    description: 'A genuine token: the first verification accepts it, the second (same replay store) must refuse it.',
  },
  expired: {
    expectedError: 'token_expired',
    verifications: 1,
    description: 'Signed by the service; `exp` passed an hour ago (lifetime 10 minutes).',
  },
  not_yet_valid: {
    expectedError: 'token_not_yet_valid',
    verifications: 1,
    description: 'Signed by the service; `iat` is an hour in the future.',
  },
  too_long_lived: {
    expectedError: 'token_lifetime_too_long',
    verifications: 1,
    description: 'Signed by the service; `exp` is 30 days after `iat` (the most is 10 minutes).',
  },
  wrong_issuer: {
    expectedError: 'token_issuer_invalid',
    verifications: 1,
    description: 'Signed by the service; `iss` names another issuer.',
  },
  wrong_audience: {
    expectedError: 'token_audience_invalid',
    verifications: 1,
    description: 'Signed by the service; `aud` is another partner (consent given to someone else).',
  },
  wrong_nonce: {
    expectedError: 'token_nonce_mismatch',
    verifications: 1,
    description: "Signed by the service; `nonce` is another session's.",
  },
  wrong_purpose: {
    expectedError: 'token_purpose_mismatch',
    verifications: 1,
    description: 'Signed by the service; `purpose` is another purpose. Verify with `purpose`.',
  },
  wrong_cnic: {
    expectedError: 'token_cnic_mismatch',
    verifications: 1,
    description: 'Signed by the service; `cnic_digest` binds another CNIC. Send `cnic`, and verify with it.',
  },
  wrong_type: {
    expectedError: 'token_type_invalid',
    verifications: 1,
    description: 'Signed by the service; header `typ` is `JWT` (an ID or access token is not a consent).',
  },
  bad_signature: {
    expectedError: 'token_signature_invalid',
    verifications: 1,
    description: "Signed by another key under the service's `kid`: a forger guessing the key id.",
  },
  high_s_signature: {
    expectedError: 'token_signature_invalid',
    verifications: 1,
    description: 'A genuine token with its signature replaced by its high-S twin (r, n − s): one token, two strings.',
  },
  unknown_key: {
    expectedError: 'token_key_unknown',
    verifications: 1,
    description: 'Signed by a key whose `kid` is not in the JWKS.',
  },
  alg_none: {
    expectedError: 'token_alg_not_allowed',
    verifications: 1,
    description: 'Header `alg: "none"`, no signature.',
  },
  hs256_public_key: {
    expectedError: 'token_alg_not_allowed',
    verifications: 1,
    description: 'Header `alg: "HS256"`, an HMAC keyed with the service\'s public key (PEM): key confusion.',
  },
};

/** A partner id as it appears in `aud`: `prt_sandbox_bank`, or your own. */
export const PartnerId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'A partner id is 1 to 64 letters, digits, _ or -.');

// POST /__sim/test-tokens
export const TestTokenRequest = z
  .strictObject({
    kind: TestTokenKind,
    /** Your partner id: the `aud` you verify with. */
    partnerId: PartnerId,
    /** The purpose you verify with. */
    purpose: PurposeId,
    /** The nonce you verify with (your test session's). */
    nonce: Nonce,
    /** The CNIC you verify with, if you do (13 digits); bound by `cnic_digest`. Required for `wrong_cnic`. */
    cnic: CnicDigits.optional(),
  })
  .refine((body) => body.kind !== 'wrong_cnic' || body.cnic !== undefined, {
    path: ['cnic'],
    message: 'wrong_cnic needs the CNIC you verify with, to bind another one.',
  });
export type TestTokenRequest = z.infer<typeof TestTokenRequest>;

export const TestTokenAnswer = z.strictObject({
  kind: TestTokenKind,
  token: z.string(),
  expectedError: z.string().nullable(),
  verifications: z.number().int().min(1),
});
export type TestTokenAnswer = z.infer<typeof TestTokenAnswer>;

// GET /__sim/test-tokens
export const TestTokenKindsAnswer = z.strictObject({
  kinds: z.array(
    z.strictObject({
      kind: TestTokenKind,
      expectedError: z.string().nullable(),
      verifications: z.number().int().min(1),
      description: z.string(),
    }),
  ),
});
export type TestTokenKindsAnswer = z.infer<typeof TestTokenKindsAnswer>;
