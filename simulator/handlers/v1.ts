/** The service API under /v1, as the widget and partner backends call it. */
import { ContextQuery, CreateConsentRequestBody, EmptyBody, VerifyBody } from '../../src/contract/schemas.js';
import { consentContext, findPurpose } from '../domain/partners.js';
import { webOtpHost } from '../domain/sms.js';
import type { Simulator } from '../simulator.js';
import { parseWith, readJson } from './body.js';
import { route, type Route, type ServiceCall } from './call.js';
import { idempotencyKey, publishableCaller, secretCaller } from './caller.js';
import { guarded, json, outcomeReply, Rejection } from './respond.js';

/**
 * The asking page's host for the SMS's WebOTP line: Origin, else Referer, else (in the browser, where the
 * service worker hands requests over without them) the page itself, else localhost.
 */
function askingHost(call: ServiceCall): string {
  const page = (globalThis as { location?: Location }).location?.origin;
  return webOtpHost(call.header('origin') ?? call.header('referer') ?? page ?? null);
}

export function v1Routes(sim: Simulator): Route[] {
  return [
    route('GET', '/v1/context', (call) =>
      guarded(async () => {
        const partner = await publishableCaller(sim, call);
        const query = parseWith(ContextQuery, Object.fromEntries(call.url.searchParams));
        const purpose = findPurpose(partner, query.purpose);
        if (!purpose) throw new Rejection('unknown_purpose');
        return json(consentContext(partner, purpose, sim.limits));
      }),
    ),

    route('POST', '/v1/consent-requests', (call) =>
      guarded(async () => {
        const partner = await publishableCaller(sim, call);
        const key = idempotencyKey(call);
        const body = parseWith(CreateConsentRequestBody, await readJson(call), { cnic: 'invalid_cnic' });
        return outcomeReply(await sim.createRequest(partner, body, askingHost(call), key));
      }),
    ),

    route('GET', '/v1/consent-requests/:id', (call) =>
      guarded(async () => {
        const partner = await publishableCaller(sim, call);
        return outcomeReply(await sim.getRequest(partner, call.params.id!));
      }),
    ),

    route('POST', '/v1/consent-requests/:id/resend', (call) =>
      guarded(async () => {
        const partner = await publishableCaller(sim, call);
        parseWith(EmptyBody, await readJson(call, { emptyAsObject: true }));
        return outcomeReply(await sim.resend(partner, call.params.id!));
      }),
    ),

    route('POST', '/v1/consent-requests/:id/verify', (call) =>
      guarded(async () => {
        const partner = await publishableCaller(sim, call);
        const key = idempotencyKey(call);
        const body = parseWith(VerifyBody, await readJson(call), { code: 'invalid_code' });
        return outcomeReply(await sim.verify(partner, call.params.id!, body.code, key));
      }),
    ),

    route('POST', '/v1/consent-requests/:id/cancel', (call) =>
      guarded(async () => {
        const partner = await publishableCaller(sim, call);
        parseWith(EmptyBody, await readJson(call, { emptyAsObject: true }));
        return outcomeReply(await sim.cancel(partner, call.params.id!));
      }),
    ),

    // Public, like the JWKS: anyone may keep checkpoints and later hold the log to them.
    route('GET', '/v1/audit/checkpoint', () =>
      guarded(async () => json(await sim.auditCheckpoint(), 200, { 'Cache-Control': 'no-store' })),
    ),

    route('GET', '/v1/consents/:jti', (call) =>
      guarded(async () => {
        const partner = await secretCaller(sim, call);
        return outcomeReply(await sim.consentStatus(partner, call.params.jti!));
      }),
    ),
  ];
}
