import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { advance, call, createRequest, latestCode, otherCode, startSandbox, verify, type Sandbox } from './sandbox.js';

describe('simulator: passcode and request limits', () => {
  let sandbox: Sandbox;
  before(async () => (sandbox = await startSandbox()));
  after(() => sandbox.close());
  beforeEach(() => call('POST', '/__sim/reset', { key: null }));

  const resend = (id: string) => call('POST', `/v1/consent-requests/${id}/resend`, { body: {} });

  it('a passcode stops working after 10 minutes of simulated time', async () => {
    const { body } = await createRequest();
    const code = await latestCode('sim_ayesha');
    // 10 s short of the expiry: real time passes between these calls too, and a loaded machine can
    // take more than a second over them (the simulated clock is real time plus the advances).
    await advance(590);
    assert.equal((await call('GET', `/v1/consent-requests/${body.id}`)).body.status, 'pending');
    await advance(10);
    assert.equal((await call('GET', `/v1/consent-requests/${body.id}`)).body.status, 'expired');
    const late = await verify(body.id, code);
    assert.equal(late.status, 410);
    assert.equal(late.body.error.code, 'code_expired');
    // A new code brings the request back.
    const renewed = await resend(body.id);
    assert.equal(renewed.body.status, 'pending');
    assert.equal((await verify(body.id, await latestCode('sim_ayesha'))).status, 200);
  });

  it('counts down attempts and locks the request on the fifth wrong code, even for the right one after', async () => {
    const { body } = await createRequest();
    const code = await latestCode('sim_ayesha');
    for (const left of [4, 3, 2, 1]) {
      const wrong = await verify(body.id, otherCode(code));
      assert.equal(wrong.status, 400);
      assert.deepEqual([wrong.body.error.code, wrong.body.error.attemptsLeft], ['wrong_code', left]);
    }
    const fifth = await verify(body.id, otherCode(code));
    assert.equal(fifth.status, 423);
    assert.deepEqual([fifth.body.error.code, fifth.body.error.attemptsLeft], ['request_locked', 0]);
    assert.equal(fifth.body.error.retryAfterSeconds, 60, 'the lock says when the CNIC can try again');
    assert.equal((await verify(body.id, code)).body.error.code, 'request_locked');
    assert.equal((await call('GET', `/v1/consent-requests/${body.id}`)).body.status, 'locked');
    assert.equal((await resend(body.id)).body.error.code, 'request_locked');
  });

  it('resend: waits for the cooldown, voids the old code, keeps failures, stops after three', async () => {
    const { body } = await createRequest();
    assert.equal(body.resendAvailableAt, new Date(new Date(body.expiresAt).getTime() - 570_000).toISOString());
    assert.deepEqual([body.expiresInSeconds, body.resendInSeconds], [600, 30], 'times left in service seconds');
    const first = await latestCode('sim_ayesha');
    assert.equal((await verify(body.id, otherCode(first))).body.error.attemptsLeft, 4);

    const early = await resend(body.id);
    assert.equal(early.status, 429);
    assert.equal(early.body.error.code, 'resend_too_soon');
    assert.equal(early.body.error.retryAfterSeconds, 30);
    assert.equal(early.headers.get('retry-after'), '30');

    await advance(30);
    const renewed = await resend(body.id);
    assert.equal(renewed.status, 200);
    assert.equal(renewed.body.resendsLeft, 2);
    assert.deepEqual([renewed.body.expiresInSeconds, renewed.body.resendInSeconds], [600, 30]);
    assert.equal(renewed.body.attemptsLeft, 4, 'a resend does not reset failures');
    const second = await latestCode('sim_ayesha');
    if (second !== first) {
      const old = await verify(body.id, first);
      assert.equal(old.body.error.code, 'wrong_code', 'the old code is void');
    }
    await advance(30);
    await resend(body.id);
    await advance(30);
    const third = await resend(body.id);
    assert.equal(third.body.resendsLeft, 0);
    assert.equal(third.body.resendAvailableAt, null);
    assert.equal(third.body.resendInSeconds, null);
    await advance(30);
    const over = await resend(body.id);
    assert.equal(over.status, 429);
    assert.equal(over.body.error.code, 'resend_limit_reached');
    const messages = (await call('GET', '/__sim/sims/sim_ayesha/messages', { key: null })).body.messages;
    assert.equal(messages.length, 4, 'one SMS and three resends');
    assert.equal((await verify(body.id, await latestCode('sim_ayesha'))).status, 200);
  });

  it('caps passcode SMS per CNIC per hour', async () => {
    await call('PUT', '/__sim/limits', { body: { smsPerCnicPerHour: 3 }, key: null });
    for (let i = 0; i < 3; i++) assert.equal((await createRequest()).status, 201);
    const capped = await createRequest();
    assert.equal(capped.status, 429);
    assert.equal(capped.body.error.code, 'sms_limit_reached');
    assert.equal(capped.headers.get('retry-after'), '3600');
    // Another citizen is not affected.
    assert.equal((await createRequest('4210122222222')).status, 201);
    await advance(3600);
    assert.equal((await createRequest()).status, 201);
    await call('PUT', '/__sim/limits', { body: { smsPerCnicPerHour: 10 }, key: null });
  });

  it('backs off new requests for a CNIC after a lock, longer after each further lock', async () => {
    const lock = async () => {
      const { body } = await createRequest();
      const code = await latestCode('sim_ayesha');
      for (let i = 0; i < 5; i++) await verify(body.id, otherCode(code));
    };
    await lock();
    const first = await createRequest();
    assert.equal(first.status, 429);
    assert.equal(first.body.error.code, 'cnic_backoff');
    assert.equal(first.body.error.retryAfterSeconds, 60);
    assert.equal((await createRequest('4210122222222')).status, 201, 'only that CNIC waits');
    await advance(60);
    await lock();
    const second = await createRequest();
    assert.equal(second.body.error.retryAfterSeconds, 120);
    await advance(119);
    assert.equal((await createRequest()).body.error.code, 'cnic_backoff');
    await advance(1);
    assert.equal((await createRequest()).status, 201);
  });

  it('rate-limits each partner key per minute with Retry-After', async () => {
    await call('PUT', '/__sim/limits', { body: { partnerRequestsPerMinute: 5 }, key: null });
    const now = new Date((await call('GET', '/__sim/clock', { key: null })).body.now).getTime();
    await advance((60_000 - (now % 60_000)) / 1000 + 1); // start of a fresh window, +1 s
    for (let i = 0; i < 5; i++) assert.equal((await call('GET', '/v1/context?purpose=account-opening')).status, 200);
    const limited = await call('GET', '/v1/context?purpose=account-opening');
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.code, 'rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(retryAfter >= 58 && retryAfter <= 59, `Retry-After ${retryAfter}`);
    assert.equal(limited.body.error.retryAfterSeconds, retryAfter);
    // Another partner has its own budget.
    assert.equal(
      (await call('GET', '/v1/context?purpose=sim-issuance', { key: 'pk_test_sandbox_telecom' })).status,
      200,
    );
    await advance(retryAfter);
    assert.equal((await call('GET', '/v1/context?purpose=account-opening')).status, 200);
    await call('PUT', '/__sim/limits', { body: { partnerRequestsPerMinute: 120 }, key: null });
  });
});
