import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { IjazatConsent } from '../../../src/index.js';

async function until(what: string, ready: () => unknown, ms = 10_000) {
  const start = performance.now();
  while (!ready()) {
    if (performance.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('<ijazat-consent> on a page with a strict Content-Security-Policy', () => {
  it('renders and completes the flow with no policy violation', async () => {
    const frame = document.createElement('iframe');
    frame.src = '/test/browser/widget/csp/csp-page.html';
    frame.style.cssText = 'width: 600px; height: 700px';
    document.body.append(frame);
    await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    const win = frame.contentWindow as Window & typeof globalThis & { __ready: Promise<void>; __violations: string[] };
    await until('the page script', () => win.__ready);
    await win.__ready;

    // The policy is really enforced here: a string-to-HTML sink is refused.
    const probe = win.document.createElement('div');
    win.document.body.append(probe);
    let refused = '';
    try {
      probe.innerHTML = '<b>x</b>';
    } catch (error) {
      refused = String(error);
    }
    expect(refused).to.match(/requires 'TrustedHTML' assignment/);
    await until('the probe to be reported', () => win.__violations.length > 0);
    await new Promise((r) => setTimeout(r, 300));
    // Chromium reports the refused sink (sometimes twice); all of it is the probe's, from this file.
    expect(
      win.__violations.every((v) => /^require-trusted-types-for: .*strict-csp\.test\.ts/.test(v)),
      win.__violations.join(),
    ).to.equal(true);
    win.__violations.length = 0;

    const el = win.document.querySelector('ijazat-consent') as IjazatConsent;
    await until('the CNIC step', () => el.state === 'cnic-entry');
    expect(el.shadowRoot!.adoptedStyleSheets.length, 'styles through adoptedStyleSheets').to.equal(1);
    const button = el.shadowRoot!.querySelector('button[type=submit]')!;
    expect(win.getComputedStyle(button).fontWeight, 'the styles apply').to.equal('700');

    const cnic = el.shadowRoot!.querySelector<HTMLInputElement>('#cnic')!;
    frame.focus();
    cnic.focus();
    await sendKeys({ type: '3520211111111' });
    await sendKeys({ press: 'Enter' });
    await until('the code step', () => el.state === 'code-entry');
    const inbox = await win.fetch(`${win.location.origin}/__sim/sims/sim_ayesha/messages`).then((r) => r.json());
    const code = /#(\d{6})$/.exec(inbox.messages.at(-1).body)![1]!;
    el.shadowRoot!.querySelector<HTMLInputElement>('#code')!.focus();
    await sendKeys({ type: code });
    await sendKeys({ press: 'Enter' });
    await until('consent', () => el.state === 'granted');
    const data = new win.FormData(win.document.querySelector('form')!);
    expect(data.get('ijazat_token')).to.match(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(win.__violations).to.deep.equal([]);
    frame.remove();
  });
});
