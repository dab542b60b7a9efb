/** Errors as values: what a domain operation answers, mapped to HTTP by handlers/respond.ts. */
import type { ServiceErrorBody, ServiceErrorCode } from '../../src/contract/errors.js';

export type FailureExtra = Pick<ServiceErrorBody['error'], 'attemptsLeft' | 'retryAfterSeconds' | 'issues'>;

export interface Failure {
  ok: false;
  code: ServiceErrorCode;
  extra: FailureExtra;
}

export interface Success<T> {
  ok: true;
  value: T;
  /** HTTP status when not 200 (201 for creates). */
  status?: number;
}

export type Outcome<T> = Success<T> | Failure;

export const fail = (code: ServiceErrorCode, extra: FailureExtra = {}): Failure => ({ ok: false, code, extra });
export const succeed = <T>(value: T, status?: number): Success<T> =>
  status === undefined ? { ok: true, value } : { ok: true, value, status };
