/**
 * Web hardening (issue 7): a partner display name, purpose title or description containing markup
 * renders as text (never as elements, never running script), through a whole flow. (Strict CSP with
 * Trusted Types enforced is covered by the widget's own test/browser/widget/strict-csp.test.ts.)
 */
import { expect } from '@open-wc/testing';
import {
  AYESHA,
  $,
  codeInput,
  freshSimulator,
  latestCode,
  mount,
  press,
  seen,
  toCodeStep,
  typeInto,
  untilState,
} from './reliability-harness.js';
import type { PartnerRecord } from '../../../simulator/store/schema.js';

declare global {
  /** Set by a script in the partner's words, if one ever ran. */
  interface Window {
    __pwned?: unknown;
  }
}

const MARKUP = {
  name: `<img src=x onerror="window.__pwned='name'">Evil <b>Bank</b></p><script>window.__pwned='script'</script>`,
  nameUr: `<svg onload="window.__pwned='ur'"></svg>ایول بینک`,
  title: `<i>Account</i> opening <a href="javascript:window.__pwned='title'">here</a>`,
  description: `{{7*7}} \${7*7} <style>*{display:none}</style><iframe src="javascript:window.__pwned='desc'"></iframe>We check your card.`,
};

/** A partner whose registered words contain markup, added through the simulator's own store (no /__sim control adds partners). */
async function addMarkupPartner(): Promise<void> {
  const { simulator } = await freshSimulator('web');
  const partner: PartnerRecord = {
    id: 'prt_markup',
    displayName: { en: MARKUP.name, ur: MARKUP.nameUr },
    publishableKey: 'pk_test_markup',
    secretKey: 'sk_test_markup',
    origins: ['http://localhost:*', 'http://127.0.0.1:*'],
    purposes: [
      {
        id: 'account-opening',
        title: { en: MARKUP.title, ur: MARKUP.title },
        description: { en: MARKUP.description, ur: MARKUP.description },
        smsReason: { en: 'account opening', ur: 'account opening' },
        dataItems: ['cnic_status'],
      },
    ],
  };
  await simulator.db.put('partners', partner);
  simulator.ctx.registry.invalidate();
}

const ELEMENTS_FROM_MARKUP = 'img, b, i, a, script, svg, style, iframe';

describe('partner words with markup render as text', () => {
  beforeEach(addMarkupPartner);

  it('the name, purpose title and description show literally, with no element or script from them, in every state', async () => {
    delete window.__pwned;
    const { el } = await mount({ 'partner-key': 'pk_test_markup' });
    await untilState(el, 'cnic-entry');
    const header = $(el, '[part=header]')!;
    expect(seen(header)).to.contain('Evil <b>Bank</b></p><script>');
    expect(seen(header)).to.contain(`<i>Account</i> opening <a href="javascript:`);
    expect(seen(header)).to.contain('{{7*7}} ${7*7} <style>');
    expect(el.shadowRoot!.querySelectorAll(ELEMENTS_FROM_MARKUP), 'no element came from the words').to.have.length(0);

    await toCodeStep(el);
    expect(seen(el.shadowRoot!.querySelector('#sent + p')), 'the consent statement').to.contain('Evil <b>Bank</b>');
    expect(el.shadowRoot!.querySelectorAll(ELEMENTS_FROM_MARKUP)).to.have.length(0);
    await typeInto(codeInput(el), await latestCode(AYESHA.simId));
    await press('Enter');
    await untilState(el, 'granted');
    expect(seen($(el, '[part~=success]'))).to.contain('Evil <b>Bank</b>');
    expect(el.shadowRoot!.querySelectorAll(ELEMENTS_FROM_MARKUP)).to.have.length(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(window.__pwned, 'no script from the partner words ran').to.equal(undefined);
  });

  it('in Urdu too', async () => {
    delete window.__pwned;
    const { el } = await mount({ 'partner-key': 'pk_test_markup', locale: 'ur' });
    await untilState(el, 'cnic-entry');
    expect(seen($(el, '[part=header]'))).to.contain('<svg onload=');
    expect(el.shadowRoot!.querySelectorAll(ELEMENTS_FROM_MARKUP)).to.have.length(0);
    expect(window.__pwned).to.equal(undefined);
  });
});
