/** The sentence a citizen reads for an error, in their language. Pure: words in, words out. */
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
 * `words` is the locale's translation (with the partner's overrides); `shortCode` the service's SMS
 * short code, which the no-mobile message tells the citizen to text.
 */
export function messageFor(error: FlowError, words: Translation, shortCode?: string): string {
  const key = error.field && error.issue ? WORDS_FOR_INPUT[error.field][error.issue] : outcomeOf(error.code).words;
  return fill(words[key], {
    n: error.count ?? error.attemptsLeft,
    short: shortCode,
    time: clock(error.retryAfterSeconds ?? 0),
  });
}
