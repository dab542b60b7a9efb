import { expect } from '@open-wc/testing';
import { html } from 'lit';
import { emulateMedia } from '@web/test-runner-commands';
import type { IjazatConsent } from '../../../src/index.js';
import {
  $,
  button,
  place,
  CNIC,
  codeInput,
  cnicInput,
  errorsOf,
  latestCode,
  mount,
  NONCE,
  press,
  seen,
  setFaults,
  sim,
  simulator,
  toCodeStep,
  typeInto,
  until,
  untilState,
} from './widget-harness.js';

describe('<ijazat-consent>: what the partner developer gets', () => {
  beforeEach(simulator);
  afterEach(() => emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' }));

  it('bad attributes give a clear state and missing_attribute, never a crash; fixing them recovers', async () => {
    for (const [attrs, attribute] of [
      [{ nonce: false }, 'nonce'],
      [{ nonce: 'not enough' }, 'nonce'],
      [{ 'partner-key': false }, 'partner-key'],
      [{ purpose: 'Account Opening' }, 'purpose'],
      [{ locale: 'fr' }, 'locale'],
    ] as const) {
      const form = place<HTMLFormElement>(html`<form></form>`);
      const el = document.createElement('ijazat-consent');
      const details: { code: string; message: string }[] = [];
      el.addEventListener('ijazat-error', (e) => details.push(e.detail));
      const all: Record<string, string | false> = {
        'partner-key': 'pk_test_sandbox_bank',
        purpose: 'account-opening',
        nonce: NONCE,
      };
      Object.assign(all, attrs);
      for (const [name, value] of Object.entries(all)) if (value !== false) el.setAttribute(name, value);
      form.append(el);
      await el.updateComplete;
      expect(el.state, attribute).to.equal('misconfigured');
      expect(details).to.deep.equal([
        { code: 'missing_attribute', message: `The ${attribute} attribute is missing or malformed.` },
      ]);
      expect(seen($(el, '[role=alert]'))).to.equal('This consent form is not set up correctly. Nothing was sent.');
      expect(seen($(el, '[part=base]'))).to.contain(
        `missing_attribute: The ${attribute} attribute is missing or malformed.`,
      );
    }
    const { el } = await mount({ nonce: false });
    await untilState(el, 'misconfigured');
    el.nonce = NONCE;
    await untilState(el, 'cnic-entry');
  });

  it('still has its nonce when a header CSP hides the attribute (the value stays in the element)', async () => {
    const form = place<HTMLFormElement>(html`<form></form>`);
    const el = document.createElement('ijazat-consent');
    el.setAttribute('partner-key', 'pk_test_sandbox_bank');
    el.setAttribute('purpose', 'account-opening');
    el.setAttribute('nonce', NONCE);
    form.append(el);
    // What the browser does on insertion under a header CSP: attribute set to "", value kept in the
    // element's slot (HTML's "nonce hiding"; HTMLElement's own setter writes that slot).
    el.setAttribute('nonce', '');
    Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'nonce')!.set!.call(el, NONCE);
    await toCodeStep(el);
    await typeInto(codeInput(el), await latestCode('sim_ayesha'));
    await press('Enter');
    await untilState(el, 'granted');
    expect(JSON.parse(atob(el.value.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).nonce).to.equal(NONCE);
  });

  it('two instances on one page work independently', async () => {
    const form = place<HTMLFormElement>(
      html`<form style="display:flex;gap:1rem">
        <ijazat-consent
          partner-key="pk_test_sandbox_bank"
          purpose="account-opening"
          nonce=${NONCE}
          name="bank"
        ></ijazat-consent>
        <ijazat-consent
          partner-key="pk_test_sandbox_telecom"
          purpose="sim-issuance"
          nonce=${NONCE}
          name="telecom"
          locale="ur"
        ></ijazat-consent>
      </form>`,
    );
    const [bank, telecom] = [...form.querySelectorAll('ijazat-consent')] as IjazatConsent[];
    await toCodeStep(bank!, CNIC.ayesha);
    await toCodeStep(telecom!, CNIC.bilal);
    expect(seen($(telecom!, '.title'))).to.equal('سینڈ باکس ٹیلی کام آپ کی اجازت مانگ رہا ہے');
    await typeInto(codeInput(telecom!), await latestCode('sim_bilal'));
    await press('Enter');
    await untilState(telecom!, 'granted');
    expect(bank!.state, 'the other instance is untouched').to.equal('code-entry');
    await typeInto(codeInput(bank!), await latestCode('sim_ayesha'));
    await press('Enter');
    await untilState(bank!, 'granted');
    const data = new FormData(form);
    expect(data.get('bank')).to.equal(bank!.value);
    expect(data.get('telecom')).to.equal(telecom!.value);
    expect(data.get('bank')).not.to.equal(data.get('telecom'));
  });

  it('required: the form is invalid until consent, with the message anchored in the widget', async () => {
    const { form, el } = await mount({ required: true });
    await untilState(el, 'cnic-entry');
    expect(form.checkValidity()).to.equal(false);
    expect(el.validity.valueMissing).to.equal(true);
    const invalid = new Promise((resolve) => el.addEventListener('invalid', resolve, { once: true }));
    form.requestSubmit();
    await invalid;
    expect(el.checkValidity()).to.equal(false);
  });

  it('reset() and a form reset start over, clearing the CNIC and the token', async () => {
    const { form, el } = await mount();
    await toCodeStep(el);
    el.reset();
    await untilState(el, 'cnic-entry');
    expect(cnicInput(el).value).to.equal('');
    await typeInto(cnicInput(el), CNIC.bilal);
    await press('Enter');
    await untilState(el, 'code-entry');
    await typeInto(codeInput(el), await latestCode('sim_bilal'));
    await press('Enter');
    await untilState(el, 'granted');
    expect(new FormData(form).get('ijazat_token')).to.equal(el.value);
    form.reset();
    await untilState(el, 'cnic-entry');
    expect(new FormData(form).get('ijazat_token')).to.equal(null);
    expect(el.value).to.equal('');
  });

  it('disabled (own attribute or a disabled fieldset) blocks input and leaves the form', async () => {
    const { form, el } = await mount();
    await untilState(el, 'cnic-entry');
    el.disabled = true;
    await el.updateComplete;
    expect(cnicInput(el).disabled).to.equal(true);
    expect(button(el, 'Send code')!.getAttribute('aria-disabled')).to.equal('true');
    el.disabled = false;
    const fieldset = document.createElement('fieldset');
    form.append(fieldset);
    fieldset.append(el);
    fieldset.disabled = true;
    await until('the fieldset to disable it', () => cnicInput(el).disabled);
    fieldset.disabled = false;
    await until('enabled again', () => !cnicInput(el).disabled);
    await typeInto(cnicInput(el), CNIC.ayesha);
    await press('Enter');
    await untilState(el, 'code-entry');
  });

  it('switching the locale mid-flow changes the words, not the step', async () => {
    const { el } = await mount();
    await toCodeStep(el);
    el.locale = 'ur';
    await el.updateComplete;
    expect(el.state).to.equal('code-entry');
    expect(seen($(el, 'label[for=code]'))).to.equal('ایس ایم ایس والا کوڈ');
    expect($(el, '[part=base]')!.getAttribute('dir')).to.equal('rtl');
    await typeInto(codeInput(el), await latestCode('sim_ayesha'));
    await press('Enter');
    await untilState(el, 'granted');
    expect(seen($(el, '[part~=success]'))).to.equal('سینڈ باکس بینک کو اجازت دے دی گئی۔');
  });

  it('every string can be overridden through the strings property', async () => {
    const { el } = await mount();
    el.strings = { send: 'Get my code', cnic_empty: 'Please type your CNIC' };
    await untilState(el, 'cnic-entry');
    expect(button(el, 'Get my code')).to.be.instanceOf(HTMLButtonElement);
    cnicInput(el).focus();
    await press('Enter');
    expect(seen($(el, '#cnic-error'))).to.equal('Error: Please type your CNIC');
  });

  it('follows the page\'s colour scheme (light on a light page in dark mode), theme="…" and reduced motion', async () => {
    await setFaults({ latencyMs: 2000 });
    const { el, form } = await mount();
    const base = () => getComputedStyle($(el, '[part=base]')!).backgroundColor;
    const WHITE = 'rgb(255, 255, 255)';
    const DARK = 'rgb(22, 26, 25)';
    expect(base()).to.equal(WHITE);
    expect(getComputedStyle($(el, '.skeleton div')!).animationName).to.equal('pulse');
    await emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
    expect(base(), 'a page that says nothing about colour schemes stays light').to.equal(WHITE);
    expect(getComputedStyle($(el, '.skeleton div')!).animationName).to.equal('none');
    form.style.colorScheme = 'light dark';
    expect(base(), 'a page that supports both follows the phone').to.equal(DARK);
    for (const [theme, colour] of [
      ['light', WHITE],
      ['dark', DARK],
      ['auto', DARK],
    ] as const) {
      el.setAttribute('theme', theme);
      expect(base(), theme).to.equal(colour);
    }
    form.style.colorScheme = '';
    await emulateMedia({ colorScheme: 'light' });
    expect(base(), 'theme="auto" on a light phone').to.equal(WHITE);
    el.setAttribute('theme', 'dark');
    expect(base(), 'theme="dark" on a light page and phone').to.equal(DARK);
    await setFaults({});
    await untilState(el, 'cnic-entry');
    await expect(el).to.be.accessible();
    await emulateMedia({ colorScheme: 'dark', reducedMotion: 'no-preference' });
  });

  it('a focus ring of two tones, never faded, on any background', async () => {
    const { el } = await mount();
    await untilState(el, 'cnic-entry');
    await setFaults({ latencyMs: 1000 });
    await typeInto(cnicInput(el), CNIC.ayesha);
    await press('Enter');
    const busy = button(el, 'Sending code…')!;
    busy.focus({ focusVisible: true } as FocusOptions);
    const ring = getComputedStyle(busy);
    expect(busy.getAttribute('aria-disabled')).to.equal('true');
    expect(ring.outlineColor, 'yellow inside').to.equal('rgb(255, 221, 0)');
    expect(ring.boxShadow, 'near-black outside').to.contain('rgb(11, 12, 12) 0px 0px 0px 6px');
    expect(ring.opacity, 'an unavailable button is not faded').to.equal('1');
    await setFaults({});
  });

  it('draws Urdu in Nastaliq with room for it, digits in a Latin face, or in the font the partner sets', async () => {
    const { el } = await mount({ locale: 'ur' });
    await untilState(el, 'cnic-entry');
    const style = getComputedStyle($(el, '[part=base]')!);
    const families = style.fontFamily.split(',').map((f) => f.trim().replace(/"/g, ''));
    expect(families.indexOf('Noto Nastaliq Urdu')).to.be.greaterThan(families.indexOf('Noto Sans'));
    expect(families).to.include.members(['Jameel Noori Nastaleeq', 'Noto Naskh Arabic']);
    expect(parseFloat(style.lineHeight) / parseFloat(style.fontSize)).to.be.at.least(1.9);
    el.style.setProperty('--ijazat-font-ur', '20px/2.2 serif');
    expect(getComputedStyle($(el, '[part=base]')!).fontFamily).to.equal('serif');
  });

  it('themes through --ijazat-* custom properties and ::part()', async () => {
    const style = document.createElement('style');
    style.textContent =
      'ijazat-consent.themed { --ijazat-color-accent: rgb(0, 0, 128) } ijazat-consent.themed::part(button) { border-radius: 0px }';
    document.head.append(style);
    const { el } = await mount();
    el.classList.add('themed');
    await untilState(el, 'cnic-entry');
    const primary = getComputedStyle(button(el, 'Send code')!);
    expect(primary.backgroundColor).to.equal('rgb(0, 0, 128)');
    expect(primary.borderRadius).to.equal('0px');
    style.remove();
  });

  it('never writes the CNIC, mobile, passcode or token to storage, cookies, the URL or the console', async () => {
    const logged: string[] = [];
    const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
    const originals = methods.map((m) => console[m]);
    methods.forEach((m) => (console[m] = (...args: unknown[]) => logged.push(args.map(String).join(' '))));
    const url = location.href;
    try {
      const { el } = await mount();
      const errors = errorsOf(el);
      await toCodeStep(el);
      const code = await latestCode('sim_ayesha');
      await typeInto(codeInput(el), code);
      await press('Enter');
      await untilState(el, 'granted');
      const secrets = ['3520211111111', CNIC.ayesha, '03001111111', code, el.value];
      const stored = [
        JSON.stringify({ ...localStorage }),
        JSON.stringify({ ...sessionStorage }),
        document.cookie,
        location.href,
        logged.join('\n'),
      ].join('\n');
      for (const secret of secrets) expect(stored.includes(secret), 'a secret leaked').to.equal(false);
      expect(location.href).to.equal(url);
      expect(errors).to.deep.equal([]);
    } finally {
      methods.forEach((m, i) => (console[m] = originals[i]!));
    }
    void sim;
  });
});
