/**
 * Drives a real <ijazat-consent> the way a citizen does, through its shadow root: type into its
 * input, submit its form, wait for the state it announces. Used by the gallery (and so by the demo
 * walk test). Only the widget's documented surface is relied on where one exists (the `ijazat-state`
 * and `ijazat-error` events, the `state` it reports); the rest is what a citizen sees and touches.
 */

type Widget = HTMLElement & { state?: string };

export class DriveError extends Error {
  override name = 'DriveError';
}

function root(widget: Widget): ShadowRoot {
  if (!widget.shadowRoot) throw new DriveError('the widget has no open shadow root');
  return widget.shadowRoot;
}

function visible(element: Element): boolean {
  return (element as HTMLElement).offsetParent !== null || element.getClientRects().length > 0;
}

/** The input a citizen would type into now: the code input once a code is asked for, else the CNIC input. */
export function input(widget: Widget, kind: 'cnic' | 'code'): HTMLInputElement {
  const inputs = [...root(widget).querySelectorAll('input')].filter(visible);
  const found =
    kind === 'code'
      ? inputs.find((candidate) => candidate.autocomplete === 'one-time-code')
      : inputs.find((candidate) => candidate.autocomplete !== 'one-time-code');
  if (!found) throw new DriveError(`no ${kind} input is showing (state ${stateOf(widget)})`);
  return found;
}

/** Types text as a citizen would: focus, the value, an input event per keystroke. */
export function type(field: HTMLInputElement, text: string): void {
  field.focus();
  field.value = '';
  for (const char of text) {
    field.value += char;
    field.dispatchEvent(
      new InputEvent('input', { bubbles: true, composed: true, data: char, inputType: 'insertText' }),
    );
  }
  field.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

/** Submits the field's form the way Enter would (requestSubmit runs the same validation). */
export function submit(field: HTMLInputElement): void {
  if (field.form) {
    field.form.requestSubmit();
    return;
  }
  const button = [...(field.getRootNode() as ParentNode).querySelectorAll('button')]
    .filter(visible)
    .find((candidate) => candidate.type === 'submit');
  if (!button) throw new DriveError('no form and no submit button to press');
  button.click();
}

/** The widget's current state, as it reports it. */
export function stateOf(widget: Widget): string {
  return String(widget.state ?? widget.getAttribute('state') ?? 'unknown');
}

/** The last error code the widget raised (from its `ijazat-error` events). */
export function lastError(widget: Widget): string | null {
  return widget.dataset.lastError ?? null;
}

/** Records the widget's error codes on it, so a cell can wait for a specific one. */
export function watch(widget: Widget): void {
  widget.addEventListener('ijazat-error', (event) => {
    widget.dataset.lastError = String((event as CustomEvent<{ code?: string }>).detail?.code ?? '');
  });
}

/** Resolves when `ready()` is true, re-checked on each of the widget's events and every 50 ms. */
export function until(widget: Widget, what: string, ready: () => boolean, timeoutMs = 8000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const check = () => {
      let ok: boolean;
      try {
        ok = ready();
      } catch {
        ok = false;
      }
      if (ok) {
        cleanup();
        resolve();
      } else if (performance.now() - started > timeoutMs) {
        cleanup();
        reject(
          new DriveError(
            `timed out waiting for ${what} (state ${stateOf(widget)}, last error ${lastError(widget) ?? 'none'})`,
          ),
        );
      }
    };
    const timer = setInterval(check, 50);
    const events = ['ijazat-state', 'ijazat-error', 'ijazat-granted', 'ijazat-passcode-sent'];
    const cleanup = () => {
      clearInterval(timer);
      for (const name of events) widget.removeEventListener(name, check);
    };
    for (const name of events) widget.addEventListener(name, check);
    check();
  });
}

export function untilState(widget: Widget, states: string | string[], timeoutMs?: number): Promise<void> {
  const wanted = Array.isArray(states) ? states : [states];
  return until(widget, `state ${wanted.join(' or ')}`, () => wanted.includes(stateOf(widget)), timeoutMs);
}

export function untilError(widget: Widget, code: string, timeoutMs?: number): Promise<void> {
  return until(widget, `error ${code}`, () => lastError(widget) === code, timeoutMs);
}
