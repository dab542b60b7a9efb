/**
 * Every error code the service, the widget and the verify helper can produce: documented once here,
 * mirrored in the README's error table. The service answers `{ error: { code, message, … } }` with
 * the HTTP status below; the widget maps each code to words for the citizen (translations/).
 * This module is plain data so the widget can import it at no cost beyond the strings it uses.
 */

/** Codes the service (and the simulator) answers with, and their HTTP status. */
export const SERVICE_ERRORS = {
  // Malformed requests: nothing is stored, nothing is sent.
  invalid_json: [400, 'The request body is not valid JSON.'],
  invalid_request: [400, 'The request does not match the API schema; see `issues`.'],
  unsupported_media_type: [415, 'Send the body as application/json.'],
  body_too_large: [413, 'The request body is larger than 8 KiB.'],
  not_found: [404, 'There is no such endpoint.'],
  method_not_allowed: [405, 'That method is not allowed on this endpoint.'],
  // Who is asking.
  missing_partner_key: [401, 'Send your publishable key in the Ijazat-Partner-Key header.'],
  unknown_partner_key: [401, 'That partner key is not registered.'],
  origin_not_allowed: [403, "This page's origin is not on the partner's allow-list."],
  unknown_purpose: [400, 'This partner is not registered for that purpose.'],
  rate_limited: [429, 'Too many requests from this client or for this partner key; retry after `retryAfterSeconds`.'],
  invalid_secret_key: [401, 'Send a valid secret key as `Authorization: Bearer sk_…`.'],
  idempotency_conflict: [409, 'That Idempotency-Key was already used with a different request.'],
  // The citizen's CNIC.
  invalid_cnic: [400, 'A CNIC has 13 digits.'],
  // No code says whether a CNIC exists, has a registered mobile or an active card: before consent
  // every well-formed CNIC gets the same answer (README, "Nothing is learned before consent").
  sms_limit_reached: [429, 'Too many passcodes were sent for this CNIC in the last hour.'],
  cnic_backoff: [429, 'Too many failed attempts for this CNIC; wait before trying again.'],
  // A consent request and its passcode.
  request_not_found: [404, 'There is no consent request with that id for this partner.'],
  invalid_code: [400, 'A passcode has 6 digits.'],
  wrong_code: [400, 'That passcode is not right.'],
  code_expired: [410, 'The passcode has expired; ask for a new one.'],
  request_locked: [
    423,
    'Too many wrong passcodes; this request is locked. A fresh lock says in `retryAfterSeconds` when a new request for the CNIC can start.',
  ],
  request_closed: [409, 'This request was already completed or cancelled.'],
  resend_too_soon: [429, 'A new passcode can be sent after `retryAfterSeconds`.'],
  resend_limit_reached: [429, 'No more new passcodes can be sent for this request.'],
  // Partner backends and the citizen's ledger.
  consent_not_found: [404, 'There is no consent with that id for this partner.'],
  // Simulator controls only.
  host_not_allowed: [403, 'Sandbox controls answer only on a loopback Host or one given with --allow-host.'],
  citizen_not_found: [404, 'There is no sandbox citizen with that id.'],
  sim_not_found: [404, 'There is no sandbox SIM with that id.'],
  service_unavailable: [503, 'The service is unavailable (injected fault); retry.'],
  citizen_exists: [409, 'A sandbox citizen with that CNIC already exists.'],
  mobile_in_use: [409, 'A sandbox SIM with that mobile number already exists.'],
  audit_entry_not_found: [404, 'There is no audit entry with that seq.'],
  partner_not_found: [404, 'There is no sandbox partner with that id.'],
  webhook_endpoint_not_found: [404, 'There is no webhook endpoint with that id for this partner.'],
  webhook_endpoint_limit: [409, 'This partner already has the most webhook endpoints allowed (5).'],
  // Never expected: a bug in the service. Answered without details.
  internal_error: [500, 'The service failed unexpectedly.'],
} as const satisfies Record<string, readonly [number, string]>;

export type ServiceErrorCode = keyof typeof SERVICE_ERRORS;

/** The service's codes as a list (for schemas: the OpenAPI document's code enums). */
export const SERVICE_ERROR_CODES = /* @__PURE__ */ Object.keys(SERVICE_ERRORS) as [
  ServiceErrorCode,
  ...ServiceErrorCode[],
];

/** Codes only the widget produces, about its own configuration or the network. */
export const WIDGET_ERRORS = {
  missing_attribute: 'A required attribute (partner-key, purpose or nonce) is missing or malformed.',
  network_error: 'The service could not be reached.',
  timeout: 'The service did not answer in time.',
  invalid_response: 'The service answered with something the widget does not understand.',
} as const;

export type WidgetErrorCode = keyof typeof WIDGET_ERRORS;

/** Codes the verify helper throws (as `ConsentTokenError.code`). */
export const TOKEN_ERRORS = {
  token_malformed: 'The token is not a compact JWS of three base64url parts.',
  token_too_large: 'The token is larger than 8 KiB.',
  token_alg_not_allowed: 'The token is not signed with ES256.',
  token_type_invalid: 'The token header `typ` is not `consent+jwt`.',
  token_key_unknown: 'No key in the JWKS matches the token `kid`.',
  token_signature_invalid: 'The token signature does not verify, or is not in its canonical (low-S) form.',
  token_issuer_invalid: 'The token `iss` is not the expected issuer.',
  token_audience_invalid: 'The token `aud` is not your partner id.',
  token_expired: 'The token has expired.',
  token_not_yet_valid: 'The token `iat` (or `nbf`) is in the future.',
  token_lifetime_too_long: 'The token lives longer than 10 minutes (`exp` − `iat` > 600 s).',
  token_claims_invalid: 'A claim the token must carry is missing or of the wrong type.',
  token_nonce_mismatch: 'The token `nonce` is not the one your backend issued for this session.',
  token_purpose_mismatch: 'The token `purpose` is not the one you asked for.',
  token_cnic_mismatch: 'The token does not bind the CNIC you hold.',
  token_replayed: 'This token `jti` has been seen before.',
  jwks_unavailable: 'The JWKS could not be fetched or parsed.',
} as const;

export type TokenErrorCode = keyof typeof TOKEN_ERRORS;

/** Codes `verifyWebhookEvent` throws (as `WebhookEventError.code`). */
export const WEBHOOK_ERRORS = {
  webhook_body_invalid: 'The body is not the raw JSON of a consent event (read it as bytes or text, unparsed).',
  webhook_body_too_large: 'The body is larger than 16 KiB.',
  webhook_signature_missing: 'There is no Ijazat-Signature header.',
  webhook_signature_malformed: 'The Ijazat-Signature header is not a detached JWS (`header..signature`).',
  webhook_alg_not_allowed: 'The signature is not ES256.',
  webhook_type_invalid: 'The signature header `typ` is not `consent-event+jws`.',
  webhook_key_unknown: 'No key in the JWKS matches the signature `kid`.',
  webhook_signature_invalid: 'The signature does not verify over this body: it was changed or signed by another key.',
  webhook_timestamp_invalid: 'The signature header has no `iat` in whole seconds.',
  webhook_timestamp_out_of_tolerance:
    'The signature `iat` is too far from your clock: an old (replayed) or future delivery.',
  webhook_audience_invalid: 'The event `partnerId` is not your partner id.',
  webhook_replayed: 'This event id has been seen before: answer 2xx and do not act on it again.',
  jwks_unavailable: 'The JWKS could not be fetched or parsed.',
} as const;

export type WebhookErrorCode = keyof typeof WEBHOOK_ERRORS;

export type ErrorCode = ServiceErrorCode | WidgetErrorCode;

/** The body of every error answer. */
export interface ServiceErrorBody {
  error: {
    code: ServiceErrorCode;
    message: string;
    /** wrong_code: tries left before the request locks. */
    attemptsLeft?: number;
    /** 429s: seconds until a retry can succeed (also sent as `Retry-After`). */
    retryAfterSeconds?: number;
    /** invalid_request: which fields were wrong (paths and messages, never the values). */
    issues?: { path: string; message: string }[];
  };
}
