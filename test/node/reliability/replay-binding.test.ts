/**
 * Replay and binding (issue 7): a code works once; a token's jti is refused the second time by the
 * verify helper; a token made for one partner, nonce, purpose or CNIC fails for another; a code from
 * one request fails on another, and one partner cannot touch another's request.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { verifyConsentToken, createMemoryReplayStore, ConsentTokenError } from '../../../src/verify/index.js';
import { SANDBOX_ISSUER } from '../../../src/contract/api.js';
import { useInProcessService } from './support/in-process.js';
import { AYESHA, BANK, BILAL, TELECOM, newNonce } from './support/service-client.js';

const service = useInProcessService();

/** A granted consent: the token and what the partner's backend holds for the session. */
async function grant(
  cnic = AYESHA.cnic,
  simId: string = AYESHA.simId,
  partnerKey: string = BANK.key,
  purpose = 'account-opening',
) {
  const client = service.client.withPartner(partnerKey);
  const nonce = newNonce();
  const created = await client.create({ cnic, nonce, purpose });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const code = (await client.latestCode(simId))!;
  const verified = await client.verify(created.body.id, code);
  assert.equal(verified.status, 200);
  return { token: verified.body.token as string, nonce, requestId: created.body.id as string, code, client };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ConsentTokenError, `a ConsentTokenError, not ${String(error)}`);
    return error.code;
  }
  assert.fail('the token was accepted');
}

describe('a passcode works once', () => {
  it('the right code a second time is refused and mints nothing', async () => {
    const { requestId, code, client } = await grant();
    const again = await client.verify(requestId, code);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'request_closed');
    assert.equal((await client.consents(AYESHA.id)).body.consents.length, 1);
  });

  it('a code from one request fails on another request of the same citizen', async () => {
    const { client } = service;
    await client.reset();
    const first = await client.create({ cnic: AYESHA.cnic });
    const codeA = (await client.latestCode(AYESHA.simId))!;
    let second = await client.create({ cnic: AYESHA.cnic });
    let codeB = (await client.latestCode(AYESHA.simId))!;
    // One chance in a million that both codes are equal; then the binding cannot show: draw again.
    while (codeB === codeA) {
      second = await client.create({ cnic: AYESHA.cnic });
      codeB = (await client.latestCode(AYESHA.simId))!;
    }
    const crossed = await client.verify(second.body.id, codeA);
    assert.equal(crossed.body.error.code, 'wrong_code');
    assert.equal(crossed.body.error.attemptsLeft, 4, 'and it counts as a wrong try');
    assert.equal((await client.verify(first.body.id, codeA)).status, 200, 'it still works on its own request');
  });

  it("another partner cannot verify, resend, cancel or even see a partner's request", async () => {
    const { client } = service;
    await client.reset();
    const created = await client.create({ cnic: AYESHA.cnic });
    const code = (await client.latestCode(AYESHA.simId))!;
    const telecom = client.withPartner(TELECOM.key);
    for (const answer of [
      await telecom.verify(created.body.id, code),
      await telecom.resend(created.body.id),
      await telecom.cancel(created.body.id),
      await telecom.request(created.body.id),
    ]) {
      assert.equal(answer.status, 404);
      assert.equal(answer.body.error.code, 'request_not_found');
    }
    assert.equal(
      (await client.verify(created.body.id, code)).status,
      200,
      'the code was not spent by the other partner',
    );
  });
});

describe('a token is bound to its partner, nonce, purpose and CNIC, and used once', () => {
  it('the verify helper accepts a token once and refuses its jti the second time', async () => {
    const { token, nonce } = await grant();
    const jwks = (await service.client.jwks()).body;
    const replay = createMemoryReplayStore();
    const options = {
      jwks,
      issuer: SANDBOX_ISSUER,
      audience: BANK.id,
      nonce,
      purpose: 'account-opening',
      cnic: '35202-1111111-1',
      replay,
    };
    const claims = await verifyConsentToken(token, options);
    assert.equal(claims.aud, BANK.id);
    assert.equal(await refusal(verifyConsentToken(token, options)), 'token_replayed');
    // A second backend instance sharing the store refuses it too; a fresh store would not (per-process by design).
    assert.equal(await refusal(verifyConsentToken(token, { ...options })), 'token_replayed');
  });

  it('refuses a token for another partner, nonce, purpose or CNIC, without using up its jti', async () => {
    const { token, nonce } = await grant();
    const jwks = (await service.client.jwks()).body;
    const replay = createMemoryReplayStore();
    const right = {
      jwks,
      issuer: SANDBOX_ISSUER,
      audience: BANK.id,
      nonce,
      purpose: 'account-opening',
      cnic: AYESHA.cnic,
      replay,
    };
    assert.equal(
      await refusal(verifyConsentToken(token, { ...right, audience: TELECOM.id })),
      'token_audience_invalid',
    );
    assert.equal(await refusal(verifyConsentToken(token, { ...right, nonce: newNonce() })), 'token_nonce_mismatch');
    assert.equal(
      await refusal(verifyConsentToken(token, { ...right, purpose: 'status-check' })),
      'token_purpose_mismatch',
    );
    assert.equal(await refusal(verifyConsentToken(token, { ...right, cnic: BILAL.cnic })), 'token_cnic_mismatch');
    assert.equal(
      await refusal(verifyConsentToken(token, { ...right, issuer: 'urn:someone-else' })),
      'token_issuer_invalid',
    );
    // None of the refusals spent the jti: the right backend still accepts it, once.
    assert.equal((await verifyConsentToken(token, right)).nonce, nonce);
    assert.equal(await refusal(verifyConsentToken(token, right)), 'token_replayed');
  });

  it("a telecom token is refused by the bank's backend, and the two partners see different subjects", async () => {
    const bank = await grant(AYESHA.cnic, AYESHA.simId, BANK.key, 'account-opening');
    const telecom = await grant(AYESHA.cnic, AYESHA.simId, TELECOM.key, 'sim-issuance');
    const jwks = (await service.client.jwks()).body;
    const replay = createMemoryReplayStore();
    assert.equal(
      await refusal(
        verifyConsentToken(telecom.token, {
          jwks,
          issuer: SANDBOX_ISSUER,
          audience: BANK.id,
          nonce: telecom.nonce,
          replay,
        }),
      ),
      'token_audience_invalid',
    );
    const a = await verifyConsentToken(bank.token, {
      jwks,
      issuer: SANDBOX_ISSUER,
      audience: BANK.id,
      nonce: bank.nonce,
      replay,
    });
    const b = await verifyConsentToken(telecom.token, {
      jwks,
      issuer: SANDBOX_ISSUER,
      audience: TELECOM.id,
      nonce: telecom.nonce,
      replay,
    });
    assert.notEqual(a.sub, b.sub, 'pairwise subjects: partners cannot join their records on sub');
    assert.notEqual(a.cnic_digest, b.cnic_digest, 'the CNIC digest is salted per session');
  });

  it('an expired token is refused (simulated clock), and a revoked consent shows as revoked to the partner', async () => {
    const { token, nonce, client } = await grant();
    const jwks = (await service.client.jwks()).body;
    const { body: audit } = await client.audit();
    const jti = audit.entries.filter((e) => e.type === 'token_issued').at(-1)!.detail.jti as string;
    const later = Date.now() + 11 * 60_000;
    assert.equal(
      await refusal(
        verifyConsentToken(token, {
          jwks,
          issuer: SANDBOX_ISSUER,
          audience: BANK.id,
          nonce,
          now: later,
          replay: false,
        }),
      ),
      'token_expired',
    );
    await client.call('POST', `/__sim/citizens/${AYESHA.id}/consents/${jti}/revoke`, { body: {} });
    const status = await client.consentStatus(jti, BANK.secret);
    assert.equal(status.body.status, 'revoked');
    const other = await client.consentStatus(jti, TELECOM.secret);
    assert.equal(other.body.error.code, 'consent_not_found', "a partner cannot look up another partner's consent");
  });
});
