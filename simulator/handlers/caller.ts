/** Who is calling: the partner behind a publishable or secret key, its origin and its rate limit. */
import { IDEMPOTENCY_KEY_HEADER, PARTNER_KEY_HEADER } from '../../src/contract/api.js';
import { IDEMPOTENCY_KEY_PATTERN } from '../domain/idempotency.js';
import { originAllowed } from '../domain/partners.js';
import type { Simulator } from '../simulator.js';
import type { PartnerRecord } from '../store/schema.js';
import type { ServiceCall } from './call.js';
import { Rejection } from './respond.js';

/** The partner behind `Ijazat-Partner-Key`, after the origin allow-list and the rate limit. */
export async function publishableCaller(sim: Simulator, call: ServiceCall): Promise<PartnerRecord> {
  const key = call.header(PARTNER_KEY_HEADER);
  if (!key) throw new Rejection('missing_partner_key');
  const partner = await sim.partnerByPublishableKey(key.trim());
  if (!partner) throw new Rejection('unknown_partner_key');
  // Browsers always send Origin on cross-origin requests; a missing one is a non-browser client.
  const origin = call.header('origin');
  if (origin !== null && !originAllowed([...partner.origins, ...sim.ctx.extraOrigins], origin))
    throw new Rejection('origin_not_allowed');
  limit(sim, partner);
  return partner;
}

/** The partner behind `Authorization: Bearer sk_…` (backends only). */
export async function secretCaller(sim: Simulator, call: ServiceCall): Promise<PartnerRecord> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(call.header('authorization') ?? '');
  const partner = match ? await sim.partnerBySecretKey(match[1]!) : undefined;
  if (!partner) throw new Rejection('invalid_secret_key');
  limit(sim, partner);
  return partner;
}

function limit(sim: Simulator, partner: PartnerRecord): void {
  const retryAfterSeconds = sim.takeRateLimit(partner.id);
  if (retryAfterSeconds !== null) throw new Rejection('rate_limited', { retryAfterSeconds });
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
