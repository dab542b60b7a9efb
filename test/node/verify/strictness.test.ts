/**
 * Where the helper promises more than a JOSE library checks by itself: one string per token (low-S
 * signatures), a lifetime of at most 10 minutes, a numeric `nbf`, `alg` judged even when it is
 * missing, and a size limit in bytes. Each case is a token a plain `jose.compactVerify` accepts.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { compactVerify } from 'jose';
import { SANDBOX_ISSUER } from '../../../src/contract/api.js';
import { TOKEN_TTL_SECONDS } from '../../../src/contract/schemas.js';
import {
  createMemoryReplayStore,
  MAX_TOKEN_BYTES,
  verifyConsentToken,
  type VerifyConsentTokenOptions,
} from '../../../src/verify/index.js';
import { assertRefused } from './support/refusal.js';
import {
  createTestIssuer,
  newNonce,
  PARTNER_ID,
  PURPOSE,
  sign,
  signRaw,
  validClaims,
  withTwinSignature,
  type TestIssuer,
} from './support/token-issuer.js';

let issuer: TestIssuer;

before(async () => {
  issuer = await createTestIssuer('sandbox-1');
});

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

/** A JOSE library alone accepts the token: the signature verifies under the issuer's key. */
async function joseAccepts(token: string): Promise<void> {
  await compactVerify(token, issuer.publicKey, { algorithms: ['ES256'] });
}

describe('one token, one string', () => {
  it('refuses the high-S twin of a genuine signature, which jose accepts, and still accepts the original', async () => {
    for (let i = 0; i < 8; i++) {
      const nonce = newNonce();
      const token = await sign(issuer, await validClaims(nonce));
      const twin = withTwinSignature(token);
      assert.notEqual(twin, token);
      await joseAccepts(twin);
      await assertRefused(verifyConsentToken(twin, optionsFor(nonce)), 'token_signature_invalid', twin);
      await verifyConsentToken(token, optionsFor(nonce));
    }
  });

  it('a refused twin does not use up the jti: the genuine string still verifies once', async () => {
    const nonce = newNonce();
    const token = await sign(issuer, await validClaims(nonce));
    const replay = createMemoryReplayStore();
    await assertRefused(
      verifyConsentToken(withTwinSignature(token), optionsFor(nonce, { replay })),
      'token_signature_invalid',
    );
    await verifyConsentToken(token, optionsFor(nonce, { replay }));
    await assertRefused(verifyConsentToken(token, optionsFor(nonce, { replay })), 'token_replayed');
  });
});

describe('lifetime', () => {
  it('refuses a token signed by the right key that lives 30 days (token_lifetime_too_long)', async () => {
    const nonce = newNonce();
    const now = Math.floor(Date.now() / 1000);
    const token = await sign(issuer, { ...(await validClaims(nonce, now)), exp: now + 30 * 86_400 });
    await joseAccepts(token);
    await assertRefused(verifyConsentToken(token, optionsFor(nonce)), 'token_lifetime_too_long');
  });

  it('accepts exactly 10 minutes and refuses one second more, whatever the clock tolerance', async () => {
    const now = Math.floor(Date.now() / 1000);
    const exact = newNonce();
    const tenMinutes = await sign(issuer, { ...(await validClaims(exact, now)), exp: now + TOKEN_TTL_SECONDS });
    await verifyConsentToken(tenMinutes, optionsFor(exact));
    const over = newNonce();
    const longer = await sign(issuer, { ...(await validClaims(over, now)), exp: now + TOKEN_TTL_SECONDS + 1 });
    await assertRefused(
      verifyConsentToken(longer, optionsFor(over, { clockTolerance: 60 })),
      'token_lifetime_too_long',
    );
  });

  it('refuses an iat beyond the clock tolerance in the future, and accepts one within it', async () => {
    const now = Math.floor(Date.now() / 1000);
    const within = newNonce();
    const soon = await sign(issuer, await validClaims(within, now + 4));
    await verifyConsentToken(soon, optionsFor(within, { now: now * 1000 }));
    const beyond = newNonce();
    const later = await sign(issuer, await validClaims(beyond, now + 6));
    await assertRefused(verifyConsentToken(later, optionsFor(beyond, { now: now * 1000 })), 'token_not_yet_valid');
  });
});

describe('nbf', () => {
  it('refuses an nbf that is not a number (token_claims_invalid), and accepts a past numeric one', async () => {
    for (const nbf of ['0', null, true, {}, [0]]) {
      const nonce = newNonce();
      const token = await sign(issuer, { ...(await validClaims(nonce)), nbf });
      await joseAccepts(token);
      await assertRefused(verifyConsentToken(token, optionsFor(nonce)), 'token_claims_invalid');
    }
    const nonce = newNonce();
    const past = await sign(issuer, { ...(await validClaims(nonce)), nbf: Math.floor(Date.now() / 1000) - 10 });
    assert.equal((await verifyConsentToken(past, optionsFor(nonce))).nonce, nonce);
  });
});

describe('alg', () => {
  it('refuses a header with no alg, or an alg that is not a non-empty string, as token_alg_not_allowed', async () => {
    const headers = [
      { typ: 'consent+jwt', kid: 'sandbox-1' },
      { alg: null, typ: 'consent+jwt', kid: 'sandbox-1' },
      { alg: 256, typ: 'consent+jwt', kid: 'sandbox-1' },
      { alg: ['ES256'], typ: 'consent+jwt', kid: 'sandbox-1' },
      { alg: { name: 'ES256' }, typ: 'consent+jwt', kid: 'sandbox-1' },
      { alg: '', typ: 'consent+jwt', kid: 'sandbox-1' },
    ];
    for (const header of headers) {
      const nonce = newNonce();
      const token = await signRaw(issuer, header, await validClaims(nonce));
      await assertRefused(verifyConsentToken(token, optionsFor(nonce)), 'token_alg_not_allowed', token);
    }
  });

  it('still calls a header that is not a JSON object token_malformed', async () => {
    for (const header of ['ES256', ['ES256'], null, 42]) {
      const nonce = newNonce();
      const token = await signRaw(issuer, header, await validClaims(nonce));
      await assertRefused(verifyConsentToken(token, optionsFor(nonce)), 'token_malformed');
    }
  });
});

describe('size in bytes', () => {
  it('counts UTF-8 bytes, not characters: 4,097 two-byte characters are too large', async () => {
    await assertRefused(verifyConsentToken('é'.repeat(4097), optionsFor(newNonce())), 'token_too_large');
    await assertRefused(verifyConsentToken('😀'.repeat(2049), optionsFor(newNonce())), 'token_too_large');
    await assertRefused(verifyConsentToken(`a.b.${'€'.repeat(2731)}`, optionsFor(newNonce())), 'token_too_large');
  });

  it('refuses up to the limit as malformed, not as too large', async () => {
    assert.equal(MAX_TOKEN_BYTES, 8192);
    await assertRefused(verifyConsentToken('é'.repeat(4096), optionsFor(newNonce())), 'token_malformed');
    await assertRefused(verifyConsentToken(`a.b.${'c'.repeat(8188)}`, optionsFor(newNonce())), 'token_malformed');
    await assertRefused(verifyConsentToken(`a.b.${'c'.repeat(8189)}`, optionsFor(newNonce())), 'token_too_large');
  });
});
