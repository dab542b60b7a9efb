/**
 * Per-CNIC protections across requests: a cap on passcode SMS per rolling hour; a count of wrong
 * codes across all of the CNIC's requests, so that guesses spread over several requests lock as soon
 * as guesses on one request would; and a back-off after locks that doubles with each lock in the
 * last 24 hours (60 s, 120 s, 240 s, …).
 */
import type { Limits } from '../limits.js';
import type { CnicActivityRecord, ConsentRequestRecord } from '../store/schema.js';
import { fail, type Failure } from './outcome.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export function emptyActivity(cnicRef: string): CnicActivityRecord {
  return { cnicRef, smsAt: [], locksAt: [], failuresAt: [] };
}

/** Drops what no limit looks at any more. */
export function pruneActivity(activity: CnicActivityRecord, now: number): CnicActivityRecord {
  return {
    cnicRef: activity.cnicRef,
    smsAt: activity.smsAt.filter((t) => t > now - HOUR),
    locksAt: activity.locksAt.filter((t) => t > now - DAY),
    // Records written before this count existed have none.
    failuresAt: (activity.failuresAt ?? []).filter((t) => t > now - DAY),
  };
}

/**
 * Wrong codes this request can still take before it locks: the fewer of what is left on the request
 * and what is left on its CNIC (wrong codes on any request in the last 24 hours, since the last lock
 * or the last right code).
 */
export function attemptsLeft(request: ConsentRequestRecord, activity: CnicActivityRecord, limits: Limits): number {
  return Math.max(0, Math.min(limits.maxAttempts - request.failures, limits.maxAttempts - activity.failuresAt.length));
}

export function backoffFailure(activity: CnicActivityRecord, limits: Limits, now: number): Failure | null {
  const locks = activity.locksAt.filter((t) => t > now - DAY);
  if (!locks.length) return null;
  const waitMs = limits.backoffBaseSeconds * 1000 * 2 ** (locks.length - 1);
  const until = Math.max(...locks) + waitMs;
  return now < until ? fail('cnic_backoff', { retryAfterSeconds: Math.ceil((until - now) / 1000) }) : null;
}

export function smsCapFailure(activity: CnicActivityRecord, limits: Limits, now: number): Failure | null {
  const recent = activity.smsAt.filter((t) => t > now - HOUR);
  if (recent.length < limits.smsPerCnicPerHour) return null;
  const oldest = Math.min(...recent);
  return fail('sms_limit_reached', { retryAfterSeconds: Math.max(1, Math.ceil((oldest + HOUR - now) / 1000)) });
}
