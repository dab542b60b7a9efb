/** The sentence a citizen reads for an error, in their language. Pure: words and times in, words out. */
import { outcomeOf, type Field } from '../flow/error-outcomes.js';
import type { FlowError } from '../flow/consent-flow.js';
import type { DigitsIssue } from '../../contract/cnic.js';
import { clock, fill } from './fill.js';
import type { MessageKey, Translation } from './translation.js';

/** What the citizen typed, and why it is not a CNIC number or a code: each case its own words. */
const WORDS_FOR_INPUT: Record<Field, Record<DigitsIssue, MessageKey>> = {
  cnic: { empty: 'cnic_empty', chars: 'cnic_chars', length: 'cnic_length' },
  code: { empty: 'code_empty', chars: 'code_chars', length: 'code_length' },
};

/**
 * `words` is the locale's translation (with the partner's overrides); `secondsLeft` how long the
 * service still asks the citizen to wait (counted on a monotonic clock since its answer). A wait is
 * said as the minute it ends on the citizen's own clock (`now`), rounded up, so the sentence holds
 * still while a countdown runs beside it and is not read again.
 */
export function messageFor(
  error: FlowError,
  words: Translation,
  secondsLeft = error.retryAfterSeconds ?? 0,
  now = Date.now(),
): string {
  const key = error.field && error.issue ? WORDS_FOR_INPUT[error.field][error.issue] : outcomeOf(error.code).words;
  const at = new Date(Math.ceil((now + secondsLeft * 1000) / 60_000) * 60_000);
  return fill(words[key], {
    n: error.count ?? error.attemptsLeft,
    time: clock(secondsLeft),
    at: at.toLocaleTimeString(words.$code, { hour: 'numeric', minute: '2-digit' }),
  });
}
