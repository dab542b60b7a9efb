/**
 * An example partner backend on node:http, no framework: what a bank's server does around the tag.
 *   GET  /                a form with <ijazat-consent nonce=…>; the nonce is made here and kept in the session
 *   POST /accounts        the submitted form: verifies the consent token against the service's JWKS
 *   GET  /account         the session's account, with its consent's state as the webhooks told it
 *   POST /webhooks/ijazat consent-status events from the service, verified with verifyWebhookEvent
 * On start it registers its webhook endpoint with the sandbox. It never logs, stores or echoes the
 * CNIC or the token.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JWKS_PATH, SANDBOX_ISSUER } from '../../src/contract/api.js';
// A partner writes `from 'ijazat-consent/verify'`; the example uses the sources so it runs unbuilt.
import {
  ConsentTokenError,
  createMemoryReplayStore,
  verifyConsentToken,
  verifyWebhookEvent,
  WebhookEventError,
  type ReplayStore,
} from '../../src/verify/index.js';
import { MAX_WEBHOOK_BODY_BYTES } from '../../src/contract/webhooks.js';
import { AccountStore } from './accounts.js';
import { accountPage, formPage, PAGE_CSS, refusedPage, verifiedPage } from './pages.js';
import { sessionCookie, sessionIdFrom, SessionStore } from './sessions.js';
import { widgetScript } from './widget-script.js';

export interface PartnerServerOptions {
  /** The verification service (the simulator), e.g. http://127.0.0.1:4010. */
  serviceUrl: string;
  port?: number;
  host?: string;
  partnerKey?: string;
  partnerId?: string;
  purpose?: string;
  issuer?: string;
  /** Where used token ids are remembered; default: in this process's memory. */
  replay?: ReplayStore;
  /** Serve the built single-file widget (dist/) instead of bundling the sources. */
  widget?: 'source' | 'dist';
  /** The bank's records (accounts, sessions, seen event ids): pass the same ones to a restarted server. */
  accounts?: AccountStore;
  sessions?: SessionStore;
  /** Where seen webhook event ids are remembered; default: in this process's memory. */
  webhookReplay?: ReplayStore;
  /** Register `POST /webhooks/ijazat` with the sandbox on start (default true). */
  registerWebhook?: boolean;
}

export interface PartnerServer {
  url: string;
  /** Where the service delivers consent-status events. */
  webhookUrl: string;
  server: Server;
  close(): Promise<void>;
}

const MAX_FORM_BYTES = 16 * 1024;
export const WEBHOOK_PATH = '/webhooks/ijazat';

/** Reads a body's bytes, or null when there are more than `limit`. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Reads an urlencoded form body, or null when it is larger than MAX_FORM_BYTES. */
async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  const body = await readBody(req, MAX_FORM_BYTES);
  return body && new URLSearchParams(body.toString('utf8'));
}

/** Registers the endpoint with the sandbox (registering the same URL again is a no-op there). */
async function registerWebhook(serviceUrl: string, partnerId: string, webhookUrl: string): Promise<void> {
  const response = await fetch(`${serviceUrl}/__sim/partners/${encodeURIComponent(partnerId)}/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: webhookUrl }),
  });
  if (!response.ok) throw new Error(`registering the webhook endpoint failed: HTTP ${response.status}`);
}

export async function startPartnerServer(options: PartnerServerOptions): Promise<PartnerServer> {
  const serviceUrl = new URL(options.serviceUrl).origin;
  const partnerKey = options.partnerKey ?? 'pk_test_sandbox_bank';
  const partnerId = options.partnerId ?? 'prt_sandbox_bank';
  const purpose = options.purpose ?? 'account-opening';
  const issuer = options.issuer ?? SANDBOX_ISSUER;
  const replay = options.replay ?? createMemoryReplayStore();
  const webhookReplay = options.webhookReplay ?? createMemoryReplayStore();
  const sessions = options.sessions ?? new SessionStore();
  const accounts = options.accounts ?? new AccountStore();

  const headers = {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    // The CSP of docs/integration.md: the widget's script from here, its API calls to the service.
    // (A header CSP makes browsers blank `nonce` attributes once connected; the widget reads its
    // nonce from the element's internal slot then, which the Chromium walk of this page checks.)
    'content-security-policy': `default-src 'self'; script-src 'self'; connect-src 'self' ${serviceUrl}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'`,
  };

  function html(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
    res.writeHead(status, { ...headers, ...extra });
    res.end(body);
  }

  async function openAccount(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const session = sessions.get(sessionIdFrom(req.headers.cookie));
    if (!session)
      return html(res, 400, refusedPage('session_missing', 'Your session has expired. Open the form again.'));
    if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) {
      return html(
        res,
        415,
        refusedPage('unsupported_media_type', 'Submit the form as application/x-www-form-urlencoded.'),
      );
    }
    const form = await readForm(req);
    if (!form) return html(res, 413, refusedPage('form_too_large', 'The form is too large.'));
    const token = form.get('ijazat_token');
    if (!token)
      return html(res, 400, refusedPage('token_missing', 'Give your consent with the passcode before submitting.'));
    const cnic = form.get('cnic') ?? '';
    try {
      const claims = await verifyConsentToken(token, {
        jwksUrl: `${serviceUrl}${JWKS_PATH}`,
        issuer,
        audience: partnerId,
        nonce: session.nonce,
        purpose,
        cnic,
        replay,
      });
      // A real backend opens the account keyed by claims.sub and keeps claims.jti: the webhooks name it.
      accounts.open(session.id, { jti: claims.jti, sub: claims.sub, openedAt: Date.now() });
      return html(res, 200, verifiedPage(claims));
    } catch (error) {
      if (error instanceof ConsentTokenError) return html(res, 403, refusedPage(error.code, error.message));
      throw error;
    }
  }

  function account(req: IncomingMessage, res: ServerResponse): void {
    const opened = accounts.accountOf(sessionIdFrom(req.headers.cookie));
    if (!opened) return html(res, 404, refusedPage('account_missing', 'No account was opened in this session.'));
    return html(res, 200, accountPage(opened, accounts.consentOf(opened.jti)!));
  }

  /**
   * A consent-status event: verified over the raw bytes, acted on, then acknowledged with 2xx. A
   * duplicate (the same event id again: a retry after a lost answer, a second endpoint) is
   * acknowledged and not acted on; any other refusal answers 400, so a genuine event is retried.
   */
  async function webhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, MAX_WEBHOOK_BODY_BYTES);
    const reply = (status: number, answer: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    };
    if (!body) return reply(413, { error: 'webhook_body_too_large' });
    try {
      const event = await verifyWebhookEvent(body, req.headers, {
        jwksUrl: `${serviceUrl}${JWKS_PATH}`,
        audience: partnerId,
        replay: webhookReplay,
      });
      accounts.apply(event);
      return reply(200, { received: event.id });
    } catch (error) {
      if (!(error instanceof WebhookEventError)) throw error;
      if (error.code === 'webhook_replayed') return reply(200, { duplicate: true });
      return reply(400, { error: error.code });
    }
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://partner.invalid').pathname;
    const route = `${req.method} ${path}`;
    (async () => {
      if (route === 'GET /') {
        const session = sessions.begin(sessionIdFrom(req.headers.cookie));
        return html(res, 200, formPage({ nonce: session.nonce, partnerKey, purpose, apiBase: serviceUrl }), {
          'set-cookie': sessionCookie(session.id),
        });
      }
      if (route === 'POST /accounts') return openAccount(req, res);
      if (route === 'GET /account') return account(req, res);
      if (route === `POST ${WEBHOOK_PATH}`) return webhook(req, res);
      if (route === 'GET /assets/ijazat-consent.js') {
        const script = await widgetScript({ prefer: options.widget ?? 'source' });
        res.writeHead(200, {
          'content-type': 'text/javascript; charset=utf-8',
          'cache-control': 'no-cache',
          'x-content-type-options': 'nosniff',
        });
        return res.end(script);
      }
      if (route === 'GET /favicon.ico') return res.writeHead(204).end();
      if (route === 'GET /assets/page.css') {
        res.writeHead(200, { 'content-type': 'text/css; charset=utf-8' });
        return res.end(PAGE_CSS);
      }
      return html(res, 404, refusedPage('not_found', 'There is no such page.'));
    })().catch(() => {
      // Never the error's details (they could carry form values): a generic page.
      if (!res.headersSent) html(res, 500, refusedPage('internal_error', 'Something went wrong on our side.'));
      else res.end();
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  const webhookUrl = `${url}${WEBHOOK_PATH}`;
  if (options.registerWebhook ?? true) await registerWebhook(serviceUrl, partnerId, webhookUrl);
  return {
    url,
    webhookUrl,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
