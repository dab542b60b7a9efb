/**
 * What the widget's browser tests share: the in-page simulator (the real backend), a form holding
 * the element, and ways to read the widget the way a citizen reads it. Not a test file.
 */
import { html, render, type TemplateResult } from 'lit';
import { sendKeys } from '@web/test-runner-commands';
import { startBrowserSimulator, type BrowserSimulator } from '../../../simulator/index.js';
import '../../../src/index.js';
import { BASE, sim } from '../support/sandbox-fetch.js';
import type { IjazatConsent } from '../../../src/index.js';

export { BASE, sim };

export const NONCE = 'widget-test-nonce-0123456789abcdef';
export const CNIC = {
  ayesha: '35202-1111111-1',
  bilal: '42101-2222222-2',
  chand: '61101-3333333-3',
  danish: '37405-4444444-4',
  erum: '54400-5555555-5',
  nobody: '35202-9876543-1',
};

let running: BrowserSimulator | undefined;
const placed: HTMLElement[] = [];
/** One simulator per test page, in its own IndexedDB; reset to seeds (and the page emptied) before each test. */
export async function simulator(): Promise<void> {
  placed.splice(0).forEach((container) => container.remove());
  running ??= await startBrowserSimulator({ dbName: `ijazat-widget-${crypto.randomUUID()}` });
  await sim('POST', '/__sim/reset');
}

/**
 * A phone whose clock is `ms` off: the page's `Date` (what the widget could read) runs shifted, while
 * the in-page simulator keeps true time (its clock offset takes the shift back out). Returns the undo.
 */
export function shiftPageClock(ms: number): () => void {
  const RealDate = Date;
  const { clock } = running!.simulator;
  class PhoneDate extends RealDate {
    constructor(...args: []) {
      if (args.length) super(...args);
      else super(RealDate.now() + ms);
    }
    static override now() {
      return RealDate.now() + ms;
    }
  }
  globalThis.Date = PhoneDate as DateConstructor;
  clock.set(clock.offset - ms);
  return () => {
    globalThis.Date = RealDate;
    clock.set(clock.offset + ms);
  };
}

/**
 * Renders a template into the page. Not open-wc's `fixture`: it waits for an animation frame, and
 * test pages that run in a background tab (two files at once) get no frames.
 */
export function place<T extends Element>(template: TemplateResult): T {
  const container = document.createElement('div');
  document.body.append(container);
  placed.push(container);
  render(template, container);
  return container.firstElementChild as T;
}

/** Moves the simulated clock to just after a minute begins: the partner limit's fixed one-minute window then has all of it left. */
export async function startOfMinute(): Promise<void> {
  const now = Date.parse((await sim('GET', '/__sim/clock')).now);
  await sim('POST', '/__sim/clock', { advanceSeconds: (60_000 - (now % 60_000)) / 1000 + 1 });
}

export const setFaults = (faults: Record<string, number>) =>
  sim('PUT', '/__sim/faults', { latencyMs: 0, smsDelayMs: 0, failureRate: 0, dropRate: 0, failNext: 0, ...faults });
export const setLimits = async (limits: Record<string, number>) =>
  sim('PUT', '/__sim/limits', { ...(await sim('GET', '/__sim/limits')), ...limits });

/** The newest passcode in a SIM's inbox, as the citizen reads it on their phone. */
export async function latestCode(simId: string): Promise<string> {
  const { messages } = await sim('GET', `/__sim/sims/${simId}/messages`);
  const sms = [...messages]
    .reverse()
    .find((m: { direction: string; body: string }) => m.direction === 'in' && /#\d{6}$/.test(m.body));
  if (!sms) throw new Error(`no passcode SMS for ${simId}`);
  return /#(\d{6})$/.exec(sms.body)![1]!;
}

export const wrongCode = (code: string) => (code === '000000' ? '111111' : '000000');

export interface Mounted {
  form: HTMLFormElement;
  el: IjazatConsent;
}

/** A partner's onboarding form with the tag in it, as docs/widget.md shows. */
export async function mount(attrs: Record<string, string | boolean> = {}): Promise<Mounted> {
  const form = place<HTMLFormElement>(
    html`<form><input name="full_name" value="Ayesha Raza" /><button type="submit">Open account</button></form>`,
  );
  const el = document.createElement('ijazat-consent');
  const all: Record<string, string | boolean> = {
    'partner-key': 'pk_test_sandbox_bank',
    purpose: 'account-opening',
    nonce: NONCE,
    name: 'ijazat_token',
    ...attrs,
  };
  for (const [name, value] of Object.entries(all))
    if (value !== false) el.setAttribute(name, value === true ? '' : value);
  form.prepend(el);
  return { form, el };
}

/** Resolves when `ready()` holds, checking on every frame (fails the test after `ms`). */
export async function until(what: string, ready: () => unknown, ms = 8000): Promise<void> {
  const start = performance.now();
  while (!ready()) {
    if (performance.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Like `until`, for conditions that need an await (the service's view of things). */
export async function eventually(what: string, ready: () => Promise<unknown>, ms = 8000): Promise<void> {
  const start = performance.now();
  while (!(await ready())) {
    if (performance.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const untilState = (el: IjazatConsent, state: string, ms?: number) =>
  until(`state ${state} (now ${el.state})`, () => el.state === state, ms);

export const $ = <T extends Element = HTMLElement>(el: IjazatConsent, selector: string) =>
  el.shadowRoot!.querySelector<T & HTMLElement>(selector);

/** What the citizen sees (rendered text): bidi isolates removed, whitespace collapsed. */
export const seen = (el: Element | null | undefined) =>
  ((el as HTMLElement | null)?.innerText ?? '')
    .replace(/[\u2066\u2068\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

export const cnicInput = (el: IjazatConsent) => $<HTMLInputElement>(el, '#cnic')!;
export const codeInput = (el: IjazatConsent) => $<HTMLInputElement>(el, '#code')!;
export const button = (el: IjazatConsent, label: string | RegExp) =>
  [...el.shadowRoot!.querySelectorAll('button')].find((b) =>
    typeof label === 'string' ? seen(b) === label : label.test(seen(b)),
  );

/** Types like a citizen: focus the field, then real key presses. */
export async function typeInto(input: HTMLInputElement, text: string): Promise<void> {
  input.focus();
  await sendKeys({ type: text });
}

export const press = (key: string) => sendKeys({ press: key });

/** From a fresh form: CNIC typed, Enter pressed, the code step showing. */
export async function toCodeStep(el: IjazatConsent, cnic = CNIC.ayesha): Promise<void> {
  await untilState(el, 'cnic-entry');
  await typeInto(cnicInput(el), cnic);
  await press('Enter');
  await until('the code step', () => el.state === 'code-entry' || el.state === 'expiring-soon');
}

/** Every `ijazat-error` code the element raises, in order. */
export function errorsOf(el: HTMLElement): string[] {
  const codes: string[] = [];
  el.addEventListener('ijazat-error', (event) => codes.push(event.detail.code));
  return codes;
}

/** The error a citizen reads under a field, and whether the field is marked and described by it. */
export function fieldError(el: IjazatConsent, id: 'cnic' | 'code') {
  const input = $<HTMLInputElement>(el, `#${id}`)!;
  const error = $(el, `#${id}-error`);
  return {
    text: seen(error),
    invalid: input.getAttribute('aria-invalid') === 'true',
    described: (input.getAttribute('aria-describedby') ?? '').split(' ').includes(`${id}-error`),
  };
}
