/** How every answer leaves the simulator: JSON, no caching, errors in the contract's shape. */
import { HttpResponse } from 'msw';
import { SERVICE_ERRORS, type ServiceErrorBody, type ServiceErrorCode } from '../../src/contract/errors.js';
import type { FailureExtra, Outcome } from '../domain/outcome.js';
import { httpStatusOf } from '../status.js';

const NO_STORE = { 'Cache-Control': 'no-store' };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return HttpResponse.json(body as never, { status, headers: { ...NO_STORE, ...headers } });
}

export function errorResponse(code: ServiceErrorCode, extra: FailureExtra = {}, headers: Record<string, string> = {}): Response {
  const [status, message] = SERVICE_ERRORS[code];
  const body: ServiceErrorBody = { error: { code, message, ...extra } };
  const retry: Record<string, string> = extra.retryAfterSeconds !== undefined ? { 'Retry-After': String(extra.retryAfterSeconds) } : {};
  return json(body, status, { ...retry, ...headers });
}

export function outcomeResponse<T>(outcome: Outcome<T>): Response {
  return outcome.ok ? json(outcome.value, httpStatusOf(outcome)) : errorResponse(outcome.code, outcome.extra);
}

/** The answer to a request whose handler failed unexpectedly: no details, no stack. */
export const internalError = (): Response => errorResponse('internal_error');

/** Thrown inside a handler to answer with an error right away (bad input, bad key). */
export class Rejection {
  constructor(
    readonly code: ServiceErrorCode,
    readonly extra: FailureExtra = {},
    readonly headers: Record<string, string> = {},
  ) {}
}

/** Runs a resolver, turning Rejections into error answers and anything unexpected into a bare 500. */
export async function guarded(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Rejection) return errorResponse(error.code, error.extra, error.headers);
    return internalError();
  }
}
