/**
 * The partner page: Sandbox Bank's onboarding form with the widget in it, the citizen's phone beside
 * it, and below it what the bank's backend receives when the form is submitted, verified in the page
 * with the package's `verify` entry against the simulator's JWKS.
 */
import { html, nothing, render } from 'lit';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { SANDBOX_ISSUER } from '../../src/contract/api.js';
import { boot } from './boot.js';
import './demo-phone.js';
import { locale, onLocaleChange, t } from './locale.js';
import { makeNonce } from './nonce.js';
import { applyStrings } from './page-strings.js';
import { JWKS_URL, sandbox } from './sandbox-client.js';
import { CHECKS, verifyWithChecks, type Verification } from './token-checks.js';

const PARTNER_ID = 'prt_sandbox_bank';
const PURPOSE = 'account-opening';

// What the bank's backend would hold for this session: its nonce, and the token ids it has accepted.
const session = { nonce: makeNonce(), seen: new Set<string>() };

interface Submission {
  fields: [string, string][];
  token: string | null;
  verification: Verification | null;
  replayed: boolean;
}
let last: Submission | null = null;

const form = document.querySelector<HTMLFormElement>('#account-form')!;
const widget = document.querySelector('#consent')!;
const backend = document.querySelector<HTMLElement>('#backend')!;
const phone = document.querySelector('demo-phone')!;

widget.setAttribute('nonce', session.nonce);
widget.setAttribute('locale', locale());
document.querySelector('#nonce-value')!.textContent = session.nonce;

function shorten(value: string): string {
  return value.length > 48 ? `${value.slice(0, 24)}…${value.slice(-16)}` : value;
}

function renderSnippet(): void {
  document.querySelector('#snippet')!.textContent = `<!-- The page: the tag is one more field of the form -->
<script type="module">import 'ijazat-consent';</script>

<form action="/accounts" method="post">
  …
  <ijazat-consent partner-key="pk_test_sandbox_bank" purpose="account-opening"
                  nonce="{{ session.nonce }}" name="ijazat_token" locale="${locale()}" required>
  </ijazat-consent>
  <button>Open account</button>
</form>

// The backend: verify the token offline, against the service's public keys.
import { verifyConsentToken } from 'ijazat-consent/verify';

const claims = await verifyConsentToken(body.ijazat_token, {
  jwksUrl: '${JWKS_URL}',
  issuer: '${SANDBOX_ISSUER}',
  audience: '${PARTNER_ID}',
  nonce: session.nonce,          // the one this backend made for this session
  purpose: '${PURPOSE}',
  replay: seenTokenIds,          // single use: remembers each jti
});`;
}

function renderBackend(): void {
  const s = t().partner;
  if (!last) {
    render(html`<p class="muted">${s.backendEmpty}</p>`, backend);
    return;
  }
  const { fields, token, verification } = last;
  let claims: Record<string, unknown> | null = null;
  let header: Record<string, unknown> | null = null;
  if (token) {
    try {
      claims = decodeJwt(token);
      header = decodeProtectedHeader(token);
    } catch {
      claims = null;
    }
  }
  render(
    html`
      <h3>${s.formFields}</h3>
      <dl class="kv" data-testid="form-fields">
        ${fields.map(
          ([name, value]) =>
            html`<dt class="mono">${name}</dt>
              <dd class="mono">${name === 'ijazat_token' ? shorten(value) : value}</dd>`,
        )}
      </dl>
      ${
        token
          ? html`
              <h3 style="margin-block-start:1rem">${s.checksTitle}</h3>
              ${last.replayed ? html`<p class="muted">${s.replayHint}</p>` : nothing}
              <ul class="checks" data-testid="checks">
                ${CHECKS.map((id) => {
                  const result = verification?.checks[id] ?? 'skip';
                  return html`<li data-check=${id} data-result=${result}>
                    <span class="icon" aria-hidden="true"
                      >${result === 'pass' ? '✓' : result === 'fail' ? '✗' : '–'}</span
                    >
                    <span
                      >${s.checks[id]}:
                      <strong>${s[result]}</strong>
                      ${result === 'fail' && verification?.code ? html`<span class="code mono">(${verification.code})</span>` : nothing}</span
                    >
                  </li>`;
                })}
              </ul>
              <p
                class=${verification?.ok ? 'notice' : 'notice notice--danger'}
                data-testid="verdict"
                style="margin-block-start:0.75rem"
              >
                ${verification?.ok ? s.verdictOk : s.verdictBad(verification?.code ?? 'token_malformed')}
              </p>
              <div class="button-row" style="margin-block-start:0.75rem">
                <button class="button" type="button" data-testid="replay" @click=${replay}>${s.replay}</button>
              </div>
              ${
                claims
                  ? html`<h3 style="margin-block-start:1rem">${s.tokenClaims}</h3>
                      <pre class="json" tabindex="0" aria-label=${s.tokenClaims}>
${JSON.stringify({ header, claims }, null, 2)}</pre>`
                  : nothing
              }
            `
          : html`<p class="notice notice--danger">${s.noToken}</p>`
      }
    `,
    backend,
  );
}

async function check(token: string): Promise<Verification> {
  const { now } = await sandbox.clock();
  return verifyWithChecks(token, {
    now: new Date(now),
    jwksUrl: JWKS_URL,
    issuer: SANDBOX_ISSUER,
    audience: PARTNER_ID,
    nonce: session.nonce,
    purpose: PURPOSE,
    replay: session.seen,
  });
}

async function replay(): Promise<void> {
  if (!last?.token) return;
  last = { ...last, verification: await check(last.token), replayed: true };
  renderBackend();
}

async function post(): Promise<void> {
  // What a plain HTML form posts: the widget's value travels as one more field, no glue code.
  const data = new FormData(form);
  const fields = [...data.entries()].map(
    ([name, value]) => [name, typeof value === 'string' ? value : value.name] as [string, string],
  );
  const token = data.get('ijazat_token');
  if (!token) form.reportValidity();
  last = { fields, token: typeof token === 'string' && token ? token : null, verification: null, replayed: false };
  if (last.token) last.verification = await check(last.token);
  renderBackend();
  backend.closest('section')?.scrollIntoView({ block: 'start', behavior: 'smooth' });
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void post();
});

// The tag's events, as a partner's page receives them (tokens shortened for the screen).
const EVENT_TYPES = [
  'ijazat-state',
  'ijazat-passcode-sent',
  'ijazat-granted',
  'ijazat-error',
  'ijazat-cancel',
] as const;
const events: { at: string; type: string; detail: string }[] = [];
const eventList = document.querySelector<HTMLElement>('#events')!;

function renderEvents(): void {
  render(
    events.length
      ? html`${events.map(
          (event) =>
            html`<li>
              <span class="mono">${event.at}</span><span class="event-name mono">${event.type}</span
              ><span class="event-detail mono">${event.detail}</span>
            </li>`,
        )}`
      : html`<li class="muted">${t().partner.eventsEmpty}</li>`,
    eventList,
  );
}

for (const type of EVENT_TYPES) {
  widget.addEventListener(type, (event) => {
    const detail = { ...((event as CustomEvent).detail as Record<string, unknown>) };
    if (typeof detail.token === 'string') detail.token = shorten(detail.token);
    events.unshift({ at: new Date().toLocaleTimeString('en-GB'), type, detail: JSON.stringify(detail) });
    events.length = Math.min(events.length, 30);
    renderEvents();
  });
}

phone.addEventListener('demo-citizen-change', (event) => {
  const citizen = (event as CustomEvent<{ citizen?: { name: string } }>).detail.citizen;
  const name = document.querySelector<HTMLInputElement>('#full-name');
  if (citizen && name) name.value = citizen.name;
});

function applyLocale(): void {
  applyStrings();
  document.querySelector('#phone-aside')?.setAttribute('aria-label', t().partner.phoneTitle);
  document.title = `${t().nav.partner} · Ijazat sandbox`;
  renderSnippet();
  renderBackend();
  renderEvents();
}
onLocaleChange(applyLocale);
applyLocale();

await boot({ dbName: 'ijazat-demo', bankEndpoint: true });
await Promise.all([document.querySelector('demo-header')!.refresh(), phone.start()]);
