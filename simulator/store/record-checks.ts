/**
 * What a stored record must look like for the domain to read it without failing: the fields it reads,
 * with their types. The `--data` database is checked against these before the server starts
 * (sqlite-checks.ts), so a damaged record stops start-up with its store and key instead of becoming
 * a 500 at run time. Extra fields are allowed (a newer field a later version reads); a store without
 * an entry here is checked for being an object carrying its key.
 */
import { z } from 'zod';
import { CardStatus, DataItemId, Locale, LocalizedText } from '../../src/contract/schemas.js';
import { WebhookEvent } from '../../src/contract/webhooks.js';
import type { StoreName } from './schema.js';

const EncodedCryptoKey = z.object({
  $cryptoKey: z.object({
    jwk: z.object({ kty: z.string() }),
    algorithm: z.object({ name: z.string() }),
    usages: z.array(z.string()),
  }),
});

const time = z.number().finite();
const hash = z.string().regex(/^[0-9a-f]{64}$/);

const Purpose = z.object({
  id: z.string(),
  title: LocalizedText,
  description: LocalizedText,
  smsReason: LocalizedText,
  dataItems: z.array(DataItemId),
});

export const RECORD_CHECKS: Partial<Record<StoreName, z.ZodType>> = {
  citizens: z.object({
    id: z.string(),
    cnic: z.string().regex(/^\d{13}$/),
    name: z.string(),
    cardStatus: CardStatus,
    mobile: z.string().nullable(),
    scenario: z.string(),
  }),
  sims: z.object({ id: z.string(), mobile: z.string(), ownerCnic: z.string(), holderId: z.string() }),
  partners: z.object({
    id: z.string(),
    displayName: LocalizedText,
    publishableKey: z.string(),
    secretKey: z.string(),
    origins: z.array(z.string()),
    purposes: z.array(Purpose),
  }),
  requests: z.object({
    id: z.string(),
    partnerId: z.string(),
    purpose: z.string(),
    nonce: z.string(),
    citizenId: z.string().nullable(),
    cnicRef: z.string(),
    locale: Locale,
    host: z.string(),
    status: z.enum(['pending', 'locked', 'granted', 'cancelled']),
    codeHash: z.string(),
    codeDelivered: z.boolean(),
    codeExpiresAt: time,
    lastSentAt: time,
    failures: z.number().int().nonnegative(),
    resends: z.number().int().nonnegative(),
    createdAt: time,
    jti: z.string().nullable(),
  }),
  messages: z.object({
    seq: z.number().int().positive(),
    simId: z.string(),
    from: z.string(),
    to: z.string(),
    body: z.string(),
    at: time,
    visibleAfter: time,
    direction: z.enum(['in', 'out']),
  }),
  consents: z.object({
    jti: z.string(),
    requestId: z.string(),
    citizenId: z.string(),
    partnerId: z.string(),
    purpose: z.string(),
    shared: z.record(z.string(), z.unknown()),
    kid: z.string(),
    grantedAt: time,
    expiresAt: time,
    revokedAt: time.nullable(),
  }),
  audit: z.object({
    seq: z.number().int().positive(),
    at: z.string(),
    type: z.string(),
    requestId: z.string().nullable(),
    partnerId: z.string().nullable(),
    citizenRef: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
    prevHash: hash,
    hash,
  }),
  idempotency: z.object({
    scope: z.string(),
    fingerprint: z.string(),
    status: z.number().int(),
    createdAt: time,
    partnerId: z.string(),
    expiresAt: time,
  }),
  mobileChanges: z.object({
    id: z.string(),
    citizenId: z.string(),
    fromMobile: z.string(),
    toMobile: z.string(),
    requestedAt: time,
    effectiveAt: time,
    status: z.enum(['pending', 'cancelled', 'completed']),
    endedAt: time.nullable(),
    cancelledBy: z.enum(['old_number', 'superseded']).nullable(),
  }),
  activity: z.object({
    cnicRef: z.string(),
    smsAt: z.array(time),
    locksAt: z.array(time),
    failuresAt: z.array(time),
  }),
  keys: z.object({
    kid: z.string(),
    privateKey: EncodedCryptoKey,
    publicJwk: z.object({ kty: z.literal('EC'), kid: z.string(), x: z.string(), y: z.string() }),
    createdAt: time,
    retiredAt: time.nullable(),
  }),
  webhookEndpoints: z.object({ id: z.string(), partnerId: z.string(), url: z.string(), createdAt: time }),
  webhookEvents: WebhookEvent,
  webhookDeliveries: z.object({
    id: z.string(),
    eventId: z.string(),
    endpointId: z.string(),
    partnerId: z.string(),
    state: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.array(z.object({ at: time, status: z.number().int().nullable(), error: z.string().nullable() })),
    nextAttemptAt: time.nullable(),
    createdAt: time,
  }),
};

/** `meta` keeps different records under fixed keys. */
export const META_CHECKS: Record<string, z.ZodType> = {
  secrets: z.object({ passcodeKey: EncodedCryptoKey, pseudonymKey: EncodedCryptoKey }),
  clock: z.object({ offsetMs: time }),
  retention: z.object({ auditSeq: z.number().int().nonnegative() }),
  webhooks: z.object({ expiriesSentUntil: time }),
};
