/**
 * The designer gallery: every state of <ijazat-consent> side by side, in English and Urdu, light and
 * dark, at phone or desktop width; each cell a real widget driven to its state through this page's
 * own simulator (its own IndexedDB, reset on each load, so the partner page's data is untouched).
 * Plus a live editor for the widget's --ijazat-* custom properties.
 */
import { LitElement, html, nothing } from 'lit';
import { boot } from './boot.js';
import { GALLERY_STATES, type Cell, type GalleryState, type Phase, type Widget } from './gallery-states.js';
import { locale, onLocaleChange, t } from './locale.js';
import { makeNonce } from './nonce.js';
import { sandbox } from './sandbox-client.js';
import { readThemeProperties, themeCss, type ThemeProperty } from './theme-properties.js';
import { watch } from './widget-driver.js';

const DB_NAME = 'ijazat-gallery';
const VARIANTS = [
  { id: 'en-light', locale: 'en', theme: 'light' },
  { id: 'ur-light', locale: 'ur', theme: 'light' },
  { id: 'en-dark', locale: 'en', theme: 'dark' },
  { id: 'ur-dark', locale: 'ur', theme: 'dark' },
] as const;
const PHASES: Phase[] = ['calm', 'failure', 'drop', 'clock', 'hold'];
const PHASE_FAULTS: Partial<Record<Phase, Parameters<typeof sandbox.setFaults>[0]>> = {
  failure: { failureRate: 1 },
  drop: { dropRate: 1 },
  hold: { latencyMs: 60_000 },
};

type CellStatus = 'pending' | 'done' | 'failed';

export class DemoGallery extends LitElement {
  static override properties = {
    mounted: { state: true },
    status: { state: true },
    running: { state: true },
    width: { state: true },
    theme: { state: true },
    overrides: { state: true },
    note: { state: true },
  };

  /** State ids whose widgets are in the page. */
  mounted = new Set(GALLERY_STATES.filter((state) => !state.lateMount).map((state) => state.id));
  status = new Map<string, { status: CellStatus; reason?: string }>();
  running = false;
  width: 'phone' | 'desktop' = 'phone';
  theme: ThemeProperty[] = [];
  overrides = new Map<string, string>();
  note = '';
  private citizens = 0;

  protected override createRenderRoot() {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    onLocaleChange(() => this.requestUpdate());
  }

  private key(state: string, variant: string): string {
    return `${state}:${variant}`;
  }

  private cells(state: GalleryState): Cell[] {
    return VARIANTS.map((variant) => ({
      widget: this.querySelector<Widget>(`ijazat-consent[data-cell="${this.key(state.id, variant.id)}"]`)!,
      locale: variant.locale,
    }));
  }

  private setStatus(state: GalleryState, status: CellStatus, reason?: string): void {
    const next = new Map(this.status);
    for (const variant of VARIANTS) next.set(this.key(state.id, variant.id), { status, reason });
    this.status = next;
  }

  /** A new synthetic citizen for each cell that needs an SMS, so per-CNIC limits never collide. */
  private async freshCitizen(): Promise<{ cnic: string; simId: string }> {
    this.citizens += 1;
    const n = String(this.citizens).padStart(6, '0');
    const citizen = await sandbox.addCitizen({
      cnic: `4220190${n}`,
      name: `Gallery Citizen ${this.citizens}`,
      cardStatus: 'active',
      mobile: `0399${n.slice(-6)}${this.citizens % 10}`,
    });
    const simId = citizen.simIds[0];
    if (!simId) throw new Error('the sandbox gave the new citizen no SIM');
    return { cnic: citizen.cnic, simId };
  }

  /** Resets this page's simulator and drives every cell to its state, phase by phase. */
  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.citizens = 0;
    this.status = new Map();
    try {
      await sandbox.reset();
      const limits = await sandbox.limits();
      // Sixty-odd widgets on one partner key: lift the per-minute cap and the per-CNIC SMS cap.
      await sandbox.setLimits({ ...limits, partnerRequestsPerMinute: 100_000, smsPerCnicPerHour: 100_000 });
      this.mounted = new Set(GALLERY_STATES.filter((state) => !state.lateMount).map((state) => state.id));
      this.remount();
      await this.updateComplete;
      for (const phase of PHASES) {
        const states = GALLERY_STATES.filter((state) => state.phase === phase);
        const faults = PHASE_FAULTS[phase];
        if (faults) await sandbox.setFaults(faults);
        try {
          if (states.some((state) => state.lateMount)) {
            this.mounted = new Set([...this.mounted, ...states.map((state) => state.id)]);
            await this.updateComplete;
          }
          await Promise.all(states.map((state) => this.drive(state)));
        } finally {
          // Requests already held keep their delay; everything after runs at full speed again.
          if (faults) await sandbox.setFaults({ latencyMs: 0, failureRate: 0, dropRate: 0, failNext: 0 });
        }
      }
    } finally {
      this.running = false;
      document.body.dataset.galleryDone = 'true';
    }
  }

  private async drive(state: GalleryState): Promise<void> {
    this.setStatus(state, 'pending');
    await this.updateComplete;
    const cells = this.cells(state);
    for (const cell of cells) watch(cell.widget);
    try {
      await state.drive(cells, { freshCitizen: () => this.freshCitizen() });
      this.setStatus(state, 'done');
    } catch (error) {
      this.setStatus(state, 'failed', error instanceof Error ? error.message : String(error));
    }
  }

  /** New widgets (fresh nonces) for a new run. */
  private remount(): void {
    this.generation += 1;
    this.requestUpdate();
  }
  private generation = 0;

  async loadTheme(): Promise<void> {
    await customElements.whenDefined('ijazat-consent');
    this.theme = readThemeProperties();
  }

  private setOverride(name: string, value: string): void {
    const next = new Map(this.overrides);
    if (value) next.set(name, value);
    else next.delete(name);
    this.overrides = next;
    document.querySelector('#theme-overrides')!.textContent = themeCss(next, '.gallery-frame ijazat-consent');
  }

  private async copyCss(): Promise<void> {
    const css = themeCss(this.overrides, 'ijazat-consent');
    try {
      await navigator.clipboard.writeText(css);
      this.note = t().gallery.copied;
    } catch {
      this.note = css;
    }
  }

  private setWidth(width: 'phone' | 'desktop'): void {
    this.width = width;
    document.body.dataset.width = width;
  }

  override render() {
    const s = t().gallery;
    const total = GALLERY_STATES.length * VARIANTS.length;
    const statuses = [...this.status.values()];
    const done = statuses.filter((entry) => entry.status !== 'pending').length;
    const failed = statuses.filter((entry) => entry.status === 'failed').length;
    return html`
      <div class="page-intro">
        <h1>${s.title}</h1>
        <p class="muted">${s.intro}</p>
      </div>
      <div class="gallery-toolbar">
        <fieldset>
          <legend>${s.width}</legend>
          <div class="segmented">
            ${(['phone', 'desktop'] as const).map(
              (width) => html`<label><input type="radio" name="gallery-width" value=${width} .checked=${this.width === width}
                @change=${() => this.setWidth(width)} /><span>${s[width]}</span></label>`,
            )}
          </div>
        </fieldset>
        <button class="button" type="button" @click=${() => this.run()} ?disabled=${this.running}>${s.rerun}</button>
        <p class="gallery-progress" role="status" data-testid="gallery-progress" data-done=${String(!this.running && done === total)}
          data-failed=${failed}>
          ${this.running || done < total ? s.progress(done, total) : s.done(total, failed)}
        </p>
      </div>
      <nav aria-label=${s.jump}>
        <p style="font-size:0.85rem">
          ${GALLERY_STATES.map((state, i) => html`${i ? ' · ' : ''}<a href=${`#state-${state.id}`}>${state.title[locale()]}</a>`)}
        </p>
      </nav>
      ${GALLERY_STATES.map((state) => this.renderState(state))}
      ${this.renderThemeEditor()}
    `;
  }

  private renderState(state: GalleryState) {
    const s = t().gallery;
    const ui = locale();
    return html`<section class="gallery-state" id=${`state-${state.id}`} aria-labelledby=${`state-${state.id}-title`}>
      <header>
        <h2 id=${`state-${state.id}-title`}>${state.title[ui]}</h2>
        <span class="muted" style="font-size:0.85rem">${state.how[ui]}</span>
      </header>
      <div class="gallery-row">
        ${VARIANTS.map((variant) => {
          const key = this.key(state.id, variant.id);
          const status = this.status.get(key);
          const language = variant.locale === 'en' ? 'English' : 'اردو';
          return html`<figure class="gallery-cell" style="margin:0" data-state=${state.id} data-variant=${variant.id}
            data-drive=${status?.status ?? 'pending'}>
            <figcaption>
              <span>${s.variant(language, s[variant.theme])}</span>
              ${status?.status === 'failed' ? html`<span class="badge badge--bad" title=${status.reason ?? ''}>${status.reason}</span>` : nothing}
            </figcaption>
            <div class="gallery-frame" data-theme=${variant.theme} lang=${variant.locale} dir=${variant.locale === 'ur' ? 'rtl' : 'ltr'}>
              ${this.mounted.has(state.id) ? this.renderWidget(key, variant) : nothing}
            </div>
          </figure>`;
        })}
      </div>
    </section>`;
  }

  private renderWidget(key: string, variant: (typeof VARIANTS)[number]) {
    // keyed by generation: a new run gets new widgets with new nonces.
    return html`${[this.generation].map(
      () => html`<ijazat-consent data-cell=${key} partner-key="pk_test_sandbox_bank" purpose="account-opening"
        nonce=${makeNonce()} locale=${variant.locale} theme=${variant.theme}></ijazat-consent>`,
    )}`;
  }

  private renderThemeEditor() {
    const s = t().gallery;
    if (!this.theme.length) return nothing;
    return html`<section class="card" aria-labelledby="theme-title" style="margin-block-start:2rem">
      <h2 id="theme-title">${s.themeTitle}</h2>
      <p class="muted">${s.themeIntro}</p>
      <div class="theme-editor">
        ${this.theme.map((property) => {
          const id = `theme-${property.name.slice(2)}`;
          const value = this.overrides.get(property.name) ?? '';
          return html`<div class="field">
            <label for=${id} class="mono">${property.name}</label>
            <div class="swatch">
              ${property.color
                ? html`<input type="color" aria-label=${`${property.name} colour`} .value=${/^#[0-9a-f]{6}$/i.test(value) ? value : property.color}
                    @input=${(e: Event) => this.setOverride(property.name, (e.target as HTMLInputElement).value)} />`
                : nothing}
              <input id=${id} .value=${value} placeholder=${property.fallback} spellcheck="false"
                @change=${(e: Event) => this.setOverride(property.name, (e.target as HTMLInputElement).value.trim())} />
            </div>
          </div>`;
        })}
      </div>
      <h3 style="margin-block-start:1rem">CSS</h3>
      <pre class="json" tabindex="0" data-testid="theme-css">${themeCss(this.overrides, 'ijazat-consent')}</pre>
      <div class="button-row" style="margin-block-start:0.5rem">
        <button class="button button--primary" type="button" @click=${this.copyCss}>${s.copyCss}</button>
        <button class="button" type="button" @click=${() => { this.overrides = new Map(); document.querySelector('#theme-overrides')!.textContent = ''; }}>${s.resetTheme}</button>
      </div>
      <p role="status" class="muted">${this.note}</p>
    </section>`;
  }
}

customElements.define('demo-gallery', DemoGallery);

declare global {
  interface HTMLElementTagNameMap {
    'demo-gallery': DemoGallery;
  }
}

onLocaleChange(() => (document.title = `${t().nav.gallery} · Ijazat sandbox`));
document.title = `${t().nav.gallery} · Ijazat sandbox`;
await boot({ dbName: DB_NAME });
const gallery = document.querySelector('demo-gallery')!;
void document.querySelector('demo-header')!.refresh();
void gallery.loadTheme();
await gallery.run();
void document.querySelector('demo-header')!.refresh();
