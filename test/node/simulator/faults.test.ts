import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { call, createRequest, startSandbox, type Sandbox } from './sandbox.js';

describe('simulator: injected faults and the clock', () => {
  let sandbox: Sandbox;
  before(async () => (sandbox = await startSandbox()));
  after(() => sandbox.close());
  beforeEach(() => call('POST', '/__sim/reset', { key: null }));

  const faults = (body: Record<string, number>) => call('PUT', '/__sim/faults', { key: null, body });

  it('failNext answers 503 service_unavailable for the next /v1 requests only, never for /__sim', async () => {
    const set = await faults({ failNext: 2 });
    assert.deepEqual(set.body, { latencyMs: 0, smsDelayMs: 0, failureRate: 0, dropRate: 0, failNext: 2 });
    assert.equal((await call('GET', '/__sim/identities', { key: null })).status, 200);
    for (let i = 0; i < 2; i++) {
      const failed = await createRequest();
      assert.equal(failed.status, 503);
      assert.equal(failed.body.error.code, 'service_unavailable');
    }
    assert.equal(
      (await call('GET', '/__sim/sims/sim_ayesha/messages', { key: null })).body.messages.length,
      0,
      'a failed create sent nothing',
    );
    assert.equal((await createRequest()).status, 201);
  });

  it('failureRate 1 fails every /v1 and JWKS request; dropRate 1 drops them like a lost network', async () => {
    await faults({ failureRate: 1 });
    assert.equal((await call('GET', '/.well-known/jwks.json', { key: null })).status, 503);
    await faults({ failureRate: 0, dropRate: 1 });
    await assert.rejects(
      fetch('https://sandbox.ijazat.test/v1/context?purpose=account-opening', {
        headers: { 'Ijazat-Partner-Key': 'pk_test_sandbox_bank' },
      }),
      TypeError,
    );
    await call('POST', '/__sim/reset', { key: null });
    assert.equal((await call('GET', '/v1/context?purpose=account-opening')).status, 200, 'reset clears faults');
  });

  it('holds an SMS back for smsDelayMs', async () => {
    await faults({ smsDelayMs: 300 });
    await createRequest();
    assert.equal((await call('GET', '/__sim/sims/sim_ayesha/messages', { key: null })).body.messages.length, 0);
    await new Promise((resolve) => setTimeout(resolve, 350));
    assert.equal((await call('GET', '/__sim/sims/sim_ayesha/messages', { key: null })).body.messages.length, 1);
  });

  it('moves simulated time forward and back to now on reset', async () => {
    const start = new Date((await call('GET', '/__sim/clock', { key: null })).body.now).getTime();
    const moved = await call('POST', '/__sim/clock', { key: null, body: { advanceSeconds: 3600 } });
    assert.ok(new Date(moved.body.now).getTime() - start >= 3600_000);
    await call('POST', '/__sim/reset', { key: null });
    const after = new Date((await call('GET', '/__sim/clock', { key: null })).body.now).getTime();
    assert.ok(after - start < 3600_000);
  });

  it('reads and changes limits', async () => {
    const limits = await call('GET', '/__sim/limits', { key: null });
    assert.deepEqual(limits.body, {
      passcodeTtlSeconds: 600,
      maxAttempts: 5,
      resendCooldownSeconds: 30,
      maxResends: 3,
      smsPerCnicPerHour: 10,
      backoffBaseSeconds: 60,
      partnerRequestsPerMinute: 120,
      partnerCeilingPerMinute: 100_000,
      secretKeyRequestsPerMinute: 600,
      wrongCodesPerClientPerHour: 50,
      mobileChangeHoldSeconds: 86_400,
      tokenTtlSeconds: 600,
      historyRetentionDays: 30,
      webhookMaxAttempts: 8,
      webhookRetryBaseSeconds: 30,
    });
    const changed = await call('PUT', '/__sim/limits', { key: null, body: { maxAttempts: 3 } });
    assert.equal(changed.body.maxAttempts, 3);
    assert.equal((await createRequest()).body.attemptsLeft, 3);
  });
});
