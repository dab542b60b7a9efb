import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { isTransient, ServiceClient } from './client/service-client.js';
import { caretAfter, digitsBefore, formatCnic } from './input/cnic.js';
import { codeInText } from './input/passcode.js';
import { DEFAULT_API_BASE } from '../contract/api.js';
import type { Locale } from '../contract/schemas.js';
import { configProblem, ConsentFlow, type ConsentState, type FlowError } from './flow/consent-flow.js';
import en from './translations/en.js';
import type { Translation } from './translations/translation.js';
import ur from './translations/ur.js';
import styles from './ijazat-consent.styles.js';

/**
 * Values go into sentences bidi-isolated, as <bdi> would. Words get a first-strong isolate (FSI);
 * values with no letters (masked mobiles, times, counts) a left-to-right one (LRI), because FSI would
 * take the Urdu sentence's direction and show "03•• •••••67" reversed.
 */
const fill = (text: string, values: Record<string, unknown>) =>
  text.replace(/\{(\w+)\}/g, (_, k) => `${/\p{L}/u.test(`${values[k]}`) ? '\u2068' : '\u2066'}${values[k]}\u2069`);
const clock = (s: number) => `${(s / 60) | 0}:${String(s % 60).padStart(2, '0')}`;
const nativeNonce = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'nonce')!.get!;
const CODE_STEP: ConsentState[] = ['code-entry', 'expiring-soon', 'verifying', 'expired'];

/**
 * `<ijazat-consent>`: asks a citizen for consent to verify their CNIC, with a 6-digit SMS passcode as the
 * consent, and puts the resulting consent token in the surrounding form under `name`.
 *
 * @summary CNIC verification with the citizen's consent, as a form control.
 *
 * @attr partner-key - The partner's publishable key (`pk_…`). Required.
 * @attr purpose - The purpose id registered for the partner, e.g. `account-opening`. Required.
 * @attr nonce - A fresh ≥128-bit value from the partner's backend for this session (22–256 URL-safe characters). Required.
 * @attr api-base - The service URL; default `https://sandbox.ijazat.test`.
 * @attr locale - `en` (default) or `ur`.
 * @attr name - The form field name the token is submitted under.
 * @attr required - The form is invalid until consent is given.
 * @attr disabled - Disables the control (also when inside a disabled fieldset).
 * @attr heading-level - The level of the widget's heading (1–6, default 2), to fit the page's outline.
 * @attr theme - `light`, `dark` or `auto` (the citizen's setting); unset, the page's `color-scheme` decides, else light.
 *
 * @event ijazat-state - `{ state }`: the widget moved to another state.
 * @event ijazat-passcode-sent - `{ requestId, maskedMobile, expiresAt }`: a passcode SMS was sent.
 * @event ijazat-granted - `{ token, requestId, expiresAt }`: consent given; the token is now the form value.
 * @event ijazat-error - `{ code, message }`: something failed; `code` is an ErrorCode.
 * @event ijazat-cancel - The citizen cancelled.
 *
 * @csspart base - The widget's box (carries `dir` and `lang`).
 * @csspart header - Who asks, why, and what is shared.
 * @csspart data-items - The list of data items that will be shared.
 * @csspart form - The CNIC form and the code form.
 * @csspart label - Input labels.
 * @csspart hint - Hints under labels.
 * @csspart input - Both inputs; also `cnic-input` and `code-input`.
 * @csspart error - Error messages tied to an input.
 * @csspart button - The primary button.
 * @csspart link - Secondary actions (send a new code, use a different CNIC number, cancel, start again).
 * @csspart help - The "Not received a text message?" path (a `<details>`).
 * @csspart meta - Time and attempts left.
 * @csspart message - A state's message box (errors, expired, locked, granted, cancelled); also `success`.
 * @csspart skeleton - The placeholder shown while loading.
 *
 * @cssprop --ijazat-color-accent - Buttons, links and the success mark.
 * @cssprop --ijazat-color-on-accent - Text on the primary button.
 * @cssprop --ijazat-color-text - Text.
 * @cssprop --ijazat-color-muted - Hints and time left.
 * @cssprop --ijazat-color-background - Background of the box and inputs.
 * @cssprop --ijazat-color-border - Borders of the box and inputs.
 * @cssprop --ijazat-color-error - Error text and borders.
 * @cssprop --ijazat-color-success - The granted message's mark.
 * @cssprop --ijazat-color-focus - The focus ring's inner tone (outside it, a near-black ring).
 * @cssprop --ijazat-font - The font shorthand.
 * @cssprop --ijazat-font-ur - The font shorthand in Urdu (default: Latin faces for digits, then Noto Nastaliq Urdu, Jameel Noori Nastaleeq, Noto Naskh Arabic; line height 2). Set it to the page's own Urdu font.
 * @cssprop --ijazat-radius - Corner radius of the box.
 * @cssprop --ijazat-padding - Padding of the box.
 * @cssprop --ijazat-max-width - Largest inline size of the widget.
 */
export class IjazatConsent extends LitElement {
  static formAssociated = true;
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  static override styles = styles;
  static override properties = {
    partnerKey: { attribute: 'partner-key' },
    purpose: {},
    nonce: {},
    apiBase: { attribute: 'api-base' },
    locale: {},
    name: { reflect: true },
    required: { type: Boolean, reflect: true },
    disabled: { type: Boolean, reflect: true },
    headingLevel: { type: Number, attribute: 'heading-level' },
    theme: { reflect: true },
    strings: { attribute: false },
    timeout: { type: Number },
  };

  declare partnerKey: string;
  declare purpose: string;
  declare nonce: string;
  declare apiBase: string;
  /** `en` or `ur`. */
  declare locale: string;
  declare name: string;
  declare required: boolean;
  declare disabled: boolean;
  /** The level of the widget's heading (1–6, default 2), to fit the page's outline. */
  declare headingLevel: number;
  /** `light`, `dark` or `auto` (the citizen's setting); unset, the page's `color-scheme` decides. */
  declare theme?: 'light' | 'dark' | 'auto';
  /** Overrides for any of the words (see `Translation`). */
  declare strings: Partial<Translation>;
  /** Milliseconds before a call to the service is given up as `timeout` (default 15 000). */
  declare timeout: number;

  private flow!: ConsentFlow;
  private readonly internals = this.attachInternals();
  private config?: string;
  private cnicText = '';
  private codeText = '';
  private formDisabled = false;
  private focusNext = false;
  private ticker?: ReturnType<typeof setInterval>;
  private otp?: AbortController;
  private form?: HTMLFormElement | null;

  constructor() {
    super();
    this.timeout = 15_000;
    this.headingLevel = 2;
    this.strings = {};
    // The browser refused to submit the form (required, no consent yet): say so in the widget too.
    this.addEventListener('invalid', () => this.flow.required());
  }

  /** The current state (see docs/widget.md). */
  get state(): ConsentState {
    return this.flow?.state ?? 'loading';
  }

  /** The consent token once granted, else ''. Submitted with the form under `name`. */
  get value(): string {
    return this.flow?.grant?.token ?? '';
  }

  get validity() {
    return this.internals.validity;
  }
  checkValidity() {
    return this.internals.checkValidity();
  }
  reportValidity() {
    return this.internals.reportValidity();
  }

  /** Back to the start: a fresh request (the partner context is loaded again), nothing kept. */
  reset(): void {
    this.config = undefined;
    this.cnicText = this.codeText = '';
    this.requestUpdate();
  }

  formAssociatedCallback(form: HTMLFormElement | null) {
    this.form?.removeEventListener('submit', this.onFormSubmit);
    (this.form = form)?.addEventListener('submit', this.onFormSubmit);
  }
  formResetCallback() {
    this.reset();
  }
  formDisabledCallback(disabled: boolean) {
    this.formDisabled = disabled;
    this.requestUpdate();
  }
  /** A consent cannot be restored from history: tokens are single use and short lived. Start again. */
  formStateRestoreCallback() {
    this.reset();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.stopTicker();
    this.otp?.abort();
  }

  /** A form with `novalidate` submits without asking the widget: it still shows what is missing. */
  private onFormSubmit = () => {
    if (this.required && !this.value) this.flow.required();
  };

  private get t(): Translation {
    return { ...(this.locale == 'ur' ? ur : en), ...this.strings };
  }

  private get busy() {
    return this.flow.busy || this.state == 'sending' || this.state == 'verifying';
  }

  override willUpdate(changed: PropertyValues<this>) {
    // A CSP sent as a header makes the browser hide `nonce` attributes (set to "") once connected; the
    // value stays in the element's internal slot, which HTMLElement's own `nonce` getter reads.
    this.nonce ||= nativeNonce.call(this);
    // Switching between valid locales re-renders; any other change of configuration starts over.
    const config = [this.partnerKey, this.purpose, this.nonce, this.apiBase, configProblem(this)].join('\n');
    if (config != this.config) {
      this.config = config;
      this.start();
    } else if (changed.has('timeout')) this.flow.api.timeoutMs = this.timeout;
  }

  private start() {
    this.flow?.dispose();
    this.otp?.abort();
    const flow: ConsentFlow = (this.flow = new ConsentFlow(
      new ServiceClient(this.partnerKey, this.apiBase || DEFAULT_API_BASE, this.timeout),
      this.purpose,
      this.nonce,
      (type, detail) => {
        if (flow != this.flow) return;
        if (type == 'ijazat-passcode-sent') {
          this.codeText = '';
          this.listenForSms();
        }
        if (type == 'ijazat-granted') {
          // Consent given: the passcode leaves memory (its input leaves the DOM with the code step).
          this.codeText = this.cnicText = '';
          // The form holds the token before listeners run: one may submit it at once.
          this.syncForm();
        }
        // Widget codes carry no service message: the developer gets the words the citizen was shown.
        if (type == 'ijazat-error')
          (detail as { message: string }).message ||= this.say(flow.error!).replace(/[\u2066\u2068\u2069]/g, '');
        this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
      },
      () => flow == this.flow && this.requestUpdate(),
    ));
    const bad = configProblem(this);
    if (bad) flow.misconfigured(bad);
    else void flow.load();
  }

  /** The form value and validity, from the flow as it is now. */
  private syncForm() {
    const token = this.value;
    this.internals.setFormValue(token || null, '');
    const anchor = this.renderRoot.querySelector<HTMLElement>('input,button');
    if (this.required && !token)
      this.internals.setValidity({ valueMissing: true }, this.t.required, anchor ?? undefined);
    else this.internals.setValidity({});
  }

  override updated() {
    const flow = this.flow;
    this.syncForm();
    // The clock runs while a code is open and while the service asks the citizen to wait.
    if (CODE_STEP.includes(flow.state) || flow.secondsUntil(flow.retryAt))
      this.ticker ??= setInterval(() => (flow.tick(), this.requestUpdate()), 1000);
    else this.stopTicker();
    if (!flow.codeOpen && flow.state != 'verifying') this.otp?.abort();
    if (this.focusNext && !this.busy) {
      this.focusNext = false;
      this.renderRoot.querySelector<HTMLElement>('[data-focus]')?.focus();
      this.renderRoot.querySelector('#sent')?.scrollIntoView({ block: 'nearest' });
    }
  }

  private stopTicker() {
    clearInterval(this.ticker);
    this.ticker = undefined;
  }

  /** WebOTP: where the browser supports it, the SMS fills the code (aborted once no longer needed). */
  private listenForSms() {
    this.otp?.abort();
    if (!('OTPCredential' in window)) return;
    const otp = (this.otp = new AbortController());
    navigator.credentials
      .get({ otp: { transport: ['sms'] }, signal: otp.signal } as CredentialRequestOptions)
      .then((credential) => {
        const code = (credential as { code?: string } | null)?.code;
        const field = this.field('code');
        if (!code || otp.signal.aborted || !field) return;
        field.value = this.codeText = code;
        this.act(() => this.flow.submitCode(code));
      })
      .catch(() => {});
  }

  private field(id: string) {
    return this.renderRoot.querySelector<HTMLInputElement>(`#${id}`);
  }

  /** A citizen's action: once its answer is in, focus moves to what the new state asks of them. */
  private act(action: () => unknown) {
    this.focusNext = true;
    action();
    this.requestUpdate();
  }

  private onCnicInput(event: InputEvent) {
    const input = event.target as HTMLInputElement;
    const at = digitsBefore(input.value, input.selectionStart ?? input.value.length);
    const formatted = formatCnic(input.value);
    if (formatted != input.value) {
      input.value = formatted;
      const caret = caretAfter(formatted, at);
      input.setSelectionRange(caret, caret);
    }
    this.cnicText = formatted;
  }

  /** Typed as is; a whole SMS pasted in becomes the one code it holds. */
  private onCodeInput(event: InputEvent) {
    const input = event.target as HTMLInputElement;
    input.value = this.codeText = codeInText(input.value) ?? input.value;
  }

  private submit(event: SubmitEvent) {
    event.preventDefault();
    if (this.isDisabled || this.waiting) return;
    const value = ((event.target as HTMLFormElement).elements.namedItem('f') as HTMLInputElement).value;
    this.act(() =>
      this.state == 'cnic-entry' ? this.flow.submitCnic(value, this.t.$code as Locale) : this.flow.submitCode(value),
    );
  }

  private get isDisabled() {
    return this.disabled || this.formDisabled;
  }

  /** Seconds the service asked the citizen to wait before trying again (a lock, a back-off, a limit). */
  private get waiting() {
    return this.flow.secondsUntil(this.flow.retryAt);
  }

  /**
   * What the polite live region says (no whitespace around it: it is read as is): what focus cannot
   * tell. Errors tied to the field focus is in, progress, a new code, and what the clock does alone.
   * Messages that replace the form are alerts of their own.
   */
  private announcement(t: Translation): string {
    const { state, error } = this.flow;
    if (error && (state == 'cnic-entry' || CODE_STEP.includes(state))) return this.say(error);
    if (state === 'sending') return t.sending;
    if (state === 'expiring-soon') return t.expiring;
    if (state === 'expired') return t.code_expired;
    if (state === 'code-entry' && this.flow.sends > 1) return t.resent;
    return '';
  }

  private say(error: FlowError): string {
    const t = this.t as unknown as Record<string, string>;
    const key = error.issue ? `${error.field}_${error.issue}` : error.code;
    const text = t[key] ?? (key == 'rate_limited' ? t.busy : /limit|backoff|soon/.test(key) ? t.wait : t.failed);
    const left = this.flow.msUntil(key == 'resend_too_soon' ? this.flow.resendAt : this.flow.retryAt);
    // The minute it is allowed again, on the citizen's own clock and in their language; it holds
    // still while the countdown runs, so the message is not read again.
    const at = new Date(Math.ceil((Date.now() + left) / 6e4) * 6e4);
    return fill(text!, {
      n: error.count ?? error.attemptsLeft,
      short: this.flow.context?.service.shortCode,
      time: clock(Math.ceil(left / 1000)),
      at: at.toLocaleTimeString(this.t.$code, { hour: 'numeric', minute: '2-digit' }),
    });
  }

  override render() {
    const t = this.t;
    const flow = this.flow;
    const state = flow.state;
    const { context: c, error } = flow;
    const lang = t.$code;
    let body: TemplateResult | typeof nothing = nothing;
    let header = false;
    if (state == 'misconfigured')
      body = this.message(
        t.missing_attribute,
        true,
        html`<p class="meta" dir="ltr"><code>missing_attribute</code>: ${error?.message}</p>`,
      );
    else if (state == 'loading')
      body = html`<div part="skeleton" class="skel">
        <p class="sr">${t.loading}</p>
        <div></div>
        <div></div>
        <div></div>
      </div>`;
    else if (state == 'unavailable')
      body = this.message(
        isTransient(error!.code) ? this.say(error!) : t.not_allowed,
        true,
        this.button(t.retry, () => flow.restart()),
      );
    else {
      const partner = c!.partner.displayName[lang];
      const purpose = c!.purpose.title[lang];
      if (state == 'granted') body = this.message(fill(t.granted, { partner }), false, nothing, 'success');
      else if (state == 'cancelled')
        body = this.message(
          fill(t.cancelled, { partner }),
          false,
          this.button(t.restart, () => flow.restart()),
        );
      else {
        header = true;
        const level = this.headingLevel >= 1 && this.headingLevel <= 6 ? this.headingLevel : 2;
        body = html`<div part="header">
            <div class="title" id="title" role="heading" aria-level=${level}>${fill(t.asks, { partner })}</div>
            <div id="about">
              <p>${fill(t.purpose, { purpose })}<br />${c!.purpose.description[lang]}</p>
              <p>${t.shares}</p>
              <ul part="data-items">
                ${c!.purpose.dataItems.map((item) => html`<li>${item.label[lang]}</li>`)}
              </ul>
            </div>
          </div>
          ${state == 'cnic-entry' || state == 'sending' ? this.cnicStep() : this.codeStep(partner, purpose)}`;
      }
    }
    // One named group: tabbing in, a screen reader says who asks and why before the first field.
    return html`<div
      part="base"
      class="base"
      dir=${t.$dir}
      lang=${lang}
      role=${header ? 'group' : nothing}
      aria-labelledby=${header ? 'title' : nothing}
      aria-describedby=${header ? 'about' : nothing}
    >
      ${body}
      <p class="sr" role="status">${this.announcement(t)}</p>
    </div>`;
  }

  private cnicStep() {
    const t = this.t;
    const error = this.flow.error;
    const wait = this.waiting;
    return this.fieldForm(
      'cnic',
      t.cnic,
      // Non-breaking hyphens: the example never wraps in the middle of the number.
      fill(t.cnic_hint, { example: '12345\u20111234567\u20111' }),
      this.waitMeta(wait),
      this.primary(error && isTransient(error.code) ? t.retry : t.send, t.sending, wait > 0),
    );
  }

  private codeStep(partner: string, purpose: string) {
    const t = this.t;
    const flow = this.flow;
    const { state, error } = flow;
    const req = flow.request!;
    const resendWait = flow.secondsUntil(flow.resendAt);
    const canResend = req.resendsLeft > 0 && req.resendInSeconds != null && error?.code != 'resend_limit_reached';
    const expired = state == 'expired';
    const resend = canResend ? this.button(t.resend, () => flow.resend(), !expired, resendWait > 0) : nothing;
    const cancel = this.button(t.cancel, () => flow.cancel(), true);
    const restart = this.button(t.restart, () => flow.restart(), true, this.waiting > 0);
    const help = html`<details part="help">
      <summary>${t.help}</summary>
      <p>${t.help_wait}</p>
      <p>${fill(t.help_register, { short: this.flow.context!.service.shortCode })}</p>
      <p>${t.help_nadra}</p>
    </details>`;
    if (state == 'locked')
      return html`${this.message(this.say(error ?? { code: 'request_locked' }), true, html`${restart}${cancel}`, '', this.waitMeta(this.waiting))}${help}`;
    const cnic = formatCnic(flow.cnic);
    // Why "Send a new code" cannot be pressed, wherever it cannot.
    const resendWhy = !canResend
      ? t.resend_limit_reached
      : resendWait > 0
        ? fill(t.resend_in, { time: clock(resendWait) })
        : '';
    return html`<p id="sent">
        ${flow.sends > 1 ? t.resent : fill(t.sent, { cnic })} ${this.button(t.change, () => flow.restart(), true)}
      </p>
      <p>${fill(t.consent, { partner, purpose })}</p>
      ${this.fieldForm(
        'code',
        t.code,
        t.code_hint,
        html`<p id="code-meta" part="meta" class="meta">
          ${expired ? nothing : fill(t.expires, { time: clock(flow.secondsUntil(flow.expiresAt)) })}
          ${req.attemptsLeft == 1 ? html`<strong>${t.last_attempt}</strong>` : fill(t.attempts, { n: req.attemptsLeft })}
          ${resendWhy ? html`<br />${resendWhy}` : nothing}
        </p>`,
        html`${expired && canResend ? nothing : this.primary(t.confirm, t.verifying)}${resend}${canResend ? nothing : restart}${cancel}`,
        expired && !error ? t.code_expired : '',
      )}
      ${help}`;
  }

  /** How long the service asked the citizen to wait, counting down (seen, not announced). */
  private waitMeta(seconds: number) {
    return seconds > 0
      ? html`<p part="meta" class="meta">${fill(this.t.retry_in, { time: clock(seconds) })}</p>`
      : nothing;
  }

  /**
   * One labelled native input, GOV.UK style: hint, then the error (prefixed for screen readers), then
   * the field, described by the hint and the error only. Errors of the step that are not the field's
   * own (a limit, the service, expiry) sit in the same place, tied to the field.
   */
  private fieldForm(
    id: 'cnic' | 'code',
    label: string,
    hint: string,
    after: unknown,
    actions: TemplateResult,
    notice = '',
  ) {
    const error = this.flow.error;
    const text = error ? this.say(error) : notice;
    const code = id == 'code';
    return html`<form part="form" novalidate @submit=${this.submit}>
      <label part="label" for=${id}>${label}</label>
      <p part="hint" class="hint" id="${id}-hint">${hint}</p>
      ${
        text
          ? html`<p part="error" class="error" id="${id}-error"><span class="sr">${this.t.error} </span>${text}</p>`
          : nothing
      }
      <input
        id=${id}
        name="f"
        part="input ${id}-input"
        dir="ltr"
        inputmode="numeric"
        autocomplete=${code ? 'one-time-code' : 'off'}
        spellcheck="false"
        aria-describedby=${text ? `${id}-hint ${id}-error` : `${id}-hint`}
        aria-invalid=${error?.field == id ? 'true' : 'false'}
        data-focus
        ?readonly=${this.busy}
        ?disabled=${this.isDisabled}
        .value=${code ? this.codeText : this.cnicText}
        @input=${code ? this.onCodeInput : this.onCnicInput}
      />
      ${after}
      <div class="actions">${actions}</div>
    </form>`;
  }

  private primary(label: string, busyLabel: string, unavailable = false) {
    const busy = this.busy;
    return html`<button
      part="button"
      type="submit"
      aria-disabled=${busy || unavailable || this.isDisabled ? 'true' : 'false'}
    >
      ${busy ? html`<span class="spin"></span>${busyLabel}` : label}
    </button>`;
  }

  private button(label: string, onClick: () => unknown, link = false, unavailable = false) {
    return html`<button
      type="button"
      part=${link ? 'link' : 'button'}
      class=${link ? 'link' : ''}
      aria-disabled=${unavailable || this.isDisabled ? 'true' : 'false'}
      @click=${() => !unavailable && !this.isDisabled && this.act(onClick)}
    >
      ${label}
    </button>`;
  }

  /** A state's message, then what counts down (outside the live region: not read every second). */
  private message(text: string, isError: boolean, extra: unknown = nothing, part = '', meta: unknown = nothing) {
    return html`<div part="message ${part}" class="msg ${isError ? 'err' : 'ok'}" role=${isError ? 'alert' : 'status'}>
        <p tabindex="-1" data-focus>${text}</p>
      </div>
      ${meta}${extra ? html`<div class="actions">${extra}</div>` : nothing}`;
  }
}
