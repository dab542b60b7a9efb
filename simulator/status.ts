/** The HTTP status of a domain outcome, from the contract's table. */
import { SERVICE_ERRORS } from '../src/contract/errors.js';
import type { Outcome } from './domain/outcome.js';

export function httpStatusOf(outcome: Outcome<unknown>): number {
  return outcome.ok ? (outcome.status ?? 200) : SERVICE_ERRORS[outcome.code][0];
}
