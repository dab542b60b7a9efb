/**
 * Faults (issue 7): dropped connections, 503s, slow answers and a late SMS, injected through
 * /__sim/faults while a citizen uses the real <ijazat-consent>. The widget recovers without
 * retyping (what was typed stays in its field; the citizen presses Enter again) and without a second
 * SMS or a second token; a reload mid-flow loses nothing the service had recorded.
 */
import { expect } from '@open-wc/testing';
import {
  AYESHA,
  BILAL,
  auditCounts,
  cnicInput,
  codeInput,
  consents,
  freshSimulator,
  inbox,
  latestCode,
  mount,
  press,
  reloadSimulator,
  setFaults,
  sim,
  submitField,
  toCodeStep,
  typeInto,
  until,
  untilState,
  untilStates,
} from './reliability-harness.js';
import type { ServiceJson } from '../../support/service-json.js';

/** Error codes the widget reported, in order. */
function errorsOf(el: HTMLElement): string[] {
  const codes: string[] = [];
  el.addEventListener('ijazat-error', (e) => codes.push((e as CustomEvent).detail.code));
  return codes;
}

describe('faults while a citizen gives consent', () => {
  beforeEach(async () => {
    await freshSimulator('faults');
  });
  afterEach(async () => {
    await setFaults({});
  });

  it('a 503 on "send code": the CNIC stays typed, Enter again sends exactly one SMS', async () => {
    const { el } = await mount();
    const errors = errorsOf(el);
    await untilState(el, 'cnic-entry');
    await typeInto(cnicInput(el), AYESHA.cnic);
    await setFaults({ failNext: 1 });
    await press('Enter');
    await until('the error', () => errors.length > 0);
    expect(errors).to.deep.equal(['service_unavailable']);
    expect(el.state).to.equal('cnic-entry');
    expect(cnicInput(el).value, 'nothing to retype').to.equal(AYESHA.cnic);
    expect(await inbox(AYESHA.simId)).to.have.length(0);
    await submitField(cnicInput(el));
    await untilStates(el, ['code-entry', 'expiring-soon']);
    expect(await inbox(AYESHA.simId)).to.have.length(1);
    expect((await auditCounts()).request_created).to.equal(1);
  });

  it('a dropped connection on "send code", then on "confirm": one SMS, one token, nothing retyped', async () => {
    const { el } = await mount();
    const errors = errorsOf(el);
    await untilState(el, 'cnic-entry');
    await typeInto(cnicInput(el), AYESHA.cnic);
    await setFaults({ dropRate: 1 });
    await press('Enter');
    await until('the network error', () => errors.includes('network_error'));
    await setFaults({});
    await submitField(cnicInput(el));
    await untilStates(el, ['code-entry', 'expiring-soon']);

    const code = await latestCode(AYESHA.simId);
    await typeInto(codeInput(el), code);
    await setFaults({ dropRate: 1 });
    await press('Enter');
    await until('the second network error', () => errors.filter((c) => c === 'network_error').length === 2);
    expect(codeInput(el).value, 'the code is still typed').to.equal(code);
    await setFaults({});
    await submitField(codeInput(el));
    await untilState(el, 'granted');
    expect(await inbox(AYESHA.simId)).to.have.length(1);
    const counts = await auditCounts();
    expect(counts.token_issued).to.equal(1);
    expect(counts.passcode_failed ?? 0).to.equal(0);
    expect(await consents(AYESHA.id)).to.have.length(1);
  });

  it('an answer slower than the widget waits: the service did the work, the retry replays it (one SMS, one token)', async () => {
    const { el } = await mount();
    el.timeout = 300;
    const errors = errorsOf(el);
    await untilState(el, 'cnic-entry');
    await typeInto(cnicInput(el), BILAL.cnic);
    await setFaults({ latencyMs: 900 });
    await press('Enter');
    await until('the timeout', () => errors.includes('timeout'));
    // The service still handles the request it was sent: the SMS arrives although the widget gave up.
    await until('the SMS', async () => (await inbox(BILAL.simId)).length === 1);
    await setFaults({});
    await submitField(cnicInput(el));
    await untilStates(el, ['code-entry', 'expiring-soon']);
    expect(await inbox(BILAL.simId), 'the retry replayed the first request: no second SMS').to.have.length(1);
    expect((await auditCounts()).request_created).to.equal(1);

    await typeInto(codeInput(el), await latestCode(BILAL.simId));
    await setFaults({ latencyMs: 900 });
    await press('Enter');
    await until('the second timeout', () => errors.filter((c) => c === 'timeout').length === 2);
    await until('the service to grant', async () => (await consents(BILAL.id)).length === 1);
    await setFaults({});
    await submitField(codeInput(el));
    await untilState(el, 'granted');
    const ledger = await consents(BILAL.id);
    expect(ledger, 'one consent').to.have.length(1);
    const jti = JSON.parse(atob(el.value.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).jti;
    expect(jti, 'the widget holds the token the service recorded').to.equal(ledger[0]!.jti);
    expect((await auditCounts()).token_issued).to.equal(1);
  });

  it('an SMS that arrives late: the citizen waits and types it; no resend, one SMS', async () => {
    const { el } = await mount();
    await setFaults({ smsDelayMs: 1500 });
    await toCodeStep(el);
    expect(await inbox(AYESHA.simId), 'not there yet').to.have.length(0);
    await until('the late SMS', async () => (await inbox(AYESHA.simId)).length === 1, 6000);
    await typeInto(codeInput(el), await latestCode(AYESHA.simId));
    await press('Enter');
    await untilState(el, 'granted');
    expect(await inbox(AYESHA.simId)).to.have.length(1);
    expect((await auditCounts()).sms_sent).to.equal(1);
  });

  it('503s on every other call (failNext) through a whole flow: each recovered by Enter, one SMS, one token', async () => {
    const { el } = await mount();
    const errors = errorsOf(el);
    await untilState(el, 'cnic-entry');
    await typeInto(cnicInput(el), AYESHA.cnic);
    for (let i = 0; i < 3; i++) {
      await setFaults({ failNext: 1 });
      await submitField(cnicInput(el));
      await until(`error ${i + 1}`, () => errors.length === i + 1);
      expect(cnicInput(el).value).to.equal(AYESHA.cnic);
    }
    await submitField(cnicInput(el));
    await untilStates(el, ['code-entry', 'expiring-soon']);
    await typeInto(codeInput(el), await latestCode(AYESHA.simId));
    for (let i = 0; i < 3; i++) {
      await setFaults({ failNext: 1 });
      await submitField(codeInput(el));
      await until(`verify error ${i + 1}`, () => errors.length === 4 + i);
    }
    await submitField(codeInput(el));
    await untilState(el, 'granted');
    expect(errors.every((c) => c === 'service_unavailable')).to.equal(true);
    const counts = await auditCounts();
    expect([counts.request_created, counts.sms_sent, counts.token_issued, counts.chainOk]).to.deep.equal([1, 1, 1, 1]);
    expect(await consents(AYESHA.id)).to.have.length(1);
  });

  it('Enter pressed five times while the service is slow: one SMS, one token, no wrong try', async () => {
    const { el } = await mount();
    await untilState(el, 'cnic-entry');
    await typeInto(cnicInput(el), AYESHA.cnic);
    await setFaults({ latencyMs: 400 });
    for (let i = 0; i < 5; i++) await press('Enter');
    await untilStates(el, ['code-entry', 'expiring-soon']);
    await typeInto(codeInput(el), await latestCode(AYESHA.simId));
    for (let i = 0; i < 5; i++) await press('Enter');
    await untilState(el, 'granted');
    await setFaults({});
    const counts = await auditCounts();
    expect([counts.request_created, counts.sms_sent, counts.token_issued, counts.passcode_failed ?? 0]).to.deep.equal([
      1, 1, 1, 0,
    ]);
    expect(await inbox(AYESHA.simId)).to.have.length(1);
  });

  it('a reload mid-flow (the page and its simulator go away and come back) loses nothing the service recorded', async () => {
    const first = await mount();
    await toCodeStep(first.el);
    const before = await sim('GET', '/__sim/audit');
    const requestId = before.entries.find((e: ServiceJson) => e.type === 'request_created').requestId;
    first.form.remove();

    await reloadSimulator();
    const after = await sim('GET', '/__sim/audit');
    expect(after.entries, 'every audit entry is still there').to.deep.equal(before.entries);
    expect(after.chain.ok).to.equal(true);
    expect(await inbox(AYESHA.simId), 'the SMS is still on the phone').to.have.length(1);
    const view = await fetch(`https://sandbox.ijazat.test/v1/consent-requests/${requestId}`, {
      headers: { 'Ijazat-Partner-Key': 'pk_test_sandbox_bank' },
    }).then((r) => r.json());
    expect(view.status, 'the request is still open').to.equal('pending');
    expect(view.attemptsLeft).to.equal(5);

    // The reloaded page starts again (the widget keeps nothing on the partner's origin): a new request works.
    const second = await mount();
    await toCodeStep(second.el);
    await typeInto(codeInput(second.el), await latestCode(AYESHA.simId));
    await press('Enter');
    await untilState(second.el, 'granted');
    expect(await consents(AYESHA.id)).to.have.length(1);
    expect((await auditCounts()).chainOk).to.equal(1);
  });

  it('a reload after consent keeps the consent in the ledger and the token verifiable by its jti', async () => {
    const { el, form } = await mount();
    await toCodeStep(el);
    await typeInto(codeInput(el), await latestCode(AYESHA.simId));
    await press('Enter');
    await untilState(el, 'granted');
    const jti = JSON.parse(atob(el.value.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).jti;
    form.remove();
    await reloadSimulator();
    const ledger = await consents(AYESHA.id);
    expect(ledger.map((c) => [c.jti, c.status])).to.deep.equal([[jti, 'active']]);
    const status = await fetch(`https://sandbox.ijazat.test/v1/consents/${jti}`, {
      headers: { Authorization: 'Bearer sk_test_sandbox_bank' },
    }).then((r) => r.json());
    expect(status.status).to.equal('active');
  });
});
