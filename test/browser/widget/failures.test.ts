import { expect } from '@open-wc/testing';
import {
  $,
  BASE,
  button,
  CNIC,
  codeInput,
  cnicInput,
  errorsOf,
  eventually,
  fieldError,
  latestCode,
  mount,
  press,
  seen,
  setFaults,
  setLimits,
  sim,
  simulator,
  startOfMinute,
  toCodeStep,
  typeInto,
  until,
  untilState,
  wrongCode,
} from './widget-harness.js';
import type { ServiceJson } from '../../support/service-json.js';

const inbox = async (simId: string) =>
  (await sim('GET', `/__sim/sims/${simId}/messages`)).messages.filter(
    (m: ServiceJson) => m.direction === 'in' && /#\d{6}$/.test(m.body),
  ).length;
const alertText = (el: HTMLElement) => seen(el.shadowRoot!.querySelector('[role=alert]'));
/** An error of the step, above its field and tied to it (the visually hidden "Error:" left out). */
const stepError = (el: HTMLElement, id: 'cnic' | 'code') =>
  seen(el.shadowRoot!.querySelector(`#${id}-error`)).replace(/^Error: /, '');

describe('<ijazat-consent>: every failure has words and a way on', () => {
  beforeEach(simulator);

  it('validates the CNIC on submit with specific messages tied to the field', async () => {
    const { el } = await mount();
    const errors = errorsOf(el);
    await untilState(el, 'cnic-entry');
    cnicInput(el).focus();
    await press('Enter');
    expect(fieldError(el, 'cnic')).to.deep.equal({
      text: 'Error: Enter your CNIC number',
      invalid: true,
      described: true,
    });
    await typeInto(cnicInput(el), '35202111111');
    expect(fieldError(el, 'cnic').invalid, 'not validated while typing').to.equal(true);
    await typeInto(cnicInput(el), '1');
    await press('Enter');
    expect(fieldError(el, 'cnic').text).to.equal('Error: A CNIC number has 13 digits; you entered 12');
    expect(el.shadowRoot!.activeElement).to.equal(cnicInput(el));
    await typeInto(cnicInput(el), 'x');
    await press('Enter');
    expect(fieldError(el, 'cnic').text).to.equal('Error: Enter your CNIC number using digits only');
    expect(errors).to.deep.equal(['invalid_cnic', 'invalid_cnic', 'invalid_cnic']);
    expect(await inbox('sim_ayesha'), 'nothing was sent').to.equal(0);
  });

  it('every well-formed CNIC gets the same code step: nobody, no mobile, expired and cancelled cards', async () => {
    for (const cnic of [CNIC.nobody, CNIC.chand, CNIC.danish, CNIC.erum]) {
      const { el } = await mount();
      const errors = errorsOf(el);
      await untilState(el, 'cnic-entry');
      await typeInto(cnicInput(el), cnic);
      await press('Enter');
      await untilState(el, 'code-entry');
      expect(seen($(el, '#sent'))).to.equal(
        `If a mobile number is registered with CNIC ${cnic}, we sent it a 6-digit code by SMS. Use a different CNIC number`,
      );
      expect(errors, 'nothing about the citizen before consent').to.deep.equal([]);
    }
  });

  it('no registered mobile: after registering by SMS, Send a new code reaches the new mobile', async () => {
    await setLimits({ resendCooldownSeconds: 0 });
    const { el } = await mount();
    await untilState(el, 'cnic-entry');
    await typeInto(cnicInput(el), CNIC.chand);
    await press('Enter');
    await untilState(el, 'code-entry');
    expect(await inbox('sim_chand'), 'no phone gets a code').to.equal(0);
    // The citizen registers: an SMS with their CNIC from their own phone to 9000.
    const { reply } = await sim('POST', '/__sim/sims/sim_chand/send', { to: '9000', body: '6110133333333' });
    expect(reply.body).to.match(/is now registered/);
    button(el, 'Send a new code')!.click();
    await eventually('the new code on the new mobile', async () => (await inbox('sim_chand')) > 0);
  });

  it('a wrong code shows attempts left; the right code then works', async () => {
    const { el } = await mount();
    await toCodeStep(el);
    const code = await latestCode('sim_ayesha');
    await typeInto(codeInput(el), wrongCode(code));
    await press('Enter');
    await until('the answer', () => fieldError(el, 'code').text);
    expect(fieldError(el, 'code')).to.deep.equal({
      text: 'Error: That code is not right. Attempts left: 4.',
      invalid: true,
      described: true,
    });
    expect(seen($(el, '#code-meta'))).to.contain('Attempts left: 4.');
    expect($(el, '[role=status]')!.textContent, 'announced: focus stays in the field').to.equal(
      'That code is not right. Attempts left: \u20664\u2069.',
    );
    expect(el.shadowRoot!.activeElement).to.equal(codeInput(el));
    codeInput(el).select();
    await typeInto(codeInput(el), code);
    await press('Enter');
    await untilState(el, 'granted');
  });

  it('wrong codes on an abandoned request still count on the next one, and the right code clears them', async () => {
    const first = await mount();
    await toCodeStep(first.el);
    const wrong = wrongCode(await latestCode('sim_ayesha'));
    for (const left of [4, 3]) {
      codeInput(first.el).select();
      await typeInto(codeInput(first.el), wrong);
      await press('Enter');
      await until(`attempts left ${left}`, () =>
        fieldError(first.el, 'code').text?.endsWith(`Attempts left: ${left}.`),
      );
    }
    first.form.remove(); // the citizen leaves the page and comes back later

    const second = await mount();
    await toCodeStep(second.el);
    expect(seen($(second.el, '#code-meta')), 'the new request tells the truth about what is left').to.contain(
      'Attempts left: 3.',
    );
    await typeInto(codeInput(second.el), await latestCode('sim_ayesha'));
    await press('Enter');
    await untilState(second.el, 'granted');
    second.form.remove();

    const third = await mount();
    await toCodeStep(third.el);
    expect(seen($(third.el, '#code-meta'))).to.contain('Attempts left: 5.');
  });

  it('five wrong codes lock the request: a warning before the last, then when to start again, counting down', async () => {
    await setLimits({ backoffBaseSeconds: 10 });
    const { el } = await mount();
    const errors = errorsOf(el);
    await toCodeStep(el);
    const wrong = wrongCode(await latestCode('sim_ayesha'));
    for (let i = 0; i < 5; i++) {
      codeInput(el).select();
      await typeInto(codeInput(el), wrong);
      await press('Enter');
      await until('the answer', () => errors.length === i + 1);
      if (i === 3)
        expect(seen($(el, '#code-meta')), 'warned before the last attempt').to.contain(
          '1 attempt left: a wrong code now locks this request.',
        );
    }
    await untilState(el, 'locked');
    // When: the minute the back-off ends, on the citizen's own clock, and a countdown outside the alert.
    const at = new Date(Math.ceil((Date.now() + 10_000) / 60_000) * 60_000).toLocaleTimeString('en', {
      hour: 'numeric',
      minute: '2-digit',
    });
    expect(alertText(el)).to.equal(`Too many wrong codes: this request is locked. You can start again at ${at}.`);
    expect(el.shadowRoot!.activeElement, 'focus moves to the message').to.equal($(el, '[role=alert] p'));
    const countdown = () => seen($(el, '[role=alert] + [part=meta]'));
    expect(countdown()).to.match(/^Time left: 0:(10|0\d)$/);
    const restart = button(el, 'Start again')!;
    expect(restart.getAttribute('aria-disabled'), 'no retry before the service allows it').to.equal('true');
    restart.click();
    expect(el.state).to.equal('locked');

    // Meanwhile the same CNIC on another form meets the back-off, worded with its time.
    const other = await mount();
    const otherErrors = errorsOf(other.el);
    await untilState(other.el, 'cnic-entry');
    await typeInto(cnicInput(other.el), CNIC.ayesha);
    await press('Enter');
    await until('the back-off', () => otherErrors.at(-1) === 'cnic_backoff');
    expect(stepError(other.el, 'cnic')).to.match(
      /^Too many attempts with this CNIC\. You can try again at \d{1,2}:\d\d [AP]M\.$/,
    );
    expect(button(other.el, 'Send code')!.getAttribute('aria-disabled')).to.equal('true');
    other.form.remove();

    await until('the countdown to end', () => restart.getAttribute('aria-disabled') === 'false', 15_000);
    expect(alertText(el), 'the alert held still while the countdown ran').to.contain(at);
    restart.click();
    await untilState(el, 'cnic-entry');
    expect(cnicInput(el).value, 'the CNIC is kept').to.equal(CNIC.ayesha);
    await press('Enter');
    await untilState(el, 'code-entry');
  });

  it('an expired code is explained; "Send a new code" keeps the CNIC and the new code works', async () => {
    await setLimits({ resendCooldownSeconds: 0 });
    const { el } = await mount();
    const errors = errorsOf(el);
    await toCodeStep(el);
    const old = await latestCode('sim_ayesha');
    await sim('POST', '/__sim/clock', { advanceSeconds: 11 * 60 });
    await typeInto(codeInput(el), old);
    await press('Enter');
    await untilState(el, 'expired');
    expect(errors).to.deep.equal(['code_expired']);
    expect(stepError(el, 'code')).to.equal('The code has expired. Send a new code.');
    expect(codeInput(el).value, 'what was typed stays').to.equal(old);
    button(el, 'Send a new code')!.click();
    await untilState(el, 'code-entry');
    expect(await inbox('sim_ayesha')).to.equal(2);
    expect(seen($(el, '#sent'))).to.equal(
      'We sent a new code. Only the newest code works. Use a different CNIC number',
    );
    expect($(el, '[role=status]')!.textContent).to.equal('We sent a new code. Only the newest code works.');
    expect(el.shadowRoot!.activeElement).to.equal(codeInput(el));
    await typeInto(codeInput(el), await latestCode('sim_ayesha'));
    await press('Enter');
    await untilState(el, 'granted');
  });

  it('time running out shows expiring soon, then expired, announced politely', async () => {
    await setLimits({ passcodeTtlSeconds: 2, resendCooldownSeconds: 0 });
    const { el } = await mount();
    await toCodeStep(el);
    expect(el.state).to.equal('expiring-soon');
    expect($(el, '[role=status]')!.textContent).to.equal('The code expires in under a minute.');
    await untilState(el, 'expired', 4000);
    expect($(el, '[role=status]')!.textContent).to.equal('The code has expired. Send a new code.');
    expect(el.shadowRoot!.querySelectorAll('[role=alert]'), 'announced once: no alert as well').to.have.length(0);
    expect(el.shadowRoot!.activeElement, 'focus stays in the code field').to.equal(codeInput(el));
    expect(stepError(el, 'code')).to.equal('The code has expired. Send a new code.');
    expect(fieldError(el, 'code').described).to.equal(true);
    button(el, 'Send a new code')!.click();
    await until('a new code', () => el.state !== 'expired');
  });

  it('"Send a new code" becomes available when the service allows it', async () => {
    await setLimits({ resendCooldownSeconds: 2 });
    const { el } = await mount();
    const sent: string[] = [];
    el.addEventListener('ijazat-passcode-sent', (e) => sent.push(e.detail.requestId));
    await toCodeStep(el);
    const resend = button(el, 'Send a new code')!;
    expect(resend.getAttribute('aria-disabled')).to.equal('true');
    expect(seen($(el, '#code-meta'))).to.match(/New code available in 0:0[12]\.$/);
    resend.click();
    expect(sent).to.have.length(1);
    await until(
      'the resend to open',
      () => button(el, 'Send a new code')!.getAttribute('aria-disabled') === 'false',
      4000,
    );
    button(el, 'Send a new code')!.click();
    await until('the new code', () => sent.length === 2);
    expect(sent[1]).to.equal(sent[0]);
    expect(await inbox('sim_ayesha')).to.equal(2);
    await typeInto(codeInput(el), await latestCode('sim_ayesha'));
    await press('Enter');
    await untilState(el, 'granted');
  });

  it('a dropped connection keeps what was typed; Try again sends one SMS', async () => {
    const { el } = await mount();
    const errors = errorsOf(el);
    await untilState(el, 'cnic-entry');
    await setFaults({ dropRate: 1 });
    await typeInto(cnicInput(el), CNIC.ayesha);
    await press('Enter');
    await until('the failure', () => errors.length);
    expect(errors).to.deep.equal(['network_error']);
    expect(stepError(el, 'cnic')).to.equal('The service did not answer. Check your connection and try again.');
    expect(cnicInput(el).value).to.equal(CNIC.ayesha);
    await setFaults({});
    button(el, 'Try again')!.click();
    await untilState(el, 'code-entry');
    expect(await inbox('sim_ayesha')).to.equal(1);
  });

  it('a service that does not answer times out instead of hanging', async () => {
    const { el } = await mount();
    el.timeout = 300;
    const errors = errorsOf(el);
    await untilState(el, 'cnic-entry');
    await setFaults({ latencyMs: 1500 });
    await typeInto(cnicInput(el), CNIC.ayesha);
    await press('Enter');
    await until('the timeout', () => errors.length, 1200);
    expect(errors).to.deep.equal(['timeout']);
    expect(el.state).to.equal('cnic-entry');
    await setFaults({});
    await new Promise((r) => setTimeout(r, 1300)); // the lost request lands at the service
    button(el, 'Try again')!.click();
    await untilState(el, 'code-entry');
    expect(await inbox('sim_ayesha'), 'the retry reused the idempotency key: one SMS').to.equal(1);
  });

  it('a failure while checking the code keeps the code; pressing Enter again grants', async () => {
    const { el } = await mount();
    const errors = errorsOf(el);
    await toCodeStep(el);
    await setFaults({ failNext: 1 });
    await typeInto(codeInput(el), await latestCode('sim_ayesha'));
    await press('Enter');
    await until('the failure', () => errors.length);
    expect(errors).to.deep.equal(['service_unavailable']);
    expect(el.state).to.equal('code-entry');
    expect(stepError(el, 'code')).to.equal('The service did not answer. Check your connection and try again.');
    expect(codeInput(el).value).to.have.length(6);
    codeInput(el).focus();
    await press('Enter');
    await untilState(el, 'granted');
  });

  it("the partner's own limit is worded as the service being busy, not as the citizen's attempts", async () => {
    await setLimits({ partnerRequestsPerMinute: 1 });
    const { el } = await mount();
    const errors = errorsOf(el);
    await untilState(el, 'cnic-entry');
    // Loading the partner's details has a window of its own; one API call uses up the minute, and
    // the create must fall in the same minute.
    await startOfMinute();
    await fetch(`${BASE}/v1/consent-requests/req_window_used_up`, {
      headers: { 'Ijazat-Partner-Key': 'pk_test_sandbox_bank' },
    });
    await typeInto(cnicInput(el), CNIC.ayesha);
    await press('Enter');
    await until('the limit', () => errors.length);
    expect(errors).to.deep.equal(['rate_limited']);
    expect(stepError(el, 'cnic')).to.equal('The service is busy. Try again in a moment.');
    expect(seen($(el, '#cnic-error ~ [part=meta]'))).to.match(/^Time left: [01]:\d\d$/);
  });

  it('a network failure while loading the partner context offers Try again, which recovers', async () => {
    await setFaults({ dropRate: 1 });
    const { el } = await mount();
    const errors = errorsOf(el);
    await untilState(el, 'unavailable');
    expect(alertText(el)).to.equal('The service did not answer. Check your connection and try again.');
    await setFaults({});
    button(el, 'Try again')!.click();
    await untilState(el, 'cnic-entry');
    expect(el.shadowRoot!.activeElement, 'focus lands in the CNIC field').to.equal(cnicInput(el));
    expect(errors).to.deep.equal(['network_error']);
  });

  it('a partner key or purpose the service rejects gives the citizen words and the developer the code', async () => {
    const { el } = await mount({ 'partner-key': 'pk_test_unknown' });
    const errors = errorsOf(el);
    await untilState(el, 'unavailable');
    expect(alertText(el)).to.equal('This site cannot ask for CNIC consent now. Nothing was sent.');
    const other = await mount({ purpose: 'sim-issuance' });
    const otherErrors = errorsOf(other.el);
    await untilState(other.el, 'unavailable');
    await eventually('codes', async () => errors.length + otherErrors.length >= 0);
    expect(errors.concat(otherErrors).every((c) => /unknown_partner_key|unknown_purpose/.test(c))).to.equal(true);
  });
});
