/**
 * `verifyWebhookEvent`: what a partner backend checks before acting on a consent-status webhook, in
 * one call, each refusal a WebhookEventError with its own code. The signature is checked over the raw
 * body against the service's JWKS (the same keys that sign consent tokens), then its timestamp, then
 * the event and whose it is; the event id is remembered last, so a refused delivery uses up nothing.
 */
import { base64url, errors, flattenedVerify, type JSONWebKeySet } from 'jose';
import {
  MAX_WEBHOOK_BODY_BYTES,
  WEBHOOK_ALG,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TOLERANCE_SECONDS,
  WEBHOOK_TYPE,
  WebhookEvent,
} from '../contract/webhooks.js';
import { ConsentTokenError } from './consent-token-error.js';
import { keySetOf, remoteKeySetOf, resolveKey, type JwksCacheOptions, type KeySet } from './key-set.js';
import { createMemoryReplayStore, replayStoreOfSet, type ReplayStore } from './replay-store.js';
import { WebhookEventError } from './webhook-event-error.js';

/** How long an event id is remembered: longer than the service keeps retrying one delivery. */
export const WEBHOOK_DEDUPE_SECONDS = 3 * 86_400;

export interface VerifyWebhookEventOptions {
  /** The service's public keys, as a JSON Web Key Set you already hold. Give this or `jwksUrl`. */
  jwks?: JSONWebKeySet;
  /** The service's JWKS URL, e.g. `https://…/.well-known/jwks.json`; fetched and cached. */
  jwksUrl?: string | URL;
  jwksCache?: JwksCacheOptions;
  /** Your partner id (e.g. `prt_sandbox_bank`): the event's `partnerId` must be it. */
  audience: string;
  /** Seconds the signature's `iat` may be from now, either way. Default 300. */
  tolerance?: number;
  /** "Now", as a Date or milliseconds since the epoch. Default: the system clock. */
  now?: Date | number;
  /**
   * Where seen event ids are remembered (a ReplayStore, a plain Set), or `false` to de-duplicate
   * yourself (e.g. in the transaction that acts on the event). Default: one in-memory store per process.
   */
  replay?: ReplayStore | Set<string> | false;
}

/** The request's headers as Fetch `Headers`, Node's `req.headers`, or a plain object. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

let defaultReplayStore: ReplayStore | undefined;
const DETACHED_JWS = /^([A-Za-z0-9_-]{1,4096})\.\.([A-Za-z0-9_-]{1,256})$/;
const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

function bodyBytes(body: unknown): Uint8Array {
  if (typeof body === 'string') return encoder.encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  // A parsed object cannot be checked: its bytes, which the signature covers, are gone.
  throw new WebhookEventError('webhook_body_invalid');
}

function signatureOf(source: string | WebhookHeaders | null | undefined): string {
  let value: unknown = source;
  if (source && typeof source === 'object') {
    if (typeof (source as Headers).get === 'function') value = (source as Headers).get(WEBHOOK_SIGNATURE_HEADER);
    else {
      const name = WEBHOOK_SIGNATURE_HEADER.toLowerCase();
      const key = Object.keys(source).find((candidate) => candidate.toLowerCase() === name);
      value = key === undefined ? undefined : (source as Record<string, unknown>)[key];
      if (Array.isArray(value)) value = value.length === 1 ? value[0] : '';
    }
  }
  if (value === undefined || value === null || value === '') throw new WebhookEventError('webhook_signature_missing');
  if (typeof value !== 'string') throw new WebhookEventError('webhook_signature_malformed');
  return value.trim();
}

function protectedHeaderOf(encoded: string): Record<string, unknown> {
  try {
    const header: unknown = JSON.parse(decoder.decode(base64url.decode(encoded)));
    if (header && typeof header === 'object' && !Array.isArray(header)) return header as Record<string, unknown>;
  } catch {
    // refused below
  }
  throw new WebhookEventError('webhook_signature_malformed');
}

function typeIsConsentEvent(typ: unknown): boolean {
  if (typeof typ !== 'string') return false;
  const type = typ.toLowerCase();
  return type === WEBHOOK_TYPE || type === `application/${WEBHOOK_TYPE}`;
}

async function verifySignature(
  encodedHeader: string,
  header: Record<string, unknown>,
  signature: string,
  bytes: Uint8Array,
  keySet: KeySet,
): Promise<void> {
  if (header.alg !== WEBHOOK_ALG) throw new WebhookEventError('webhook_alg_not_allowed');
  if (!typeIsConsentEvent(header.typ)) throw new WebhookEventError('webhook_type_invalid');
  if (typeof header.kid !== 'string' || header.kid === '') throw new WebhookEventError('webhook_key_unknown');
  let key: CryptoKey;
  try {
    key = await resolveKey(keySet, { alg: WEBHOOK_ALG, kid: header.kid });
  } catch (error) {
    if (error instanceof ConsentTokenError && error.code === 'token_key_unknown')
      throw new WebhookEventError('webhook_key_unknown');
    throw new WebhookEventError('jwks_unavailable', { cause: error });
  }
  try {
    await flattenedVerify({ protected: encodedHeader, payload: base64url.encode(bytes), signature }, key, {
      algorithms: [WEBHOOK_ALG],
    });
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed)
      throw new WebhookEventError('webhook_signature_invalid');
    throw new WebhookEventError('webhook_signature_malformed');
  }
}

function replayStoreOf(option: VerifyWebhookEventOptions['replay']): ReplayStore | null {
  if (option === false) return null;
  if (option instanceof Set) return replayStoreOfSet(option);
  return option ?? (defaultReplayStore ??= createMemoryReplayStore());
}

function keySetFor(options: VerifyWebhookEventOptions): KeySet {
  try {
    return options.jwks ? keySetOf(options.jwks) : remoteKeySetOf(options.jwksUrl!, options.jwksCache);
  } catch (error) {
    if (error instanceof ConsentTokenError) throw new WebhookEventError('jwks_unavailable', { cause: error });
    throw error;
  }
}

/**
 * Verifies one webhook delivery and answers its event, or throws a WebhookEventError whose `code` (one
 * of WEBHOOK_ERRORS) says which check failed. Pass the body exactly as received (text or bytes, not
 * parsed JSON) and the request's headers (or the `Ijazat-Signature` value). Answer 2xx to the event
 * once you have acted on it, and also to `webhook_replayed` (a duplicate you already had); any other
 * answer makes the service retry. Invalid *options* are programming errors and throw a TypeError.
 */
export async function verifyWebhookEvent(
  body: string | Uint8Array | ArrayBuffer,
  signature: string | WebhookHeaders | null | undefined,
  options: VerifyWebhookEventOptions,
): Promise<WebhookEvent> {
  if (typeof options?.audience !== 'string' || options.audience === '')
    throw new TypeError('verifyWebhookEvent: `audience` must be your partner id.');
  if (!options.jwks && !options.jwksUrl) throw new TypeError('verifyWebhookEvent: give `jwks` or `jwksUrl`.');
  const tolerance = options.tolerance ?? WEBHOOK_TOLERANCE_SECONDS;
  if (!Number.isFinite(tolerance) || tolerance < 0)
    throw new TypeError('verifyWebhookEvent: `tolerance` must be a number of seconds ≥ 0.');
  const nowMs = options.now === undefined ? Date.now() : +options.now;
  if (!Number.isFinite(nowMs))
    throw new TypeError('verifyWebhookEvent: `now` must be a valid Date or milliseconds since the epoch.');

  const bytes = bodyBytes(body);
  if (bytes.byteLength > MAX_WEBHOOK_BODY_BYTES) throw new WebhookEventError('webhook_body_too_large');
  const match = DETACHED_JWS.exec(signatureOf(signature));
  if (!match) throw new WebhookEventError('webhook_signature_malformed');
  const encodedHeader = match[1]!;
  const header = protectedHeaderOf(encodedHeader);
  await verifySignature(encodedHeader, header, match[2]!, bytes, keySetFor(options));

  if (typeof header.iat !== 'number' || !Number.isSafeInteger(header.iat))
    throw new WebhookEventError('webhook_timestamp_invalid');
  if (Math.abs(nowMs / 1000 - header.iat) > tolerance)
    throw new WebhookEventError('webhook_timestamp_out_of_tolerance');

  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(bytes));
  } catch {
    throw new WebhookEventError('webhook_body_invalid');
  }
  const event = WebhookEvent.safeParse(parsed);
  if (!event.success) throw new WebhookEventError('webhook_body_invalid');
  if (event.data.partnerId !== options.audience) throw new WebhookEventError('webhook_audience_invalid');

  const store = replayStoreOf(options.replay);
  if (store) {
    let fresh: boolean;
    try {
      fresh = await store.checkAndRemember(
        event.data.id,
        Math.floor(nowMs / 1000) + tolerance + WEBHOOK_DEDUPE_SECONDS,
      );
    } catch (cause) {
      // A store that cannot answer must not let an event be acted on twice: refuse (the service retries).
      throw new WebhookEventError('webhook_replayed', { cause });
    }
    if (!fresh) throw new WebhookEventError('webhook_replayed');
  }
  return event.data;
}
