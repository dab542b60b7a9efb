/** Simulator-only controls under /__sim: identities, SIM inboxes, the ledger, audit, faults, time, keys, test tokens. */
import { z } from 'zod';
import { CardStatus, EmptyBody } from '../../src/contract/schemas.js';
import { TestTokenRequest } from '../../src/contract/test-tokens.js';
import { cnicDigits } from '../../src/contract/cnic.js';
import { FaultsPatch } from '../faults.js';
import { LimitsPatch } from '../limits.js';
import type { Simulator } from '../simulator.js';
import { parseWith, readJson } from './body.js';
import { route, type Reply, type Route, type ServiceCall } from './call.js';
import { JWKS_PATH } from '../../src/contract/api.js';
import { RegisterWebhookBody } from '../../src/contract/webhooks.js';
import type { Outcome } from '../domain/outcome.js';
import type { EndpointView } from '../webhooks/endpoints.js';
import { guarded, json, outcomeReply } from './respond.js';

export const NewCitizenBody = z.strictObject({
  cnic: z.string().refine((text) => cnicDigits(text) !== null, 'A CNIC has 13 digits.'),
  name: z.string().trim().min(1).max(100),
  cardStatus: CardStatus,
  mobile: z
    .string()
    .regex(/^03\d{9}$/, 'A mobile number is 11 digits starting 03.')
    .nullable(),
});
/** `?after=msg_12`: only the messages after that one, so a phone polling its inbox reads what is new. */
export const MessagesQuery = z.strictObject({
  after: z
    .string()
    .regex(/^msg_\d{1,15}$/, 'after is a message id such as msg_12.')
    .transform((id) => Number(id.slice(4)))
    .optional(),
});
export const SendBody = z.strictObject({ to: z.string().min(1).max(32), body: z.string().max(1000) });
export const TamperBody = z.strictObject({ seq: z.number().int().min(1), detail: z.record(z.string(), z.unknown()) });
export const ClockBody = z.strictObject({
  advanceSeconds: z
    .number()
    .min(0)
    .max(10 * 365 * 86_400),
});

/**
 * A registered endpoint, with where its deliveries' signatures are verified: the service's JWKS
 * (there is no per-endpoint secret to hand out or leak).
 */
function withJwksUrl(call: ServiceCall, outcome: Outcome<EndpointView>): Reply {
  if (!outcome.ok) return outcomeReply(outcome);
  // node:http's URL lacks the port; the Host header has it (MSW's URL is whole and may lack Host).
  const origin = `${call.url.protocol}//${call.header('host') ?? call.url.host}`;
  return outcomeReply({ ...outcome, value: { ...outcome.value, jwksUrl: `${origin}${JWKS_PATH}` } });
}

export function simRoutes(sim: Simulator): Route[] {
  return [
    route('GET', '/__sim/identities', () => guarded(async () => json(await sim.identities()))),
    route('POST', '/__sim/identities', (call) =>
      guarded(async () => {
        const body = parseWith(NewCitizenBody, await readJson(call));
        return outcomeReply(await sim.addCitizen({ ...body, cnic: cnicDigits(body.cnic)! }));
      }),
    ),

    route('GET', '/__sim/sims/:simId/messages', (call) =>
      guarded(async () => {
        const { after } = parseWith(MessagesQuery, Object.fromEntries(call.url.searchParams));
        return outcomeReply(await sim.messages(call.params.simId!, after ?? 0));
      }),
    ),
    route('POST', '/__sim/sims/:simId/send', (call) =>
      guarded(async () => {
        const body = parseWith(SendBody, await readJson(call));
        return outcomeReply(await sim.sendFromSim(call.params.simId!, body));
      }),
    ),

    route('GET', '/__sim/citizens/:citizenId/mobile-changes', (call) =>
      guarded(async () => outcomeReply(await sim.mobileChanges(call.params.citizenId!))),
    ),
    route('GET', '/__sim/citizens/:citizenId/consents', (call) =>
      guarded(async () => outcomeReply(await sim.citizenConsents(call.params.citizenId!))),
    ),
    route('POST', '/__sim/citizens/:citizenId/consents/:jti/revoke', (call) =>
      guarded(async () => {
        parseWith(EmptyBody, await readJson(call, { emptyAsObject: true }));
        return outcomeReply(await sim.revokeConsent(call.params.citizenId!, call.params.jti!));
      }),
    ),

    route('GET', '/__sim/audit', () => guarded(async () => json(await sim.audit()))),
    route('POST', '/__sim/audit/tamper', (call) =>
      guarded(async () => {
        const body = parseWith(TamperBody, await readJson(call));
        return outcomeReply(await sim.tamperAudit(body.seq, body.detail));
      }),
    ),

    route('GET', '/__sim/faults', () => guarded(() => json(sim.faults))),
    route('PUT', '/__sim/faults', (call) =>
      guarded(async () => json(sim.setFaults(parseWith(FaultsPatch, await readJson(call))))),
    ),

    route('GET', '/__sim/limits', () => guarded(() => json(sim.limits))),
    route('PUT', '/__sim/limits', (call) =>
      guarded(async () => json(sim.setLimits(parseWith(LimitsPatch, await readJson(call))))),
    ),

    route('GET', '/__sim/clock', () => guarded(() => json(sim.now()))),
    route('POST', '/__sim/clock', (call) =>
      guarded(async () => json(await sim.advanceClock(parseWith(ClockBody, await readJson(call)).advanceSeconds))),
    ),

    route('GET', '/__sim/test-tokens', () => guarded(() => json(sim.testTokenKinds()))),
    route('POST', '/__sim/test-tokens', (call) =>
      guarded(async () => outcomeReply(await sim.testToken(parseWith(TestTokenRequest, await readJson(call))))),
    ),

    route('POST', '/__sim/keys/rotate', (call) =>
      guarded(async () => {
        parseWith(EmptyBody, await readJson(call, { emptyAsObject: true }));
        return json(await sim.rotateKeys());
      }),
    ),
    route('POST', '/__sim/partners/:partnerId/webhooks', (call) =>
      guarded(async () => {
        const { url } = parseWith(RegisterWebhookBody, await readJson(call));
        return withJwksUrl(call, await sim.registerWebhook(call.params.partnerId!, url));
      }),
    ),
    route('GET', '/__sim/partners/:partnerId/webhooks', (call) =>
      guarded(async () => outcomeReply(await sim.webhookEndpoints(call.params.partnerId!))),
    ),
    route('GET', '/__sim/partners/:partnerId/webhooks/deliveries', (call) =>
      guarded(async () => outcomeReply(await sim.webhookDeliveries(call.params.partnerId!))),
    ),
    route('DELETE', '/__sim/partners/:partnerId/webhooks/:endpointId', (call) =>
      guarded(async () => outcomeReply(await sim.deleteWebhook(call.params.partnerId!, call.params.endpointId!))),
    ),

    route('POST', '/__sim/reset', (call) =>
      guarded(async () => {
        parseWith(EmptyBody, await readJson(call, { emptyAsObject: true }));
        await sim.reset();
        return json({ ok: true });
      }),
    ),
  ];
}
