import { expect } from '@open-wc/testing';
import type { IjazatConsent } from '../../../src/index.js';
import {
  $,
  button,
  CNIC,
  codeInput,
  cnicInput,
  latestCode,
  mount,
  press,
  seen,
  setFaults,
  setLimits,
  sim,
  simulator,
  toCodeStep,
  typeInto,
  until,
  untilState,
  wrongCode,
} from './widget-harness.js';

/** axe over the element in its current state; records which states were checked. */
async function accessible(el: IjazatConsent, checked: string[], label: string = el.state) {
  await el.updateComplete;
  await expect(el).to.be.accessible();
  checked.push(label);
}

const LOOKS = [
  ['en', 'light'],
  ['ur', 'light'],
  ['en', 'dark'],
  ['ur', 'dark'],
] as const;

for (const [locale, theme] of LOOKS) {
  describe(`<ijazat-consent locale="${locale}" theme="${theme}">: accessible in every state`, () => {
    beforeEach(simulator);

    it('loading, CNIC entry, field error, alert, sending', async () => {
      const checked: string[] = [];
      await setFaults({ latencyMs: 1500 });
      const { el } = await mount({ locale, theme });
      await accessible(el, checked);
      await setFaults({});
      await untilState(el, 'cnic-entry', 4000);
      await accessible(el, checked);
      cnicInput(el).focus();
      await press('Enter');
      await accessible(el, checked, 'cnic field error');
      // An alert that replaces nothing the citizen typed: the service fails once.
      await setFaults({ failNext: 1 });
      await typeInto(cnicInput(el), CNIC.ayesha);
      await press('Enter');
      await until('the failure, at the field', () => el.shadowRoot!.querySelector('#cnic-error'));
      await accessible(el, checked, 'service failure at the field');
      await setFaults({});
      await setFaults({ latencyMs: 1500 });
      cnicInput(el).select();
      await typeInto(cnicInput(el), CNIC.ayesha);
      await press('Enter');
      expect(el.state).to.equal('sending');
      await accessible(el, checked);
      await setFaults({});
      expect(checked).to.deep.equal([
        'loading',
        'cnic-entry',
        'cnic field error',
        'service failure at the field',
        'sending',
      ]);
    });

    it('code entry, help path, wrong code, verifying, expired, locked, granted, cancelled', async () => {
      const checked: string[] = [];
      const { el } = await mount({ locale, theme });
      await toCodeStep(el);
      await accessible(el, checked);
      $<HTMLDetailsElement>(el, 'details[part=help]')!.open = true;
      await accessible(el, checked, 'help path');
      const code = await latestCode('sim_ayesha');
      await typeInto(codeInput(el), wrongCode(code));
      await press('Enter');
      await until('wrong code', () => $(el, '#code-error'));
      await accessible(el, checked, 'wrong code');
      await setFaults({ latencyMs: 1500 });
      codeInput(el).select();
      await typeInto(codeInput(el), code);
      await press('Enter');
      expect(el.state).to.equal('verifying');
      await accessible(el, checked);
      await untilState(el, 'granted', 4000);
      await setFaults({});
      await accessible(el, checked);

      const second = await mount({ locale, theme });
      await toCodeStep(second.el, CNIC.bilal);
      await sim('POST', '/__sim/clock', { advanceSeconds: 11 * 60 });
      await typeInto(codeInput(second.el), await latestCode('sim_bilal'));
      await press('Enter');
      await untilState(second.el, 'expired');
      await accessible(second.el, checked);
      button(second.el, locale === 'en' ? 'Cancel' : 'منسوخ کریں')!.click();
      await untilState(second.el, 'cancelled');
      await accessible(second.el, checked);

      const third = await mount({ locale, theme });
      await toCodeStep(third.el, CNIC.ayesha);
      const wrong = wrongCode(await latestCode('sim_ayesha'));
      for (let i = 0; i < 5 && third.el.state !== 'locked'; i++) {
        codeInput(third.el).select();
        await typeInto(codeInput(third.el), wrong);
        await press('Enter');
        await until('an answer', () => third.el.state !== 'verifying');
      }
      await untilState(third.el, 'locked');
      await accessible(third.el, checked);
      expect(checked).to.deep.equal([
        'code-entry',
        'help path',
        'wrong code',
        'verifying',
        'granted',
        'expired',
        'cancelled',
        'locked',
      ]);
    });

    it('expiring soon, unavailable and misconfigured', async () => {
      const checked: string[] = [];
      await setLimits({ passcodeTtlSeconds: 50 });
      const { el } = await mount({ locale, theme });
      await toCodeStep(el);
      expect(el.state).to.equal('expiring-soon');
      await accessible(el, checked);
      const refused = await mount({ locale, theme, 'partner-key': 'pk_test_unknown' });
      await untilState(refused.el, 'unavailable');
      await accessible(refused.el, checked);
      const broken = await mount({ locale, theme, nonce: 'short' });
      await untilState(broken.el, 'misconfigured');
      await accessible(broken.el, checked);
      expect(checked).to.deep.equal(['expiring-soon', 'unavailable', 'misconfigured']);
    });
  });
}

describe('<ijazat-consent locale="ur">: right to left, numbers left to right', () => {
  beforeEach(simulator);

  it('lays out right to left in Urdu with the CNIC, code and mobile kept left to right', async () => {
    const { el } = await mount({ locale: 'ur' });
    await untilState(el, 'cnic-entry');
    const base = $(el, '[part=base]')!;
    expect(base.getAttribute('dir')).to.equal('rtl');
    expect(base.getAttribute('lang')).to.equal('ur');
    expect(seen($(el, '.title'))).to.equal('سینڈ باکس بینک آپ کی اجازت مانگ رہا ہے');
    expect(seen($(el, 'label[for=cnic]'))).to.equal('شناختی کارڈ نمبر');
    expect(cnicInput(el).getAttribute('dir')).to.equal('ltr');
    // Right to left: the label starts at the right edge, and the primary button is right of Cancel.
    const box = base.getBoundingClientRect();
    const label = $(el, 'label[for=cnic]')!.getBoundingClientRect();
    expect(box.right - label.right).to.be.lessThan(30);
    await typeInto(cnicInput(el), CNIC.ayesha);
    await press('Enter');
    await untilState(el, 'code-entry');
    expect(codeInput(el).getAttribute('dir')).to.equal('ltr');
    expect(button(el, 'اجازت دیں')!.getBoundingClientRect().left).to.be.greaterThan(
      button(el, 'منسوخ کریں')!.getBoundingClientRect().left,
    );
    // The CNIC is isolated (like <bdi>), so it reads left to right inside the Urdu sentence.
    expect($(el, '#sent > span, #sent')!.textContent).to.contain('شناختی کارڈ \u206635202-1111111-1\u2069 پر');
    const sms = (await sim('GET', '/__sim/sims/sim_ayesha/messages')).messages.at(-1).body as string;
    expect(sms, 'the SMS is in Urdu too').to.match(/[\u0600-\u06ff]/);
  });
});
