/**
 * `<demo-phone>`: the citizen's phone. Pick a test citizen; the phone shows their SIM's SMS inbox
 * (polled from GET /__sim/sims/:simId/messages every second), marks the WebOTP line of passcode SMS,
 * offers to copy the code, and sends SMS to the service's short code (enrolment by CNIC).
 */
import { LitElement, html, nothing } from 'lit';
import { formatTime } from './demo-header.js';
import { onLocaleChange, t } from './locale.js';
import { sandbox, type Identities, type SandboxCitizen, type SmsMessage } from './sandbox-client.js';
import { passcodeIn, splitWebOtpLine } from './sms.js';

const POLL_MS = 1000;

export class DemoPhone extends LitElement {
  static override properties = {
    citizenId: { type: String, attribute: 'citizen-id', reflect: true },
    identities: { state: true },
    messages: { state: true },
    shownFor: { state: true },
    note: { state: true },
  };

  citizenId = 'cit_ayesha';
  identities: Identities | null = null;
  messages: SmsMessage[] = [];
  /** The citizen whose inbox `messages` holds (set once it has been read). */
  shownFor = '';
  note = '';
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastCount = 0;

  protected override createRenderRoot() {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    onLocaleChange(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  /** Starts reading the sandbox; the page calls it once the simulator is running. */
  async start(): Promise<void> {
    this.identities = await sandbox.identities();
    await this.poll();
    clearInterval(this.timer);
    this.timer = setInterval(() => void this.poll(), POLL_MS);
  }

  get citizen(): SandboxCitizen | undefined {
    return this.identities?.citizens.find((citizen) => citizen.id === this.citizenId);
  }

  /** The SIM in this citizen's hand (the simulator lists the SIMs each citizen holds). */
  get simId(): string | undefined {
    return this.citizen?.simIds[0];
  }

  private async poll(): Promise<void> {
    const simId = this.simId;
    if (!simId) {
      this.messages = [];
      return;
    }
    try {
      const { messages } = await sandbox.messages(simId);
      if (simId !== this.simId) return;
      this.messages = messages;
      this.shownFor = this.citizenId;
      if (messages.length !== this.lastCount) {
        this.lastCount = messages.length;
        await this.updateComplete;
        const list = this.querySelector('.phone__messages');
        list?.scrollTo({ top: list.scrollHeight });
      }
    } catch {
      // A reset or a reload of the simulator: the next tick tries again.
    }
  }

  private choose(event: Event): void {
    this.citizenId = (event.target as HTMLSelectElement).value;
    this.messages = [];
    this.shownFor = '';
    this.lastCount = 0;
    this.note = '';
    void this.poll();
    this.dispatchEvent(new CustomEvent('demo-citizen-change', { detail: { citizen: this.citizen }, bubbles: true }));
  }

  private async copy(code: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(code);
      this.note = t().phone.copied;
    } catch {
      this.note = code;
    }
  }

  private async send(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const typed = new FormData(form).get('body');
    const body = typeof typed === 'string' ? typed.trim() : '';
    const simId = this.simId;
    if (!simId || !body || !this.identities) return;
    try {
      await sandbox.sendSms(simId, this.identities.shortCode, body);
      this.note = t().phone.sent;
      await this.poll();
    } catch (error) {
      this.note = t().sandbox.error((error as { code?: string }).code ?? 'network_error');
    }
  }

  override render() {
    const s = t().phone;
    const citizens = this.identities?.citizens ?? [];
    const citizen = this.citizen;
    const sim = this.identities?.sims.find((candidate) => candidate.id === this.simId);
    const shortCode = this.identities?.shortCode ?? '9000';
    return html`
      <section class="phone" aria-labelledby="phone-title">
        <div class="phone__screen">
          <div class="phone__status" aria-hidden="true"><span>12:00</span><span>▂▄▆ 5G ▮</span></div>
          <div class="phone__head">
            <h2 id="phone-title" class="visually-hidden">${s.label}</h2>
            <label for="phone-citizen">${s.citizen}</label>
            <select id="phone-citizen" @change=${this.choose} .value=${this.citizenId}>
              ${citizens.map(
                (c) => html`<option value=${c.id} ?selected=${c.id === this.citizenId}>${c.name} · ${c.cnic}</option>`,
              )}
            </select>
            <span class="phone__sim"
              >${sim ? html`<span class="ltr">${s.sim(sim.mobile)}</span>` : citizen ? s.noSim : nothing}
              ${citizen ? html` · <span>${citizen.scenario}</span>` : nothing}</span
            >
          </div>
          <ol
            class="phone__messages"
            data-citizen=${this.shownFor}
            tabindex="0"
            aria-label=${s.messages}
            aria-live="polite"
            data-testid="phone-messages"
          >
            ${this.messages.length === 0 ? html`<li class="phone__empty">${s.empty}</li>` : nothing}
            ${this.messages.map((message) => this.renderMessage(message))}
          </ol>
          <form class="phone__compose" @submit=${this.send}>
            <label for="phone-body">${s.compose(shortCode)}</label>
            <div class="row">
              <input
                id="phone-body"
                name="body"
                inputmode="numeric"
                autocomplete="off"
                spellcheck="false"
                .value=${citizen?.cnic ?? ''}
                aria-describedby="phone-body-hint"
                ?disabled=${!sim}
              />
              <button class="button" type="submit" ?disabled=${!sim}>${s.send}</button>
            </div>
            <span class="hint" id="phone-body-hint">${s.composeHint(shortCode)}</span>
            <span class="hint" role="status">${this.note}</span>
          </form>
        </div>
      </section>
    `;
  }

  private renderMessage(message: SmsMessage) {
    const s = t().phone;
    const { text, webOtp } = splitWebOtpLine(message.body);
    const code = message.direction === 'in' ? passcodeIn(message.body) : null;
    // The short code's own SMS carry Urdu then English, a blank line between: each paragraph gets
    // its own language and direction.
    const paragraphs = text.split('\n\n');
    const urdu = (paragraph: string) => /[\u0600-\u06ff]/.test(paragraph);
    return html`<li
      class="sms sms--${message.direction}"
      lang=${urdu(paragraphs[0]!) ? 'ur' : 'en'}
      dir=${urdu(paragraphs[0]!) ? 'rtl' : 'ltr'}
      data-code=${code ?? nothing}
    >
      <span class="sms__from">${message.direction === 'in' ? message.from : `${s.you} → ${message.to}`}</span
      >${paragraphs.map(
        (paragraph) =>
          html`<span class="sms__text" lang=${urdu(paragraph) ? 'ur' : 'en'} dir=${urdu(paragraph) ? 'rtl' : 'ltr'}
            >${paragraph}</span
          >`,
      )}${
        webOtp
          ? html`<span class="sms__webotp"><span class="sms__webotp-label">${s.webotp}</span>${webOtp}</span>`
          : nothing
      }<span class="sms__time ltr">${formatTime(message.at)}</span>${
        code
          ? html`<button class="button button--small sms__copy" type="button" @click=${() => this.copy(code)}>
              ${s.copy(code)}
            </button>`
          : nothing
      }
    </li>`;
  }
}

customElements.define('demo-phone', DemoPhone);

declare global {
  interface HTMLElementTagNameMap {
    'demo-phone': DemoPhone;
  }
}
