import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AYESHA, call, createRequest, latestCode, otherCode, startSandbox, verify, type Sandbox } from './sandbox.js';

describe('simulator: what the service stores', () => {
  let sandbox: Sandbox;
  before(async () => (sandbox = await startSandbox()));
  after(() => sandbox.close());

  it('keeps no clear passcode and no token; only the simulated phones hold the SMS text', async () => {
    const codes: string[] = [];
    const { body } = await createRequest();
    codes.push(await latestCode('sim_ayesha'));
    await verify(body.id, otherCode(codes[0]!));
    await call('POST', '/__sim/clock', { key: null, body: { advanceSeconds: 30 } });
    await call('POST', `/v1/consent-requests/${body.id}/resend`, { body: {} });
    codes.push(await latestCode('sim_ayesha'));
    const granted = await verify(body.id, codes[1]!, { 'Idempotency-Key': 'k1' });
    const signature = granted.body.token.split('.')[2];

    const { messages, idempotency, ...service } = await sandbox.simulator.records();
    const serviceText = JSON.stringify(service);
    for (const code of codes) {
      assert.ok(!serviceText.includes(`"${code}"`), 'a passcode is stored in clear');
    }
    assert.ok(!serviceText.includes(signature), 'a token is stored outside the idempotency replay cache');
    const request = (service.requests as { codeHash: string }[])[0]!;
    assert.match(request.codeHash, /^[A-Za-z0-9_-]{43}$/, 'the code is kept as an HMAC-SHA-256');
    // The phones are the citizen's, not the service's: that is where codes are read.
    assert.ok(JSON.stringify(messages).includes(codes[1]!));
    assert.equal(idempotency.length, 1);
    // Only the registry (citizens, SIMs) holds CNICs.
    const { citizens, sims, ...rest } = service;
    assert.ok(!JSON.stringify(rest).includes(AYESHA));
    void citizens;
    void sims;
  });
});
