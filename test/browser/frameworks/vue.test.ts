/**
 * The Vue 3 example (demo/examples/vue/): the component renders the tag with a render function, the
 * element upgrades, and its events reach the component's handlers (shown in the component's own DOM).
 */
import { expect } from '@open-wc/testing';
import '../../../src/index.js';
import { BASE, latestCode, newNonce, simulator, typeAndEnter, until } from './support.js';

// Vue's ESM build for bundlers reads process.env.NODE_ENV, which a bundler would replace.
(globalThis as { process?: unknown }).process ??= { env: { NODE_ENV: 'development' } };
const { createApp, h } = await import('vue');
const { ConsentForm } = await import('../../../demo/examples/vue/consent-form.js');

let host: HTMLElement | undefined;
let unmount = () => {};
afterEach(() => {
  unmount();
  host?.remove();
});

function mountExample(nonce: string) {
  host = document.createElement('div');
  document.body.append(host);
  const states: string[] = [];
  const app = createApp({
    render: () => h(ConsentForm, { nonce, apiBase: BASE, onStateChange: (state: string) => states.push(state) }),
  });
  app.mount(host);
  unmount = () => app.unmount();
  const el = host.querySelector('ijazat-consent')!;
  const text = (id: string) => host!.querySelector(`[data-testid=${id}]`)?.textContent ?? null;
  return { el, states, text, submit: host.querySelector('button')! };
}

describe('the Vue example', () => {
  beforeEach(simulator);

  it('upgrades the tag with the attributes Vue passed, and ijazat-state reaches the component', async () => {
    const nonce = newNonce();
    const { el, states, text } = mountExample(nonce);
    expect(el).to.be.instanceOf(customElements.get('ijazat-consent')!);
    expect(el.getAttribute('partner-key')).to.equal('pk_test_sandbox_bank');
    expect((el as unknown as { nonce: string }).nonce).to.equal(nonce);
    await until('the CNIC step in the component', () => text('consent-state') === 'cnic-entry');
    expect(states).to.include('cnic-entry');
  });

  it('enables submit on ijazat-granted after the citizen consents', async () => {
    const { el, text, submit } = mountExample(newNonce());
    await until('the CNIC step', () => text('consent-state') === 'cnic-entry');
    expect(submit.disabled).to.equal(true);
    await typeAndEnter(el, '35202-1111111-1');
    await until('the code step', () => text('consent-state') === 'code-entry');
    await typeAndEnter(el, await latestCode('sim_ayesha'));
    await until('submit enabled by the handler', () => !host!.querySelector('button')!.disabled);
    expect(text('consent-state')).to.equal('granted');
  });

  it('shows the code of ijazat-error in the component', async () => {
    const { text } = mountExample('too-short');
    await until('the error in the component', () => text('consent-error') !== null);
    expect(text('consent-error')).to.equal('missing_attribute');
  });
});
