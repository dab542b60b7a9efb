/**
 * Test tokens for partners' own test suites (src/contract/test-tokens.ts): a genuine token for the
 * partner's nonce, purpose and CNIC, then one defect by name. Signed where a signature is wanted by
 * the sandbox's current key, so each is refused for its one defect and nothing else. Nothing is
 * stored: no consent, no audit entry, and the shared data is a fixed sample, never a citizen's.
 */
import { exportSPKI } from 'jose';
import { cnicDigestInput } from '../../src/contract/cnic-digest.js';
import { twinSignature } from '../../src/contract/es256-signature.js';
import { TOKEN_ALG, TOKEN_TTL_SECONDS, TOKEN_TYPE, type ConsentClaims } from '../../src/contract/schemas.js';
import {
  TEST_TOKEN_KINDS,
  TestTokenKind,
  type TestTokenAnswer,
  type TestTokenKindsAnswer,
  type TestTokenRequest,
} from '../../src/contract/test-tokens.js';
import { hmacSha256, sha256 } from '../crypto/backend.js';
import type { SigningKeyRecord } from '../store/schema.js';
import { fromBase64url, toBase64url } from '../../src/contract/base64url.js';
import { randomId } from './random-id.js';
import type { SimulatorContext } from './context.js';
import { fail, succeed, type Outcome } from './outcome.js';
import { pairwiseSubject } from './pseudonym.js';
import { currentKey, generateSigningKey } from './signing-keys.js';
import { signConsentToken, signEs256Jws, signingInputOf } from './token.js';

/** Bound when the partner sends no CNIC (Ayesha, the first sandbox identity). */
const SAMPLE_CNIC = '3520211111111';
const HOUR = 3600;

/** The genuine token each kind starts from: its claims, the key that signs it, the CNIC it binds. */
interface Genuine {
  claims: ConsentClaims;
  key: SigningKeyRecord;
  cnic: string;
  issuer: string;
}

const digestOf = async (cnic13: string, nonce: string) => toBase64url(await sha256(cnicDigestInput(cnic13, nonce)));

/** The same 13 digits with the last one changed: another person's CNIC. */
const anotherCnic = (cnic13: string) => `${cnic13.slice(0, 12)}${(Number(cnic13[12]) + 1) % 10}`;

const signed = (genuine: Genuine, changes: Partial<ConsentClaims>) =>
  signConsentToken({ ...genuine.claims, ...changes }, genuine.key);

const header = (genuine: Genuine, changes: Record<string, unknown> = {}) => ({
  alg: TOKEN_ALG,
  typ: TOKEN_TYPE,
  kid: genuine.key.kid,
  ...changes,
});

/** The service's public key as PEM: the "secret" a key-confusion forger feeds to HMAC. */
async function publicKeyPem(key: SigningKeyRecord): Promise<string> {
  const publicKey = await crypto.subtle.importKey('jwk', key.publicJwk, { name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'verify',
  ]);
  return exportSPKI(publicKey);
}

/** How each kind is made from the genuine token: a table the type checker holds to every kind. */
const MAKE: Record<TestTokenKind, (genuine: Genuine) => Promise<string>> = {
  valid: (genuine) => signed(genuine, {}),
  replayed: (genuine) => signed(genuine, {}),
  expired: (genuine) => {
    const exp = genuine.claims.iat - HOUR;
    return signed(genuine, { iat: exp - TOKEN_TTL_SECONDS, exp });
  },
  not_yet_valid: (genuine) => {
    const iat = genuine.claims.iat + HOUR;
    return signed(genuine, { iat, exp: iat + TOKEN_TTL_SECONDS });
  },
  too_long_lived: (genuine) => signed(genuine, { exp: genuine.claims.iat + 30 * 24 * HOUR }),
  wrong_issuer: (genuine) => signed(genuine, { iss: `${genuine.issuer}:not-this-one` }),
  wrong_audience: (genuine) =>
    // Another sandbox partner: consent given to someone else.
    signed(genuine, { aud: genuine.claims.aud === 'prt_sandbox_telecom' ? 'prt_sandbox_bank' : 'prt_sandbox_telecom' }),
  wrong_nonce: async (genuine) => {
    const nonce = randomId(32);
    return signed(genuine, { nonce, cnic_digest: await digestOf(genuine.cnic, nonce) });
  },
  wrong_purpose: (genuine) =>
    signed(genuine, { purpose: genuine.claims.purpose === 'status-check' ? 'account-opening' : 'status-check' }),
  wrong_cnic: async (genuine) =>
    signed(genuine, { cnic_digest: await digestOf(anotherCnic(genuine.cnic), genuine.claims.nonce) }),
  wrong_type: (genuine) => signEs256Jws(header(genuine, { typ: 'JWT' }), genuine.claims, genuine.key.privateKey),
  bad_signature: async (genuine) => {
    const forger = await generateSigningKey(false, 0);
    return signEs256Jws(header(genuine), genuine.claims, forger.privateKey);
  },
  high_s_signature: async (genuine) => {
    const token = await signed(genuine, {});
    const cut = token.lastIndexOf('.') + 1;
    return token.slice(0, cut) + toBase64url(twinSignature(fromBase64url(token.slice(cut))));
  },
  unknown_key: async (genuine) => {
    const stranger = await generateSigningKey(false, 0);
    return signEs256Jws(header(genuine, { kid: stranger.kid }), genuine.claims, stranger.privateKey);
  },
  alg_none: (genuine) => Promise.resolve(`${signingInputOf(header(genuine, { alg: 'none' }), genuine.claims)}.`),
  hs256_public_key: async (genuine) => {
    const signingInput = signingInputOf(header(genuine, { alg: 'HS256' }), genuine.claims);
    const secret = new TextEncoder().encode(await publicKeyPem(genuine.key));
    const hmacKey = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return `${signingInput}.${toBase64url(await hmacSha256(hmacKey, signingInput))}`;
  },
};

export async function issueTestToken(
  ctx: SimulatorContext,
  request: TestTokenRequest,
): Promise<Outcome<TestTokenAnswer>> {
  const key = currentKey((await ctx.registry.get()).keys);
  if (!key) return fail('internal_error');
  const cnic = request.cnic ?? SAMPLE_CNIC;
  const iat = Math.floor(ctx.clock.now() / 1000);
  const claims: ConsentClaims = {
    iss: ctx.issuer,
    aud: request.partnerId,
    sub: await pairwiseSubject(ctx.secrets.pseudonymKey, request.partnerId, cnic),
    iat,
    exp: iat + ctx.limits.tokenTtlSeconds,
    jti: randomId(16),
    nonce: request.nonce,
    purpose: request.purpose,
    shared: { cnic_status: 'active' },
    cnic_digest: await digestOf(cnic, request.nonce),
  };
  const token = await MAKE[request.kind]({ claims, key, cnic, issuer: ctx.issuer });
  const { expectedError, verifications } = TEST_TOKEN_KINDS[request.kind];
  return succeed({ kind: request.kind, token, expectedError, verifications });
}

/** `GET /__sim/test-tokens`: every kind, in the contract's order. */
export function testTokenKinds(): TestTokenKindsAnswer {
  return { kinds: TestTokenKind.options.map((kind) => ({ kind, ...TEST_TOKEN_KINDS[kind] })) };
}
