/**
 * What the reliability browser tests share: the real <ijazat-consent> in a partner's form, the
 * simulator behind MSW's service worker in this page (its own IndexedDB, restartable like a page
 * reload), and the citizen's hands (sendKeys) and phone (the SIM inbox). Not a test file.
 */
import { sendKeys } from '@web/test-runner-commands';
import { startBrowserSimulator, type BrowserSimulator } from '../../../simulator/index.js';
import '../../../src/index.js';
import { BASE, sim } from '../support/sandbox-fetch.js';
import type { IjazatConsent } from '../../../src/index.js';

export { BASE, sim };

export const AYESHA = { id: 'cit_ayesha', cnic: '35202-1111111-1', simId: 'sim_ayesha', mobile: '03001111111' };
export const BILAL = { id: 'cit_bilal', cnic: '42101-2222222-2', simId: 'sim_bilal', mobile: '03212222222' };

export const newNonce = () => `rel-${crypto.randomUUID().replace(/-/g, '')}`;

let running: BrowserSimulator | undefined;
let dbName = '';

/** Starts this page's simulator on a unique database (once), reset to the seeds. */
export async function freshSimulator(prefix: string): Promise<BrowserSimulator> {
  if (!running) {
    dbName = `ijazat-reliability-${prefix}-${crypto.randomUUID()}`;
    running = await startBrowserSimulator({ dbName });
  }
  await sim('POST', '/__sim/reset');
  return running;
}

/** What a page reload does to the service: the in-page simulator goes away and comes back on the same database. */
export async function reloadSimulator(): Promise<BrowserSimulator> {
  await running!.stop();
  running = await startBrowserSimulator({ dbName });
  return running;
}

export const simulatorDbName = () => dbName;

export const setFaults = (faults: Record<string, number>) =>
  sim('PUT', '/__sim/faults', { latencyMs: 0, smsDelayMs: 0, failureRate: 0, dropRate: 0, failNext: 0, ...faults });

/** The SIM's received messages, as the phone shows them. */
export async function inbox(simId: string): Promise<{ body: string }[]> {
  const { messages } = await sim('GET', `/__sim/sims/${simId}/messages`);
  return messages.filter((m: { direction: string }) => m.direction === 'in');
}

export async function latestCode(simId: string): Promise<string> {
  const sms = (await inbox(simId)).reverse().find((m) => /#\d{6}$/.test(m.body));
  if (!sms) throw new Error(`no passcode SMS for ${simId}`);
  return /#(\d{6})$/.exec(sms.body)![1]!;
}

/** How many audit entries of each type the service recorded. */
export async function auditCounts(): Promise<Record<string, number> & { chainOk: number }> {
  const { entries, chain } = await sim('GET', '/__sim/audit');
  const counts: Record<string, number> = { chainOk: chain.ok ? 1 : 0 };
  for (const e of entries) counts[e.type] = (counts[e.type] ?? 0) + 1;
  return counts as Record<string, number> & { chainOk: number };
}

export async function consents(citizenId: string): Promise<{ jti: string; status: string }[]> {
  return (await sim('GET', `/__sim/citizens/${citizenId}/consents`)).consents;
}

export interface Mounted {
  form: HTMLFormElement;
  el: IjazatConsent;
}

const mounted: HTMLFormElement[] = [];

/**
 * A partner's onboarding form with the tag in it (the previous test's form is removed first). Built
 * by hand rather than with `fixture()`, which waits for an animation frame: a test page that is not
 * the browser's front tab (the runner opens two at once) gets none, and would wait forever.
 */
export async function mount(attrs: Record<string, string> = {}): Promise<Mounted> {
  for (const old of mounted.splice(0)) old.remove();
  const form = document.createElement('form');
  form.action = '/onboard';
  form.method = 'post';
  const submit = document.createElement('button');
  submit.type = 'submit';
  submit.textContent = 'Open account';
  form.append(submit);
  document.body.append(form);
  mounted.push(form);
  const el = document.createElement('ijazat-consent');
  const all = {
    'partner-key': 'pk_test_sandbox_bank',
    purpose: 'account-opening',
    nonce: newNonce(),
    name: 'ijazat_token',
    ...attrs,
  };
  for (const [name, value] of Object.entries(all)) el.setAttribute(name, value);
  form.prepend(el);
  return { form, el };
}

export async function until(what: string, ready: () => unknown, ms = 8000): Promise<void> {
  const start = performance.now();
  while (!(await ready())) {
    if (performance.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const untilState = (el: IjazatConsent, state: string, ms?: number) =>
  until(`state ${state} (now ${el.state})`, () => el.state === state, ms);
export const untilStates = (el: IjazatConsent, states: string[], ms?: number) =>
  until(`one of ${states.join(', ')} (now ${el.state})`, () => states.includes(el.state), ms);

export const $ = <T extends Element = HTMLElement>(el: IjazatConsent, selector: string) =>
  el.shadowRoot!.querySelector<T & HTMLElement>(selector);
export const seen = (node: Element | null | undefined) =>
  ((node as HTMLElement | null)?.innerText ?? '')
    .replace(/[\u2066\u2068\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
export const cnicInput = (el: IjazatConsent) => $<HTMLInputElement>(el, '#cnic')!;
export const codeInput = (el: IjazatConsent) => $<HTMLInputElement>(el, '#code')!;

/** Types like a citizen: focus the field, then real key presses. */
export async function typeInto(input: HTMLInputElement, text: string): Promise<void> {
  input.focus();
  await sendKeys({ type: text });
}
export const press = (key: string) => sendKeys({ press: key });

/** Presses Enter in a field (the citizen's submit or "try again"), keeping what is typed there. */
export async function submitField(input: HTMLInputElement): Promise<void> {
  input.focus();
  await press('Enter');
}

export async function toCodeStep(el: IjazatConsent, cnic = AYESHA.cnic): Promise<void> {
  await untilState(el, 'cnic-entry');
  await typeInto(cnicInput(el), cnic);
  await press('Enter');
  await untilStates(el, ['code-entry', 'expiring-soon']);
}
