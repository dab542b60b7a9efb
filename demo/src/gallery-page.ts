/**
 * The designer gallery: every state of <ijazat-consent> side by side, in English and Urdu, light and
 * dark, at phone or desktop width; each cell a real widget driven to its state through this page's
 * own simulator (its own IndexedDB, reset on each load, so the partner page's data is untouched).
 * Plus a live editor for the widget's --ijazat-* custom properties.
 */
import { LitElement, html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { boot } from './boot.js';
import {
  GALLERY_PARTNER,
  GALLERY_STATES,
  PHASES,
  PHASE_FAULTS,
  PHASE_LIMITS,
  type Cell,
  type GalleryState,
  type Phase,
  type Widget,
} from './gallery-states.js';
import { locale, onLocaleChange, t } from './locale.js';
import { makeNonce } from './nonce.js';
import { sandbox, type Faults } from './sandbox-client.js';
import { paletteCss, readPalettes, readThemeProperties, themeCss, type ThemeProperty } from './theme-properties.js';
import { stateOf, watch } from './widget-driver.js';

const DB_NAME = 'ijazat-gallery';
const VARIANTS = [
  { id: 'en-light', locale: 'en', theme: 'light' },
  { id: 'ur-light', locale: 'ur', theme: 'light' },
  { id: 'en-dark', locale: 'en', theme: 'dark' },
  { id: 'ur-dark', locale: 'ur', theme: 'dark' },
] as const;
type Variant = (typeof VARIANTS)[number];
const NO_FAULTS: Faults = { latencyMs: 0, smsDelayMs: 0, failureRate: 0, dropRate: 0, failNext: 0 };
const HOLD_CHECK_MS = 1500;

type CellStatus = 'pending' | 'done' | 'failed';

export class DemoGallery extends LitElement {
  static override properties = {
    mounted: { state: true },
    status: { state: true },
    running: { state: true },
    holding: { state: true },
    width: { state: true },
    theme: { state: true },
    overrides: { state: true },
    note: { state: true },
  };

  /** State ids whose widgets are in the page. */
  mounted = new Set<string>();
  status = new Map<string, { status: CellStatus; reason?: string }>();
  running = false;
  /** Keep transient states (loading, sending, verifying, expiring soon) on show by re-driving them. */
  holding = true;
  width: 'phone' | 'desktop' = 'phone';
  theme: ThemeProperty[] = [];
  overrides = new Map<string, string>();
  note = '';
  private citizens = 0;
  /** Per cell: bumped to replace its widget with a fresh one (new nonce, new flow). */
  private generations = new Map<string, number>();
  private nonces = new Map<string, string>();
  private cellOfWidget = new WeakMap<Widget, Cell>();
  private holdTimer: ReturnType<typeof setInterval> | undefined;
  private rearming = false;

  protected override createRenderRoot() {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    onLocaleChange(() => this.requestUpdate());
    // Each cell's caption shows the state its widget reports.
    this.addEventListener('ijazat-state', () => this.requestUpdate());
    // A driven widget moves focus as it would for a citizen, and the browser scrolls to it. Keep the
    // page where the visitor left it unless they are the one acting.
    for (const type of ['wheel', 'touchmove', 'keydown', 'pointerdown']) {
      window.addEventListener(type, () => (this.visitorActedAt = performance.now()), { capture: true, passive: true });
    }
    window.addEventListener('scroll', () => {
      if (this.visitorActing) this.visitorY = window.scrollY;
    });
    this.addEventListener('focusin', () => {
      if (this.visitorActing) return;
      const y = this.visitorY;
      requestAnimationFrame(() => window.scrollTo({ top: y }));
    });
  }

  private visitorActedAt = -Infinity;
  private visitorY = 0;
  private get visitorActing(): boolean {
    return performance.now() - this.visitorActedAt < 1500;
  }

  private key(state: string, variant: string): string {
    return `${state}:${variant}`;
  }

  private widgetOf(key: string): Widget {
    const widget = this.querySelector<Widget>(`ijazat-consent[data-cell="${key}"]`);
    if (!widget) throw new Error(`no widget in cell ${key}`);
    return widget;
  }

  private cellsOf(state: GalleryState, variants: readonly Variant[] = VARIANTS): Cell[] {
    return variants.map((variant) => {
      const widget = this.widgetOf(this.key(state.id, variant.id));
      // The same cell for a widget's setup and drive (setup may keep the code it read).
      let cell = this.cellOfWidget.get(widget);
      if (!cell) {
        watch(widget);
        cell = { widget, locale: variant.locale };
        this.cellOfWidget.set(widget, cell);
      }
      return cell;
    });
  }

  private setStatus(state: GalleryState, variants: readonly Variant[], status: CellStatus, reason?: string): void {
    const next = new Map(this.status);
    for (const variant of variants) next.set(this.key(state.id, variant.id), { status, reason });
    this.status = next;
  }

  /** Replaces the cells' widgets with fresh ones. */
  private async remount(state: GalleryState, variants: readonly Variant[]): Promise<void> {
    for (const variant of variants) {
      const key = this.key(state.id, variant.id);
      this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    }
    this.mounted = new Set([...this.mounted, state.id]);
    this.requestUpdate();
    await this.updateComplete;
  }

  /** A new synthetic citizen for each cell that needs an SMS, so per-CNIC limits never collide. */
  private async freshCitizen(): Promise<{ cnic: string; simId: string }> {
    this.citizens += 1;
    const n = String(this.citizens).padStart(6, '0');
    const citizen = await sandbox.addCitizen({
      cnic: `4220190${n}`,
      name: `Gallery Citizen ${this.citizens}`,
      cardStatus: 'active',
      mobile: `0399${n}${this.citizens % 10}`,
    });
    const simId = citizen.simIds[0];
    if (!simId) throw new Error('the sandbox gave the new citizen no SIM');
    return { cnic: citizen.cnic, simId };
  }

  private async liftLimits(): Promise<void> {
    const limits = await sandbox.limits();
    // Ninety-odd widgets on one partner key from one address: lift the per-minute cap, the per-CNIC
    // SMS cap and the cap on wrong codes per address (the wrong-code states enter some seventy).
    await sandbox.setLimits({
      ...limits,
      partnerRequestsPerMinute: 1_000_000,
      smsPerCnicPerHour: 1_000_000,
      wrongCodesPerClientPerHour: 1_000_000,
    });
  }

  /**
   * One phase for some cells: their setup with no faults, then the phase's faults, the late widgets
   * mounted, and the drive. Faults are left as the phase set them; the caller clears them.
   */
  private async runPhase(phase: Phase, work: { state: GalleryState; variants: readonly Variant[] }[]): Promise<void> {
    const ctx = { freshCitizen: () => this.freshCitizen() };
    const lifted = PHASE_LIMITS[phase] && (await sandbox.limits());
    if (lifted) await sandbox.setLimits({ ...lifted, ...PHASE_LIMITS[phase] });
    const guarded = async (state: GalleryState, variants: readonly Variant[], step: () => Promise<void>) => {
      try {
        await step();
        return true;
      } catch (error) {
        this.setStatus(state, variants, 'failed', error instanceof Error ? error.message : String(error));
        return false;
      }
    };
    await sandbox.setFaults(NO_FAULTS);
    const live = (
      await Promise.all(
        work.map(async (item) => {
          if (!item.state.setup) return item;
          const ok = await guarded(item.state, item.variants, () =>
            item.state.setup!(this.cellsOf(item.state, item.variants), ctx),
          );
          return ok ? item : null;
        }),
      )
    ).filter((item) => item !== null);
    await sandbox.setFaults({ ...NO_FAULTS, ...PHASE_FAULTS[phase] });
    for (const item of live) if (item.state.lateMount) await this.remount(item.state, item.variants);
    await Promise.all(
      live.map(async (item) => {
        const ok = await guarded(item.state, item.variants, () =>
          item.state.drive(this.cellsOf(item.state, item.variants), ctx),
        );
        if (ok) this.setStatus(item.state, item.variants, 'done');
      }),
    );
    if (lifted) await sandbox.setLimits(lifted);
    if (phase === 'clock') {
      // The clock cannot go back: start the sandbox afresh so later phases run on real time again.
      await sandbox.reset();
      await this.liftLimits();
    }
  }

  /** Resets this page's simulator and drives every cell to its state, phase by phase. */
  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.citizens = 0;
    clearInterval(this.holdTimer);
    while (this.rearming) await new Promise((resolve) => setTimeout(resolve, 100));
    this.status = new Map();
    try {
      await sandbox.reset();
      await this.liftLimits();
      this.mounted = new Set();
      await this.updateComplete;
      for (const state of GALLERY_STATES) {
        this.setStatus(state, VARIANTS, 'pending');
        if (!state.lateMount) await this.remount(state, VARIANTS);
      }
      for (const phase of PHASES) {
        await this.runPhase(
          phase,
          GALLERY_STATES.filter((state) => state.phase === phase).map((state) => ({ state, variants: VARIANTS })),
        );
      }
      if (!this.holding) await sandbox.setFaults(NO_FAULTS);
    } finally {
      this.running = false;
      // The last driven widget keeps focus; give it back to the page.
      if (this.contains(document.activeElement)) (document.activeElement as HTMLElement).blur();
      document.body.dataset.galleryDone = 'true';
      void document.querySelector('demo-header')?.refresh();
    }
    this.holdTimer = setInterval(() => void this.rearm(), HOLD_CHECK_MS);
  }

  /** Drives again the cells of transient states that have moved on (the widget timed out, the code ran out). */
  private async rearm(): Promise<void> {
    if (!this.holding || this.running || this.rearming) return;
    const work = GALLERY_STATES.filter((state) => state.holds)
      .map((state) => ({
        state,
        variants: VARIANTS.filter((variant) => {
          const key = this.key(state.id, variant.id);
          const widget = this.querySelector<Widget>(`ijazat-consent[data-cell="${key}"]`);
          return this.status.get(key)?.status === 'done' && widget !== null && stateOf(widget) !== state.holds;
        }),
      }))
      .filter((item) => item.variants.length > 0);
    if (!work.length) return;
    this.rearming = true;
    try {
      // Fresh widgets load at full speed; answers already held stay held.
      await sandbox.setFaults(NO_FAULTS);
      for (const item of work) if (!item.state.lateMount) await this.remount(item.state, item.variants);
      for (const phase of PHASES) {
        const inPhase = work.filter((item) => item.state.phase === phase);
        if (inPhase.length) await this.runPhase(phase, inPhase);
      }
      // Leave the hold on for the cells still waiting on their held answers.
      await sandbox.setFaults({ ...NO_FAULTS, ...PHASE_FAULTS.hold });
    } catch {
      // A sandbox reset from the header, say: the next check tries again.
    } finally {
      this.rearming = false;
    }
  }

  private async setHolding(on: boolean): Promise<void> {
    this.holding = on;
    if (!this.running) await sandbox.setFaults(on ? { ...NO_FAULTS, ...PHASE_FAULTS.hold } : NO_FAULTS);
    void document.querySelector('demo-header')?.refresh();
  }

  async loadTheme(): Promise<void> {
    await customElements.whenDefined('ijazat-consent');
    this.theme = readThemeProperties();
    const { light, dark } = readPalettes();
    document.querySelector('#cell-palettes')!.textContent = [
      paletteCss('.gallery-frame[data-theme="light"]', light),
      paletteCss('.gallery-frame[data-theme="dark"]', dark),
    ].join('\n');
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
              (width) =>
                html`<label
                  ><input
                    type="radio"
                    name="gallery-width"
                    value=${width}
                    .checked=${this.width === width}
                    @change=${() => this.setWidth(width)}
                  /><span>${s[width]}</span></label
                >`,
            )}
          </div>
        </fieldset>
        <label class="checkbox" style="font-size:0.9rem">
          <input
            type="checkbox"
            .checked=${this.holding}
            @change=${(e: Event) => this.setHolding((e.target as HTMLInputElement).checked)}
          />
          <span>${s.hold}</span>
        </label>
        <button class="button" type="button" @click=${() => this.run()} ?disabled=${this.running}>${s.rerun}</button>
        <p
          class="gallery-progress"
          role="status"
          data-testid="gallery-progress"
          data-done=${String(!this.running && done === total)}
          data-failed=${failed}
        >
          ${this.running || done < total ? s.progress(done, total) : s.done(total, failed)}
        </p>
      </div>
      <nav aria-label=${s.jump}>
        <p style="font-size:0.85rem">
          ${GALLERY_STATES.map((state, i) => html`${i ? ' · ' : ''}<a href=${`#state-${state.id}`}>${state.title[locale()]}</a>`)}
        </p>
      </nav>
      ${GALLERY_STATES.map((state) => this.renderState(state))} ${this.renderThemeEditor()}
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
          const live = this.mounted.has(state.id)
            ? this.querySelector<Widget>(`ijazat-consent[data-cell="${key}"]`)
            : null;
          return html`<figure
            class="gallery-cell"
            style="margin:0"
            data-state=${state.id}
            data-variant=${variant.id}
            data-drive=${status?.status ?? 'pending'}
          >
            <figcaption>
              <span>${s.variant(language, s[variant.theme])}</span>
              <span class="mono" data-testid="live-state"
                >${live ? [stateOf(live), live.dataset.lastError].filter(Boolean).join(' · ') : ''}</span
              >
              ${status?.status === 'failed' ? html`<span class="badge badge--bad" title=${status.reason ?? ''}>${status.reason}</span>` : nothing}
            </figcaption>
            <div
              class="gallery-frame"
              data-theme=${variant.theme}
              lang=${variant.locale}
              dir=${variant.locale === 'ur' ? 'rtl' : 'ltr'}
            >
              ${this.mounted.has(state.id) ? this.renderWidget(key, state, variant) : nothing}
            </div>
          </figure>`;
        })}
      </div>
    </section>`;
  }

  private renderWidget(key: string, state: GalleryState, variant: Variant) {
    const attributes = state.attributes ?? {};
    const id = `${key}#${this.generations.get(key) ?? 0}`;
    // One nonce per widget: a changed nonce would (rightly) restart the widget's flow.
    if (!this.nonces.has(id)) this.nonces.set(id, makeNonce());
    const nonce = 'nonce' in attributes ? attributes.nonce : this.nonces.get(id);
    // keyed: a new generation replaces the widget with a fresh one.
    return keyed(
      id,
      html`<ijazat-consent
        data-cell=${key}
        partner-key=${GALLERY_PARTNER.key}
        purpose=${GALLERY_PARTNER.purpose}
        nonce=${nonce ?? nothing}
        locale=${variant.locale}
        timeout=${attributes.timeout ?? nothing}
      ></ijazat-consent>`,
    );
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
              ${
                property.color
                  ? html`<input
                      type="color"
                      aria-label=${`${property.name} colour`}
                      .value=${/^#[0-9a-f]{6}$/i.test(value) ? value : property.color}
                      @input=${(e: Event) => this.setOverride(property.name, (e.target as HTMLInputElement).value)}
                    />`
                  : nothing
              }
              <input
                id=${id}
                .value=${value}
                placeholder=${property.fallback}
                spellcheck="false"
                @change=${(e: Event) => this.setOverride(property.name, (e.target as HTMLInputElement).value.trim())}
              />
            </div>
          </div>`;
        })}
      </div>
      <h3 style="margin-block-start:1rem">CSS</h3>
      <pre class="json" tabindex="0" data-testid="theme-css">${themeCss(this.overrides, 'ijazat-consent')}</pre>
      <div class="button-row" style="margin-block-start:0.5rem">
        <button class="button button--primary" type="button" @click=${this.copyCss}>${s.copyCss}</button>
        <button
          class="button"
          type="button"
          @click=${() => {
            this.overrides = new Map();
            document.querySelector('#theme-overrides')!.textContent = '';
          }}
        >
          ${s.resetTheme}
        </button>
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
// Not awaited: the page's load event must not wait for the whole drive.
void gallery.run();
