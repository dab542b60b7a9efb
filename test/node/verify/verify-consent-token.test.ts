/**
 * A partner backend verifying consent tokens: the good one passes with its claims, and every kind of
 * bad token (malformed, truncated, oversized, forged, stale, meant for someone else, replayed) is
 * refused with its own documented code.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { exportSPKI, SignJWT } from 'jose';
import { cnicDigest } from '../../../src/contract/cnic-digest.js';
import { SANDBOX_ISSUER } from '../../../src/contract/api.js';
import {
  ConsentTokenError,
  createMemoryReplayStore,
  verifyConsentToken,
  type ReplayStore,
  type VerifyConsentTokenOptions,
} from '../../../src/verify/index.js';
import { assertRefused } from './support/refusal.js';
import {
  AYESHA_CNIC,
  b64url,
  createTestIssuer,
  newNonce,
  PARTNER_ID,
  PURPOSE,
  sign,
  signRaw,
  validClaims,
  type TestIssuer,
} from './support/token-issuer.js';

let issuer: TestIssuer;
let stranger: TestIssuer;

before(async () => {
  issuer = await createTestIssuer('sandbox-1');
  stranger = await createTestIssuer('sandbox-1'); // same kid, different key: a forger guessing the kid
});

/** What a partner backend passes, with a fresh replay store per test so tests stay independent. */
function optionsFor(nonce: string, extra: Partial<VerifyConsentTokenOptions> = {}): VerifyConsentTokenOptions {
  return {
    jwks: issuer.jwks,
    issuer: SANDBOX_ISSUER,
    audience: PARTNER_ID,
    nonce,
    purpose: PURPOSE,
    replay: createMemoryReplayStore(),
    ...extra,
  };
}

async function goodToken(overrides: Record<string, unknown> = {}, header: Record<string, unknown> = {}) {
  const nonce = newNonce();
  const claims = { ...(await validClaims(nonce)), ...overrides };
  return { nonce, claims, token: await sign(issuer, claims, header) };
}

describe('a valid consent token', () => {
  it('verifies and answers the typed claims the citizen agreed to share', async () => {
    const { nonce, claims, token } = await goodToken();
    const verified = await verifyConsentToken(token, optionsFor(nonce, { cnic: AYESHA_CNIC }));
    assert.equal(verified.aud, PARTNER_ID);
    assert.equal(verified.purpose, PURPOSE);
    assert.equal(verified.jti, claims.jti);
    assert.deepEqual(verified.shared, { cnic_status: 'active', full_name: 'Ayesha Raza' });
  });

  it('binds the CNIC however the partner stored it: dashes, spaces, plain digits or Urdu digits', async () => {
    for (const cnic of ['35202-1111111-1', '3520211111111', '35202 1111111 1', '۳۵۲۰۲-۱۱۱۱۱۱۱-۱']) {
      const { nonce, token } = await goodToken();
      const verified = await verifyConsentToken(token, optionsFor(nonce, { cnic }));
      assert.equal(verified.nonce, nonce, cnic);
    }
  });

  it('accepts "application/consent+jwt" and any letter case in typ (RFC 8725)', async () => {
    for (const typ of ['application/consent+jwt', 'Consent+JWT']) {
      const { nonce, token } = await goodToken({}, { typ });
      assert.equal((await verifyConsentToken(token, optionsFor(nonce))).nonce, nonce);
    }
  });

  it('tolerates a few seconds of clock skew, and `now` and `clockTolerance` move the window', async () => {
    const { nonce, claims, token } = await goodToken();
    const exp = claims.exp as number;
    // 3 s after expiry: within the default 5 s tolerance.
    await verifyConsentToken(token, optionsFor(nonce, { now: (exp + 3) * 1000 }));
    await assertRefused(
      verifyConsentToken(token, optionsFor(nonce, { now: (exp + 3) * 1000, clockTolerance: 0 })),
      'token_expired',
    );
    await verifyConsentToken(token, optionsFor(nonce, { now: new Date((exp - 1) * 1000), clockTolerance: 0 }));
  });

  it('does not use up its jti when refused for another reason, so the right check still passes', async () => {
    const { nonce, token } = await goodToken();
    const replay = createMemoryReplayStore();
    await assertRefused(verifyConsentToken(token, optionsFor(newNonce(), { replay })), 'token_nonce_mismatch');
    await assertRefused(
      verifyConsentToken(token, optionsFor(nonce, { replay, purpose: 'status-check' })),
      'token_purpose_mismatch',
    );
    await verifyConsentToken(token, optionsFor(nonce, { replay }));
    assert.equal(replay.size, 1);
  });
});

describe('single use', () => {
  it('refuses a token whose jti was seen before (token_replayed)', async () => {
    const { nonce, token } = await goodToken();
    const replay = createMemoryReplayStore();
    await verifyConsentToken(token, optionsFor(nonce, { replay }));
    await assertRefused(verifyConsentToken(token, optionsFor(nonce, { replay })), 'token_replayed', token);
  });

  it('uses one in-memory store per process when none is given', async () => {
    const { nonce, token } = await goodToken();
    const options = optionsFor(nonce);
    delete options.replay;
    await verifyConsentToken(token, options);
    await assertRefused(verifyConsentToken(token, { ...options }), 'token_replayed');
  });

  it('accepts a plain Set of seen ids, and `replay: false` skips the check', async () => {
    const { nonce, claims, token } = await goodToken();
    const seen = new Set<string>();
    await verifyConsentToken(token, optionsFor(nonce, { replay: seen }));
    assert.ok(seen.has(claims.jti as string));
    await assertRefused(verifyConsentToken(token, optionsFor(nonce, { replay: seen })), 'token_replayed');
    await verifyConsentToken(token, optionsFor(nonce, { replay: false }));
  });

  it('works with an asynchronous store (Redis-like), and refuses when the store fails', async () => {
    const used = new Map<string, number>();
    const redisLike: ReplayStore = {
      async checkAndRemember(jti, expiresAt) {
        await new Promise((resolve) => setImmediate(resolve));
        if (used.has(jti)) return false;
        used.set(jti, expiresAt);
        return true;
      },
    };
    const { nonce, claims, token } = await goodToken();
    await verifyConsentToken(token, optionsFor(nonce, { replay: redisLike }));
    assert.equal(used.get(claims.jti as string), (claims.exp as number) + 5, 'remembered until exp + tolerance');
    await assertRefused(verifyConsentToken(token, optionsFor(nonce, { replay: redisLike })), 'token_replayed');

    const broken: ReplayStore = { checkAndRemember: async () => Promise.reject(new Error('connection refused')) };
    const fresh = await goodToken();
    await assertRefused(verifyConsentToken(fresh.token, optionsFor(fresh.nonce, { replay: broken })), 'token_replayed');
  });
});

describe('malformed, truncated and oversized input', () => {
  it('refuses anything that is not a string as token_malformed', async () => {
    for (const input of [undefined, null, 42, {}, [], true, new Uint8Array([1, 2, 3]), Symbol('t')]) {
      await assertRefused(verifyConsentToken(input, optionsFor(newNonce())), 'token_malformed');
    }
  });

  it('refuses strings that are not three base64url parts as token_malformed', async () => {
    for (const input of [
      '',
      'abc',
      'a.b',
      'a.b.c.d',
      '..',
      'a b.c.d',
      'eyJ.eyJ.+/=',
      '.eyJhbGciOiJFUzI1NiJ9.',
      'x'.repeat(100),
    ]) {
      await assertRefused(verifyConsentToken(input, optionsFor(newNonce())), 'token_malformed', input);
    }
  });

  it('refuses a header that is not JSON as token_malformed', async () => {
    const { nonce, token } = await goodToken();
    const [, payload, signature] = token.split('.');
    await assertRefused(
      verifyConsentToken(`${b64url('{not json')}.${payload}.${signature}`, optionsFor(nonce)),
      'token_malformed',
    );
    await assertRefused(
      verifyConsentToken(`${b64url('"ES256"')}.${payload}.${signature}`, optionsFor(nonce)),
      'token_malformed',
    );
  });

  it('refuses truncated tokens', async () => {
    const { nonce, token } = await goodToken();
    const [header, payload] = token.split('.');
    await assertRefused(verifyConsentToken(`${header}.${payload}`, optionsFor(nonce)), 'token_malformed');
    await assertRefused(verifyConsentToken(`${header}.${payload}.`, optionsFor(nonce)), 'token_signature_invalid');
    await assertRefused(verifyConsentToken(token.slice(0, -2), optionsFor(nonce)), 'token_signature_invalid');
    await assertRefused(verifyConsentToken(token.slice(0, token.length / 2), optionsFor(nonce)), 'token_malformed');
  });

  it('refuses tokens larger than 8 KiB before parsing them (token_too_large)', async () => {
    await assertRefused(verifyConsentToken('a'.repeat(9000), optionsFor(newNonce())), 'token_too_large');
    const huge = await goodToken({ padding: 'x'.repeat(8 * 1024) });
    await assertRefused(verifyConsentToken(huge.token, optionsFor(huge.nonce)), 'token_too_large');
  });
});

describe('forged tokens', () => {
  it('refuses alg "none" (token_alg_not_allowed)', async () => {
    const nonce = newNonce();
    const unsigned = `${b64url(JSON.stringify({ alg: 'none', typ: 'consent+jwt', kid: 'sandbox-1' }))}.${b64url(JSON.stringify(await validClaims(nonce)))}.`;
    await assertRefused(verifyConsentToken(unsigned, optionsFor(nonce)), 'token_alg_not_allowed', unsigned);
  });

  it('refuses HS256 signed with the public key bytes (key confusion: token_alg_not_allowed)', async () => {
    const nonce = newNonce();
    const secret = new TextEncoder().encode(await exportSPKI(issuer.publicKey));
    const forged = await new SignJWT(await validClaims(nonce))
      .setProtectedHeader({ alg: 'HS256', typ: 'consent+jwt', kid: 'sandbox-1' })
      .sign(secret);
    await assertRefused(verifyConsentToken(forged, optionsFor(nonce)), 'token_alg_not_allowed', forged);
    // Same with the JWK's JSON as the HMAC secret, signed by hand.
    const signingInput = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'consent+jwt', kid: 'sandbox-1' }))}.${b64url(JSON.stringify(await validClaims(nonce)))}`;
    const mac = createHmac('sha256', JSON.stringify(issuer.publicJwk)).update(signingInput).digest('base64url');
    await assertRefused(verifyConsentToken(`${signingInput}.${mac}`, optionsFor(nonce)), 'token_alg_not_allowed');
  });

  it('refuses other asymmetric algorithms too (ES384)', async () => {
    const { nonce, token } = await goodToken();
    const [, payload, signature] = token.split('.');
    const header = b64url(JSON.stringify({ alg: 'ES384', typ: 'consent+jwt', kid: 'sandbox-1' }));
    await assertRefused(
      verifyConsentToken(`${header}.${payload}.${signature}`, optionsFor(nonce)),
      'token_alg_not_allowed',
    );
  });

  it('refuses a token signed by another key under the same kid (token_signature_invalid)', async () => {
    const nonce = newNonce();
    const forged = await sign(stranger, await validClaims(nonce));
    await assertRefused(verifyConsentToken(forged, optionsFor(nonce)), 'token_signature_invalid', forged);
  });

  it('refuses a tampered payload (token_signature_invalid)', async () => {
    const { nonce, claims, token } = await goodToken();
    const [header, , signature] = token.split('.');
    const widened = b64url(
      JSON.stringify({
        ...claims,
        shared: { cnic_status: 'active', full_name: 'Ayesha Raza', extra: 'x' },
        aud: PARTNER_ID,
      }),
    );
    await assertRefused(
      verifyConsentToken(`${header}.${widened}.${signature}`, optionsFor(nonce)),
      'token_signature_invalid',
    );
    const otherPurpose = b64url(JSON.stringify({ ...claims, purpose: 'status-check' }));
    await assertRefused(
      verifyConsentToken(`${header}.${otherPurpose}.${signature}`, optionsFor(nonce)),
      'token_signature_invalid',
    );
  });

  it('refuses an unknown kid, or none at all (token_key_unknown)', async () => {
    const { nonce, token } = await goodToken({}, { kid: 'not-in-the-jwks' });
    await assertRefused(verifyConsentToken(token, optionsFor(nonce)), 'token_key_unknown');
    const noKid = await goodToken({}, { kid: undefined });
    await assertRefused(verifyConsentToken(noKid.token, optionsFor(noKid.nonce)), 'token_key_unknown');
  });

  it('refuses a wrong or missing typ (token_type_invalid): an ID token or access token is not a consent', async () => {
    for (const typ of ['JWT', 'at+jwt', undefined]) {
      const { nonce, token } = await goodToken({}, { typ });
      await assertRefused(verifyConsentToken(token, optionsFor(nonce)), 'token_type_invalid');
    }
  });
});

describe('claims', () => {
  it('refuses a token missing any claim it relies on (token_claims_invalid)', async () => {
    for (const claim of ['iss', 'aud', 'sub', 'iat', 'exp', 'jti', 'nonce', 'purpose', 'shared', 'cnic_digest']) {
      const { nonce, token } = await goodToken({ [claim]: undefined });
      await assertRefused(verifyConsentToken(token, optionsFor(nonce)), 'token_claims_invalid');
    }
  });

  it('refuses claims of the wrong type or shape (token_claims_invalid)', async () => {
    for (const overrides of [
      { aud: [PARTNER_ID] },
      { exp: '2099-01-01' },
      { jti: 'short' },
      { shared: { cnic_status: 'unknown' } },
      { cnic_digest: 'abc' },
    ]) {
      const { nonce, token } = await goodToken(overrides);
      await assertRefused(verifyConsentToken(token, optionsFor(nonce)), 'token_claims_invalid');
    }
    const nonce = newNonce();
    const notAnObject = await signRaw(issuer, { alg: 'ES256', typ: 'consent+jwt', kid: 'sandbox-1' }, {});
    await assertRefused(verifyConsentToken(notAnObject, optionsFor(nonce)), 'token_claims_invalid');
  });

  it('refuses another issuer (token_issuer_invalid)', async () => {
    const { nonce, token } = await goodToken({ iss: 'urn:ijazat:evil' });
    await assertRefused(verifyConsentToken(token, optionsFor(nonce)), 'token_issuer_invalid');
  });

  it('refuses a token meant for another partner (token_audience_invalid)', async () => {
    const { nonce, token } = await goodToken({ aud: 'prt_sandbox_telecom' });
    await assertRefused(verifyConsentToken(token, optionsFor(nonce)), 'token_audience_invalid');
  });

  it('refuses an expired token (token_expired)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const { nonce, token } = await goodToken({ iat: now - 700, exp: now - 100 });
    await assertRefused(verifyConsentToken(token, optionsFor(nonce)), 'token_expired');
  });

  it('refuses a token issued in the future (token_not_yet_valid), or with a future nbf', async () => {
    const now = Math.floor(Date.now() / 1000);
    const early = await goodToken({ iat: now + 120, exp: now + 720 });
    await assertRefused(verifyConsentToken(early.token, optionsFor(early.nonce)), 'token_not_yet_valid');
    const nbf = await goodToken({ nbf: now + 120 });
    await assertRefused(verifyConsentToken(nbf.token, optionsFor(nbf.nonce)), 'token_not_yet_valid');
  });

  it("refuses a token made for another session's nonce (token_nonce_mismatch)", async () => {
    const { nonce, token } = await goodToken();
    await assertRefused(verifyConsentToken(token, optionsFor(newNonce())), 'token_nonce_mismatch');
    await assertRefused(verifyConsentToken(token, optionsFor(nonce.slice(0, -1))), 'token_nonce_mismatch');
    await assertRefused(verifyConsentToken(token, optionsFor(`${nonce}A`)), 'token_nonce_mismatch');
  });

  it('refuses a token for another purpose (token_purpose_mismatch)', async () => {
    const { nonce, token } = await goodToken({ purpose: 'status-check' });
    await assertRefused(verifyConsentToken(token, optionsFor(nonce)), 'token_purpose_mismatch');
  });

  it('refuses a token that binds another CNIC (token_cnic_mismatch)', async () => {
    const { nonce, token } = await goodToken();
    await assertRefused(
      verifyConsentToken(token, optionsFor(nonce, { cnic: '42101-2222222-2' })),
      'token_cnic_mismatch',
    );
    await assertRefused(
      verifyConsentToken(token, optionsFor(nonce, { cnic: '35202-111111-1' })),
      'token_cnic_mismatch',
    );
    // A digest made with another nonce does not bind this session either.
    const other = await goodToken({ cnic_digest: await cnicDigest('3520211111111', newNonce()) });
    await assertRefused(
      verifyConsentToken(other.token, optionsFor(other.nonce, { cnic: AYESHA_CNIC })),
      'token_cnic_mismatch',
    );
  });
});

describe('options', () => {
  it('throws a TypeError for programming mistakes, not a token error', async () => {
    const { nonce, token } = await goodToken();
    await assert.rejects(verifyConsentToken(token, { ...optionsFor(nonce), issuer: '' }), TypeError);
    await assert.rejects(verifyConsentToken(token, { ...optionsFor(nonce), jwks: undefined }), TypeError);
    await assert.rejects(verifyConsentToken(token, { ...optionsFor(nonce), clockTolerance: -1 }), TypeError);
    // An invalid clock must not switch the expiry check off.
    await assert.rejects(verifyConsentToken(token, { ...optionsFor(nonce), now: new Date('not a date') }), TypeError);
    await assert.rejects(verifyConsentToken(token, { ...optionsFor(nonce), now: Number.NaN }), TypeError);
  });

  it('reports a JWKS that is not a key set as jwks_unavailable', async () => {
    const { nonce, token } = await goodToken();
    await assertRefused(
      verifyConsentToken(token, { ...optionsFor(nonce), jwks: { keys: 'nope' } as never }),
      'jwks_unavailable',
    );
  });

  it('errors are ConsentTokenError instances with a stable code', async () => {
    const error = await verifyConsentToken('x', optionsFor(newNonce())).catch((e: unknown) => e);
    assert.ok(error instanceof ConsentTokenError && error instanceof Error);
    assert.equal(error.code, 'token_malformed');
  });
});
