/**
 * Who is calling: the partner behind a publishable or secret key, its origin, and its rate limits.
 * A request is counted when it is complete (its body read) and about to be answered, not when its
 * headers arrive: a slow client holds no one else's slot.
 */
import { IDEMPOTENCY_KEY_HEADER, PARTNER_KEY_HEADER } from '../../src/contract/api.js';
import { IDEMPOTENCY_KEY_PATTERN } from '../domain/idempotency.js';
import { originAllowed } from '../domain/partners.js';
import type { Simulator } from '../simulator.js';
import type { PartnerRecord } from '../store/schema.js';
import type { ServiceCall } from './call.js';
import { readJson, type BodyOptions } from './body.js';
import { Rejection } from './respond.js';

/** The partner behind `Ijazat-Partner-Key`, after the origin allow-list (not yet counted: see `admit`). */
export async function publishableCaller(sim: Simulator, call: ServiceCall): Promise<PartnerRecord> {
  const key = call.header(PARTNER_KEY_HEADER);
  if (!key) throw new Rejection('missing_partner_key');
  const partner = await sim.partnerByPublishableKey(key.trim());
  if (!partner) throw new Rejection('unknown_partner_key');
  // Browsers always send Origin on cross-origin requests; a missing one is a non-browser client.
  const origin = call.header('origin');
  if (origin !== null && !originAllowed([...partner.origins, ...sim.ctx.extraOrigins], origin))
    throw new Rejection('origin_not_allowed');
  return partner;
}

/**
 * Counts a publishable-key request now that it is complete: per partner key and client address (and
 * the key's ceiling), or in the context read's own window. Throws `rate_limited` when over.
 */
export function admit(
  sim: Simulator,
  call: ServiceCall,
  partner: PartnerRecord,
  kind: 'api' | 'context' = 'api',
): void {
  const retryAfterSeconds = sim.takePublishable(partner.id, call.clientAddress, kind);
  if (retryAfterSeconds !== null) throw new Rejection('rate_limited', { retryAfterSeconds });
}

/**
 * Reads the JSON body, then counts the request (whether the body was good or not: a bad body is an
 * answered request too). The body's own refusal, if any, comes after the count.
 */
export async function readThenAdmit(
  sim: Simulator,
  call: ServiceCall,
  partner: PartnerRecord,
  options: BodyOptions = {},
): Promise<unknown> {
  let body: unknown;
  let refusal: unknown = null;
  try {
    body = await readJson(call, options);
  } catch (error) {
    refusal = error;
  }
  admit(sim, call, partner);
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- passes on what readJson threw (a Rejection), once the call is admitted
  if (refusal !== null) throw refusal;
  return body;
}

/** The partner behind `Authorization: Bearer sk_…` (backends only). */
export async function secretCaller(sim: Simulator, call: ServiceCall): Promise<PartnerRecord> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(call.header('authorization') ?? '');
  const partner = match ? await sim.partnerBySecretKey(match[1]!) : undefined;
  if (!partner) throw new Rejection('invalid_secret_key');
  // The backend's own quota: anonymous traffic with the publishable key never uses it up.
  const retryAfterSeconds = sim.takeSecret(partner.id);
  if (retryAfterSeconds !== null) throw new Rejection('rate_limited', { retryAfterSeconds });
  return partner;
}

export function idempotencyKey(call: ServiceCall): string | null {
  const key = call.header(IDEMPOTENCY_KEY_HEADER);
  if (key === null) return null;
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new Rejection('invalid_request', {
      issues: [{ path: IDEMPOTENCY_KEY_HEADER, message: 'An Idempotency-Key is 1 to 255 printable ASCII characters.' }],
    });
  }
  return key;
}
