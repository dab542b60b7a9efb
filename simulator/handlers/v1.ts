/** The service API under /v1, as the widget and partner backends call it, on the contract's routes. */
import {
  AUDIT_CHECKPOINT_ROUTE,
  CANCEL_ROUTE,
  CONSENT_REQUEST_ROUTE,
  CONSENT_REQUESTS_ROUTE,
  CONSENT_STATUS_ROUTE,
  CONTEXT_ROUTE,
  RESEND_ROUTE,
  VERIFY_ROUTE,
} from '../../src/contract/api.js';
import { ContextQuery, CreateConsentRequestBody, EmptyBody, VerifyBody } from '../../src/contract/schemas.js';
import { consentContext, findPurpose, originAllowed } from '../domain/partners.js';
import { webOtpHost } from '../domain/sms.js';
import type { Simulator } from '../simulator.js';
import { PARTNER_KEY_HEADER } from '../../src/contract/api.js';
import type { PartnerRecord } from '../store/schema.js';
import { parseWith } from './body.js';
import { route, type Route, type ServiceCall } from './call.js';
import { admit, idempotencyKey, publishableCaller, readThenAdmit, secretCaller } from './caller.js';
import { guarded, json, outcomeReply, Rejection } from './respond.js';

/**
 * The host the SMS's WebOTP line names: only an origin registered for the partner. The request's
 * `Origin` when it sent one (publishableCaller has checked it is on the allow-list); in the browser,
 * where the service worker hands requests over without it, the page's own origin if the partner
 * registered it; else the partner's first registered origin. Never `Referer`: a page chooses that.
 */
function webOtpOrigin(sim: Simulator, call: ServiceCall, partner: PartnerRecord): string | null {
  const origin = call.header('origin');
  if (origin !== null) return origin;
  const allowList = [...partner.origins, ...sim.ctx.extraOrigins];
  const page = (globalThis as { location?: Location }).location?.origin;
  if (page && originAllowed(allowList, page)) return page;
  return allowList[0] ?? null;
}

export function v1Routes(sim: Simulator): Route[] {
  return [
    route('GET', CONTEXT_ROUTE, (call) =>
      guarded(async () => {
        const partner = await publishableCaller(sim, call);
        // Reading who asks is cacheable and has its own window: it never uses up the create budget.
        admit(sim, call, partner, 'context');
        const query = parseWith(ContextQuery, Object.fromEntries(call.url.searchParams));
        const purpose = findPurpose(partner, query.purpose);
        if (!purpose) throw new Rejection('unknown_purpose');
        return json(consentContext(partner, purpose, sim.limits), 200, {
          'Cache-Control': 'public, max-age=300',
          Vary: `${PARTNER_KEY_HEADER}, Origin`,
        });
      }),
    ),

    route('POST', CONSENT_REQUESTS_ROUTE, (call) =>
      guarded(async () => {
        const partner = await publishableCaller(sim, call);
        const key = idempotencyKey(call);
        const raw = await readThenAdmit(sim, call, partner);
        const body = parseWith(CreateConsentRequestBody, raw, { cnic: 'invalid_cnic' });
        const host = webOtpHost(webOtpOrigin(sim, call, partner));
        return outcomeReply(await sim.createRequest(partner, body, host, key));
      }),
    ),

    route('GET', CONSENT_REQUEST_ROUTE, (call) =>
      guarded(async () => {
        const partner = await publishableCaller(sim, call);
        admit(sim, call, partner);
        return outcomeReply(await sim.getRequest(partner, call.params.id!));
      }),
    ),

    route('POST', RESEND_ROUTE, (call) =>
      guarded(async () => {
        const partner = await publishableCaller(sim, call);
        parseWith(EmptyBody, await readThenAdmit(sim, call, partner, { emptyAsObject: true }));
        return outcomeReply(await sim.resend(partner, call.params.id!));
      }),
    ),

    route('POST', VERIFY_ROUTE, (call) =>
      guarded(async () => {
        const partner = await publishableCaller(sim, call);
        const key = idempotencyKey(call);
        const body = parseWith(VerifyBody, await readThenAdmit(sim, call, partner), { code: 'invalid_code' });
        return outcomeReply(await sim.verify(partner, call.params.id!, body.code, key, call.clientAddress));
      }),
    ),

    route('POST', CANCEL_ROUTE, (call) =>
      guarded(async () => {
        const partner = await publishableCaller(sim, call);
        parseWith(EmptyBody, await readThenAdmit(sim, call, partner, { emptyAsObject: true }));
        return outcomeReply(await sim.cancel(partner, call.params.id!));
      }),
    ),

    // Public, like the JWKS: anyone may keep checkpoints and later hold the log to them.
    route('GET', AUDIT_CHECKPOINT_ROUTE, () =>
      guarded(async () => json(await sim.auditCheckpoint(), 200, { 'Cache-Control': 'no-store' })),
    ),

    route('GET', CONSENT_STATUS_ROUTE, (call) =>
      guarded(async () => {
        const partner = await secretCaller(sim, call);
        return outcomeReply(await sim.consentStatus(partner, call.params.jti!));
      }),
    ),
  ];
}
