/**
 * The widget's only link to the service: JSON over fetch, the partner key in its header, a timeout on
 * every call, cheap shape checks instead of zod, and every failure turned into a coded error value.
 */
import {
  CANCEL_ROUTE,
  CONSENT_REQUESTS_ROUTE,
  CONTEXT_ROUTE,
  DEFAULT_API_BASE,
  IDEMPOTENCY_KEY_HEADER,
  PARTNER_KEY_HEADER,
  pathTo,
  RESEND_ROUTE,
  VERIFY_ROUTE,
} from '../../contract/api.js';
import type { ErrorCode, ServiceErrorBody } from '../../contract/errors.js';
import type { ConsentContext, ConsentRequestView, CreateConsentRequestBody, Grant } from '../../contract/schemas.js';

export interface ServiceFailure {
  code: ErrorCode;
  /** The service's own words for developers (none for the widget's codes). */
  message?: string;
  attemptsLeft?: number;
  retryAfterSeconds?: number;
}

/** Failures worth retrying with the same Idempotency-Key: the service may not have seen the request. */
export const isTransient = (code: ErrorCode): boolean =>
  code === 'network_error' || code === 'timeout' || code === 'service_unavailable' || code === 'internal_error';

/**
 * An answer before it is checked: any field may be missing or of any type. (Reading a field of a
 * string or number answer is undefined too, so optional chaining is all the checking needs.)
 */
type Unchecked<T> =
  { readonly [Key in keyof T]?: T[Key] extends object ? Unchecked<T[Key]> : unknown } | null | undefined;

const isText = (value: unknown): value is string => typeof value === 'string';
const isTime = (value: unknown): boolean => isText(value) && !Number.isNaN(Date.parse(value));
const isNumber = (value: unknown): value is number => typeof value === 'number';

/** What the widget reads of each answer, checked before it is read. */
const isContext = (body: unknown): body is ConsentContext => {
  const context = body as Unchecked<ConsentContext>;
  return (
    isText(context?.partner?.displayName?.en) &&
    isText(context.purpose?.title?.en) &&
    Array.isArray(context.purpose.dataItems) &&
    Array.isArray(context.service?.help) &&
    isText(context.wording?.en?.send) &&
    isText(context.wording.ur?.send)
  );
};
const isRequest = (body: unknown): body is ConsentRequestView => {
  const request = body as Unchecked<ConsentRequestView>;
  return isText(request?.id) && Number.isInteger(request.expiresInSeconds) && Number.isInteger(request.attemptsLeft);
};
const isGrant = (body: unknown): body is Grant => {
  const grant = body as Unchecked<Grant>;
  return isText(grant?.token) && /^[\w-]+\.[\w-]+\.[\w-]+$/.test(grant.token) && isTime(grant.expiresAt);
};
export class ServiceClient {
  constructor(
    readonly partnerKey: string,
    readonly base = DEFAULT_API_BASE,
    public timeoutMs = 15_000,
  ) {}

  context = (purpose: string, signal?: AbortSignal): Promise<ConsentContext> =>
    this.call('GET', `${CONTEXT_ROUTE}?purpose=${encodeURIComponent(purpose)}`, isContext, { signal });

  create = (body: CreateConsentRequestBody, key: string, signal?: AbortSignal): Promise<ConsentRequestView> =>
    this.call('POST', CONSENT_REQUESTS_ROUTE, isRequest, { body, key, signal });

  verify = (id: string, code: string, key: string, signal?: AbortSignal): Promise<Grant> =>
    this.call('POST', pathTo(VERIFY_ROUTE, { id }), isGrant, { body: { code }, key, signal });

  resend = (id: string, signal?: AbortSignal): Promise<ConsentRequestView> =>
    this.call('POST', pathTo(RESEND_ROUTE, { id }), isRequest, { body: {}, signal });

  cancel = (id: string): Promise<ConsentRequestView> =>
    this.call('POST', pathTo(CANCEL_ROUTE, { id }), isRequest, { body: {} });

  /** Resolves with a checked body, or throws a ServiceFailure (never anything else). */
  async call<T>(
    method: string,
    path: string,
    expected: (body: unknown) => body is T,
    { body, key, signal }: { body?: object; key?: string; signal?: AbortSignal | undefined },
  ): Promise<T> {
    const headers: Record<string, string> = { [PARTNER_KEY_HEADER]: this.partnerKey };
    if (body) headers['Content-Type'] = 'application/json';
    if (key) headers[IDEMPOTENCY_KEY_HEADER] = key;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    try {
      response = await fetch(this.base.replace(/\/+$/, '') + path, {
        method,
        headers,
        body: body && JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        credentials: 'omit',
        cache: 'no-store',
        referrerPolicy: 'origin',
      });
    } catch {
      throw failure(timeout.aborted && !signal?.aborted ? 'timeout' : 'network_error');
    }
    const answer: unknown = await response.json().catch(() => undefined);
    if (response.ok) {
      if (expected(answer)) return answer;
      throw failure('invalid_response');
    }
    const error = (answer as Unchecked<ServiceErrorBody>)?.error;
    // The service answers with the contract's codes; one from a newer service reads as a failure
    // (outcomeOf in flow/error-outcomes.ts) and reaches the partner's ijazat-error as sent.
    if (isText(error?.code)) {
      const refusal: ServiceFailure = {
        code: error.code as ErrorCode,
        ...(isText(error.message) && { message: error.message }),
        ...(isNumber(error.attemptsLeft) && { attemptsLeft: error.attemptsLeft }),
        ...(isNumber(error.retryAfterSeconds) && { retryAfterSeconds: error.retryAfterSeconds }),
      };
      throw refusal;
    }
    throw failure(response.status >= 500 ? 'service_unavailable' : 'invalid_response');
  }
}

const failure = (code: ErrorCode): ServiceFailure => ({ code });
