/**
 * Names on the wire that the widget, the simulator, the verify helper and the docs share.
 * Plain constants: safe to import from the widget.
 */
export const API_VERSION_PREFIX = '/v1';
export const PARTNER_KEY_HEADER = 'Ijazat-Partner-Key';
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const JWKS_PATH = '/.well-known/jwks.json';
/** The `typ` of a signed audit checkpoint (GET /v1/audit/checkpoint). */
export const AUDIT_CHECKPOINT_TYPE = 'audit-checkpoint+jwt';
/** The simulator's default issuer (`iss`). A real deployment states its own. */
export const SANDBOX_ISSUER = 'urn:ijazat:sandbox';
/**
 * The widget's default `api-base`. `.test` is a reserved top-level domain: nothing real answers there,
 * so a page that forgets `api-base` talks to the in-browser simulator (when started) or fails loudly.
 */
export const DEFAULT_API_BASE = 'https://sandbox.ijazat.test';

export const paths = {
  context: `${API_VERSION_PREFIX}/context`,
  consentRequests: `${API_VERSION_PREFIX}/consent-requests`,
  consentRequest: (id: string) => `${API_VERSION_PREFIX}/consent-requests/${encodeURIComponent(id)}`,
  resend: (id: string) => `${API_VERSION_PREFIX}/consent-requests/${encodeURIComponent(id)}/resend`,
  verify: (id: string) => `${API_VERSION_PREFIX}/consent-requests/${encodeURIComponent(id)}/verify`,
  cancel: (id: string) => `${API_VERSION_PREFIX}/consent-requests/${encodeURIComponent(id)}/cancel`,
  consentStatus: (jti: string) => `${API_VERSION_PREFIX}/consents/${encodeURIComponent(jti)}`,
  auditCheckpoint: `${API_VERSION_PREFIX}/audit/checkpoint`,
  jwks: JWKS_PATH,
} as const;
