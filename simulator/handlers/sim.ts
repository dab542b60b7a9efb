/** Simulator-only controls under /__sim: identities, SIM inboxes, the ledger, audit, faults, time, keys. */
import { http, type RequestHandler } from 'msw';
import { z } from 'zod';
import { CardStatus, EmptyBody } from '../../src/contract/schemas.js';
import { cnicDigits } from '../domain/mask.js';
import { FaultsPatch } from '../faults.js';
import { LimitsPatch } from '../limits.js';
import type { Simulator } from '../simulator.js';
import { parseWith, readJson } from './body.js';
import { guarded, json, outcomeResponse } from './respond.js';

const param = (value: string | readonly string[] | undefined): string => (typeof value === 'string' ? value : '');

const NewCitizenBody = z.strictObject({
  cnic: z.string().refine((text) => cnicDigits(text) !== null, 'A CNIC has 13 digits.'),
  name: z.string().trim().min(1).max(100),
  cardStatus: CardStatus,
  mobile: z.string().regex(/^03\d{9}$/, 'A mobile number is 11 digits starting 03.').nullable(),
});
const SendBody = z.strictObject({ to: z.string().min(1).max(32), body: z.string().max(1000) });
const TamperBody = z.strictObject({ seq: z.number().int().min(1), detail: z.record(z.string(), z.unknown()) });
const ClockBody = z.strictObject({ advanceSeconds: z.number().min(0).max(10 * 365 * 86_400) });

export function simHandlers(sim: Simulator): RequestHandler[] {
  return [
    http.get('*/__sim/identities', () => guarded(async () => json(await sim.identities()))),
    http.post('*/__sim/identities', ({ request }) =>
      guarded(async () => {
        const body = parseWith(NewCitizenBody, await readJson(request));
        return outcomeResponse(await sim.addCitizen({ ...body, cnic: cnicDigits(body.cnic)! }));
      }),
    ),

    http.get('*/__sim/sims/:simId/messages', ({ params }) => guarded(async () => outcomeResponse(await sim.messages(param(params.simId))))),
    http.post('*/__sim/sims/:simId/send', ({ request, params }) =>
      guarded(async () => {
        const body = parseWith(SendBody, await readJson(request));
        return outcomeResponse(await sim.sendFromSim(param(params.simId), body));
      }),
    ),

    http.get('*/__sim/citizens/:citizenId/consents', ({ params }) =>
      guarded(async () => outcomeResponse(await sim.citizenConsents(param(params.citizenId)))),
    ),
    http.post('*/__sim/citizens/:citizenId/consents/:jti/revoke', ({ request, params }) =>
      guarded(async () => {
        parseWith(EmptyBody, await readJson(request, { emptyAsObject: true }));
        return outcomeResponse(await sim.revokeConsent(param(params.citizenId), param(params.jti)));
      }),
    ),

    http.get('*/__sim/audit', () => guarded(async () => json(await sim.audit()))),
    http.post('*/__sim/audit/tamper', ({ request }) =>
      guarded(async () => {
        const body = parseWith(TamperBody, await readJson(request));
        return outcomeResponse(await sim.tamperAudit(body.seq, body.detail));
      }),
    ),

    http.get('*/__sim/faults', () => guarded(async () => json(sim.faults))),
    http.put('*/__sim/faults', ({ request }) => guarded(async () => json(sim.setFaults(parseWith(FaultsPatch, await readJson(request)))))),

    http.get('*/__sim/limits', () => guarded(async () => json(sim.limits))),
    http.put('*/__sim/limits', ({ request }) => guarded(async () => json(sim.setLimits(parseWith(LimitsPatch, await readJson(request)))))),

    http.get('*/__sim/clock', () => guarded(async () => json(sim.now()))),
    http.post('*/__sim/clock', ({ request }) =>
      guarded(async () => json(await sim.advanceClock(parseWith(ClockBody, await readJson(request)).advanceSeconds))),
    ),

    http.post('*/__sim/keys/rotate', ({ request }) =>
      guarded(async () => {
        parseWith(EmptyBody, await readJson(request, { emptyAsObject: true }));
        return json(await sim.rotateKeys());
      }),
    ),
    http.post('*/__sim/reset', ({ request }) =>
      guarded(async () => {
        parseWith(EmptyBody, await readJson(request, { emptyAsObject: true }));
        await sim.reset();
        return json({ ok: true });
      }),
    ),
  ];
}
