/**
 * The words of the widget. Plain strings with `{placeholders}` (values are bidi-isolated when filled),
 * so a partner can override any of them with JSON through the `strings` property. Keys named after an
 * error code hold the words a citizen sees for that code (flow/error-outcomes.ts picks them).
 */
export interface Translation {
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
  code: string;
  consent: string;
  confirm: string;
  verifying: string;
  expires: string;
  attempts: string;
  resend: string;
  resend_in: string;
  cancel: string;
  retry: string;
  restart: string;
  error: string;
  granted: string;
  cancelled: string;
  expiring: string;
  required: string;
  not_allowed: string;
  /** Network, timeout, service failure, unexpected answers. */
  failed: string;
  /** Limits and back-off (429s), with the service's retry time. */
  wait: string;
  missing_attribute: string;
  cnic_empty: string;
  cnic_chars: string;
  cnic_length: string;
  code_empty: string;
  code_chars: string;
  code_length: string;
  wrong_code: string;
  code_expired: string;
  request_locked: string;
  request_closed: string;
  resend_limit_reached: string;
}

/** The keys that hold words (not the locale's code and direction). */
export type MessageKey = Exclude<keyof Translation, `$${string}`>;
