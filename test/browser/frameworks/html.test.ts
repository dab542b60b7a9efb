/**
 * The plain HTML example (demo/examples/html/): the page's form, as published, with the tag in it;
 * the example's own script reflects the widget's events; a citizen consents and the form is ready to
 * submit the token.
 */
import { expect } from '@open-wc/testing';
import '../../../src/index.js';
import { latestCode, newNonce, simulator, typeAndEnter, until } from './support.js';

const example = '/demo/examples/html/';
let form: HTMLFormElement | undefined;

/** The example page's form, with the nonce the partner's backend would render into it. */
async function mountExample(nonce: string): Promise<{ form: HTMLFormElement; el: HTMLElement }> {
  const page = await (await fetch(`${example}index.html`)).text();
  const doc = new DOMParser().parseFromString(page.replaceAll('{{ session.nonce }}', nonce), 'text/html');
  expect(
    doc.querySelector('script[src$="ijazat-consent.min.js"]'),
    'the page loads the single-file build',
  ).not.to.equal(null);
  const { wireConsentForm } = await import(`${example}consent-form.js` as string);
  form = document.importNode(doc.querySelector('form')!, true);
  wireConsentForm(form); // as the page does: its script runs before the widget's first answer
  document.body.append(form);
  return { form, el: form.querySelector('ijazat-consent')! };
}

describe('the plain HTML example', () => {
  beforeEach(simulator);
  afterEach(() => form?.remove());

  it('upgrades the tag, and its events reach the page script', async () => {
    const { form, el } = await mountExample(newNonce());
    expect(el).to.be.instanceOf(customElements.get('ijazat-consent')!);
    expect(el.shadowRoot, 'rendered in its shadow root').to.be.instanceOf(ShadowRoot);
    await until('ijazat-state reaches the page', () => form.dataset.consentState === 'cnic-entry');
    expect(form.querySelector('button[type=submit]')!.hasAttribute('disabled')).to.equal(true);
  });

  it('enables submit once the citizen consents, and the form carries the token', async () => {
    const { form, el } = await mountExample(newNonce());
    await until('the CNIC step', () => form.dataset.consentState === 'cnic-entry');
    await typeAndEnter(el, '35202-1111111-1');
    await until('the code step', () => form.dataset.consentState === 'code-entry');
    await typeAndEnter(el, await latestCode('sim_ayesha'));
    await until('consent', () => !form.querySelector('button[type=submit]')!.hasAttribute('disabled'));
    expect(form.querySelector('output')!.value).to.equal('Consent given. You can open your account.');
    const token = new FormData(form).get('ijazat_token');
    expect(token)
      .to.be.a('string')
      .and.match(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('shows the error code the widget reports (a page rendered without a nonce)', async () => {
    const { form } = await mountExample('');
    await until('ijazat-error reaches the page', () => form.querySelector('output')!.value !== '');
    expect(form.querySelector('output')!.value).to.equal('Consent not given yet (missing_attribute).');
  });
});
