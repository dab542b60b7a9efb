/**
 * The consent flow without a DOM, against the real simulator (MSW setupServer in this process):
 * what the element will render is what these states, errors and events say.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setupSimulatorServer } from '../../../simulator/node.js';
import { ServiceClient } from '../client/service-client.js';
import { configProblem, ConsentFlow, type FlowEvents } from './consent-flow.js';

const BASE = 'https://sandbox.ijazat.test';
const NONCE = 'flow-test-nonce-0123456789abcdef';
const sim = (method: string, path: string, body?: unknown) =>
  fetch(BASE + path, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then((r) => r.json());
const inbox = async (simId: string): Promise<string[]> =>
  (await sim('GET', `/__sim/sims/${simId}/messages`)).messages
    .filter((m: { direction: string }) => m.direction === 'in')
    .map((m: { body: string }) => m.body);
const latestCode = async (simId: string) => /#(\d{6})$/.exec((await inbox(simId)).at(-1)!)![1]!;

function start(options: { key?: string; purpose?: string; timeoutMs?: number } = {}) {
  const events: { type: keyof FlowEvents; detail: unknown }[] = [];
  const client = new ServiceClient(options.key ?? 'pk_test_sandbox_bank', BASE, options.timeoutMs);
  const flow = new ConsentFlow(
    client,
    options.purpose ?? 'account-opening',
    NONCE,
    (type, detail) => events.push({ type, detail }),
    () => {},
    (error) => `words for ${error.code}`,
  );
  const of = <K extends keyof FlowEvents>(type: K) =>
    events.filter((e) => e.type === type).map((e) => e.detail as FlowEvents[K]);
  return { flow, events, of };
}

describe('consent flow', () => {
  let server: Awaited<ReturnType<typeof setupSimulatorServer>>['server'];
  let close: () => Promise<void>;
  const keys: string[] = [];
  before(async () => {
    const started = await setupSimulatorServer();
    server = started.server;
    close = () => started.simulator.close();
    server.listen({ onUnhandledRequest: 'error' });
    server.events.on('request:start', ({ request }) => {
      const key = request.headers.get('Idempotency-Key');
      if (key) keys.push(`${new URL(request.url).pathname} ${key}`);
    });
  });
  after(async () => {
    server.close();
    await close();
  });
  beforeEach(async () => {
    keys.length = 0;
    await sim('POST', '/__sim/reset');
  });

  it('names the attribute that keeps the element from working', () => {
    const ok = { partnerKey: 'pk_test_sandbox_bank', purpose: 'account-opening', nonce: NONCE };
    assert.equal(configProblem(ok), undefined);
    assert.equal(configProblem({ ...ok, partnerKey: ' ' }), 'partner-key');
    assert.equal(configProblem({ ...ok, purpose: 'Account Opening' }), 'purpose');
    assert.equal(configProblem({ ...ok, nonce: 'short' }), 'nonce');
    assert.equal(configProblem({ ...ok, nonce: null }), 'nonce');
    assert.equal(configProblem({ ...ok, locale: 'fr' }), 'locale');
    assert.equal(configProblem({ ...ok, locale: 'ur' }), undefined);
    assert.equal(configProblem({ ...ok, apiBase: 'javascript:alert(1)' }), 'api-base');
    assert.equal(configProblem({ ...ok, apiBase: 'http://127.0.0.1:4010' }), undefined);
  });

  it('a misconfigured element reports missing_attribute with the attribute named', () => {
    const { flow, of } = start();
    flow.misconfigured('nonce');
    assert.equal(flow.state, 'misconfigured');
    assert.deepEqual(of('ijazat-error'), [
      { code: 'missing_attribute', message: 'The nonce attribute is missing or malformed.' },
    ]);
  });

  it('goes from the partner context to a granted token, announcing each step', async () => {
    const { flow, events, of } = start();
    await flow.load();
    assert.equal(flow.state, 'cnic-entry');
    assert.equal(flow.context!.partner.displayName.en, 'Sandbox Bank');
    assert.deepEqual(
      flow.context!.purpose.dataItems.map((i) => i.id),
      ['cnic_status', 'full_name'],
    );

    const sending = flow.submitCnic('۳۵۲۰۲ ۱۱۱۱۱۱۱ ۱', 'en');
    assert.equal(flow.state, 'sending');
    assert.equal(flow.busy, true);
    await flow.submitCnic('35202-1111111-1', 'en'); // a second press while sending does nothing
    await sending;
    assert.equal(flow.state, 'code-entry');
    assert.equal((await inbox('sim_ayesha')).length, 1, 'exactly one SMS');
    const sent = of('ijazat-passcode-sent')[0]!;
    assert.equal('maskedMobile' in sent, false, 'no mobile, not even masked, before consent');
    assert.ok(flow.secondsUntil(flow.expiresAt) > 590);

    await flow.submitCode(` ${(await latestCode('sim_ayesha')).replace(/(\d{3})/, '$1-')} `);
    assert.equal(flow.state, 'granted');
    const granted = of('ijazat-granted')[0]!;
    assert.match(granted.token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.equal(granted.requestId, sent.requestId);
    assert.equal(flow.cnic, '', 'the CNIC is forgotten once consent is given');
    assert.deepEqual(
      of('ijazat-state').map((d) => d.state),
      ['cnic-entry', 'sending', 'code-entry', 'verifying', 'granted'],
    );
    assert.deepEqual(of('ijazat-error'), []);
    assert.ok(events.length > 0);
  });

  it('a CNIC of the wrong length is explained and nothing is sent', async () => {
    const { flow, of } = start();
    await flow.load();
    await flow.submitCnic('35202-111111-1', 'en');
    assert.equal(flow.state, 'cnic-entry');
    assert.deepEqual(
      { code: flow.error!.code, field: flow.error!.field, issue: flow.error!.issue, count: flow.error!.count },
      { code: 'invalid_cnic', field: 'cnic', issue: 'length', count: 12 },
    );
    assert.equal(of('ijazat-error')[0]!.code, 'invalid_cnic');
    assert.equal(keys.length, 0, 'no request reached the service');
  });

  it('the service refusing the partner key leaves the flow unavailable with the code', async () => {
    const { flow, of } = start({ key: 'pk_test_nobody' });
    await flow.load();
    assert.equal(flow.state, 'unavailable');
    assert.equal(of('ijazat-error')[0]!.code, 'unknown_partner_key');
    const other = start({ purpose: 'sim-issuance' });
    await other.flow.load();
    assert.equal(other.of('ijazat-error')[0]!.code, 'unknown_purpose');
  });

  it('no mobile, expired or cancelled card, or nobody with the CNIC: the same code step, no error', async () => {
    for (const cnic of ['61101-3333333-3', '37405-4444444-4', '54400-5555555-5', '35202-9876543-1']) {
      const { flow, of } = start();
      await flow.load();
      await flow.submitCnic(cnic, 'en');
      assert.equal(flow.state, 'code-entry', cnic);
      assert.equal(flow.error, undefined);
      assert.deepEqual(of('ijazat-error'), []);
    }
  });

  it('wrong codes count down attempts, then lock the request', async () => {
    const { flow } = start();
    await flow.load();
    await flow.submitCnic('3520211111111', 'en');
    const right = await latestCode('sim_ayesha');
    const wrong = right === '000000' ? '111111' : '000000';
    await flow.submitCode(wrong);
    assert.equal(flow.state, 'code-entry');
    assert.equal(flow.error!.code, 'wrong_code');
    assert.equal(flow.error!.field, 'code');
    assert.equal(flow.request!.attemptsLeft, 4);
    for (let i = 0; i < 4; i++) await flow.submitCode(wrong);
    assert.equal(flow.state, 'locked');
    assert.equal(flow.error!.code, 'request_locked');
  });

  it('a lost answer is retried with the same Idempotency-Key: one SMS, one request', async () => {
    const { flow } = start({ timeoutMs: 150 });
    await flow.load();
    await sim('PUT', '/__sim/faults', { latencyMs: 400, smsDelayMs: 0, failureRate: 0, dropRate: 0, failNext: 0 });
    await flow.submitCnic('35202-1111111-1', 'en');
    assert.equal(flow.state, 'cnic-entry');
    assert.equal(flow.error!.code, 'timeout');
    await sim('PUT', '/__sim/faults', { latencyMs: 0, smsDelayMs: 0, failureRate: 0, dropRate: 0, failNext: 1 });
    await flow.submitCnic('35202-1111111-1', 'en');
    assert.equal(flow.error!.code, 'service_unavailable');
    await flow.submitCnic('35202-1111111-1', 'en');
    assert.equal(flow.state, 'code-entry');
    await new Promise((r) => setTimeout(r, 450)); // let the timed-out first call land, if it was going to
    assert.equal((await inbox('sim_ayesha')).length, 1, 'one SMS however many retries');
    assert.equal(new Set(keys.map((k) => k.split(' ')[1])).size, 1, 'every retry carried the same key');

    await sim('PUT', '/__sim/faults', { latencyMs: 0, smsDelayMs: 0, failureRate: 0, dropRate: 0, failNext: 1 });
    const code = await latestCode('sim_ayesha');
    await flow.submitCode(code);
    assert.equal(flow.error!.code, 'service_unavailable');
    assert.equal(flow.state, 'code-entry');
    await flow.submitCode(code);
    assert.equal(flow.state, 'granted');
    const verifyKeys = keys.filter((k) => k.includes('/verify')).map((k) => k.split(' ')[1]);
    assert.equal(verifyKeys.length, 2);
    assert.equal(verifyKeys[0], verifyKeys[1]);
  });

  it('resend voids the old code; the code step follows the service clock to expired', async () => {
    await sim('PUT', '/__sim/limits', { ...(await sim('GET', '/__sim/limits')), resendCooldownSeconds: 0 });
    const { flow, of } = start();
    await flow.load();
    await flow.submitCnic('3520211111111', 'en');
    const first = await latestCode('sim_ayesha');
    await flow.resend();
    assert.equal(of('ijazat-passcode-sent').length, 2);
    assert.equal(flow.request!.resendsLeft, 2);
    const second = await latestCode('sim_ayesha');
    if (first !== second) {
      await flow.submitCode(first);
      assert.equal(flow.error!.code, 'wrong_code');
    }
    await sim('POST', '/__sim/clock', { advanceSeconds: 11 * 60 });
    await flow.submitCode(second);
    assert.equal(flow.state, 'expired');
    assert.equal(flow.error!.code, 'code_expired');
  });

  it('time running out locally moves to expiring-soon, then expired', async () => {
    await sim('PUT', '/__sim/limits', { ...(await sim('GET', '/__sim/limits')), passcodeTtlSeconds: 2 });
    const { flow, of } = start();
    await flow.load();
    await flow.submitCnic('3520211111111', 'en');
    assert.equal(flow.state, 'expiring-soon');
    await new Promise((r) => setTimeout(r, 2100));
    flow.tick();
    assert.equal(flow.state, 'expired');
    assert.deepEqual(
      of('ijazat-state')
        .map((d) => d.state)
        .slice(-2),
      ['expiring-soon', 'expired'],
    );
  });

  it('cancel closes the request at the service and announces ijazat-cancel', async () => {
    const { flow, of } = start();
    await flow.load();
    await flow.submitCnic('3520211111111', 'en');
    const id = flow.request!.id;
    flow.cancel();
    assert.equal(flow.state, 'cancelled');
    assert.equal(of('ijazat-cancel').length, 1);
    await new Promise((r) => setTimeout(r, 50));
    const view = await fetch(`${BASE}/v1/consent-requests/${id}`, {
      headers: { 'Ijazat-Partner-Key': 'pk_test_sandbox_bank' },
    }).then((r) => r.json());
    assert.equal(view.status, 'cancelled');
  });
});
