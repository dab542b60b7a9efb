/**
 * Consent-status webhooks: what the service POSTs to a partner's endpoint when a consent is granted,
 * revoked or expires, and how it is signed. The simulator builds events from these schemas and the
 * verify helper checks them against the same ones.
 *
 * Signing: the body is the event as JSON; the `Ijazat-Signature` header is a JWS with a detached
 * payload (RFC 7515 appendix F): `<protected header>..<signature>`, signed by the service's ES256 key
 * (the one in the JWKS that signs consent tokens) over `<protected header>.<base64url(body)>`. The
 * protected header is `{ alg: "ES256", kid, typ: "consent-event+jws", iat }`, `iat` being when this
 * attempt was signed, so a captured delivery cannot be replayed outside the tolerance.
 */
import { z } from 'zod';
import { ConsentStatus, PurposeId } from './schemas.js';

export const WEBHOOK_SIGNATURE_HEADER = 'Ijazat-Signature';
export const WEBHOOK_TYPE = 'consent-event+jws';
export const WEBHOOK_ALG = 'ES256';
/** How far the signature's `iat` may be from the receiver's clock, by default, in seconds. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;
/** Bodies larger than this are refused by the verify helper before parsing. */
export const MAX_WEBHOOK_BODY_BYTES = 16 * 1024;

export const WebhookEventType = z.enum(['consent.granted', 'consent.revoked', 'consent.expired']);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

export const WebhookEventId = z.string().regex(/^evt_[A-Za-z0-9_-]{16,64}$/);
export const WebhookEndpointId = z.string().regex(/^whe_[A-Za-z0-9_-]{10,64}$/);

/** What the citizen's consent is now: no CNIC, mobile, passcode or token, only its id and pseudonym. */
export const WebhookConsentData = z.object({
  /** The consent token's `jti`, as your backend stored it when it verified the token. */
  jti: z.string().min(16),
  /** The token's pairwise `sub`. */
  sub: z.string().min(16),
  purpose: PurposeId,
  status: ConsentStatus,
  grantedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
});
export type WebhookConsentData = z.infer<typeof WebhookConsentData>;

/** The body of every delivery. Unknown fields are ignored, so later versions can add some. */
export const WebhookEvent = z.object({
  /** Stable across retries: de-duplicate on it. */
  id: WebhookEventId,
  type: WebhookEventType,
  /** When the change happened (the service's clock). */
  createdAt: z.iso.datetime(),
  /** Whose consent it is: the receiver checks it is its own id. */
  partnerId: z.string().min(1),
  data: WebhookConsentData,
});
export type WebhookEvent = z.infer<typeof WebhookEvent>;

/** The protected header of `Ijazat-Signature`. */
export const WebhookSignatureHeader = z.object({
  alg: z.literal(WEBHOOK_ALG),
  kid: z.string().min(1),
  typ: z.literal(WEBHOOK_TYPE),
  /** Seconds since the epoch when this attempt was signed. */
  iat: z.number().int(),
});
export type WebhookSignatureHeader = z.infer<typeof WebhookSignatureHeader>;

/** POST /__sim/partners/:partnerId/webhooks */
export const RegisterWebhookBody = z.strictObject({
  url: z
    .string()
    .max(2048)
    .refine((text) => {
      try {
        const url = new URL(text);
        return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && !url.hash;
      } catch {
        return false;
      }
    }, 'The url must be an absolute http(s) URL without credentials or fragment.'),
});

export const WebhookEndpoint = z.strictObject({
  id: WebhookEndpointId,
  partnerId: z.string(),
  url: z.string(),
  createdAt: z.iso.datetime(),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

/** The answer to a registration: the endpoint, and the JWKS that verifies its deliveries (no secret). */
export const RegisteredWebhookEndpoint = WebhookEndpoint.extend({ jwksUrl: z.string() });

export const WebhookEndpointList = z.strictObject({ endpoints: z.array(WebhookEndpoint) });

export const WebhookAttemptView = z.strictObject({
  at: z.iso.datetime(),
  /** The endpoint's HTTP status, or null when it did not answer. */
  status: z.number().int().nullable(),
  /** Why the attempt failed (`connection_failed`, `timeout`, `http_500`, …), null when it succeeded. */
  error: z.string().nullable(),
});

export const WebhookDeliveryView = z.strictObject({
  id: z.string(),
  eventId: WebhookEventId,
  type: WebhookEventType,
  endpointId: WebhookEndpointId,
  url: z.string(),
  state: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.array(WebhookAttemptView),
  nextAttemptAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  /** The event as delivered (no CNIC, mobile, passcode or token in it). */
  event: WebhookEvent,
});
export type WebhookDeliveryView = z.infer<typeof WebhookDeliveryView>;

export const WebhookDeliveryLog = z.strictObject({ deliveries: z.array(WebhookDeliveryView) });
