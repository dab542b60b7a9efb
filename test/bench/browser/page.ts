/**
 * The bench page's script (bundled by esbuild, served by server.ts): starts the in-page simulator
 * behind MSW's worker, loads the widget's single-file build from /ijazat-consent.js exactly as a
 * partner page would, and measures in the page with performance.now(). Playwright (browser.ts)
 * calls the `bench` object it puts on window and reads the samples back.
 */
import { startBrowserSimulator } from '../../../simulator/index.js';

interface KeystrokeProbe {
  samples: number[];
  values: string[];
  armed: boolean;
}

type Widget = HTMLElement & { updateComplete: Promise<boolean>; state: string };

const LIMITS = {
  partnerRequestsPerMinute: 10_000_000,
  partnerCeilingPerMinute: 100_000_000,
  wrongCodesPerClientPerHour: 10_000_000,
  smsPerCnicPerHour: 1_000_000,
};
const NONCE = 'bench-nonce-0123456789abcdef';

const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Style and layout now, as the browser must before it can paint the result. */
function layout(el: Element): void {
  void (el.shadowRoot?.firstElementChild ?? el).getBoundingClientRect();
}

/** Where the widget finds the service: the in-page simulator (any URL MSW sees), or a real server. */
let apiBase = location.origin;

function configure(el: HTMLElement): void {
  el.setAttribute('partner-key', 'pk_test_sandbox_bank');
  el.setAttribute('purpose', 'account-opening');
  el.setAttribute('nonce', NONCE);
  el.setAttribute('api-base', apiBase);
}

function whenState(el: HTMLElement, states: string[], timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    if (states.includes((el as Widget).state)) return resolve((el as Widget).state);
    const timer = setTimeout(
      () => reject(new Error(`widget stayed in ${(el as Widget).state}, waited for ${states.join('|')}`)),
      timeoutMs,
    );
    el.addEventListener('ijazat-state', function on(event) {
      const state = (event as CustomEvent<{ state: string }>).detail.state;
      if (!states.includes(state)) return;
      clearTimeout(timer);
      el.removeEventListener('ijazat-state', on);
      resolve(state);
    });
  });
}

/** A configured widget, loaded (the partner context fetched); `offline`: no nonce, so no fetch at all. */
async function mount(offline = false): Promise<Widget> {
  const el = document.createElement('ijazat-consent') as Widget;
  configure(el);
  if (offline) el.removeAttribute('nonce');
  document.body.append(el);
  await el.updateComplete;
  await whenState(el, [offline ? 'misconfigured' : 'cnic-entry']);
  await el.updateComplete;
  return el;
}

const bench = {
  /** The simulator in this page, behind MSW's worker. */
  async start(dbName: string): Promise<void> {
    await startBrowserSimulator({ dbName, limits: LIMITS });
  },

  /** No simulator in this page: the widget talks to the simulator's HTTP server, as to a real service. */
  useService(url: string): void {
    apiBase = url;
  },

  /**
   * The page already holds a configured <ijazat-consent> (see server.ts): time from the moment the
   * bundle calls customElements.define to the first render committed and laid out.
   */
  async firstRender(): Promise<{ defineToRenderMs: number; defineToReadyMs: number }> {
    const el = document.querySelector('ijazat-consent')!;
    configure(el);
    let defined = 0;
    let rendered!: Promise<number>;
    const define = customElements.define.bind(customElements);
    customElements.define = (name, constructor, options) => {
      defined = performance.now();
      define(name, constructor, options);
      rendered = (el as Widget).updateComplete.then(() => (layout(el), performance.now()));
    };
    await import(/* @vite-ignore */ `${location.origin}/ijazat-consent.js`);
    customElements.define = define;
    const renderedAt = await rendered;
    await whenState(el, ['cnic-entry']);
    await (el as Widget).updateComplete;
    layout(el);
    return { defineToRenderMs: renderedAt - defined, defineToReadyMs: performance.now() - defined };
  },

  async loadWidget(): Promise<void> {
    await import(/* @vite-ignore */ `${location.origin}/ijazat-consent.js`);
  },

  /** CNIC submitted → the code field rendered, focused and laid out; the simulator at zero latency. */
  async submitToCode(runs: number, warmup: number): Promise<number[]> {
    const samples: number[] = [];
    for (let run = 0; run < warmup + runs; run++) {
      const el = await mount();
      const root = el.shadowRoot!;
      const cnic = root.querySelector<HTMLInputElement>('#cnic')!;
      cnic.value = '35202-1111111-1';
      cnic.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertFromPaste' }));
      const button = root.querySelector<HTMLButtonElement>('button[type=submit]')!;
      const start = performance.now();
      button.click();
      await whenState(el, ['code-entry']);
      let code: HTMLInputElement | null;
      while (!(code = root.querySelector<HTMLInputElement>('#code')) || root.activeElement !== code)
        await el.updateComplete;
      layout(el);
      const elapsed = performance.now() - start;
      if (run >= warmup) samples.push(elapsed);
      el.remove();
      await frame();
    }
    return samples;
  },

  /**
   * Arms the keystroke probe on a fresh widget: for each real input event on the CNIC field, from
   * the event reaching the widget (capture on its shadow root, before its own handler) to the
   * formatted value laid out (after its handler, on the document).
   */
  async armKeystrokes(): Promise<void> {
    document.querySelectorAll('ijazat-consent').forEach((el) => el.remove());
    const el = await mount();
    const root = el.shadowRoot!;
    const input = root.querySelector<HTMLInputElement>('#cnic')!;
    const probe: KeystrokeProbe = { samples: [], values: [], armed: true };
    (window as unknown as { keystrokes: KeystrokeProbe }).keystrokes = probe;
    let start = 0;
    root.addEventListener('input', () => (start = performance.now()), { capture: true });
    document.addEventListener('input', () => {
      if (!probe.armed) return;
      layout(input);
      probe.samples.push(performance.now() - start);
      probe.values.push(input.value);
    });
    input.focus();
  },

  /** 1 000 mount/unmount cycles (each to its loaded state): the JS heap after forced GC, before and after. */
  async mountCycles(
    cycles: number,
    warmup: number,
    offline = false,
  ): Promise<{ startBytes: number; endBytes: number; cycles: number; precise: boolean; leakedWidgetBytes: number }> {
    const gc = (window as unknown as { gc?: () => void }).gc;
    if (!gc) throw new Error('launch Chromium with --js-flags=--expose-gc');
    const heap = async () => {
      await sleep(200); // let pending fetches, timers and microtasks finish
      for (let i = 0; i < 4; i++) {
        gc();
        await sleep(20);
      }
      return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
    };
    const cycle = async () => {
      const el = await mount(offline);
      el.remove();
    };
    for (let i = 0; i < warmup; i++) await cycle();
    const startBytes = await heap();
    for (let i = 0; i < cycles; i++) await cycle();
    const endBytes = await heap();
    // What one leaked widget would cost: 100 cycles whose elements are kept (unmounted) in an array.
    // The margin is judged against this, so it is known to catch a real leak.
    const kept: Widget[] = [];
    const beforeKept = await heap();
    for (let i = 0; i < 100; i++) {
      const el = await mount(offline);
      el.remove();
      kept.push(el);
    }
    const leakedWidgetBytes = ((await heap()) - beforeKept) / kept.length;
    kept.length = 0;
    const precise =
      (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize % 1024 !== 0 ||
      startBytes % 1024 !== 0;
    return { startBytes, endBytes, cycles, precise, leakedWidgetBytes };
  },
};

(window as unknown as { bench: typeof bench }).bench = bench;
document.documentElement.dataset.benchReady = 'true';
