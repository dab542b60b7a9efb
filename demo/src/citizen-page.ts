/**
 * The citizen page: for one test citizen, every consent given (partner, purpose, data shared, when,
 * status) with a revoke that asks first in a real <dialog>, the registered mobile with its changes
 * (held, stopped by NO, completed), and the service's audit trail with its
 * hash-chain check and the service's signed checkpoint (GET /v1/audit/checkpoint), plus a button that edits an entry behind the service's back (POST
 * /__sim/audit/tamper) to show the chain catching an insider.
 */
import { LitElement, html, nothing } from 'lit';
import { boot } from './boot.js';
import { formatTime } from './demo-header.js';
import { locale, onLocaleChange, t } from './locale.js';
import {
  localized,
  sandbox,
  SandboxError,
  type AuditEntry,
  type ChainCheck,
  type Checkpoint,
  type CitizenConsent,
  type Identities,
  type MobileChange,
  type WebhookDelivery,
} from './sandbox-client.js';
import {
  BANK_HEARD_EVENT,
  BANK_PARTNER_ID,
  bankDown,
  bankHeard,
  setBankDown,
  type HeardEvent,
} from './bank-webhooks.js';

const AUDIT_ROWS = 40;

export class DemoCitizen extends LitElement {
  static override properties = {
    citizenId: { state: true },
    identities: { state: true },
    consents: { state: true },
    mobileChanges: { state: true },
    entries: { state: true },
    chain: { state: true },
    checkpoint: { state: true },
    message: { state: true },
    auditMessage: { state: true },
    pending: { state: true },
    deliveries: { state: true },
    heard: { state: true },
    down: { state: true },
    loaded: { state: true },
  };

  citizenId = new URLSearchParams(location.search).get('citizen') ?? 'cit_ayesha';
  identities: Identities | null = null;
  consents: CitizenConsent[] | null = null;
  mobileChanges: MobileChange[] = [];
  entries: AuditEntry[] = [];
  chain: ChainCheck | null = null;
  checkpoint: Checkpoint | null = null;
  message = '';
  auditMessage = '';
  pending: CitizenConsent | null = null;
  deliveries: WebhookDelivery[] = [];
  heard: HeardEvent[] = [];
  down = bankDown();
  /** The first load has answered (or failed): until then the cards stay out, so they appear whole, not growing. */
  loaded = false;
  private webhooksRefresh: ReturnType<typeof setTimeout> | null = null;

  protected override createRenderRoot() {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    onLocaleChange(() => this.requestUpdate());
    document.addEventListener('demo-sandbox-reset', () => void this.load());
    document.addEventListener(BANK_HEARD_EVENT, () => this.refreshWebhooksSoon());
    // Another tab (the partner page) may deliver to the bank too.
    window.addEventListener('storage', () => this.refreshWebhooksSoon());
  }

  /** Deliveries are made and recorded after the change that caused them: refresh once things settle. */
  refreshWebhooksSoon(): void {
    if (this.webhooksRefresh) clearTimeout(this.webhooksRefresh);
    this.webhooksRefresh = setTimeout(() => void this.loadWebhooks().catch((e: unknown) => this.report(e)), 100);
  }

  private async loadWebhooks(): Promise<void> {
    this.deliveries = (await sandbox.webhookDeliveries(BANK_PARTNER_ID)).deliveries;
    this.heard = bankHeard();
    this.down = bankDown();
  }

  private toggleBank(): void {
    setBankDown(!this.down);
    this.down = bankDown();
  }

  async load(): Promise<void> {
    try {
      this.identities = await sandbox.identities();
      await Promise.all([this.loadConsents(), this.loadAudit(), this.loadWebhooks()]);
    } catch (error) {
      this.report(error);
    }
    this.loaded = true;
  }

  private async loadConsents(): Promise<void> {
    const [consents, changes, identities] = await Promise.all([
      sandbox.consents(this.citizenId),
      sandbox.mobileChanges(this.citizenId),
      sandbox.identities(),
    ]);
    this.consents = consents.consents;
    this.mobileChanges = changes.changes;
    this.identities = identities;
  }

  private async loadAudit(): Promise<void> {
    const [{ entries, chain }, checkpoint] = await Promise.all([sandbox.audit(), sandbox.checkpoint()]);
    this.entries = entries;
    this.chain = chain;
    this.checkpoint = checkpoint;
  }

  private report(error: unknown): void {
    this.message = t().sandbox.error(error instanceof SandboxError ? error.code : 'network_error');
  }

  private async choose(event: Event): Promise<void> {
    this.citizenId = (event.target as HTMLSelectElement).value;
    this.message = '';
    try {
      await this.loadConsents();
    } catch (error) {
      this.report(error);
    }
  }

  private askRevoke(consent: CitizenConsent): void {
    this.pending = consent;
    void this.updateComplete.then(() => this.querySelector<HTMLDialogElement>('#revoke-dialog')?.showModal());
  }

  private async onDialogClose(event: Event): Promise<void> {
    const dialog = event.target as HTMLDialogElement;
    const consent = this.pending;
    this.pending = null;
    if (dialog.returnValue !== 'revoke' || !consent) return;
    try {
      await sandbox.revoke(this.citizenId, consent.jti);
      this.message = t().citizen.revoked(localized(consent.partner.displayName, locale()));
      await Promise.all([this.loadConsents(), this.loadAudit()]);
      this.refreshWebhooksSoon();
      this.querySelector<HTMLElement>(`[data-jti="${CSS.escape(consent.jti)}"] h3`)?.focus();
    } catch (error) {
      this.report(error);
    }
  }

  private async tamper(): Promise<void> {
    // The insider edits the most telling entry: a token issued to a partner (else the latest one).
    const target = [...this.entries].reverse().find((entry) => entry.type === 'token_issued') ?? this.entries.at(-1);
    if (!target) return;
    try {
      await sandbox.tamper(target.seq, {
        ...target.detail,
        partnerId: 'prt_unlisted_buyer',
        note: 'edited by an insider',
      });
      await this.loadAudit();
      this.auditMessage = t().citizen.tampered(target.seq);
    } catch (error) {
      this.auditMessage = t().sandbox.error(error instanceof SandboxError ? error.code : 'network_error');
    }
  }

  override render() {
    const s = t().citizen;
    return html`
      <div class="page-intro">
        <h1>${s.title}</h1>
        <p class="muted">${s.intro}</p>
      </div>
      ${this.loaded ? this.renderCards() : nothing} ${this.renderDialog()}
    `;
  }

  private renderCards() {
    const s = t().citizen;
    const citizens = this.identities?.citizens ?? [];
    return html`
      <div class="stack">
        <section class="card" aria-labelledby="consents-title">
          <div class="consent__head">
            <h2 id="consents-title">${s.consentsTitle}</h2>
            <div class="field" style="min-inline-size: min(20rem, 100%)">
              <label for="citizen-select">${s.choose}</label>
              <select id="citizen-select" @change=${this.choose} .value=${this.citizenId}>
                ${citizens.map((c) => html`<option value=${c.id} ?selected=${c.id === this.citizenId}>${c.name} · ${c.cnic}</option>`)}
              </select>
            </div>
          </div>
          <p role="status" class="muted" data-testid="citizen-message">${this.message}</p>
          ${
            this.consents === null
              ? nothing
              : this.consents.length === 0
                ? html`<p>${s.none}</p>`
                : html`<ul class="consent-list" data-testid="consents">
                    ${this.consents.map((c) => this.renderConsent(c))}
                  </ul>`
          }
        </section>
        ${this.renderMobile()} ${this.renderWebhooks()} ${this.renderAudit()}
      </div>
    `;
  }

  private renderConsent(consent: CitizenConsent) {
    const s = t().citizen;
    const lang = locale();
    const partner = localized(consent.partner.displayName, lang);
    const purpose = localized(consent.purpose.title, lang);
    const shared = Object.entries(consent.shared ?? {});
    return html`<li class="card consent" data-jti=${consent.jti} data-status=${consent.status}>
      <div class="consent__head">
        <h3 tabindex="-1">${partner}: ${purpose}</h3>
        <span
          class="badge ${consent.status === 'active' ? 'badge--ok' : consent.status === 'revoked' ? 'badge--bad' : 'badge--muted'}"
          data-testid="consent-status"
          >${s.status[consent.status] ?? consent.status}</span
        >
      </div>
      <dl class="kv">
        <dt>${s.shared}</dt>
        <dd>
          ${shared.length ? shared.map(([item, value], i) => html`${i ? ', ' : ''}${s.dataItems[item] ?? item}: <strong>${item === 'cnic_status' ? (s.cardStatus[value] ?? value) : value}</strong>`) : '–'}
        </dd>
        <dt>${s.granted}</dt>
        <dd>${formatTime(consent.grantedAt, true)}</dd>
        <dt>${s.expires}</dt>
        <dd>${formatTime(consent.expiresAt, true)}</dd>
        ${
          consent.revokedAt
            ? html`<dt>${s.revokedAt}</dt>
                <dd>${formatTime(consent.revokedAt, true)}</dd>`
            : nothing
        }
      </dl>
      ${
        consent.status === 'active'
          ? html`<div>
              <button
                class="button button--danger"
                type="button"
                aria-label=${s.revokeLabel(partner, purpose)}
                @click=${() => this.askRevoke(consent)}
              >
                ${s.revoke}
              </button>
            </div>`
          : nothing
      }
    </li>`;
  }

  /** The registered mobile and its changes: a takeover attempt shows here, held, with how it ended. */
  private renderMobile() {
    const s = t().citizen;
    const citizen = this.identities?.citizens.find((c) => c.id === this.citizenId);
    return html`<section class="card" aria-labelledby="mobile-title" data-testid="mobile-changes">
      <h2 id="mobile-title">${s.mobileTitle}</h2>
      <p>${citizen?.mobile ? s.mobileNow(citizen.mobile) : s.mobileNone}</p>
      <p class="muted">${s.mobileIntro}</p>
      ${
        this.mobileChanges.length === 0
          ? html`<p>${s.mobileChangesNone}</p>`
          : html`<ul class="consent-list">
              ${this.mobileChanges.map(
                (change) =>
                  html`<li class="card consent" data-status=${change.status}>
                    <div class="consent__head">
                      <h3 class="ltr">${s.mobileChange(change.from, change.to)}</h3>
                      <span
                        class="badge ${change.status === 'completed' ? 'badge--ok' : change.status === 'cancelled' ? 'badge--muted' : 'badge--bad'}"
                        >${s.mobileStatus[change.status]}${
                          change.status === 'pending' ? html` ${formatTime(change.effectiveAt, true)}` : nothing
                        }</span
                      >
                    </div>
                    <dl class="kv">
                      <dt>${s.mobileRequested}</dt>
                      <dd>${formatTime(change.requestedAt, true)}</dd>
                      ${
                        change.endedAt
                          ? html`<dt>${s.mobileStatus[change.status]}</dt>
                              <dd>
                                ${formatTime(change.endedAt, true)}
                                ${change.cancelledBy ? s.mobileBy[change.cancelledBy] : nothing}
                              </dd>`
                          : nothing
                      }
                    </dl>
                  </li>`,
              )}
            </ul>`
      }
    </section>`;
  }

  private renderDialog() {
    const s = t().citizen;
    const consent = this.pending;
    const partner = consent ? localized(consent.partner.displayName, locale()) : '';
    const purpose = consent ? localized(consent.purpose.title, locale()) : '';
    return html`<dialog
      id="revoke-dialog"
      aria-labelledby="revoke-title"
      aria-describedby="revoke-body"
      @close=${this.onDialogClose}
    >
      <form method="dialog" class="stack">
        <h2 id="revoke-title">${s.dialogTitle}</h2>
        <p id="revoke-body">${consent ? s.dialogBody(partner, purpose) : ''}</p>
        <div class="button-row">
          <button class="button button--danger-solid" value="revoke">${s.confirm}</button>
          <button class="button" value="cancel" autofocus>${s.cancel}</button>
        </div>
      </form>
    </dialog>`;
  }

  private renderWebhooks() {
    const s = t().citizen;
    return html`<section class="card" aria-labelledby="webhooks-title" data-testid="webhooks">
      <h2 id="webhooks-title">${s.webhooksTitle}</h2>
      <p class="muted">${s.webhooksIntro}</p>
      <div class="button-row">
        <button class="button" type="button" aria-pressed=${String(this.down)} @click=${this.toggleBank}>
          ${this.down ? s.bankUp : s.bankDown}
        </button>
        <button class="button" type="button" @click=${() => this.loadWebhooks().catch((e: unknown) => this.report(e))}>
          ${s.refresh}
        </button>
      </div>
      <p role="status" class="muted" data-testid="bank-status">${this.down ? s.bankIsDown : s.bankIsUp}</p>
      <h3>${s.heardTitle}</h3>
      ${
        this.heard.length === 0
          ? html`<p>${s.heardEmpty}</p>`
          : html`<ul data-testid="bank-heard">
              ${[...this.heard]
                .reverse()
                .map(
                  (event) =>
                    html`<li data-type=${event.type} data-jti=${event.jti}>
                      <span class="mono">${event.type}</span> ·
                      <span class="mono ltr">${event.jti.slice(0, 10)}…</span> ·
                      ${formatTime(event.receivedAt, true)}${event.duplicates ? html` · ${s.heardDuplicates(event.duplicates)}` : nothing}
                    </li>`,
                )}
            </ul>`
      }
      <h3>${s.deliveriesTitle}</h3>
      ${this.deliveries.length === 0 ? html`<p>${s.deliveriesEmpty}</p>` : this.renderDeliveries()}
    </section>`;
  }

  private renderDeliveries() {
    const s = t().citizen;
    const badge = { pending: 'badge--muted', delivered: 'badge--ok', failed: 'badge--bad' };
    return html`<div class="table-wrap" tabindex="0" role="region" aria-label=${s.deliveriesTable}>
      <table data-testid="deliveries">
        <thead>
          <tr>
            <th scope="col">${s.deliveryColumns.event}</th>
            <th scope="col">${s.deliveryColumns.state}</th>
            <th scope="col">${s.deliveryColumns.attempts}</th>
            <th scope="col">${s.deliveryColumns.next}</th>
          </tr>
        </thead>
        <tbody>
          ${this.deliveries.slice(0, 20).map(
            (delivery) =>
              html`<tr data-type=${delivery.type} data-state=${delivery.state}>
                <td>
                  <span class="mono">${delivery.type}</span>
                  <span class="mono ltr" style="font-size:0.75rem">${delivery.eventId}</span>
                </td>
                <td>
                  <span class="badge ${badge[delivery.state]}"
                    >${s.deliveryState[delivery.state] ?? delivery.state}</span
                  >
                </td>
                <td class="mono" style="font-size:0.75rem">
                  ${delivery.attempts.map((attempt) => `${formatTime(attempt.at, true)} ${attempt.status ?? '–'}${attempt.error ? ` ${attempt.error}` : ''}`).join('; ') || '–'}
                </td>
                <td>${delivery.nextAttemptAt ? formatTime(delivery.nextAttemptAt, true) : '–'}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderAudit() {
    const s = t().citizen;
    const chain = this.chain;
    const partners = new Map((this.identities?.partners ?? []).map((p) => [p.id, localized(p.displayName, locale())]));
    const rows = this.entries.slice(-AUDIT_ROWS).reverse();
    return html`<section class="card" aria-labelledby="audit-title">
      <h2 id="audit-title">${s.auditTitle}</h2>
      <p class="muted">${s.auditIntro}</p>
      <div class="chain">
        ${
          chain
            ? chain.ok
              ? html`<p class="notice" data-testid="chain" data-ok="true">✓ ${s.chainOk}</p>`
              : html`<p class="notice notice--danger" data-testid="chain" data-ok="false">
                  ✗ ${s.chainBroken(chain.brokenAt, chain.reason)}
                </p>`
            : nothing
        }
        ${
          this.checkpoint
            ? html`<p class="muted" data-testid="checkpoint" data-count=${this.checkpoint.count}>
                ${s.checkpoint(this.checkpoint.count, this.checkpoint.head.slice(0, 12), formatTime(this.checkpoint.signedAt, true))}
              </p>`
            : nothing
        }
        <div class="button-row">
          <button
            class="button button--danger"
            type="button"
            @click=${this.tamper}
            aria-describedby="tamper-hint"
            ?disabled=${!this.entries.length}
          >
            ${s.tamper}
          </button>
          <button class="button" type="button" @click=${() => this.loadAudit().catch((e: unknown) => this.report(e))}>
            ${s.refresh}
          </button>
        </div>
      </div>
      <p class="muted" id="tamper-hint" style="font-size:0.85rem">${s.tamperHint}</p>
      <p role="status" class="muted" data-testid="audit-message">${this.auditMessage}</p>
      ${
        rows.length === 0
          ? html`<p>${s.auditEmpty}</p>`
          : html`<div class="table-wrap" tabindex="0" role="region" aria-label=${s.auditTable}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">${s.columns.seq}</th>
                    <th scope="col">${s.columns.at}</th>
                    <th scope="col">${s.columns.type}</th>
                    <th scope="col">${s.columns.partner}</th>
                    <th scope="col">${s.columns.detail}</th>
                    <th scope="col">${s.columns.hash}</th>
                  </tr>
                </thead>
                <tbody>
                  ${rows.map(
                    (entry) =>
                      html`<tr ?data-broken=${chain && !chain.ok && entry.seq === chain.brokenAt}>
                        <td class="ltr">${entry.seq}</td>
                        <td>${formatTime(entry.at, true)}</td>
                        <td class="mono">${entry.type}</td>
                        <td>${entry.partnerId ? (partners.get(entry.partnerId) ?? entry.partnerId) : '–'}</td>
                        <td class="mono" style="font-size:0.75rem">
                          ${Object.keys(entry.detail ?? {}).length ? JSON.stringify(entry.detail) : '–'}
                        </td>
                        <td><span class="hash">${entry.hash.slice(0, 12)}…</span></td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
    </section>`;
  }
}

customElements.define('demo-citizen', DemoCitizen);

declare global {
  interface HTMLElementTagNameMap {
    'demo-citizen': DemoCitizen;
  }
}

onLocaleChange(() => (document.title = `${t().nav.citizen} · Ijazat sandbox`));
document.title = `${t().nav.citizen} · Ijazat sandbox`;
const { simulator } = await boot({ dbName: 'ijazat-demo', bankEndpoint: true });
const citizenPage = document.querySelector('demo-citizen')!;
// A delivery attempt is recorded after the change that caused it: the log follows the simulator.
simulator.onChange(() => citizenPage.refreshWebhooksSoon());
await Promise.all([document.querySelector('demo-header')!.refresh(), citizenPage.load()]);
