/** How every answer leaves the simulator: JSON, no caching, errors in the contract's shape. */
import { SERVICE_ERRORS, type ServiceErrorBody, type ServiceErrorCode } from '../../src/contract/errors.js';
import type { FailureExtra, Outcome } from '../domain/outcome.js';
import { httpStatusOf } from '../status.js';
import type { Reply } from './call.js';

const NO_STORE = { 'Cache-Control': 'no-store' };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Reply {
  return { status, headers: { ...NO_STORE, ...headers }, body };
}

export function errorReply(
  code: ServiceErrorCode,
  extra: FailureExtra = {},
  headers: Record<string, string> = {},
): Reply {
  const [status, message] = SERVICE_ERRORS[code];
  const body: ServiceErrorBody = { error: { code, message, ...extra } };
  const retry: Record<string, string> =
    extra.retryAfterSeconds !== undefined ? { 'Retry-After': String(extra.retryAfterSeconds) } : {};
  return json(body, status, { ...retry, ...headers });
}

export function outcomeReply<T>(outcome: Outcome<T>): Reply {
  return outcome.ok ? json(outcome.value, httpStatusOf(outcome)) : errorReply(outcome.code, outcome.extra);
}

/** Thrown inside a route to answer with an error right away (bad input, bad key). */
export class Rejection {
  constructor(
    readonly code: ServiceErrorCode,
    readonly extra: FailureExtra = {},
    readonly headers: Record<string, string> = {},
  ) {}
}

/** Runs a route's work, turning Rejections into error answers and anything unexpected into a bare 500 (no details, no stack). */
export async function guarded(run: () => Reply | Promise<Reply>): Promise<Reply> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Rejection) return errorReply(error.code, error.extra, error.headers);
    return errorReply('internal_error');
  }
}
