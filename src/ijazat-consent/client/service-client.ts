/**
 * The widget's only link to the service: JSON over fetch, the partner key in its header, a timeout on
 * every call, cheap shape checks instead of zod, and every failure turned into a coded error value.
 */
import { DEFAULT_API_BASE, IDEMPOTENCY_KEY_HEADER, PARTNER_KEY_HEADER } from '../../contract/api.js';
import type { ErrorCode } from '../../contract/errors.js';
import type { ConsentContext, ConsentRequestView, CreateConsentRequestBody, Grant } from '../../contract/schemas.js';

export interface ServiceFailure {
  code: ErrorCode;
  attemptsLeft?: number;
  retryAfterSeconds?: number;
}

/** Failures worth retrying with the same Idempotency-Key: the service may not have seen the request. */
export const isTransient = (code: ErrorCode): boolean =>
  code === 'network_error' || code === 'timeout' || code === 'service_unavailable' || code === 'internal_error';

type Check = (value: any) => boolean;
const str = (v: unknown) => typeof v == 'string';
const time = (v: unknown) => str(v) && !isNaN(Date.parse(v as string));
const isContext: Check = (v) =>
  str(v?.partner?.displayName?.en) &&
  str(v.purpose?.title?.en) &&
  Array.isArray(v.purpose.dataItems) &&
  str(v.service?.shortCode);
const isRequest: Check = (v) =>
  str(v?.id) && str(v.maskedMobile) && Number.isInteger(v.expiresInSeconds) && Number.isInteger(v.attemptsLeft);
const isGrant: Check = (v) => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(v?.token) && time(v.expiresAt);

export class ServiceClient {
  constructor(
    readonly partnerKey: string,
    readonly base = DEFAULT_API_BASE,
    public timeoutMs = 15_000,
  ) {}

  context = (purpose: string, signal?: AbortSignal) =>
    this.call<ConsentContext>(
      'GET',
      `/v1/context?purpose=${encodeURIComponent(purpose)}`,
      isContext,
      undefined,
      undefined,
      signal,
    );

  create = (body: CreateConsentRequestBody, key: string, signal?: AbortSignal) =>
    this.call<ConsentRequestView>('POST', '/v1/consent-requests', isRequest, body, key, signal);

  verify = (id: string, code: string, key: string, signal?: AbortSignal) =>
    this.call<Grant>('POST', `${this.req(id)}/verify`, isGrant, { code }, key, signal);

  resend = (id: string, signal?: AbortSignal) =>
    this.call<ConsentRequestView>('POST', `${this.req(id)}/resend`, isRequest, {}, undefined, signal);

  cancel = (id: string) => this.call<unknown>('POST', `${this.req(id)}/cancel`, () => true, {});

  private req = (id: string) => `/v1/consent-requests/${encodeURIComponent(id)}`;

  /** Resolves with a checked body, or throws a ServiceFailure (never anything else). */
  async call<T>(
    method: string,
    path: string,
    ok: Check,
    body?: object,
    key?: string,
    signal?: AbortSignal,
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
      throw fail(timeout.aborted && !signal?.aborted ? 'timeout' : 'network_error');
    }
    const json: any = await response.json().catch(() => undefined);
    if (response.ok) {
      if (ok(json)) return json as T;
      throw fail('invalid_response');
    }
    const error = json?.error;
    if (str(error?.code)) throw { ...error, code: error.code } as ServiceFailure;
    throw fail(response.status >= 500 ? 'service_unavailable' : 'invalid_response');
  }
}

const fail = (code: ErrorCode): ServiceFailure => ({ code });
