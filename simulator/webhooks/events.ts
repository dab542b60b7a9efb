/**
 * Consent-status events and their outbox: the change to a consent (granted, revoked, expired) and
 * the event announcing it, with one pending delivery per endpoint, are written in the same
 * transaction, so an acknowledged change is never left unannounced and nothing is announced that did
 * not happen. Partners with no endpoint get no event at all.
 */
import type { WebhookEventType } from '../../src/contract/webhooks.js';
import { toIso } from '../clock.js';
import { randomId } from '../domain/random-id.js';
import type { SimulatorContext } from '../domain/context.js';
import { pairwiseSubject } from '../domain/pseudonym.js';
import type { WriteTransaction } from '../store/commit.js';
import type { ConsentRecord, StoreName, WebhookDeliveryRecord, WebhookEventRecord } from '../store/schema.js';

export interface Outbox {
  events: WebhookEventRecord[];
  deliveries: WebhookDeliveryRecord[];
}

export const OUTBOX_STORES: readonly StoreName[] = ['webhookEvents', 'webhookDeliveries'];

const STATUS_OF = { 'consent.granted': 'active', 'consent.revoked': 'revoked', 'consent.expired': 'expired' } as const;

/** The stores a commit must take to write `outbox` (none when it is empty). */
export const outboxStores = (outbox: Outbox): readonly StoreName[] => (outbox.events.length ? OUTBOX_STORES : []);

export function emptyOutbox(): Outbox {
  return { events: [], deliveries: [] };
}

/**
 * Adds the event for `consent` reaching `type` to `outbox`, with a delivery due now to each of the
 * partner's endpoints. `cnic` is only used to derive the token's pairwise `sub`; it is not stored.
 */
export async function announce(
  ctx: SimulatorContext,
  outbox: Outbox,
  type: WebhookEventType,
  consent: ConsentRecord,
  cnic: string,
  at: number,
): Promise<void> {
  const endpoints = (await ctx.registry.get()).endpointsByPartner.get(consent.partnerId) ?? [];
  if (!endpoints.length) return;
  const event: WebhookEventRecord = {
    id: `evt_${randomId(16)}`,
    type,
    createdAt: toIso(at),
    partnerId: consent.partnerId,
    data: {
      jti: consent.jti,
      sub: await pairwiseSubject(ctx.secrets.pseudonymKey, consent.partnerId, cnic),
      purpose: consent.purpose,
      status: STATUS_OF[type],
      grantedAt: toIso(consent.grantedAt),
      expiresAt: toIso(consent.expiresAt),
      revokedAt: consent.revokedAt === null ? null : toIso(consent.revokedAt),
    },
  };
  outbox.events.push(event);
  const now = ctx.clock.now();
  for (const endpoint of endpoints)
    outbox.deliveries.push({
      id: `dlv_${randomId(12)}`,
      eventId: event.id,
      endpointId: endpoint.id,
      partnerId: consent.partnerId,
      state: 'pending',
      attempts: [],
      nextAttemptAt: now,
      createdAt: now,
    });
}

export function writeOutbox(tx: WriteTransaction, outbox: Outbox): void {
  for (const event of outbox.events) void tx.objectStore('webhookEvents').put(event);
  for (const delivery of outbox.deliveries) void tx.objectStore('webhookDeliveries').put(delivery);
}
