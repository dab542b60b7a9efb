import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { SANDBOX_ISSUER } from '../../../src/contract/api.js';
import { cnicDigest } from '../../../src/contract/cnic-digest.js';
import {
  $,
  BASE,
  eventually,
  button,
  CNIC,
  codeInput,
  cnicInput,
  latestCode,
  mount,
  NONCE,
  press,
  seen,
  sim,
  simulator,
  toCodeStep,
  typeInto,
  until,
  untilState,
} from './widget-harness.js';
import type { ServiceJson } from '../../support/service-json.js';

/** WebOTP, which TypeScript's DOM types do not declare yet. */
type WebOtpRequest = CredentialRequestOptions & { otp: { transport: string[] }; signal: AbortSignal };
declare global {
  interface Window {
    OTPCredential?: unknown;
  }
}

describe('<ijazat-consent>: a citizen gives consent', () => {
  beforeEach(simulator);

  it('shows who asks and what is shared, then submits a token that verifies with jose', async () => {
    const { form, el } = await mount({ required: true });
    expect($(el, '[part=skeleton]'), 'a skeleton while the partner context loads').to.be.instanceOf(HTMLElement);
    await untilState(el, 'cnic-entry');
    expect(seen($(el, '[part=header]'))).to.equal(
      'Sandbox Bank asks for your consent Purpose: Account opening Sandbox Bank checks that your CNIC is active and records your full name to open your account. Only this is shared, and only once you enter the code we send you: CNIC status (active, expired or cancelled) Full name as on the CNIC',
    );
    expect(form.checkValidity(), 'required: the form is invalid until consent').to.equal(false);
    expect(el.validity.valueMissing).to.equal(true);

    const input = cnicInput(el);
    expect(seen($(el, 'label[for=cnic]'))).to.equal('CNIC number');
    expect(seen($(el, '#cnic-hint')), 'non-breaking hyphens: the example never wraps inside').to.equal(
      '13 digits, for example 12345\u20111234567\u20111',
    );
    await typeInto(input, '3520211111111');
    expect(input.value, 'formatted as typed').to.equal('35202-1111111-1');

    const sent = new Promise<CustomEvent>((resolve) =>
      el.addEventListener('ijazat-passcode-sent', resolve as EventListener, { once: true }),
    );
    await press('Enter');
    expect(el.state).to.equal('sending');
    const busy = button(el, 'Sending code…')!;
    expect(busy.getAttribute('aria-disabled')).to.equal('true');
    busy.click(); // pressing again while sending does nothing
    const { detail } = await sent;
    await untilState(el, 'code-entry');
    expect('maskedMobile' in detail, 'no mobile in the event, not even masked').to.equal(false);
    expect(seen($(el, '#sent')), 'no mobile number before consent; which CNIC, and a way to change it').to.equal(
      'If a mobile number is registered with CNIC 35202-1111111-1, we sent it a 6-digit code by SMS. Use a different CNIC number',
    );
    expect(el.shadowRoot!.activeElement, 'focus moves to the code field').to.equal(codeInput(el));
    expect(
      (await sim('GET', '/__sim/sims/sim_ayesha/messages')).messages.filter((m: ServiceJson) => m.direction === 'in'),
    ).to.have.length(1);
    expect(seen($(el, '#sent + p'))).to.equal(
      'Entering the code gives your consent to share these details with Sandbox Bank for Account opening.',
    );
    expect(codeInput(el).getAttribute('aria-describedby'), 'a short description: the hint').to.equal('code-hint');
    expect(seen($(el, '#code-hint'))).to.equal('6 digits');
    expect(seen($(el, '#code-meta'))).to.match(
      /^Code expires in (10:00|9:5\d)\. Attempts left: 5\. New code available in 0:[23]\d\.$/,
    );

    const granted = new Promise<CustomEvent>((resolve) =>
      el.addEventListener('ijazat-granted', resolve as EventListener, { once: true }),
    );
    const code = await latestCode('sim_ayesha');
    await typeInto(codeInput(el), `${code.slice(0, 3)} ${code.slice(3)}`);
    await press('Enter');
    const { detail: grant } = await granted;
    await untilState(el, 'granted');
    expect(seen($(el, '[part~=success]'))).to.equal('Consent given to Sandbox Bank.');
    expect(el.shadowRoot!.querySelector('input'), 'the passcode is gone from the DOM').to.equal(null);
    expect(el.shadowRoot!.innerHTML).not.to.contain(code);

    expect(form.checkValidity()).to.equal(true);
    let data: FormData | undefined;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      data = new FormData(form);
    });
    form.requestSubmit();
    expect(data!.get('ijazat_token')).to.equal(grant.token);
    expect(data!.get('full_name')).to.equal('Ayesha Raza');

    const jwks = await fetch(`${BASE}/.well-known/jwks.json`).then((r) => r.json());
    const { payload, protectedHeader } = await jwtVerify(data!.get('ijazat_token') as string, createLocalJWKSet(jwks), {
      issuer: SANDBOX_ISSUER,
      audience: 'prt_sandbox_bank',
      typ: 'consent+jwt',
      algorithms: ['ES256'],
    });
    expect(protectedHeader.typ).to.equal('consent+jwt');
    expect(payload.nonce).to.equal(NONCE);
    expect(payload.purpose).to.equal('account-opening');
    expect(payload.shared).to.deep.equal({ cnic_status: 'active', full_name: 'Ayesha Raza' });
    expect(payload.cnic_digest).to.equal(await cnicDigest('3520211111111', NONCE));
  });

  it('is completed with the keyboard alone: Tab to the field, type, Enter, type, Enter', async () => {
    const { el } = await mount();
    await untilState(el, 'cnic-entry');
    const before = await fixtureButton();
    before.focus();
    await press('Tab');
    expect(el.shadowRoot!.activeElement, 'Tab lands in the CNIC field').to.equal(cnicInput(el));
    await sendType('42101 2222222 2');
    await press('Enter');
    await untilState(el, 'code-entry');
    expect(el.shadowRoot!.activeElement).to.equal(codeInput(el));
    await sendType(await latestCode('sim_bilal'));
    await press('Enter');
    await untilState(el, 'granted');
    expect(el.value).to.match(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    before.remove();
  });

  it('accepts a pasted CNIC with spaces and a code in Urdu and Arabic-Indic digits', async () => {
    const { el } = await mount();
    await untilState(el, 'cnic-entry');
    await paste(cnicInput(el), ' 35202 1111111 1 ');
    expect(cnicInput(el).value).to.equal('35202-1111111-1');
    await press('Enter');
    await untilState(el, 'code-entry');
    const code = await latestCode('sim_ayesha');
    const eastern = [...code].map((d, i) => String.fromCharCode((i % 2 ? 0x0660 : 0x06f0) + Number(d))).join('');
    await paste(codeInput(el), eastern);
    await press('Enter');
    await untilState(el, 'granted');
  });

  it('formats Urdu digits typed into the CNIC field', async () => {
    const { el } = await mount({ locale: 'ur' });
    await untilState(el, 'cnic-entry');
    await typeInto(cnicInput(el), '۳۵۲۰۲۱۱۱۱۱۱۱۱');
    expect(cnicInput(el).value).to.equal('35202-1111111-1');
    await press('Enter');
    await untilState(el, 'code-entry');
  });

  it('fills the code through WebOTP where the browser supports it, and stops listening once granted', async () => {
    const signals: AbortSignal[] = [];
    const had = 'OTPCredential' in window;
    const original = navigator.credentials.get;
    if (!had) window.OTPCredential = class {};
    navigator.credentials.get = async (options?: CredentialRequestOptions) => {
      const { otp, signal } = options as WebOtpRequest;
      expect(otp).to.deep.equal({ transport: ['sms'] });
      signals.push(signal);
      // The SMS arrives; the browser offers its code (the simulator's SMS ends "@host #code").
      await until('the SMS', () => true);
      return { type: 'otp', id: 'otp', code: await latestCode('sim_ayesha') } as Credential;
    };
    try {
      const { el } = await mount();
      // Not toCodeStep: the browser may fill the code before a poll ever sees the code step.
      await untilState(el, 'cnic-entry');
      await typeInto(cnicInput(el), CNIC.ayesha);
      await press('Enter');
      await untilState(el, 'granted');
      expect(signals).to.have.length(1);
      expect(signals[0]!.aborted, 'WebOTP is aborted once no longer needed').to.equal(true);
    } finally {
      navigator.credentials.get = original;
      if (!had) delete window.OTPCredential;
    }
  });

  it('aborts a pending WebOTP request when the citizen cancels', async () => {
    const signals: AbortSignal[] = [];
    const had = 'OTPCredential' in window;
    const original = navigator.credentials.get;
    if (!had) window.OTPCredential = class {};
    navigator.credentials.get = (options?: CredentialRequestOptions) => {
      signals.push((options as WebOtpRequest).signal);
      return new Promise(() => {});
    };
    try {
      const { el } = await mount();
      const cancelled = new Promise((resolve) => el.addEventListener('ijazat-cancel', resolve, { once: true }));
      await toCodeStep(el);
      const id = (await sim('GET', '/__sim/audit')).entries.find(
        (e: ServiceJson) => e.type === 'request_created',
      ).requestId;
      button(el, 'Cancel')!.click();
      await cancelled;
      expect(el.state).to.equal('cancelled');
      expect(signals[0]!.aborted).to.equal(true);
      expect(seen($(el, '[part~=message]'))).to.equal('Cancelled. Nothing was shared with Sandbox Bank.');
      await eventually('the service to close the request', async () => {
        const view = await fetch(`${BASE}/v1/consent-requests/${id}`, {
          headers: { 'Ijazat-Partner-Key': 'pk_test_sandbox_bank' },
        }).then((r) => r.json());
        return view.status === 'cancelled';
      });
    } finally {
      navigator.credentials.get = original;
      if (!had) delete window.OTPCredential;
    }
  });

  it('a whole SMS pasted into the code field fills the one code it holds', async () => {
    const { el } = await mount();
    await toCodeStep(el);
    const { messages } = await sim('GET', '/__sim/sims/sim_ayesha/messages');
    const sms = messages.at(-1).body as string;
    const code = await latestCode('sim_ayesha');
    expect(sms.split(code), 'the SMS holds the code twice').to.have.length(3);
    await paste(codeInput(el), sms);
    expect(codeInput(el).value).to.equal(code);
    await press('Enter');
    await untilState(el, 'granted');
  });

  it('the form holds the token before ijazat-granted runs: a listener that submits the form posts it', async () => {
    const frame = document.createElement('iframe');
    frame.name = 'partner-post';
    document.body.append(frame);
    const { form, el } = await mount({ required: true });
    form.method = 'post';
    form.action = '/__partner/onboarding';
    form.target = 'partner-post';
    const posted = new Promise<FormData>((resolve) => form.addEventListener('formdata', (e) => resolve(e.formData)));
    el.addEventListener('ijazat-granted', () => form.requestSubmit());
    await toCodeStep(el);
    await typeInto(codeInput(el), await latestCode('sim_ayesha'));
    await press('Enter');
    const data = await posted;
    expect(data.get('ijazat_token')).to.equal(el.value);
    expect(data.get('ijazat_token')).to.match(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(data.get('full_name')).to.equal('Ayesha Raza');
    frame.remove();
  });

  it('is one named group whose heading and consent statement come before the first field', async () => {
    const { el } = await mount({ 'heading-level': '3' });
    await untilState(el, 'cnic-entry');
    const group = $(el, '[role=group]')!;
    const heading = $(el, '[role=heading]')!;
    expect(heading.getAttribute('aria-level')).to.equal('3');
    expect(group.getAttribute('aria-labelledby')).to.equal(heading.id);
    expect(seen(heading)).to.equal('Sandbox Bank asks for your consent');
    const about = el.shadowRoot!.getElementById(group.getAttribute('aria-describedby')!)!;
    expect(seen(about)).to.contain('Purpose: Account opening');
    expect(seen(about)).to.contain('Full name as on the CNIC');
    expect(about.compareDocumentPosition(cnicInput(el)) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(0);
    expect(button(el, 'Cancel'), 'nothing sent yet: nothing to cancel').to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('after Send code: no mobile number, a way to change the CNIC, and the "Not received a text message?" path', async () => {
    for (const locale of ['en', 'ur'] as const) {
      const { el, form } = await mount({ locale });
      await toCodeStep(el, CNIC.bilal);
      const help = $<HTMLDetailsElement>(el, 'details[part=help]')!;
      expect(help.open).to.equal(false);
      $(el, 'summary')!.click();
      await el.updateComplete;
      const words =
        locale === 'en'
          ? [
              'Not received a text message?',
              'A text message can take a few minutes. If none comes, send a new code: only the newest code works.',
              'No mobile number registered with your CNIC? From a SIM issued in your own name, text your 13-digit CNIC number to 9000. When the reply confirms it, send a new code.',
              'If the reply says this mobile cannot be registered, or your identity card has expired or been cancelled, contact NADRA (helpline 051\u2011111\u2011786\u2011100).',
            ]
          : [
              'ایس ایم ایس نہیں ملا؟',
              'ایس ایم ایس آنے میں چند منٹ لگ سکتے ہیں۔ اگر نہ آئے تو نیا کوڈ منگوائیں: صرف تازہ ترین کوڈ کام کرے گا۔',
              'آپ کے شناختی کارڈ پر کوئی موبائل نمبر رجسٹر نہیں؟ اپنے نام پر جاری سم سے اپنا 13 ہندسوں کا شناختی کارڈ نمبر 9000 پر ایس ایم ایس کریں۔ جواب میں تصدیق آنے پر نیا کوڈ منگوائیں۔',
              'اگر جواب میں لکھا ہو کہ یہ موبائل رجسٹر نہیں ہو سکتا، یا آپ کے شناختی کارڈ کی میعاد ختم ہو چکی ہے یا وہ منسوخ ہو چکا ہے، تو نادرا سے رابطہ کریں (ہیلپ لائن 051\u2011111\u2011786\u2011100)۔',
            ];
      expect([...help.querySelectorAll('summary, p')].map(seen)).to.deep.equal(words);
      expect(seen($(el, '#sent'))).to.contain(CNIC.bilal);
      expect(seen(el.shadowRoot!.querySelector('[part=base]')), 'no mobile digits before consent').not.to.match(
        /•|03\d/,
      );
      await expect(el).to.be.accessible();
      button(el, locale === 'en' ? 'Use a different CNIC number' : 'دوسرا شناختی کارڈ نمبر استعمال کریں')!.click();
      await untilState(el, 'cnic-entry');
      expect(el.shadowRoot!.activeElement, 'back in the CNIC field, to change it').to.equal(cnicInput(el));
      expect(cnicInput(el).value).to.equal(CNIC.bilal);
      form.remove();
    }
  });

  it("in a form with novalidate, submitting without consent shows the widget's own error", async () => {
    const { form, el } = await mount({ required: true });
    form.noValidate = true;
    form.addEventListener('submit', (event) => event.preventDefault());
    await untilState(el, 'cnic-entry');
    form.requestSubmit();
    await el.updateComplete;
    expect(seen($(el, '#cnic-error'))).to.equal('Error: Enter your CNIC number');
    form.noValidate = false;
    await toCodeStep(el);
    form.requestSubmit(); // validated: the browser refuses, the widget says what is missing
    await el.updateComplete;
    expect(seen($(el, '#code-error'))).to.equal('Error: Enter the 6-digit code from the SMS');
  });
});

async function fixtureButton(): Promise<HTMLButtonElement> {
  const b = document.createElement('button');
  b.textContent = 'Before';
  document.body.prepend(b);
  return b;
}

const sendType = (text: string) => sendKeys({ type: text });

/**
 * A paste: the whole text lands in the focused field as one edit. Headless Chromium driven over CDP
 * neither runs its Paste command on Ctrl+V nor lets a page read the clipboard, so the text is inserted
 * with the browser's own editing command (one `beforeinput`/`input` pair, as a paste makes).
 */
async function paste(input: HTMLInputElement, text: string) {
  input.focus();
  input.select();
  document.execCommand('insertText', false, text);
}
void typeInto;
