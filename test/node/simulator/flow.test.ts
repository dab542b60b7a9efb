import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { cnicDigest } from '../../../src/contract/cnic-digest.js';
import { ConsentClaims, ConsentRequestView } from '../../../src/contract/schemas.js';
import { SANDBOX_ISSUER } from '../../../src/contract/api.js';
import {
  AYESHA,
  BANK_SK,
  call,
  createRequest,
  latestCode,
  NONCE,
  startSandbox,
  verify,
  type Sandbox,
} from './sandbox.js';

describe('simulator: the consent flow a partner sees', () => {
  let sandbox: Sandbox;
  before(async () => (sandbox = await startSandbox()));
  after(() => sandbox.close());
  beforeEach(() => call('POST', '/__sim/reset', { key: null }));

  it('shows who asks, why, and exactly what is shared', async () => {
    const { status, body } = await call('GET', '/v1/context?purpose=account-opening');
    assert.equal(status, 200);
    assert.deepEqual(body.partner, {
      id: 'prt_sandbox_bank',
      displayName: { en: 'Sandbox Bank', ur: 'سینڈ باکس بینک' },
    });
    assert.deepEqual(
      body.purpose.dataItems.map((item: { id: string }) => item.id),
      ['cnic_status', 'full_name'],
    );
    assert.equal(body.service.shortCode, '9000');
    assert.equal(body.service.passcodeTtlSeconds, 600);
  });

  it('sends a passcode SMS, verifies it and returns a token that plain jose verifies', async () => {
    const created = await createRequest(AYESHA, {}, { Origin: 'http://localhost:5173' });
    assert.equal(created.status, 201);
    const view = ConsentRequestView.parse(created.body);
    assert.equal(view.status, 'pending');
    assert.equal('maskedMobile' in created.body, false, 'no mobile, not even masked, before consent');
    assert.equal(view.attemptsLeft, 5);
    assert.equal(view.resendsLeft, 3);

    const inbox = await call('GET', '/__sim/sims/sim_ayesha/messages', { key: null });
    const sms = inbox.body.messages.at(-1);
    assert.match(
      sms.body,
      /^Ijazat: \d{6} is your code to share your CNIC status and full name with Sandbox Bank for account opening\. It expires in 10 minutes\. Do not share it with anyone\.\n\n@localhost #\d{6}$/,
    );
    const code = await latestCode('sim_ayesha');

    const granted = await verify(view.id, code);
    assert.equal(granted.status, 200);
    assert.equal(granted.body.requestId, view.id);

    const jwks = await call('GET', '/.well-known/jwks.json', { key: null });
    const { payload, protectedHeader } = await jwtVerify(granted.body.token, createLocalJWKSet(jwks.body), {
      issuer: SANDBOX_ISSUER,
      audience: 'prt_sandbox_bank',
      typ: 'consent+jwt',
      algorithms: ['ES256'],
    });
    assert.equal(protectedHeader.kid, jwks.body.keys[0].kid);
    const claims = ConsentClaims.parse(payload);
    assert.equal(claims.exp - claims.iat, 600);
    assert.equal(claims.nonce, NONCE);
    assert.equal(claims.purpose, 'account-opening');
    assert.deepEqual(claims.shared, { cnic_status: 'active', full_name: 'Ayesha Raza' });
    assert.equal(claims.cnic_digest, await cnicDigest(AYESHA, NONCE));
    const json = JSON.stringify(payload);
    for (const secret of [AYESHA, '35202-1111111-1', '03001111111', code])
      assert.ok(!json.includes(secret), 'token leaks a secret');
    assert.equal(new Date(granted.body.expiresAt).getTime(), claims.exp * 1000);

    const again = await verify(view.id, code);
    assert.equal(again.body.error.code, 'request_closed');
    assert.equal((await call('GET', `/v1/consent-requests/${view.id}`)).body.status, 'granted');

    const status = await call('GET', `/v1/consents/${claims.jti}`, {
      key: null,
      headers: { Authorization: `Bearer ${BANK_SK}` },
    });
    assert.deepEqual(
      { status: status.status, state: status.body.status, purpose: status.body.purpose },
      { status: 200, state: 'active', purpose: 'account-opening' },
    );
  });

  it('uses the page host in the WebOTP line and writes Urdu SMS for an Urdu request', async () => {
    const created = await createRequest('4210122222222', { locale: 'ur' }, { Origin: 'http://127.0.0.1:8080' });
    assert.equal(created.status, 201);
    const { body } = await call('GET', '/__sim/sims/sim_bilal/messages', { key: null });
    const text: string = body.messages.at(-1).body;
    assert.match(text, /^اجازت: \d{6} /);
    assert.match(text, /سینڈ باکس بینک/);
    assert.match(text, /\n\n@127\.0\.0\.1 #\d{6}$/);
  });

  it('gives the same citizen different subjects at different partners, stable at one', async () => {
    const subjectAt = async (pk: string, purpose: string) => {
      const created = await call('POST', '/v1/consent-requests', {
        key: pk,
        body: { purpose, nonce: NONCE, cnic: AYESHA },
      });
      const granted = await call('POST', `/v1/consent-requests/${created.body.id}/verify`, {
        key: pk,
        body: { code: await latestCode('sim_ayesha') },
      });
      return JSON.parse(Buffer.from(granted.body.token.split('.')[1], 'base64url').toString()).sub as string;
    };
    const bank1 = await subjectAt('pk_test_sandbox_bank', 'status-check');
    const bank2 = await subjectAt('pk_test_sandbox_bank', 'account-opening');
    const telecom = await subjectAt('pk_test_sandbox_telecom', 'sim-issuance');
    assert.equal(bank1, bank2);
    assert.notEqual(bank1, telecom);
  });

  it('tells a card that is not active only after consent, in the token, for every purpose', async () => {
    const claims = async (cnic: string, purpose: string, simId: string) => {
      const created = await createRequest(cnic, { purpose });
      assert.equal(created.status, 201, 'a card that is not active gets a request like any other');
      const granted = await verify(created.body.id, await latestCode(simId));
      assert.equal(granted.status, 200);
      return JSON.parse(Buffer.from(granted.body.token.split('.')[1], 'base64url').toString());
    };
    assert.deepEqual((await claims('3740544444444', 'status-check', 'sim_danish')).shared, { cnic_status: 'expired' });
    assert.deepEqual((await claims('5440055555555', 'account-opening', 'sim_erum')).shared, {
      cnic_status: 'cancelled',
      full_name: 'Erum Shah',
    });
  });

  it('cancels a request; a cancelled request takes no code', async () => {
    const created = await createRequest();
    const cancelled = await call('POST', `/v1/consent-requests/${created.body.id}/cancel`, { body: {} });
    assert.equal(cancelled.body.status, 'cancelled');
    assert.equal((await verify(created.body.id, await latestCode('sim_ayesha'))).body.error.code, 'request_closed');
    assert.equal(
      (await call('POST', `/v1/consent-requests/${created.body.id}/cancel`)).body.error.code,
      'request_closed',
    );
  });
});
