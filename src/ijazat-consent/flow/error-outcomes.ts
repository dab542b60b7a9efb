/**
 * What each error code means to the citizen: the words they read and where the flow goes next.
 * Every code of src/contract/errors.ts is placed here, or compiling fails: most are plain failures
 * (listed by name in `FailedCode`, so they cost the widget no bytes), the rest have a row in
 * `OUTCOMES`. No code falls through to a default by accident.
 */
import type { ErrorCode } from '../../contract/errors.js';
import type { MessageKey } from '../translations/translation.js';

/** The input a citizen corrects. */
export type Field = 'cnic' | 'code';

/**
 * Where a failed call of the code step (verify, resend) leaves the citizen, when it ends the step.
 * (A failed CNIC step always stays on the CNIC.)
 */
export type CodeStepEnd =
  /** Too many wrong codes: only starting again or cancelling is left. */
  | 'locked'
  /** The code or the request is gone: a new code (if any are left) or starting again. */
  | 'expired';

export interface ErrorOutcome {
  /** The words the citizen reads (a key of `Translation`). */
  words: MessageKey;
  /** Absent: the citizen stays in the code step (code-entry or expiring-soon, by the time left). */
  ends?: CodeStepEnd;
  /** Errors about what the citizen typed are shown at that field, which keeps focus. */
  field?: Field;
}

/**
 * Network, timeout, service failure, unexpected answers, a setup the citizen cannot fix: the words
 * `failed` ("Check your connection and try again"), and the step stays as it is.
 */
type FailedCode =
  | 'invalid_json'
  | 'invalid_request'
  | 'unsupported_media_type'
  | 'body_too_large'
  | 'not_found'
  | 'method_not_allowed'
  | 'missing_partner_key'
  | 'unknown_partner_key'
  | 'origin_not_allowed'
  | 'unknown_purpose'
  | 'invalid_secret_key'
  | 'idempotency_conflict'
  | 'consent_not_found'
  | 'citizen_not_found'
  | 'sim_not_found'
  | 'service_unavailable'
  | 'citizen_exists'
  | 'mobile_in_use'
  | 'audit_entry_not_found'
  | 'host_not_allowed'
  | 'partner_not_found'
  | 'webhook_endpoint_not_found'
  | 'webhook_endpoint_limit'
  | 'internal_error'
  | 'network_error'
  | 'timeout'
  | 'invalid_response';

const FAILED: ErrorOutcome = { words: 'failed' };
/** The CNIC's limits and back-off: the service says when to try again. */
const WAIT: ErrorOutcome = { words: 'wait' };

const OUTCOMES: Record<Exclude<ErrorCode, FailedCode>, ErrorOutcome> = {
  // The partner's own limit: the citizen tried once, so it is not "too many attempts".
  rate_limited: { words: 'busy' },
  sms_limit_reached: WAIT,
  cnic_backoff: WAIT,
  resend_too_soon: { words: 'resend_in' },
  // A CNIC or code the service refuses as malformed: the widget checked its shape, so this is unexpected.
  invalid_cnic: { words: 'failed', field: 'cnic' },
  invalid_code: { words: 'failed', field: 'code' },
  wrong_code: { words: 'wrong_code', field: 'code' },
  resend_limit_reached: { words: 'resend_limit_reached' },
  missing_attribute: { words: 'missing_attribute' },
  request_not_found: { words: 'failed', ends: 'expired' },
  code_expired: { words: 'code_expired', ends: 'expired' },
  request_closed: { words: 'request_closed', ends: 'expired' },
  request_locked: { words: 'request_locked', ends: 'locked' },
};

const hasOwnOutcome = (code: ErrorCode): code is keyof typeof OUTCOMES => Object.hasOwn(OUTCOMES, code);

/** A code this widget does not know (from a newer service) reads as a failure too. */
export const outcomeOf = (code: ErrorCode): ErrorOutcome => (hasOwnOutcome(code) ? OUTCOMES[code] : FAILED);
