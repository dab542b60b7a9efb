import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { call, createRequest, latestCode, startSandbox, verify, type Sandbox } from './sandbox.js';

describe('simulator: registering a mobile by SMS to the short code', () => {
  let sandbox: Sandbox;
  before(async () => (sandbox = await startSandbox()));
  after(() => sandbox.close());
  beforeEach(() => call('POST', '/__sim/reset', { key: null }));

  const send = (simId: string, to: string, body: string) =>
    call('POST', `/__sim/sims/${simId}/send`, { key: null, body: { to, body } });

  it('registers the mobile when the SIM is in the same CNIC, and passcodes then reach it', async () => {
    // Before: a request like any other, but its code reaches no phone (and is never accepted).
    const before = await createRequest('6110133333333');
    assert.equal(before.status, 201);
    assert.equal((await verify(before.body.id, '000000')).body.error.code, 'wrong_code');
    const { status, body } = await send('sim_chand', '9000', '61101-3333333-3');
    assert.equal(status, 200);
    assert.deepEqual([body.sent.direction, body.sent.to, body.sent.from], ['out', '9000', '03333333333']);
    assert.equal(body.reply.direction, 'in');
    assert.match(body.reply.body, /03•• •••••33 is now registered for your CNIC/);
    const inbox = (await call('GET', '/__sim/sims/sim_chand/messages', { key: null })).body.messages;
    assert.deepEqual(
      inbox.map((m: { direction: string }) => m.direction),
      ['out', 'in'],
    );

    const identities = (await call('GET', '/__sim/identities', { key: null })).body;
    assert.equal(identities.citizens.find((c: { id: string }) => c.id === 'cit_chand').mobile, '03333333333');
    // "Send a new code" on the request made before registering now reaches the new mobile.
    await call('POST', '/__sim/clock', { key: null, body: { advanceSeconds: 30 } });
    assert.equal((await call('POST', `/v1/consent-requests/${before.body.id}/resend`, { body: {} })).status, 200);
    assert.equal((await verify(before.body.id, await latestCode('sim_chand'))).status, 200);
    const created = await createRequest('6110133333333');
    assert.equal(created.status, 201);
    assert.equal((await verify(created.body.id, await latestCode('sim_chand'))).status, 200);
  });

  it("refuses a SIM registered to someone else's CNIC, says what to do, and logs why for the operator", async () => {
    const { body } = await send('sim_farhan', '9000', '1560166666666');
    assert.match(
      body.reply.body,
      /cannot be registered for that CNIC\. Send your CNIC from a SIM issued in your own name/,
    );
    const audit = (await call('GET', '/__sim/audit', { key: null })).body.entries.at(-1);
    assert.deepEqual([audit.type, audit.detail.reason], ['enrollment_refused', 'sim_not_owned']);
  });

  it('answers a malformed SMS with instructions, and an unknown CNIC with the same refusal', async () => {
    const malformed = await send('sim_chand', '9000', 'register me please');
    assert.match(malformed.body.reply.body, /send your 13-digit CNIC/);
    const unknown = await send('sim_chand', '9000', '1234512345671');
    assert.match(unknown.body.reply.body, /cannot be registered for that CNIC/);
    const urduDigits = await send('sim_chand', '9000', '۶۱۱۰۱-۳۳۳۳۳۳۳-۳');
    assert.match(urduDigits.body.reply.body, /is now registered/);
  });

  it('delivers an SMS to another sandbox SIM and nothing to the short code otherwise', async () => {
    const { body } = await send('sim_ayesha', '03212222222', 'Salaam');
    assert.equal(body.reply, null);
    const bilal = (await call('GET', '/__sim/sims/sim_bilal/messages', { key: null })).body.messages;
    assert.deepEqual(
      bilal.map((m: { body: string; direction: string; from: string }) => [m.body, m.direction, m.from]),
      [['Salaam', 'in', '03001111111']],
    );
  });

  it('reads only the messages after a given one, and refuses an after that is not a message id', async () => {
    await send('sim_ayesha', '03212222222', 'first');
    const [first] = (await call('GET', '/__sim/sims/sim_bilal/messages', { key: null })).body.messages;
    await send('sim_ayesha', '03212222222', 'second');
    await send('sim_ayesha', '03212222222', 'third');
    const newer = (await call('GET', `/__sim/sims/sim_bilal/messages?after=${first.id}`, { key: null })).body.messages;
    assert.deepEqual(
      newer.map((m: { body: string }) => m.body),
      ['second', 'third'],
    );
    const none = (await call('GET', `/__sim/sims/sim_bilal/messages?after=${newer[1].id}`, { key: null })).body
      .messages;
    assert.deepEqual(none, []);
    for (const after of ['12', 'msg_', 'msg_1x', 'msg_-1']) {
      const refused = await call('GET', `/__sim/sims/sim_bilal/messages?after=${after}`, { key: null });
      assert.deepEqual(
        [refused.status, refused.body.error.code, refused.body.error.issues[0].path],
        [400, 'invalid_request', 'after'],
        after,
      );
    }
  });

  it('adds a synthetic citizen with a SIM for load tests', async () => {
    const added = await call('POST', '/__sim/identities', {
      key: null,
      body: { cnic: '99999-8888888-7', name: 'Load Test', cardStatus: 'active', mobile: '03009999999' },
    });
    assert.equal(added.status, 201);
    assert.equal(added.body.cnic, '99999-8888888-7');
    assert.equal(added.body.simIds.length, 1);
    const created = await createRequest('9999988888887');
    assert.equal(created.status, 201);
    assert.equal((await verify(created.body.id, await latestCode(added.body.simIds[0]))).status, 200);
  });
});
