/**
 * The words of the widget. Plain strings with `{placeholders}` (values are bidi-isolated when filled),
 * so a partner can override any of them with JSON through the `strings` property. Keys named after an
 * error code hold the words a citizen sees for that code (flow/error-outcomes.ts picks them).
 *
 * Most come from the service with the consent context (`Wording`, in src/contract/schemas.ts): the
 * widget carries only the few it needs before they arrive, or when the service cannot be reached.
 */
import type { Wording } from '../../contract/schemas.js';

export interface BuiltInWords {
  $code: 'en' | 'ur';
  $dir: 'ltr' | 'rtl';
  loading: string;
  retry: string;
  /** The form's validation message while consent is missing. */
  required: string;
  not_allowed: string;
  /** Network, timeout, service failure, unexpected answers. */
  failed: string;
  missing_attribute: string;
}

export interface Translation extends BuiltInWords, Wording {}

/** The keys that hold words (not the locale's code and direction). */
export type MessageKey = Exclude<keyof Translation, `$${string}`>;
