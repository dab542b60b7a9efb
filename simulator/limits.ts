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
  /** Publishable-key requests of one partner key from one client address per minute (fixed window). */
  partnerRequestsPerMinute: z.number().int().min(1).max(10_000_000),
  /** Publishable-key requests of one partner key from all client addresses per minute: a ceiling far above real traffic. */
  partnerCeilingPerMinute: z.number().int().min(1).max(100_000_000),
  /** Secret-key (backend) requests of one partner per minute: a quota of their own. */
  secretKeyRequestsPerMinute: z.number().int().min(1).max(10_000_000),
  /** Wrong passcodes from one client address in any CNIC's requests per hour (fixed window). */
  wrongCodesPerClientPerHour: z.number().int().min(1).max(10_000_000),
  /** How long a change of a registered mobile is held before it takes effect. */
  mobileChangeHoldSeconds: z
    .number()
    .int()
    .min(0)
    .max(30 * 86_400),
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
  partnerCeilingPerMinute: 100_000,
  secretKeyRequestsPerMinute: 600,
  wrongCodesPerClientPerHour: 50,
  mobileChangeHoldSeconds: 86_400,
  tokenTtlSeconds: 600,
  historyRetentionDays: 30,
  webhookMaxAttempts: 8,
  webhookRetryBaseSeconds: 30,
});

export const LimitsPatch = Limits.partial();
