/**
 * The service's operations as data: method, path, who may call, what goes in, what comes out and
 * which error codes each can answer. The OpenAPI document (openapi.ts) is generated from this table
 * and the zod schemas, and the simulator's contract check validates every answer against it, so an
 * operation that is not listed here is an operation the document does not promise.
 *
 * Adding an endpoint: one entry here (under /v1) or in simulator/handlers/sim-operations.ts
 * (under /__sim), next to the route that answers it. test/node/contract/ fails while a route has no
 * entry, or an entry no route.
 */
import { z } from 'zod';
import {
  AUDIT_CHECKPOINT_ROUTE,
  CANCEL_ROUTE,
  CONSENT_REQUEST_ROUTE,
  CONSENT_REQUESTS_ROUTE,
  CONSENT_STATUS_ROUTE,
  CONTEXT_ROUTE,
  JWKS_PATH,
  RESEND_ROUTE,
  VERIFY_ROUTE,
} from './api.js';
import type { ServiceErrorCode } from './errors.js';
import {
  AuditCheckpointView,
  ConsentContext,
  ConsentRequestView,
  ConsentStatusView,
  ContextQuery,
  CreateConsentRequestBody,
  EmptyBody,
  Grant,
  JsonWebKeySet,
  VerifyBody,
} from './schemas.js';

/** Who may call: the publishable key header, the secret key as a bearer token, or anyone. */
export type Caller = 'publishable' | 'secret' | 'public';

export type OperationTag = 'service' | 'discovery' | 'sandbox';

/** A route of api.ts (`/v1/consent-requests/:id`) as an OpenAPI path template (`/v1/consent-requests/{id}`). */
export const openApiPath = (route: string): string => route.replace(/:(\w+)/g, '{$1}');

export interface Operation {
  /** The OpenAPI operationId. */
  id: string;
  method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI path template: `/v1/consent-requests/{id}`. */
  path: string;
  tag: OperationTag;
  summary: string;
  description?: string;
  caller: Caller;
  /** Accepts an `Idempotency-Key` header. */
  idempotent?: boolean;
  /** Path parameters, described in words (every one is a string). */
  params?: Record<string, string>;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The body may be left out entirely (it then counts as `{}`). */
  bodyOptional?: boolean;
  /** The success answer. */
  answer: { status: number; schema: z.ZodType; description: string };
  /** Other success statuses with the same schema (e.g. 200 when a create finds it already done). */
  alsoAnswers?: readonly { status: number; description: string }[];
  /** Codes this operation itself can answer; the caller's and the body's codes are added (openapi.ts). */
  errors: readonly ServiceErrorCode[];
}

/** Every operation of a publishable-key caller may also answer these. */
export const PUBLISHABLE_CALLER_ERRORS = [
  'missing_partner_key',
  'unknown_partner_key',
  'origin_not_allowed',
  'rate_limited',
] as const satisfies readonly ServiceErrorCode[];
export const SECRET_CALLER_ERRORS = [
  'invalid_secret_key',
  'rate_limited',
] as const satisfies readonly ServiceErrorCode[];
/**
 * Every sandbox control may answer these: it answers only a loopback Host (or one the CLI was given)
 * and only allowed page origins; a state change needs `Content-Type: application/json`.
 */
export const SANDBOX_CALLER_ERRORS = [
  'host_not_allowed',
  'origin_not_allowed',
] as const satisfies readonly ServiceErrorCode[];
/** Every operation that reads a JSON body (or a query) may answer these. */
export const BODY_ERRORS = [
  'invalid_json',
  'invalid_request',
  'unsupported_media_type',
  'body_too_large',
] as const satisfies readonly ServiceErrorCode[];
/** The service can always be unavailable (the simulator injects it on demand) or fail. */
export const SERVICE_FAILURES = [
  'service_unavailable',
  'internal_error',
] as const satisfies readonly ServiceErrorCode[];

/** The document's own outline; the OpenAPI schema itself is checked by an OpenAPI validator, not here. */
const OpenApiDocumentOutline = z.looseObject({
  openapi: z.string().regex(/^3\.1\.\d+$/),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

const REQUEST_ID = { id: 'The consent request id from the create answer (`req_…`).' };

export const serviceOperations: readonly Operation[] = [
  {
    id: 'getConsentContext',
    method: 'get',
    path: openApiPath(CONTEXT_ROUTE),
    tag: 'service',
    summary: 'Who asks, why, and exactly what is shared: what the widget shows before anything is sent.',
    caller: 'publishable',
    query: ContextQuery,
    answer: { status: 200, schema: ConsentContext, description: 'The partner, the purpose and the service.' },
    errors: ['unknown_purpose', 'invalid_request'],
  },
  {
    id: 'createConsentRequest',
    method: 'post',
    path: openApiPath(CONSENT_REQUESTS_ROUTE),
    tag: 'service',
    summary: "Send a passcode to the mobile registered against the CNIC, for this partner's purpose and nonce.",
    description:
      'The answer is the same for every well-formed CNIC until the right passcode is entered: nothing is learned before consent.',
    caller: 'publishable',
    idempotent: true,
    body: CreateConsentRequestBody,
    answer: { status: 201, schema: ConsentRequestView, description: 'The request, its expiry and its limits.' },
    errors: ['unknown_purpose', 'invalid_cnic', 'sms_limit_reached', 'cnic_backoff', 'idempotency_conflict'],
  },
  {
    id: 'getConsentRequest',
    method: 'get',
    path: openApiPath(CONSENT_REQUEST_ROUTE),
    tag: 'service',
    summary: 'A consent request as it stands: status, expiry, attempts and resends left.',
    caller: 'publishable',
    params: REQUEST_ID,
    answer: { status: 200, schema: ConsentRequestView, description: 'The request.' },
    errors: ['request_not_found'],
  },
  {
    id: 'resendPasscode',
    method: 'post',
    path: openApiPath(RESEND_ROUTE),
    tag: 'service',
    summary: 'A new passcode, voiding the old one, after the cooldown and within the resend limit.',
    caller: 'publishable',
    params: REQUEST_ID,
    body: EmptyBody,
    bodyOptional: true,
    answer: { status: 200, schema: ConsentRequestView, description: 'The request with its new expiry.' },
    errors: [
      'request_not_found',
      'request_closed',
      'request_locked',
      'resend_too_soon',
      'resend_limit_reached',
      'sms_limit_reached',
      'cnic_backoff',
    ],
  },
  {
    id: 'verifyPasscode',
    method: 'post',
    path: openApiPath(VERIFY_ROUTE),
    tag: 'service',
    summary: "The citizen's passcode: the right one is the consent, answered with a signed consent token.",
    caller: 'publishable',
    idempotent: true,
    params: REQUEST_ID,
    body: VerifyBody,
    answer: { status: 200, schema: Grant, description: 'The consent token (compact JWS, ES256, typ consent+jwt).' },
    errors: [
      'request_not_found',
      'invalid_code',
      'wrong_code',
      'code_expired',
      'request_locked',
      'request_closed',
      'cnic_backoff',
      'idempotency_conflict',
    ],
  },
  {
    id: 'cancelConsentRequest',
    method: 'post',
    path: openApiPath(CANCEL_ROUTE),
    tag: 'service',
    summary: 'The citizen walked away: the passcode stops working.',
    caller: 'publishable',
    params: REQUEST_ID,
    body: EmptyBody,
    bodyOptional: true,
    answer: { status: 200, schema: ConsentRequestView, description: 'The cancelled request.' },
    errors: ['request_not_found', 'request_closed', 'request_locked'],
  },
  {
    id: 'getConsentStatus',
    method: 'get',
    path: openApiPath(CONSENT_STATUS_ROUTE),
    tag: 'service',
    summary: "A consent's status (active, revoked, expired), for the partner's backend.",
    caller: 'secret',
    params: { jti: 'The token `jti`.' },
    answer: { status: 200, schema: ConsentStatusView, description: 'The consent.' },
    errors: ['consent_not_found'],
  },
  {
    id: 'getAuditCheckpoint',
    method: 'get',
    path: openApiPath(AUDIT_CHECKPOINT_ROUTE),
    tag: 'service',
    summary: "The audit log's entry count and newest hash, signed with the token signing key.",
    description:
      'Keep checkpoints: a later log that lost entries from its end, was emptied or was put back to an older copy no longer matches one (verifyAuditChain with a checkpoint).',
    caller: 'public',
    answer: { status: 200, schema: AuditCheckpointView, description: 'The checkpoint, and its compact JWS.' },
    errors: [],
  },
  {
    id: 'getSigningKeys',
    method: 'get',
    path: openApiPath(JWKS_PATH),
    tag: 'discovery',
    summary: 'The public keys consent tokens are signed with (cache for a minute; refetch on an unknown kid).',
    caller: 'public',
    answer: { status: 200, schema: JsonWebKeySet, description: 'The JWKS.' },
    errors: [],
  },
  {
    id: 'getOpenApiDocument',
    method: 'get',
    path: '/openapi.json',
    tag: 'discovery',
    summary: 'This document (OpenAPI 3.1).',
    caller: 'public',
    answer: { status: 200, schema: OpenApiDocumentOutline, description: 'The OpenAPI document.' },
    errors: [],
  },
];

/** An operation's path template as a pattern over URL pathnames: `{id}` is one non-empty segment. */
export function pathPattern(template: string): RegExp {
  const source = template
    .split(/\{[^}]+\}/)
    .map((literal) => literal.replace(/[.+?^${}()|[\]\\*]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${source}$`);
}
