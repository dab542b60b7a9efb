import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { isTransient, ServiceClient } from './client/service-client.js';
import { caretAfter, digitsBefore, formatCnic } from './input/cnic.js';
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
 * @csspart link - Secondary actions (send a new code, cancel, start again).
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
 * @cssprop --ijazat-color-focus - The focus ring.
 * @cssprop --ijazat-font - The font shorthand.
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

  constructor() {
    super();
    this.timeout = 15_000;
    this.strings = {};
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
        // Consent given: the passcode leaves memory (its input leaves the DOM with the code step).
        if (type == 'ijazat-granted') this.codeText = this.cnicText = '';
        // Widget codes carry no service message: the developer gets the words the citizen was shown.
        if (type == 'ijazat-error')
          (detail as { message: string }).message ||= this.say(flow.error!).replace(/[\u2068\u2069]/g, '');
        this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
      },
      () => flow == this.flow && this.requestUpdate(),
    ));
    const bad = configProblem(this);
    if (bad) flow.misconfigured(bad);
    else void flow.load();
  }

  override updated() {
    const flow = this.flow;
    const token = this.value;
    this.internals.setFormValue(token || null, '');
    const anchor = this.renderRoot.querySelector<HTMLElement>('input,button');
    if (this.required && !token)
      this.internals.setValidity({ valueMissing: true }, this.t.required, anchor ?? undefined);
    else this.internals.setValidity({});
    if (CODE_STEP.includes(flow.state)) this.ticker ??= setInterval(() => (flow.tick(), this.requestUpdate()), 1000);
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

  private onCodeInput(event: InputEvent) {
    this.codeText = (event.target as HTMLInputElement).value;
  }

  private submit(event: SubmitEvent) {
    event.preventDefault();
    if (this.isDisabled) return;
    const value = ((event.target as HTMLFormElement).elements.namedItem('f') as HTMLInputElement).value;
    this.act(() =>
      this.state == 'cnic-entry' ? this.flow.submitCnic(value, this.t.$code as Locale) : this.flow.submitCode(value),
    );
  }

  private get isDisabled() {
    return this.disabled || this.formDisabled;
  }

  /** What the polite live region says for this state (no whitespace around it: it is read as is). */
  private announcement(state: ConsentState, error: FlowError | undefined, t: Translation): string {
    if (error?.field) return this.say(error);
    if (state === 'sending') return t.sending;
    if (state === 'expiring-soon') return t.expiring;
    if (state === 'expired' && !error) return t.code_expired;
    return '';
  }

  private say(error: FlowError): string {
    const t = this.t as unknown as Record<string, string>;
    const key = error.issue ? `${error.field}_${error.issue}` : error.code;
    return fill(t[key] ?? (/rate|limit|backoff|soon/.test(key) ? t.wait! : t.failed!), {
      n: error.count ?? error.attemptsLeft,
      short: this.flow.context?.service.shortCode,
      time: clock(error.retryAfterSeconds ?? 0),
    });
  }

  override render() {
    const t = this.t;
    const flow = this.flow;
    const state = flow.state;
    const { context: c, error } = flow;
    const lang = t.$code;
    let body: TemplateResult | typeof nothing = nothing;
    if (state == 'misconfigured')
      body = this.message(
        t.missing_attribute,
        true,
        html`<p class="meta"><code>missing_attribute</code>: ${error?.message}</p>`,
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
      else
        body = html`<div part="header">
            <p class="title">${fill(t.asks, { partner })}</p>
            <p>${fill(t.purpose, { purpose })}<br />${c!.purpose.description[lang]}</p>
            <p>${t.shares}</p>
            <ul part="data-items">
              ${c!.purpose.dataItems.map((item) => html`<li>${item.label[lang]}</li>`)}
            </ul>
          </div>
          ${state == 'cnic-entry' || state == 'sending' ? this.cnicStep() : this.codeStep(partner, purpose)}`;
    }
    // The polite live region: field errors (focus stays in the field, so they would go unheard),
    // progress, and what the clock does on its own.
    return html`<div part="base" class="base" dir=${t.$dir} lang=${lang}>
      ${body}
      <p class="sr" role="status">${this.announcement(state, error, t)}</p>
    </div>`;
  }

  private cnicStep() {
    const t = this.t;
    const error = this.flow.error;
    return this.fieldForm(
      'cnic',
      t.cnic,
      fill(t.cnic_hint, { example: '12345-1234567-1' }),
      error && !error.field ? this.message(this.say(error), true) : nothing,
      html`${this.primary(error && !error.field ? t.retry : t.send, t.sending)}${this.button(t.cancel, () => this.flow.cancel(), true)}`,
    );
  }

  private codeStep(partner: string, purpose: string) {
    const t = this.t;
    const flow = this.flow;
    const { state, error } = flow;
    const req = flow.request!;
    const wait = flow.secondsUntil(flow.resendAt);
    const canResend = req.resendsLeft > 0 && req.resendInSeconds != null;
    // In the code step a secondary action; once the code has expired, the way on.
    const resend = canResend
      ? this.button(t.resend, () => wait <= 0 && flow.resend(), state != 'expired', wait > 0)
      : nothing;
    const cancel = this.button(t.cancel, () => flow.cancel(), true);
    const offerResend = canResend && (!error || error.code == 'code_expired');
    const restart = this.button(t.restart, () => flow.restart(), state == 'expired' && offerResend);
    const sent = html`<p id="sent">${fill(t.sent, { mobile: req.maskedMobile })}</p>`;
    if (state == 'locked') return this.message(this.say({ code: 'request_locked' }), true, html`${restart}${cancel}`);
    if (state == 'expired')
      return html`${sent}${this.message(this.say(error ?? { code: 'code_expired' }), true, html`${offerResend ? resend : nothing}${restart}${cancel}`)}`;
    return html`${sent}${this.fieldForm(
      'code',
      t.code,
      fill(t.consent, { partner, purpose }),
      html`<p id="code-meta" part="meta" class="meta">
          ${fill(t.expires, { time: clock(flow.secondsUntil(flow.expiresAt)) })}
          ${fill(t.attempts, { n: req.attemptsLeft })}
          ${canResend && wait > 0 ? html`<br />${fill(t.resend_in, { time: clock(wait) })}` : nothing}
        </p>
        ${error && !error.field ? this.message(this.say(error), true) : nothing}`,
      html`${this.primary(t.confirm, t.verifying)}${resend}${cancel}`,
    )}`;
  }

  /** One labelled native input, GOV.UK style: hint, then the error (prefixed for screen readers), then the field. */
  private fieldForm(id: 'cnic' | 'code', label: string, hint: string, after: unknown, actions: TemplateResult) {
    const error = this.flow.error?.field == id ? this.flow.error : undefined;
    const code = id == 'code';
    const described = [code && 'sent', `${id}-hint`, error && `${id}-error`, code && 'code-meta']
      .filter(Boolean)
      .join(' ');
    return html`<form part="form" novalidate @submit=${this.submit}>
      <label part="label" for=${id}>${label}</label>
      <p part="hint" class="hint" id="${id}-hint">${hint}</p>
      ${error ? html`<p part="error" class="error" id="${id}-error"><span class="sr">${this.t.error} </span>${this.say(error)}</p>` : nothing}
      <input
        id=${id}
        name="f"
        part="input ${id}-input"
        dir="ltr"
        inputmode="numeric"
        autocomplete=${code ? 'one-time-code' : 'off'}
        spellcheck="false"
        aria-describedby=${described}
        aria-invalid=${error ? 'true' : 'false'}
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

  private primary(label: string, busyLabel: string) {
    const busy = this.busy;
    return html`<button part="button" type="submit" aria-disabled=${busy || this.isDisabled ? 'true' : 'false'}>
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

  private message(text: string, isError: boolean, extra: unknown = nothing, part = '') {
    return html`<div part="message ${part}" class="msg ${isError ? 'err' : 'ok'}" role=${isError ? 'alert' : 'status'}>
        <p tabindex="-1" data-focus>${text}</p>
      </div>
      ${extra ? html`<div class="actions">${extra}</div>` : nothing}`;
  }
}
