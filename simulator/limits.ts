/** The limits the service enforces (DESIGN.md), configurable per simulator and via PUT /__sim/limits. */
import { z } from 'zod';

export const Limits = z.strictObject({
  /** How long a passcode works. */
  passcodeTtlSeconds: z.number().int().min(1).max(86_400),
  /** Wrong passcodes per request; the last one locks it. */
  maxAttempts: z.number().int().min(1).max(100),
  /** Wait between sends of a request's passcode. */
  resendCooldownSeconds: z.number().int().min(0).max(86_400),
  /** New passcodes per request after the first. */
  maxResends: z.number().int().min(0).max(100),
  /** Passcode SMS to one CNIC in any rolling hour. */
  smsPerCnicPerHour: z.number().int().min(1).max(1_000_000),
  /** First back-off after a lock on a CNIC; doubles with each further lock in 24 h. */
  backoffBaseSeconds: z.number().int().min(0).max(86_400),
  /** Requests per partner per minute (fixed window). */
  partnerRequestsPerMinute: z.number().int().min(1).max(10_000_000),
  /** Token lifetime; the contract caps it at 600. */
  tokenTtlSeconds: z.number().int().min(1).max(600),
  /**
   * Consent requests and SMS older than this many days are dropped (domain/retention.ts); consents
   * and the audit log are kept.
   */
  historyRetentionDays: z.number().int().min(1).max(36_500),
  /** Attempts to deliver one webhook event to one endpoint before giving up. */
  webhookMaxAttempts: z.number().int().min(1).max(20),
  /** Wait after the first failed delivery attempt; doubles after each further one. */
  webhookRetryBaseSeconds: z.number().int().min(1).max(86_400),
});
export type Limits = z.infer<typeof Limits>;

export const DEFAULT_LIMITS: Limits = Object.freeze({
  passcodeTtlSeconds: 600,
  maxAttempts: 5,
  resendCooldownSeconds: 30,
  maxResends: 3,
  smsPerCnicPerHour: 10,
  backoffBaseSeconds: 60,
  partnerRequestsPerMinute: 120,
  tokenTtlSeconds: 600,
  historyRetentionDays: 30,
  webhookMaxAttempts: 8,
  webhookRetryBaseSeconds: 30,
});

export const LimitsPatch = Limits.partial();
