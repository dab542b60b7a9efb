/** Injected faults (PUT /__sim/faults): layered over /v1 and the JWKS, never over /__sim. */
import { z } from 'zod';

export const Faults = z.strictObject({
  /** Extra delay before every answer. */
  latencyMs: z.number().int().min(0).max(60_000),
  /** Delay before an SMS shows in the inbox. */
  smsDelayMs: z.number().int().min(0).max(600_000),
  /** Share of requests answered 503 service_unavailable. */
  failureRate: z.number().min(0).max(1),
  /** Share of requests dropped like a lost network (HttpResponse.error()). */
  dropRate: z.number().min(0).max(1),
  /** The next N requests answer 503 service_unavailable. */
  failNext: z.number().int().min(0).max(1_000_000),
});
export type Faults = z.infer<typeof Faults>;
export const FaultsPatch = Faults.partial();

export const NO_FAULTS: Faults = Object.freeze({
  latencyMs: 0,
  smsDelayMs: 0,
  failureRate: 0,
  dropRate: 0,
  failNext: 0,
});
