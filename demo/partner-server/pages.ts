/**
 * The example's HTML: a plain form with the tag in it (no framework, no client-side glue: the widget
 * is a form field), and the result of the backend's verification.
 */
import type { ConsentClaims } from '../../src/contract/schemas.js';
import type { Account, ConsentState } from './accounts.js';

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)} · Sandbox Bank (example partner)</title>
  <link rel="stylesheet" href="/assets/page.css">
</head>
<body>
  <main>
    <p class="brand">Sandbox Bank · example partner backend</p>
    ${body}
  </main>
</body>
</html>`;
}

export interface FormPage {
  nonce: string;
  partnerKey: string;
  purpose: string;
  apiBase: string;
}

export function formPage({ nonce, partnerKey, purpose, apiBase }: FormPage): string {
  return layout(
    'Open an account',
    `<h1>Open an account</h1>
    <form method="post" action="/accounts">
      <p>
        <label for="cnic">Your CNIC</label>
        <input id="cnic" name="cnic" inputmode="numeric" autocomplete="off" spellcheck="false" required
               aria-describedby="cnic-hint">
        <span id="cnic-hint" class="hint">The CNIC you are opening the account with, e.g. 35202-1111111-1.</span>
      </p>
      <ijazat-consent partner-key="${escapeHtml(partnerKey)}" purpose="${escapeHtml(purpose)}"
                      nonce="${escapeHtml(nonce)}" api-base="${escapeHtml(apiBase)}"
                      name="ijazat_token" required></ijazat-consent>
      <p><button type="submit">Open account</button></p>
    </form>
    <script type="module" src="/assets/ijazat-consent.js"></script>`,
  );
}

export function verifiedPage(claims: ConsentClaims): string {
  const shared = Object.entries(claims.shared)
    .map(
      ([item, value]) =>
        `<dt>${escapeHtml(item)}</dt><dd data-item="${escapeHtml(item)}">${escapeHtml(String(value))}</dd>`,
    )
    .join('');
  return layout(
    'Consent verified',
    `<h1 data-result="verified">Consent verified</h1>
    <p>The token's signature, issuer, audience, expiry, nonce, purpose, CNIC binding and single use all checked out.</p>
    <h2>Shared with your consent</h2>
    <dl>${shared}</dl>
    <h2>Token</h2>
    <dl>
      <dt>Purpose</dt><dd data-claim="purpose">${escapeHtml(claims.purpose)}</dd>
      <dt>Citizen (pairwise pseudonym)</dt><dd data-claim="sub">${escapeHtml(claims.sub)}</dd>
      <dt>Token id (jti)</dt><dd data-claim="jti">${escapeHtml(claims.jti)}</dd>
      <dt>Expires</dt><dd data-claim="exp">${new Date(claims.exp * 1000).toISOString()}</dd>
    </dl>
    <p><a href="/account">Your account</a> · <a href="/">Start again</a></p>`,
  );
}

const CONSENT_WORDS: Record<ConsentState['status'], string> = {
  active: 'Active: the citizen has not withdrawn it.',
  revoked: 'Revoked by the citizen. The bank stops using what was shared.',
  expired: 'Expired.',
};

/** The account and its consent as the service's webhooks last told it (reload to see changes). */
export function accountPage(account: Account, consent: ConsentState): string {
  const events = consent.events
    .map(
      (event) =>
        `<li data-event="${escapeHtml(event.type)}"><code>${escapeHtml(event.id)}</code> ${escapeHtml(event.type)}</li>`,
    )
    .join('');
  return layout(
    'Your account',
    `<h1>Your account</h1>
    <dl>
      <dt>Citizen (pairwise pseudonym)</dt><dd>${escapeHtml(account.sub)}</dd>
      <dt>Consent (token id)</dt><dd>${escapeHtml(account.jti)}</dd>
      <dt>Consent status</dt>
      <dd data-consent="${escapeHtml(consent.status)}">${escapeHtml(CONSENT_WORDS[consent.status])}
        <span class="hint">(since ${escapeHtml(consent.changedAt)})</span></dd>
    </dl>
    <h2>Consent-status events received</h2>
    ${events ? `<ul>${events}</ul>` : '<p>None yet.</p>'}
    <p><a href="/account">Reload</a> · <a href="/">Start again</a></p>`,
  );
}

export function refusedPage(code: string, message: string): string {
  return layout(
    'Consent not accepted',
    `<h1 data-result="refused" data-code="${escapeHtml(code)}">Consent not accepted</h1>
    <p>${escapeHtml(message)} <code>(${escapeHtml(code)})</code></p>
    <p><a href="/">Start again</a></p>`,
  );
}

export const PAGE_CSS = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
main { max-inline-size: 36rem; margin: 2rem auto; padding-inline: 1rem; }
.brand { color: GrayText; font-size: 0.9rem; }
label { display: block; font-weight: 600; }
input { font: inherit; padding: 0.4rem; inline-size: 100%; box-sizing: border-box; }
.hint { color: GrayText; font-size: 0.9rem; }
button { font: inherit; padding: 0.5rem 1rem; }
dt { font-weight: 600; }
dd { margin-inline-start: 0; margin-block-end: 0.5rem; overflow-wrap: anywhere; }
`;
