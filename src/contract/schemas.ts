/**
 * The service contract: one source of truth for request bodies, responses and token claims.
 * The simulator validates with these schemas at every boundary; the verify helper checks token claims
 * with them; the widget imports only the inferred *types* (`import type`), so zod never enters its
 * bundle. The README's API reference describes exactly these shapes.
 */
import { z } from 'zod';
import { SERVICE_ERROR_CODES } from './errors.js';

/** Largest JSON body the service reads, in bytes. */
export const MAX_BODY_BYTES = 8 * 1024;

export const Locale = z.enum(['en', 'ur']);
export type Locale = z.infer<typeof Locale>;

/** Text in both languages of the service. */
export const LocalizedText = z.strictObject({ en: z.string(), ur: z.string() });
export type LocalizedText = z.infer<typeof LocalizedText>;

/**
 * A sentence of the widget, as the service words it. `{name}` placeholders are filled by the widget
 * (bidi-isolated): `{partner}`, `{purpose}`, `{cnic}`, `{example}`, `{time}` (m:ss), `{at}` (a time of
 * day on the citizen's clock), `{n}` (a count).
 */
const Sentence = (...placeholders: string[]) =>
  z
    .string()
    .min(1)
    .max(400)
    // A placeholder the widget does not fill for this sentence would reach the citizen as "undefined".
    .refine((text) => [...text.matchAll(/\{(\w+)\}/g)].every(([, name]) => placeholders.includes(name!)), {
      message: `A placeholder this sentence does not have: it may use ${placeholders.map((name) => `{${name}}`).join(', ') || 'none'}.`,
    })
    .describe(
      placeholders.length ? `Placeholders: ${placeholders.map((name) => `{${name}}`).join(', ')}.` : 'No placeholders.',
    );

/**
 * The widget's words in one language, sent by the service with the consent context: the consent
 * statement, the steps, and what each outcome means. The service words them because they state its
 * rules (what is shared, limits, locks) and name its numbers; a new language needs no new widget.
 * The widget itself carries only the few words it needs before they arrive (loading, a failed call,
 * a setup error). Partners may override any of them (the element's `strings`).
 */
export const Wording = z.strictObject({
  asks: Sentence('partner'),
  purpose: Sentence('purpose'),
  shares: Sentence(),
  cnic: Sentence(),
  cnic_hint: Sentence('example'),
  send: Sentence(),
  sending: Sentence(),
  sent: Sentence('cnic'),
  resent: Sentence(),
  change: Sentence(),
  help: Sentence(),
  code: Sentence(),
  code_hint: Sentence(),
  consent: Sentence('partner', 'purpose'),
  confirm: Sentence(),
  verifying: Sentence(),
  expires: Sentence('time'),
  attempts: Sentence('n'),
  resend: Sentence(),
  resend_in: Sentence('time'),
  last_attempt: Sentence(),
  retry_in: Sentence('time'),
  busy: Sentence(),
  cancel: Sentence(),
  restart: Sentence(),
  error: Sentence(),
  granted: Sentence('partner'),
  cancelled: Sentence('partner'),
  expiring: Sentence(),
  wait: Sentence('at', 'time'),
  cnic_empty: Sentence(),
  cnic_chars: Sentence(),
  cnic_length: Sentence('n'),
  code_empty: Sentence(),
  code_chars: Sentence(),
  code_length: Sentence('n'),
  wrong_code: Sentence('n'),
  code_expired: Sentence(),
  request_locked: Sentence('at', 'time'),
  request_closed: Sentence(),
  resend_limit_reached: Sentence(),
});
export type Wording = z.infer<typeof Wording>;

/** 13 ASCII digits, no separators: what the widget sends after normalising the citizen's input. */
export const CnicDigits = z.string().regex(/^\d{13}$/, 'A CNIC has 13 digits.');
/** At least 128 bits from the partner's backend, base64url or hex: 22 to 256 URL-safe characters. */
export const Nonce = z.string().regex(/^[A-Za-z0-9_-]{22,256}$/, 'The nonce must be 22 to 256 URL-safe characters.');
export const PurposeId = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'Purpose ids are lower-case kebab-case.');
export const PasscodeDigits = z.string().regex(/^\d{6}$/, 'A passcode has 6 digits.');
/** `Idempotency-Key` header: 1 to 255 printable ASCII characters, no spaces. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
export const IdempotencyKey = z
  .string()
  .regex(IDEMPOTENCY_KEY_PATTERN, 'An Idempotency-Key is 1 to 255 printable ASCII characters.');
export const RequestId = z.string().regex(/^req_[A-Za-z0-9_-]{10,64}$/);

/** The data items a purpose may receive. Their values travel in the token's `shared` claim. */
export const DataItemId = z.enum(['cnic_status', 'full_name']);
export type DataItemId = z.infer<typeof DataItemId>;
export const CardStatus = z.enum(['active', 'expired', 'cancelled']);
export type CardStatus = z.infer<typeof CardStatus>;

// ---------------------------------------------------------------------------------------------
// GET /v1/context?purpose=…   (header Ijazat-Partner-Key)
// What the widget shows before anything is sent: who asks, why, and exactly what is shared.

export const ContextQuery = z.strictObject({ purpose: PurposeId });

export const ConsentContext = z.strictObject({
  partner: z.strictObject({ id: z.string(), displayName: LocalizedText }),
  purpose: z.strictObject({
    id: PurposeId,
    title: LocalizedText,
    description: LocalizedText,
    dataItems: z.array(z.strictObject({ id: DataItemId, label: LocalizedText })),
  }),
  service: z.strictObject({
    /** Where citizens SMS their CNIC to register a mobile. */
    shortCode: z.string(),
    /**
     * The "Not received a text message?" path, paragraph by paragraph: the service's own advice
     * (waiting, a new code, registering a mobile through its short code, whom to contact when a card
     * has a problem). The service words it, since it names the service's numbers; the widget shows it
     * as given.
     */
    help: z.array(LocalizedText).min(1).max(6),
    passcodeLength: z.literal(6),
    passcodeTtlSeconds: z.number().int().positive(),
  }),
  /** The widget's words in each language (see `Wording`). */
  wording: z.strictObject({ en: Wording, ur: Wording }),
});
export type ConsentContext = z.infer<typeof ConsentContext>;

// ---------------------------------------------------------------------------------------------
// POST /v1/consent-requests            (headers Ijazat-Partner-Key, optional Idempotency-Key) → 201
// POST /v1/consent-requests/:id/resend (body {})                                              → 200
// POST /v1/consent-requests/:id/cancel (body {})                                              → 200
// GET  /v1/consent-requests/:id                                                               → 200

export const CreateConsentRequestBody = z.strictObject({
  purpose: PurposeId,
  nonce: Nonce,
  cnic: CnicDigits,
  locale: Locale.default('en'),
});
export type CreateConsentRequestBody = z.input<typeof CreateConsentRequestBody>;

export const EmptyBody = z.strictObject({});

export const RequestStatus = z.enum(['pending', 'locked', 'granted', 'cancelled', 'expired']);
export type RequestStatus = z.infer<typeof RequestStatus>;

/**
 * A consent request as the widget sees it: limits stated so they can be shown. The same fields for
 * every well-formed CNIC, registered or not: nothing about the citizen (no mobile, not even masked;
 * no card status) before the right code is entered. Times left come as seconds on the service's
 * clock: a device whose clock is wrong still counts them right from when the answer arrived.
 */
export const ConsentRequestView = z.strictObject({
  id: RequestId,
  status: RequestStatus,
  purpose: PurposeId,
  locale: Locale,
  /** ISO time the current passcode stops working. */
  expiresAt: z.iso.datetime(),
  attemptsLeft: z.number().int().min(0),
  resendsLeft: z.number().int().min(0),
  /** ISO time "Send a new code" becomes possible; null when no resend is left. */
  resendAvailableAt: z.iso.datetime().nullable(),
  /** Seconds until the current passcode stops working (0 once it has). */
  expiresInSeconds: z.number().int().min(0),
  /** Seconds until "Send a new code" is possible (0: now); null when no resend is left. */
  resendInSeconds: z.number().int().min(0).nullable(),
});
export type ConsentRequestView = z.infer<typeof ConsentRequestView>;

// ---------------------------------------------------------------------------------------------
// POST /v1/consent-requests/:id/verify  { code }  (optional Idempotency-Key) → 200

export const VerifyBody = z.strictObject({ code: PasscodeDigits });
export type VerifyBody = z.infer<typeof VerifyBody>;

export const Grant = z.strictObject({
  token: z.string(),
  requestId: RequestId,
  /** ISO time the token expires. */
  expiresAt: z.iso.datetime(),
});
export type Grant = z.infer<typeof Grant>;

// ---------------------------------------------------------------------------------------------
// GET /v1/consents/:jti   (Authorization: Bearer sk_…): the partner backend's status check.

export const ConsentStatus = z.enum(['active', 'revoked', 'expired']);
export type ConsentStatus = z.infer<typeof ConsentStatus>;

export const ConsentStatusView = z.strictObject({
  jti: z.string(),
  status: ConsentStatus,
  purpose: PurposeId,
  grantedAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
});
export type ConsentStatusView = z.infer<typeof ConsentStatusView>;

// ---------------------------------------------------------------------------------------------
// The consent token: compact JWS, ES256, header { alg: "ES256", typ: "consent+jwt", kid }.

export const TOKEN_TYPE = 'consent+jwt';
export const TOKEN_ALG = 'ES256';
/** Tokens live at most this long (DESIGN.md: exp ≤ 10 min). */
export const TOKEN_TTL_SECONDS = 600;

export const SharedData = z.strictObject({
  cnic_status: CardStatus.optional(),
  full_name: z.string().optional(),
});
export type SharedData = z.infer<typeof SharedData>;

export const ConsentClaims = z.object({
  iss: z.string().min(1),
  /** The partner id (not its key). */
  aud: z.string().min(1),
  /** Pairwise pseudonym: stable for one citizen and one partner, different across partners. */
  sub: z.string().min(16),
  iat: z.number().int(),
  exp: z.number().int(),
  /** Never set by the service; when present it must be a number, and "now" must have reached it. */
  nbf: z.number().optional(),
  jti: z.string().min(16),
  nonce: Nonce,
  purpose: PurposeId,
  /** The data items the citizen saw and agreed to share, with their values. */
  shared: SharedData,
  /**
   * Binds the CNIC without carrying it: base64url(SHA-256("ijazat-cnic:" + nonce + ":" + 13 digits)).
   * A partner that holds the CNIC recomputes it; nobody else can use it across sessions.
   */
  cnic_digest: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});
export type ConsentClaims = z.infer<typeof ConsentClaims>;

// ---------------------------------------------------------------------------------------------
// GET /v1/audit/checkpoint: the audit log's size and newest hash, signed with the token signing key.

export const AuditCheckpoint = z.strictObject({
  /** How many entries the log holds (entries 1 to count). */
  count: z.number().int().nonnegative(),
  /** The hash of entry `count` (64 zeros for an empty log). */
  head: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AuditCheckpoint = z.infer<typeof AuditCheckpoint>;

export const AuditCheckpointView = z.strictObject({
  ...AuditCheckpoint.shape,
  signedAt: z.iso.datetime(),
  kid: z.string(),
  /**
   * Compact JWS (ES256, `typ: audit-checkpoint+jwt`, verifiable with the JWKS) whose payload is
   * `{ iss, count, head, iat }`: keep it, and a later log that lost entries no longer matches it.
   */
  jws: z.string(),
});
export type AuditCheckpointView = z.infer<typeof AuditCheckpointView>;

/** Every error body, for clients that validate what they receive. */
export const ServiceErrorResponse = z.strictObject({
  error: z.strictObject({
    code: z.enum(SERVICE_ERROR_CODES),
    message: z.string(),
    /** wrong_code, request_locked: tries left before the request locks. */
    attemptsLeft: z.number().int().min(0).optional(),
    /** 429s and 503s: seconds until a retry can succeed (also sent as `Retry-After`). */
    retryAfterSeconds: z.number().int().min(0).optional(),
    /** invalid_request and field codes: which fields were wrong (paths and messages, never the values). */
    issues: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
  }),
});

// ---------------------------------------------------------------------------------------------
// GET /.well-known/jwks.json: the public keys tokens are signed with (RFC 7517).

export const SigningJwk = z.strictObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  y: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  /** The key's RFC 7638 thumbprint; the token header's `kid`. */
  kid: z.string().min(1),
  alg: z.literal(TOKEN_ALG),
  use: z.literal('sig'),
});
export const JsonWebKeySet = z.strictObject({ keys: z.array(SigningJwk) });
