/**
 * Sandbox Bank's webhook endpoint, played in the page as the bank's token checks are (token-checks.ts):
 * the in-page simulator POSTs consent-status events to BANK_WEBHOOK_URL, and this MSW handler answers
 * as the bank's backend would, checking each with `verifyWebhookEvent` from the package's verify
 * entry against the sandbox's JWKS. What the bank heard is kept in localStorage, so every demo tab
 * shows the same; a switch takes the endpoint "down" (503) to show the service retrying.
 */
import type { SetupWorker } from 'msw/browser';
import { http, HttpResponse } from 'msw';
import { verifyWebhookEvent, WebhookEventError, type WebhookEvent } from 'ijazat-consent/verify';
import { JWKS_URL, sandbox } from './sandbox-client.js';

export const BANK_PARTNER_ID = 'prt_sandbox_bank';
/** `.test` is reserved: nothing real answers there, only the handler below. */
export const BANK_WEBHOOK_URL = 'https://bank.sandbox.test/webhooks/ijazat';
const HEARD_KEY = 'ijazat-demo-bank-heard';
const DOWN_KEY = 'ijazat-demo-bank-down';
export const BANK_HEARD_EVENT = 'demo-bank-heard';

/** One event the bank acted on, and how often it arrived again (de-duplicated by its id). */
export interface HeardEvent {
  id: string;
  type: WebhookEvent['type'];
  jti: string;
  receivedAt: string;
  duplicates: number;
}

export function bankHeard(): HeardEvent[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(HEARD_KEY) ?? '[]');
    return Array.isArray(stored) ? (stored as HeardEvent[]) : [];
  } catch {
    return [];
  }
}

function remember(heard: HeardEvent[]): void {
  localStorage.setItem(HEARD_KEY, JSON.stringify(heard.slice(-50)));
  document.dispatchEvent(new CustomEvent(BANK_HEARD_EVENT));
}

export const bankDown = (): boolean => localStorage.getItem(DOWN_KEY) === 'true';

export function setBankDown(down: boolean): void {
  localStorage.setItem(DOWN_KEY, String(down));
}

/** What the bank's backend does with one delivery: verify, act once per event id, acknowledge. */
async function receive(request: Request): Promise<Response> {
  if (bankDown()) return new HttpResponse(null, { status: 503 });
  const body = await request.text();
  let event: WebhookEvent;
  try {
    event = await verifyWebhookEvent(body, request.headers, {
      jwksUrl: JWKS_URL,
      audience: BANK_PARTNER_ID,
      replay: false, // de-duplicated below, against what the bank stored
    });
  } catch (error) {
    if (error instanceof WebhookEventError) return HttpResponse.json({ error: error.code }, { status: 400 });
    throw error;
  }
  const heard = bankHeard();
  const known = heard.find((entry) => entry.id === event.id);
  if (known) known.duplicates += 1;
  else
    heard.push({
      id: event.id,
      type: event.type,
      jti: event.data.jti,
      receivedAt: new Date().toISOString(),
      duplicates: 0,
    });
  remember(heard);
  return new HttpResponse(null, { status: 204 });
}

/** Registers the bank's endpoint with the sandbox (registering it again changes nothing there). */
export async function registerBankEndpoint(): Promise<void> {
  await sandbox.registerWebhook(BANK_PARTNER_ID, BANK_WEBHOOK_URL);
}

/** Answers the bank's endpoint in this page and registers it. */
export async function startBankEndpoint(worker: SetupWorker): Promise<void> {
  worker.use(http.post(BANK_WEBHOOK_URL, ({ request }) => receive(request)));
  await registerBankEndpoint();
}

/** After a sandbox reset: the bank forgets too, and is back up. */
export function forgetBank(): void {
  localStorage.removeItem(DOWN_KEY);
  remember([]);
}
