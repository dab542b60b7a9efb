/**
 * The helper against the real thing: tokens issued by the HTTP simulator after a citizen entered the
 * passcode, verified offline against its JWKS URL, including across a key rotation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { JWKS_PATH, SANDBOX_ISSUER } from '../../../src/contract/api.js';
import { startSimulatorServer, type SimulatorServer } from '../../../simulator/node.js';
import {
  createMemoryReplayStore,
  verifyConsentToken,
  type VerifyConsentTokenOptions,
} from '../../../src/verify/index.js';
import { assertRefused } from './support/refusal.js';
import { AYESHA, consentToken, SANDBOX_BANK } from './support/simulator-consent.js';
import { newNonce } from './support/token-issuer.js';

let sim: SimulatorServer;
before(async () => {
  sim = await startSimulatorServer({ port: 0 });
});
after(() => sim.close());

function options(nonce: string, extra: Partial<VerifyConsentTokenOptions> = {}): VerifyConsentTokenOptions {
  return {
    jwksUrl: `${sim.url}${JWKS_PATH}`,
    jwksCache: { cooldownMs: 0 },
    issuer: SANDBOX_ISSUER,
    audience: SANDBOX_BANK.id,
    nonce,
    purpose: 'account-opening',
    cnic: AYESHA.cnic,
    replay: createMemoryReplayStore(),
    ...extra,
  };
}

describe('a token from the simulator', () => {
  it("verifies, binds Ayesha's CNIC and carries what she agreed to share", async () => {
    const nonce = newNonce();
    const token = await consentToken(sim.url, { nonce });
    const claims = await verifyConsentToken(token, options(nonce));
    assert.equal(claims.iss, SANDBOX_ISSUER);
    assert.equal(claims.aud, SANDBOX_BANK.id);
    assert.deepEqual(claims.shared, { cnic_status: 'active', full_name: 'Ayesha Raza' });
    assert.ok(
      !token.includes(AYESHA.digits) && !JSON.stringify(claims).includes(AYESHA.digits),
      'the raw CNIC is not in the token',
    );
  });

  it('is refused a second time, for another session, another purpose or another CNIC', async () => {
    const nonce = newNonce();
    const token = await consentToken(sim.url, { nonce });
    const replay = createMemoryReplayStore();
    await assertRefused(verifyConsentToken(token, options(newNonce(), { replay })), 'token_nonce_mismatch');
    await assertRefused(
      verifyConsentToken(token, options(nonce, { replay, purpose: 'status-check' })),
      'token_purpose_mismatch',
    );
    await assertRefused(
      verifyConsentToken(token, options(nonce, { replay, cnic: '42101-2222222-2' })),
      'token_cnic_mismatch',
    );
    await assertRefused(
      verifyConsentToken(token, options(nonce, { replay, audience: 'prt_sandbox_telecom' })),
      'token_audience_invalid',
    );
    await verifyConsentToken(token, options(nonce, { replay }));
    await assertRefused(verifyConsentToken(token, options(nonce, { replay })), 'token_replayed');
  });

  it('still verifies after the service rotates its keys (the JWKS is refetched for the new kid)', async () => {
    const before = newNonce();
    const oldToken = await consentToken(sim.url, { nonce: before });
    const shared = { jwksCache: { cooldownMs: 0, maxAgeMs: 600_000 } };
    await verifyConsentToken(oldToken, options(before, { ...shared, replay: false }));

    const rotated = await fetch(`${sim.url}/__sim/keys/rotate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(rotated.status, 200);
    const nonce = newNonce();
    const newToken = await consentToken(sim.url, { nonce });
    assert.notEqual(
      JSON.parse(Buffer.from(newToken.split('.')[0]!, 'base64url').toString()).kid,
      JSON.parse(Buffer.from(oldToken.split('.')[0]!, 'base64url').toString()).kid,
    );
    await verifyConsentToken(newToken, options(nonce, shared));
    await verifyConsentToken(oldToken, options(before, { ...shared, replay: false }));
  });
});
