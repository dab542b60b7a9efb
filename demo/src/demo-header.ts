/**
 * `<demo-header page="partner|gallery|citizen" db="…">`: the header every demo page shares: the
 * page links, the EN / اردو switch, and the sandbox controls (latency, SMS delay, failure and drop
 * rates, the simulated clock, key rotation, reset), which act on the page's simulator through /__sim.
 * Light DOM, so the page's stylesheet and axe see it like the rest of the page.
 */
import { LitElement, html, nothing } from 'lit';
import { locale, onLocaleChange, setLocale, t, type DemoLocale } from './locale.js';
import { sandbox, SandboxError, type Faults } from './sandbox-client.js';

const pages = [
  { id: 'partner', href: './index.html' },
  { id: 'gallery', href: './gallery.html' },
  { id: 'citizen', href: './citizen.html' },
] as const;

export function formatTime(iso: string, withDate = false): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale() === 'ur' ? 'ur-PK-u-nu-latn' : 'en-GB', {
    ...(withDate ? { day: 'numeric', month: 'short' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(date);
}

export class DemoHeader extends LitElement {
  static override properties = {
    page: { type: String },
    db: { type: String },
    faults: { state: true },
    clock: { state: true },
    message: { state: true },
  };

  page = 'partner';
  db = 'ijazat-demo';
  faults: Faults | null = null;
  clock: string | null = null;
  message = '';

  protected override createRenderRoot() {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    onLocaleChange(() => this.requestUpdate());
  }

  /** Reads the simulator's current settings; pages call it once the simulator is running. */
  async refresh(): Promise<void> {
    try {
      const [faults, clock] = await Promise.all([sandbox.faults(), sandbox.clock()]);
      this.faults = faults;
      this.clock = clock.now;
    } catch (error) {
      this.report(error);
    }
  }

  private report(error: unknown): void {
    this.message = t().sandbox.error(error instanceof SandboxError ? error.code : 'network_error');
  }

  private async saveFaults(event: Event): Promise<void> {
    const form = (event.currentTarget as HTMLElement).closest('form');
    if (!form) return;
    const data = new FormData(form);
    const number = (name: string, scale = 1) => Math.max(0, Number(data.get(name) ?? 0) / scale) || 0;
    try {
      this.faults = await sandbox.setFaults({
        latencyMs: number('latencyMs'),
        smsDelayMs: number('smsDelayMs'),
        failureRate: Math.min(1, number('failureRate', 100)),
        dropRate: Math.min(1, number('dropRate', 100)),
      });
      this.message = t().sandbox.saved;
    } catch (error) {
      this.report(error);
    }
  }

  private async advance(seconds: number): Promise<void> {
    try {
      this.clock = (await sandbox.advanceClock(seconds)).now;
      this.message = t().sandbox.advanced(formatTime(this.clock));
    } catch (error) {
      this.report(error);
    }
  }

  private async rotate(): Promise<void> {
    try {
      const { kid, kids } = await sandbox.rotateKeys();
      this.message = t().sandbox.rotated(kid, kids.length);
    } catch (error) {
      this.report(error);
    }
  }

  private async reset(): Promise<void> {
    try {
      await sandbox.reset();
      await this.refresh();
      this.message = t().sandbox.resetDone;
      this.dispatchEvent(new CustomEvent('demo-sandbox-reset', { bubbles: true }));
    } catch (error) {
      this.report(error);
    }
  }

  private switchTo(next: DemoLocale): void {
    setLocale(next);
  }

  override render() {
    const s = t();
    const f = this.faults;
    const faulty = f && (f.latencyMs || f.smsDelayMs || f.failureRate || f.dropRate || f.failNext);
    const status = this.clock
      ? s.sandbox.status(formatTime(this.clock), faulty ? s.sandbox.faultsOn : s.sandbox.noFaults)
      : '';
    return html`
      <a class="skip-link" href="#main">${s.skip}</a>
      <header class="demo-header">
        <div class="demo-header__bar">
          <a class="demo-brand" href="./index.html">
            <span class="demo-brand__mark" aria-hidden="true">✓</span>
            <span>Ijazat <small>${s.brandSub}</small></span>
          </a>
          <nav class="demo-nav" aria-label=${s.navLabel}>
            <ul>
              ${pages.map(
                (page) =>
                  html`<li>
                    <a href=${page.href} aria-current=${page.id === this.page ? 'page' : nothing}>${s.nav[page.id]}</a>
                  </li>`,
              )}
            </ul>
          </nav>
          <div class="demo-header__end">
            <div class="lang-switch" role="group" aria-label=${s.language}>
              <button
                type="button"
                lang="en"
                aria-pressed=${String(locale() === 'en')}
                @click=${() => this.switchTo('en')}
              >
                English
              </button>
              <button
                type="button"
                lang="ur"
                aria-pressed=${String(locale() === 'ur')}
                @click=${() => this.switchTo('ur')}
              >
                اردو
              </button>
            </div>
          </div>
        </div>
        <details class="sandbox-panel" @toggle=${(e: Event) => (e.target as HTMLDetailsElement).open && this.refresh()}>
          <summary>
            <strong>${s.sandbox.title}</strong>
            <span class="status" data-testid="sandbox-status">${status}</span>
          </summary>
          <div class="sandbox-panel__body">
            <p class="muted">${s.sandbox.scope(this.db)}</p>
            <form class="sandbox-grid" @change=${this.saveFaults} @submit=${(e: Event) => e.preventDefault()}>
              ${this.numberField('latencyMs', s.sandbox.latency, s.sandbox.latencyHint, f?.latencyMs ?? 0, 0, 60000, 100)}
              ${this.numberField('smsDelayMs', s.sandbox.smsDelay, s.sandbox.smsDelayHint, f?.smsDelayMs ?? 0, 0, 60000, 100)}
              ${this.numberField('failureRate', s.sandbox.failureRate, s.sandbox.failureHint, Math.round((f?.failureRate ?? 0) * 100), 0, 100, 5)}
              ${this.numberField('dropRate', s.sandbox.dropRate, s.sandbox.dropHint, Math.round((f?.dropRate ?? 0) * 100), 0, 100, 5)}
              <div class="field">
                <span class="label" id="sandbox-clock-label">${s.sandbox.clock}</span>
                <div class="button-row" role="group" aria-labelledby="sandbox-clock-label">
                  <button class="button button--small" type="button" @click=${() => this.advance(60)}>
                    ${s.sandbox.advance1}
                  </button>
                  <button class="button button--small" type="button" @click=${() => this.advance(600)}>
                    ${s.sandbox.advance10}
                  </button>
                </div>
              </div>
              <div class="button-row">
                <button class="button button--small" type="button" @click=${this.rotate}>${s.sandbox.rotate}</button>
                <button class="button button--small button--danger" type="button" @click=${this.reset}>
                  ${s.sandbox.reset}
                </button>
              </div>
            </form>
            <p role="status" class="muted" data-testid="sandbox-message">${this.message}</p>
          </div>
        </details>
      </header>
    `;
  }

  private numberField(
    name: string,
    label: string,
    hint: string,
    value: number,
    min: number,
    max: number,
    step: number,
  ) {
    const id = `sandbox-${name}`;
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        name=${name}
        type="number"
        inputmode="numeric"
        min=${min}
        max=${max}
        step=${step}
        .value=${String(value)}
        aria-describedby=${`${id}-hint`}
      />
      <span class="hint" id=${`${id}-hint`}>${hint}</span>
    </div>`;
  }
}

customElements.define('demo-header', DemoHeader);

declare global {
  interface HTMLElementTagNameMap {
    'demo-header': DemoHeader;
  }
}
