import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { DEFAULT_API_BASE } from '../contract/api.js';
import { caretAfter, digitsBefore, formatCnic } from '../contract/cnic.js';
import { isTransient, ServiceClient } from './client/service-client.js';
import { CODE_STEP, configProblem, ConsentFlow, type ConsentState, type FlowError } from './flow/consent-flow.js';
import { codeInText } from './input/passcode.js';
import en from './translations/en.js';
import { clock, fill } from './translations/fill.js';
import { messageFor } from './translations/message-for.js';
import type { BuiltInWords, Translation } from './translations/translation.js';
import ur from './translations/ur.js';
import styles from './ijazat-consent.styles.js';

/** HTMLElement's own `nonce` getter, which still reads the value a header CSP hides from the attribute. */
const nativeNonce = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'nonce')!.get!;
/** ARIA's true/false attribute values (typed, so the templates' types are checked: lit-analyzer). */
const ariaBoolean = (value: boolean) => String(value) as 'true' | 'false';

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
 * @event ijazat-passcode-sent - `{ requestId, expiresAt }`: a code was sent (to the registered mobile, if any).
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
 * @csspart help - The "Not received a text message?" path (a `<details>`; its paragraphs come from the service).
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

  #flow!: ConsentFlow;
  readonly #internals = this.attachInternals();
  /** The configuration the flow was started with: another one starts over. */
  #config?: string;
  #cnicText = '';
  #codeText = '';
  #formDisabled = false;
  #focusNext = false;
  #ticker?: ReturnType<typeof setInterval>;
  #otp?: AbortController;
  #form?: HTMLFormElement | null;

  constructor() {
    super();
    this.timeout = 15_000;
    this.headingLevel = 2;
    this.strings = {};
    // The browser refused to submit the form (required, no consent yet): the widget says what is missing.
    this.addEventListener('invalid', () => this.#flow.required());
  }

  /** The current state (see docs/widget.md). */
  get state(): ConsentState {
    return this.#flow?.state ?? 'loading';
  }

  /** The consent token once granted, else ''. Submitted with the form under `name`. */
  get value(): string {
    return this.#flow?.grant?.token ?? '';
  }

  get validity(): ValidityState {
    return this.#internals.validity;
  }

  checkValidity(): boolean {
    return this.#internals.checkValidity();
  }

  reportValidity(): boolean {
    return this.#internals.reportValidity();
  }

  /** Back to the start: a fresh request (the partner context is loaded again), nothing kept. */
  reset(): void {
    this.#config = undefined;
    this.#cnicText = '';
    this.#codeText = '';
    this.requestUpdate();
  }

  formAssociatedCallback(form: HTMLFormElement | null): void {
    this.#form?.removeEventListener('submit', this.#onFormSubmit);
    (this.#form = form)?.addEventListener('submit', this.#onFormSubmit);
  }

  formResetCallback(): void {
    this.reset();
  }

  formDisabledCallback(disabled: boolean): void {
    this.#formDisabled = disabled;
    this.requestUpdate();
  }

  /** A consent cannot be restored from history: tokens are single use and short lived. Start again. */
  formStateRestoreCallback(): void {
    this.reset();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopTicker();
    this.#otp?.abort();
  }

  /** A form with `novalidate` submits without asking the widget: it still says what is missing. */
  readonly #onFormSubmit = (): void => {
    if (this.required && !this.value) this.#flow.required();
  };

  /** The words the widget carries, in the element's locale. */
  get #ownWords(): BuiltInWords {
    return this.locale === 'ur' ? ur : en;
  }

  /** The widget's own words, with the partner's overrides. */
  get #builtIn(): BuiltInWords {
    return { ...this.#ownWords, ...this.strings };
  }

  /**
   * All the words: the service's wording (it arrived with the context; used only after it has), the
   * widget's own, and the partner's overrides over both.
   */
  get #words(): Translation {
    const own = this.#ownWords;
    return { ...this.#flow.context!.wording[own.$code], ...own, ...this.strings };
  }

  get #busy(): boolean {
    return this.#flow.busy || this.state === 'sending' || this.state === 'verifying';
  }

  get #isDisabled(): boolean {
    return this.disabled || this.#formDisabled;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    // A CSP sent as a header makes the browser hide `nonce` attributes (set to "") once connected; the
    // value stays in the element's internal slot, which HTMLElement's own `nonce` getter reads.
    this.nonce ||= nativeNonce.call(this);
    // Switching between valid locales re-renders; any other change of configuration starts over.
    const config = [this.partnerKey, this.purpose, this.nonce, this.apiBase, configProblem(this)].join('\n');
    if (config !== this.#config) {
      this.#config = config;
      this.#start();
    } else if (changed.has('timeout')) this.#flow.api.timeoutMs = this.timeout;
  }

  #start(): void {
    this.#flow?.dispose();
    this.#otp?.abort();
    const flow: ConsentFlow = new ConsentFlow(
      new ServiceClient(this.partnerKey, this.apiBase || DEFAULT_API_BASE, this.timeout),
      this.purpose,
      this.nonce,
      (type, detail) => {
        if (flow !== this.#flow) return;
        if (type === 'ijazat-passcode-sent') {
          this.#codeText = '';
          this.#listenForSms();
        }
        // Consent given: the passcode leaves memory (its input leaves the DOM with the code step).
        if (type === 'ijazat-granted') {
          this.#codeText = '';
          this.#cnicText = '';
          // The form holds the token before listeners run: one may submit the form at once.
          this.#syncForm();
        }
        this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
      },
      () => flow === this.#flow && this.requestUpdate(),
      // Widget codes carry no service message: the developer gets the words the citizen was shown,
      // without the bidi isolates `fill` puts around values (U+2066–2069).
      (error) => this.#say(error).replace(/[\u2066-\u2069]/g, ''),
    );
    this.#flow = flow;
    const problem = configProblem(this);
    if (problem) flow.misconfigured(problem);
    else void flow.load();
  }

  /** The form value and validity, from the flow as it is now. */
  #syncForm(): void {
    const token = this.value;
    this.#internals.setFormValue(token || null, '');
    const anchor = this.renderRoot.querySelector<HTMLElement>('input,button');
    if (this.required && !token)
      this.#internals.setValidity({ valueMissing: true }, this.#builtIn.required, anchor ?? undefined);
    else this.#internals.setValidity({});
  }

  override updated(): void {
    const flow = this.#flow;
    this.#syncForm();
    // The clock ticks every second in the code step, while a code is checked, and while the service
    // asks the citizen to wait.
    if (CODE_STEP.includes(flow.state) || flow.state === 'verifying' || flow.waiting)
      this.#ticker ??= setInterval(() => {
        flow.tick();
        this.requestUpdate();
      }, 1000);
    else this.#stopTicker();
    if (!flow.codeOpen && flow.state !== 'verifying') this.#otp?.abort();
    if (this.#focusNext && !this.#busy) {
      this.#focusNext = false;
      this.renderRoot.querySelector<HTMLElement>('[data-focus]')?.focus();
      this.renderRoot.querySelector('#sent')?.scrollIntoView({ block: 'nearest' });
    }
  }

  #stopTicker(): void {
    clearInterval(this.#ticker);
    this.#ticker = undefined;
  }

  /** WebOTP: where the browser supports it, the SMS fills the code (aborted once no longer needed). */
  #listenForSms(): void {
    this.#otp?.abort();
    if (!('OTPCredential' in window)) return;
    const otp = (this.#otp = new AbortController());
    // `otp` is not in TypeScript's DOM types yet (WebOTP is Chrome-only).
    const request = { otp: { transport: ['sms'] }, signal: otp.signal } as CredentialRequestOptions;
    navigator.credentials
      .get(request)
      .then((credential) => {
        const code = (credential as { code?: string } | null)?.code;
        const field = this.renderRoot.querySelector<HTMLInputElement>('#code');
        if (!code || otp.signal.aborted || !field) return;
        field.value = code;
        this.#codeText = code;
        this.#act(() => this.#flow.submitCode(code));
      })
      .catch(() => {});
  }

  /** A citizen's action: once its answer is in, focus moves to what the new state asks of them. */
  #act(action: () => unknown): void {
    this.#focusNext = true;
    action();
    this.requestUpdate();
  }

  #onCnicInput(event: InputEvent): void {
    const input = event.target as HTMLInputElement;
    const digitsTyped = digitsBefore(input.value, input.selectionStart ?? input.value.length);
    const formatted = formatCnic(input.value);
    if (formatted !== input.value) {
      input.value = formatted;
      const caret = caretAfter(formatted, digitsTyped);
      input.setSelectionRange(caret, caret);
    }
    this.#cnicText = formatted;
  }

  /** Typed as is; a whole SMS pasted in becomes the one code it holds. */
  #onCodeInput(event: InputEvent): void {
    const input = event.target as HTMLInputElement;
    input.value = this.#codeText = codeInText(input.value) ?? input.value;
  }

  #submit(event: SubmitEvent): void {
    event.preventDefault();
    if (this.#isDisabled || this.#flow.waiting) return;
    const input = (event.target as HTMLFormElement).querySelector('input')!;
    const value = input.value;
    this.#act(() =>
      this.state === 'cnic-entry' ? this.#flow.submitCnic(value, this.#words.$code) : this.#flow.submitCode(value),
    );
  }

  /**
   * What the polite live region says (no whitespace around it: it is read as is): what focus cannot
   * tell. A step's error (shown at its field, where focus stays), progress, a new code, and what the
   * clock does alone. Messages that replace the form are alerts of their own.
   */
  #announcement(): string {
    const { state, error, sends, context } = this.#flow;
    // Before the context arrives, the skeleton or an alert says it all.
    if (!context) return '';
    const words = this.#words;
    if (error && (state === 'cnic-entry' || CODE_STEP.includes(state))) return this.#say(error);
    if (state === 'sending') return words.sending;
    if (state === 'expiring-soon') return words.expiring;
    if (state === 'expired') return words.code_expired;
    if (state === 'code-entry' && sends > 1) return words.resent;
    return '';
  }

  #say(error: FlowError): string {
    const flow = this.#flow;
    // Before the service's wording arrives, only a lost or failed call can happen.
    if (!flow.context) return this.#builtIn.failed;
    return messageFor(
      error,
      this.#words,
      flow.secondsUntil(error.code === 'resend_too_soon' ? flow.resendAt : flow.retryAt),
    );
  }

  override render(): TemplateResult {
    const words = this.#builtIn;
    return html`
      <div part="base" class="base" dir=${words.$dir} lang=${words.$code}>
        ${this.#body()}
        <p class="visually-hidden" role="status">${this.#announcement()}</p>
      </div>
    `;
  }

  #body(): TemplateResult | typeof nothing {
    const builtIn = this.#builtIn;
    const flow = this.#flow;
    const { state, error, context } = flow;
    switch (state) {
      case 'misconfigured':
        return this.#message(
          builtIn.missing_attribute,
          true,
          html`<p class="meta" dir="ltr"><code>missing_attribute</code>: ${error?.message}</p>`,
        );
      case 'loading':
        return html`
          <div part="skeleton" class="skeleton">
            <p class="visually-hidden">${builtIn.loading}</p>
            <div></div>
            <div></div>
            <div></div>
          </div>
        `;
      case 'unavailable':
        return this.#message(
          isTransient(error!.code) ? builtIn.failed : builtIn.not_allowed,
          true,
          this.#button(builtIn.retry, () => flow.restart()),
        );
    }
    // From here on the context, with the service's wording, has arrived.
    const words = this.#words;
    const lang = words.$code;
    const partner = context!.partner.displayName[lang];
    const purpose = context!.purpose.title[lang];
    if (state === 'granted') return this.#message(fill(words.granted, { partner }), false, nothing, 'success');
    if (state === 'cancelled')
      return this.#message(
        fill(words.cancelled, { partner }),
        false,
        this.#button(words.restart, () => flow.restart()),
      );
    const level = this.headingLevel >= 1 && this.headingLevel <= 6 ? this.headingLevel : 2;
    // One named group: tabbing in, a screen reader says who asks, why and what is shared before the
    // first field.
    return html`
      <div role="group" aria-labelledby="title" aria-describedby="about">
        <div part="header">
          <div class="title" id="title" role="heading" aria-level=${level}>${fill(words.asks, { partner })}</div>
          <div id="about">
            <p>${fill(words.purpose, { purpose })}<br />${context!.purpose.description[lang]}</p>
            <p>${words.shares}</p>
            <ul part="data-items">
              ${context!.purpose.dataItems.map((item) => html`<li>${item.label[lang]}</li>`)}
            </ul>
          </div>
        </div>
        ${state === 'cnic-entry' || state === 'sending' ? this.#cnicStep() : this.#codeStep(partner, purpose)}
      </div>
    `;
  }

  #cnicStep(): TemplateResult {
    const words = this.#words;
    const { error, waiting } = this.#flow;
    // Nothing was sent yet, so there is nothing to cancel. Non-breaking hyphens: the example never
    // wraps inside the number.
    return this.#fieldForm(
      'cnic',
      words.cnic,
      fill(words.cnic_hint, { example: '12345\u20111234567\u20111' }),
      this.#waitMeta(),
      this.#primary(error && isTransient(error.code) ? words.retry : words.send, words.sending, waiting > 0),
    );
  }

  #codeStep(partner: string, purpose: string): TemplateResult {
    const words = this.#words;
    const flow = this.#flow;
    const { state, error } = flow;
    const request = flow.request!;
    const resendWait = flow.secondsUntil(flow.resendAt);
    const canResend = request.resendsLeft > 0 && request.resendInSeconds !== null;
    const expired = state === 'expired';
    // A secondary action while a code is open; once it has expired, the way on.
    const resend = canResend ? this.#button(words.resend, () => flow.resend(), !expired, resendWait > 0) : nothing;
    const cancel = this.#button(words.cancel, () => flow.cancel(), true);
    const restart = this.#button(words.restart, () => flow.restart(), true, flow.waiting > 0);
    const help = html`
      <details part="help">
        <summary>${words.help}</summary>
        ${flow.context!.service.help.map((paragraph) => html`<p>${paragraph[words.$code]}</p>`)}
      </details>
    `;
    if (state === 'locked')
      return html`${this.#message(this.#say(error ?? { code: 'request_locked' }), true, html`${restart}${cancel}`, '', this.#waitMeta())}${help}`;
    // Why "Send a new code" cannot be pressed, wherever it cannot.
    const resendWhy = !canResend
      ? words.resend_limit_reached
      : resendWait > 0
        ? fill(words.resend_in, { time: clock(resendWait) })
        : '';
    return html`
      <p id="sent">
        ${flow.sends > 1 ? words.resent : fill(words.sent, { cnic: formatCnic(flow.cnic) })}
        ${this.#button(words.change, () => flow.restart(), true)}
      </p>
      <p>${fill(words.consent, { partner, purpose })}</p>
      ${this.#fieldForm(
        'code',
        words.code,
        words.code_hint,
        html`
          <p id="code-meta" part="meta" class="meta">
            ${expired ? nothing : fill(words.expires, { time: clock(flow.secondsUntil(flow.expiresAt)) })}
            ${request.attemptsLeft === 1 ? html`<strong>${words.last_attempt}</strong>` : fill(words.attempts, { n: request.attemptsLeft })}
            ${resendWhy ? html`<br />${resendWhy}` : nothing}
          </p>
        `,
        html`${expired && canResend ? nothing : this.#primary(words.confirm, words.verifying)}${resend}${canResend ? nothing : restart}${cancel}`,
        expired && !error ? words.code_expired : '',
      )}
      ${help}
    `;
  }

  /** How long the service asked the citizen to wait, counting down: seen, not announced. */
  #waitMeta(): TemplateResult | typeof nothing {
    const seconds = this.#flow.waiting;
    return seconds
      ? html`<p part="meta" class="meta">${fill(this.#words.retry_in, { time: clock(seconds) })}</p>`
      : nothing;
  }

  /**
   * One labelled native input, GOV.UK style: hint, then the error (prefixed for screen readers), then
   * the field, described by the hint and the error only. A step's errors that are not about what was
   * typed (a limit, the service, expiry: `notice`) sit in the same place, tied to the field too.
   */
  #fieldForm(
    id: 'cnic' | 'code',
    label: string,
    hint: string,
    after: unknown,
    actions: unknown,
    notice = '',
  ): TemplateResult {
    const error = this.#flow.error;
    const text = error ? this.#say(error) : notice;
    const isCode = id === 'code';
    return html`
      <form part="form" novalidate @submit=${this.#submit}>
        <label part="label" for=${id}>${label}</label>
        <p part="hint" class="hint" id="${id}-hint">${hint}</p>
        ${
          text
            ? html`
                <p part="error" class="error" id="${id}-error">
                  <span class="visually-hidden">${this.#words.error} </span>${text}
                </p>
              `
            : nothing
        }
        <input
          id=${id}
          name=${id}
          part="input ${id}-input"
          dir="ltr"
          inputmode="numeric"
          .autocomplete=${isCode ? 'one-time-code' : 'off'}
          spellcheck="false"
          aria-describedby=${text ? `${id}-hint ${id}-error` : `${id}-hint`}
          aria-invalid=${ariaBoolean(error?.field === id)}
          data-focus
          ?readonly=${this.#busy}
          ?disabled=${this.#isDisabled}
          .value=${isCode ? this.#codeText : this.#cnicText}
          @input=${isCode ? this.#onCodeInput : this.#onCnicInput}
        />
        ${after}
        <div class="actions">${actions}</div>
      </form>
    `;
  }

  #primary(label: string, busyLabel: string, unavailable = false): TemplateResult {
    const busy = this.#busy;
    return html`
      <button part="button" type="submit" aria-disabled=${ariaBoolean(busy || unavailable || this.#isDisabled)}>
        ${busy ? html`<span class="spinner"></span>${busyLabel}` : label}
      </button>
    `;
  }

  #button(label: string, onClick: () => unknown, isLink = false, unavailable = false): TemplateResult {
    return html`
      <button
        type="button"
        part=${isLink ? 'link' : 'button'}
        class=${isLink ? 'link' : ''}
        aria-disabled=${ariaBoolean(unavailable || this.#isDisabled)}
        @click=${() => !unavailable && !this.#isDisabled && this.#act(onClick)}
      >
        ${label}
      </button>
    `;
  }

  /** A state's message, then what counts down (outside the alert: not read every second). */
  #message(
    text: string,
    isError: boolean,
    actions: unknown = nothing,
    part = '',
    meta: unknown = nothing,
  ): TemplateResult {
    return html`
      <div
        part="message ${part}"
        class="message ${isError ? 'is-error' : 'is-success'}"
        role=${isError ? 'alert' : 'status'}
      >
        <p tabindex="-1" data-focus>${text}</p>
      </div>
      ${meta}${actions ? html`<div class="actions">${actions}</div>` : nothing}
    `;
  }
}
