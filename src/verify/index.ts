/**
 * `ijazat-consent/verify`: consent-token verification for partner backends (Node ≥ 20, Deno, Bun,
 * Cloudflare Workers and other edge runtimes: WebCrypto and fetch only, no node: imports).
 */
export { verifyConsentToken, MAX_TOKEN_BYTES, type VerifyConsentTokenOptions } from './verify-consent-token.js';
export { ConsentTokenError } from './consent-token-error.js';
export {
  createMemoryReplayStore,
  type MemoryReplayStore,
  type ReplayStore,
  type MemoryReplayStoreOptions,
} from './replay-store.js';
export {
  createRedisReplayStore,
  type RedisReplayStoreOptions,
  type NodeRedisClient,
  type IoredisClient,
  type NodeRedisSetOptions,
} from './redis-replay-store.js';
export type { JwksCacheOptions } from './key-set.js';
export {
  verifyWebhookEvent,
  WEBHOOK_DEDUPE_SECONDS,
  type VerifyWebhookEventOptions,
  type WebhookHeaders,
} from './verify-webhook-event.js';
export { WebhookEventError } from './webhook-event-error.js';
export { TOKEN_ERRORS, WEBHOOK_ERRORS, type TokenErrorCode, type WebhookErrorCode } from '../contract/errors.js';
export {
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TOLERANCE_SECONDS,
  type WebhookEvent,
  type WebhookEventType,
  type WebhookConsentData,
} from '../contract/webhooks.js';
export { SANDBOX_ISSUER, JWKS_PATH } from '../contract/api.js';
export { cnicDigest } from '../contract/cnic-digest.js';
export type { ConsentClaims, SharedData } from '../contract/schemas.js';
