/** The service API under /v1, as the widget and partner backends call it. */
import { http, type RequestHandler } from 'msw';
import { ContextQuery, CreateConsentRequestBody, EmptyBody, VerifyBody } from '../../src/contract/schemas.js';
import { consentContext, findPurpose } from '../domain/partners.js';
import { webOtpHost } from '../domain/sms.js';
import type { Simulator } from '../simulator.js';
import { parseWith, readJson } from './body.js';
import { idempotencyKey, publishableCaller, secretCaller } from './caller.js';
import { guarded, json, outcomeResponse, Rejection } from './respond.js';

const param = (value: string | readonly string[] | undefined): string => (typeof value === 'string' ? value : '');

/**
 * The asking page's host for the SMS's WebOTP line: Origin, else Referer, else (in the browser, where the
 * service worker hands requests over without them) the page itself, else localhost.
 */
function askingHost(request: Request): string {
  const page = (globalThis as { location?: Location }).location?.origin;
  return webOtpHost(request.headers.get('origin') ?? request.headers.get('referer') ?? page ?? null);
}

export function v1Handlers(sim: Simulator): RequestHandler[] {
  return [
    http.get('*/v1/context', ({ request }) =>
      guarded(async () => {
        const partner = await publishableCaller(sim, request);
        const query = parseWith(ContextQuery, Object.fromEntries(new URL(request.url).searchParams));
        const purpose = findPurpose(partner, query.purpose);
        if (!purpose) throw new Rejection('unknown_purpose');
        return json(consentContext(partner, purpose, sim.limits));
      }),
    ),

    http.post('*/v1/consent-requests', ({ request }) =>
      guarded(async () => {
        const partner = await publishableCaller(sim, request);
        const key = idempotencyKey(request);
        const body = parseWith(CreateConsentRequestBody, await readJson(request), { cnic: 'invalid_cnic' });
        return outcomeResponse(await sim.createRequest(partner, body, askingHost(request), key));
      }),
    ),

    http.get('*/v1/consent-requests/:id', ({ request, params }) =>
      guarded(async () => {
        const partner = await publishableCaller(sim, request);
        return outcomeResponse(await sim.getRequest(partner, param(params.id)));
      }),
    ),

    http.post('*/v1/consent-requests/:id/resend', ({ request, params }) =>
      guarded(async () => {
        const partner = await publishableCaller(sim, request);
        parseWith(EmptyBody, await readJson(request, { emptyAsObject: true }));
        return outcomeResponse(await sim.resend(partner, param(params.id)));
      }),
    ),

    http.post('*/v1/consent-requests/:id/verify', ({ request, params }) =>
      guarded(async () => {
        const partner = await publishableCaller(sim, request);
        const key = idempotencyKey(request);
        const body = parseWith(VerifyBody, await readJson(request), { code: 'invalid_code' });
        return outcomeResponse(await sim.verify(partner, param(params.id), body.code, key));
      }),
    ),

    http.post('*/v1/consent-requests/:id/cancel', ({ request, params }) =>
      guarded(async () => {
        const partner = await publishableCaller(sim, request);
        parseWith(EmptyBody, await readJson(request, { emptyAsObject: true }));
        return outcomeResponse(await sim.cancel(partner, param(params.id)));
      }),
    ),

    http.get('*/v1/consents/:jti', ({ request, params }) =>
      guarded(async () => {
        const partner = await secretCaller(sim, request);
        return outcomeResponse(await sim.consentStatus(partner, param(params.jti)));
      }),
    ),
  ];
}

