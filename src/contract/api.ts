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

/**
 * The service's routes, `:name` marking a path parameter: the simulator's route table is built from
 * these and the widget's client fills them (`pathTo`), so a path is written once. One constant each,
 * so the widget's bundle carries only the routes it calls.
 */
export const CONTEXT_ROUTE = `${API_VERSION_PREFIX}/context`;
export const CONSENT_REQUESTS_ROUTE = `${API_VERSION_PREFIX}/consent-requests`;
export const CONSENT_REQUEST_ROUTE = `${CONSENT_REQUESTS_ROUTE}/:id`;
export const RESEND_ROUTE = `${CONSENT_REQUEST_ROUTE}/resend`;
export const VERIFY_ROUTE = `${CONSENT_REQUEST_ROUTE}/verify`;
export const CANCEL_ROUTE = `${CONSENT_REQUEST_ROUTE}/cancel`;
export const CONSENT_STATUS_ROUTE = `${API_VERSION_PREFIX}/consents/:jti`;
export const AUDIT_CHECKPOINT_ROUTE = `${API_VERSION_PREFIX}/audit/checkpoint`;

/** Every route of the service's API, by name. */
export const API_ROUTES = {
  context: CONTEXT_ROUTE,
  consentRequests: CONSENT_REQUESTS_ROUTE,
  consentRequest: CONSENT_REQUEST_ROUTE,
  resend: RESEND_ROUTE,
  verify: VERIFY_ROUTE,
  cancel: CANCEL_ROUTE,
  consentStatus: CONSENT_STATUS_ROUTE,
  auditCheckpoint: AUDIT_CHECKPOINT_ROUTE,
  jwks: JWKS_PATH,
} as const;

/** The names of a route's `:parameters`. */
export type RouteParams<Route extends string> = Route extends `${string}:${infer Name}/${infer Rest}`
  ? Name | RouteParams<`/${Rest}`>
  : Route extends `${string}:${infer Name}`
    ? Name
    : never;

/** A route's path for these parameter values (each percent-encoded). */
export const pathTo = <Route extends string>(route: Route, params: Record<RouteParams<Route>, string>): string =>
  route.replace(/:(\w+)/g, (_, name: RouteParams<Route>) => encodeURIComponent(params[name]));

/**
 * Paths for requests, for tests and scripts that call the API directly. (Built by a call marked pure,
 * so a bundle that does not use it, like the widget's, drops it.)
 */
export const paths = /* @__PURE__ */ (() => ({
  context: API_ROUTES.context,
  consentRequests: API_ROUTES.consentRequests,
  consentRequest: (id: string) => pathTo(API_ROUTES.consentRequest, { id }),
  resend: (id: string) => pathTo(API_ROUTES.resend, { id }),
  verify: (id: string) => pathTo(API_ROUTES.verify, { id }),
  cancel: (id: string) => pathTo(API_ROUTES.cancel, { id }),
  consentStatus: (jti: string) => pathTo(API_ROUTES.consentStatus, { jti }),
  auditCheckpoint: API_ROUTES.auditCheckpoint,
  jwks: JWKS_PATH,
}))();
