import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { call, createRequest, latestCode, NONCE, otherCode, startSandbox, verify, type Sandbox } from './sandbox.js';

describe('simulator: idempotency and parallel requests', () => {
  let sandbox: Sandbox;
  before(async () => (sandbox = await startSandbox({ partnerRequestsPerMinute: 10_000 })));
  after(() => sandbox.close());
  beforeEach(() => call('POST', '/__sim/reset', { key: null }));

  const smsCount = async (sim = 'sim_ayesha') =>
    (await call('GET', `/__sim/sims/${sim}/messages`, { key: null })).body.messages.length;

  it('100 parallel verifies of the right code mint exactly one token', async () => {
    const { body } = await createRequest();
    const code = await latestCode('sim_ayesha');
    const replies = await Promise.all(Array.from({ length: 100 }, () => verify(body.id, code)));
    const granted = replies.filter((r) => r.status === 200);
    assert.equal(granted.length, 1);
    assert.ok(replies.filter((r) => r.status !== 200).every((r) => r.body.error.code === 'request_closed'));
    const ledger = await call('GET', '/__sim/citizens/cit_ayesha/consents', { key: null });
    assert.equal(ledger.body.consents.length, 1);
  });

  it('parallel wrong codes lock the request after exactly five', async () => {
    const { body } = await createRequest();
    const wrong = otherCode(await latestCode('sim_ayesha'));
    const replies = await Promise.all(Array.from({ length: 20 }, () => verify(body.id, wrong)));
    const codes = replies.map((r) => r.body.error.code);
    assert.equal(codes.filter((c) => c === 'wrong_code').length, 4);
    assert.equal(codes.filter((c) => c === 'request_locked').length, 16);
  });

  it('parallel creates with one Idempotency-Key send one SMS and answer the same request', async () => {
    const headers = { 'Idempotency-Key': 'create-1' };
    const replies = await Promise.all(Array.from({ length: 20 }, () => createRequest(undefined, {}, headers)));
    assert.ok(replies.every((r) => r.status === 201));
    assert.equal(new Set(replies.map((r) => r.body.id)).size, 1);
    assert.equal(await smsCount(), 1);
  });

  it('a retried verify returns the same token and spends nothing', async () => {
    const { body } = await createRequest();
    const code = await latestCode('sim_ayesha');
    const wrong = await verify(body.id, otherCode(code), { 'Idempotency-Key': 'v-wrong' });
    const wrongAgain = await verify(body.id, otherCode(code), { 'Idempotency-Key': 'v-wrong' });
    assert.deepEqual(wrongAgain.body, wrong.body);
    assert.equal(
      (await call('GET', `/v1/consent-requests/${body.id}`)).body.attemptsLeft,
      4,
      'the retry spent no attempt',
    );

    const first = await verify(body.id, code, { 'Idempotency-Key': 'v-right' });
    const retry = await verify(body.id, code, { 'Idempotency-Key': 'v-right' });
    assert.equal(retry.status, 200);
    assert.equal(retry.body.token, first.body.token);
    assert.equal((await call('GET', '/__sim/citizens/cit_ayesha/consents', { key: null })).body.consents.length, 1);
  });

  it('a replayed token is kept only until it expires; a retry after that is told the request is closed', async () => {
    const { body } = await createRequest();
    const first = await verify(body.id, await latestCode('sim_ayesha'), { 'Idempotency-Key': 'v-expiring' });
    assert.equal(first.status, 200);
    const signature = first.body.token.split('.')[2];
    const stored = async () => JSON.stringify((await sandbox.simulator.records()).idempotency);
    assert.ok((await stored()).includes(signature), 'kept for retries while the token is valid');

    await call('POST', '/__sim/clock', { key: null, body: { advanceSeconds: 600 } });
    const late = await verify(body.id, await latestCode('sim_ayesha'), { 'Idempotency-Key': 'v-expiring' });
    assert.equal(late.status, 409);
    assert.equal(late.body.error.code, 'request_closed', 'no second token, and no stale one either');
    assert.ok(!(await stored()).includes(signature), "the expired token is gone from the service's store");
  });

  it('the same key with a different body is a conflict and sends nothing', async () => {
    const headers = { 'Idempotency-Key': 'create-2' };
    assert.equal((await createRequest(undefined, {}, headers)).status, 201);
    const conflict = await createRequest('4210122222222', {}, headers);
    assert.equal(conflict.status, 409);
    assert.equal(conflict.body.error.code, 'idempotency_conflict');
    assert.equal(await smsCount('sim_bilal'), 0);
    // Keys are per partner: the telecom may use the same key.
    const telecom = await call('POST', '/v1/consent-requests', {
      key: 'pk_test_sandbox_telecom',
      headers,
      body: { purpose: 'sim-issuance', nonce: NONCE, cnic: '4210122222222' },
    });
    assert.equal(telecom.status, 201);
  });
});
