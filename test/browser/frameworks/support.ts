/**
 * What the framework examples' browser tests share: the in-page simulator (the real backend, in this
 * page's own IndexedDB), a valid nonce, and a citizen typing into the widget. Not a test file.
 */
import { sendKeys } from '@web/test-runner-commands';
import { startBrowserSimulator, type BrowserSimulator } from '../../../simulator/index.js';

export const BASE = 'https://sandbox.ijazat.test';
/** As a partner backend makes one: 32 random bytes, base64url. */
export const newNonce = () =>
  btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

let running: BrowserSimulator | undefined;
export async function simulator(): Promise<void> {
  running ??= await startBrowserSimulator({ dbName: `ijazat-frameworks-${crypto.randomUUID()}` });
  await fetch(`${BASE}/__sim/reset`, { method: 'POST', headers: { 'Content-Type': 'application/json' } });
}

export async function until(what: string, ready: () => unknown, ms = 8000): Promise<void> {
  const start = performance.now();
  while (!ready()) {
    if (performance.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The citizen types into the widget's visible field and presses Enter. */
export async function typeAndEnter(el: Element, text: string): Promise<void> {
  const input = el.shadowRoot!.querySelector('input')!;
  input.focus();
  await sendKeys({ type: text });
  await sendKeys({ press: 'Enter' });
}

export async function latestCode(simId: string): Promise<string> {
  const { messages } = await (await fetch(`${BASE}/__sim/sims/${simId}/messages`)).json();
  const sms = [...messages]
    .reverse()
    .find((m: { direction: string; body: string }) => m.direction === 'in' && /#\d{6}$/.test(m.body));
  return /#(\d{6})$/.exec(sms.body)![1]!;
}
