/**
 * The words of the widget. Plain strings with `{placeholders}` (values are bidi-isolated when filled),
 * so a partner can override any of them with JSON through the `strings` property. Keys that are error
 * codes hold the words a citizen sees for that code.
 */
import type { ErrorCode } from '../../contract/errors.js';

/**
 * Error codes with their own words. Any other code shows `busy` for the partner's rate limit, `wait`
 * for the CNIC's limits and back-off (with the time the service allows again), else `failed`
 * (network, timeout, service failure, unexpected answers).
 */
export type WordedCode =
  | 'cnic_not_found'
  | 'no_registered_mobile'
  | 'card_expired'
  | 'card_cancelled'
  | 'wrong_code'
  | 'code_expired'
  | 'request_locked'
  | 'request_closed'
  | 'resend_limit_reached'
  | Extract<ErrorCode, 'missing_attribute'>;

export type Translation = Record<WordedCode, string> & {
  $code: 'en' | 'ur';
  $dir: 'ltr' | 'rtl';
  loading: string;
  asks: string;
  purpose: string;
  shares: string;
  cnic: string;
  cnic_hint: string;
  send: string;
  sending: string;
  sent: string;
  resent: string;
  change: string;
  help: string;
  help_wait: string;
  help_register: string;
  help_nadra: string;
  code: string;
  code_hint: string;
  consent: string;
  confirm: string;
  verifying: string;
  expires: string;
  attempts: string;
  resend: string;
  resend_in: string;
  last_attempt: string;
  retry_in: string;
  busy: string;
  cancel: string;
  retry: string;
  restart: string;
  error: string;
  granted: string;
  cancelled: string;
  expiring: string;
  required: string;
  not_allowed: string;
  failed: string;
  wait: string;
  cnic_empty: string;
  cnic_chars: string;
  cnic_length: string;
  code_empty: string;
  code_chars: string;
  code_length: string;
};
