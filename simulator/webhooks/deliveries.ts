/**
 * The delivery side of the outbox: which deliveries are due, what to send for one, what became of
 * each attempt, and the log a partner reads. Retries back off exponentially on the simulated clock
 * (`webhookRetryBaseSeconds`, doubling), so tests and the demo reach them with POST /__sim/clock; after
 * `webhookMaxAttempts` a delivery is given up (failed), and stays in the log.
 */
import type { WebhookDeliveryView } from '../../src/contract/webhooks.js';
import { toIso } from '../clock.js';
import type { SimulatorContext } from '../domain/context.js';
import { fail, succeed, type Outcome } from '../domain/outcome.js';
import { currentKey } from '../domain/signing-keys.js';
import { commit } from '../store/commit.js';
import type { WebhookAttempt, WebhookDeliveryRecord, WebhookEventRecord } from '../store/schema.js';
import { announce, emptyOutbox, outboxStores, writeOutbox } from './events.js';
import { signWebhookBody } from './signature.js';

/** What the carrier sends for one attempt. */
export interface OutgoingDelivery {
  deliveryId: string;
  url: string;
  /** The event as JSON: these exact bytes are signed. */
  body: string;
  signature: string;
  eventId: string;
}

/** How many deliveries the log shows, newest first. */
const LOG_LIMIT = 200;

/** Every pending delivery's id and when its next attempt is due (simulated ms), soonest first. */
export async function pendingDeliveries(ctx: SimulatorContext): Promise<{ id: string; dueAt: number }[]> {
  const pending = await ctx.db.getAllFromIndex(
    'webhookDeliveries',
    'state-due',
    IDBKeyRange.bound(['pending', -Infinity], ['pending', Infinity]),
  );
  return pending.map((delivery) => ({ id: delivery.id, dueAt: delivery.nextAttemptAt! }));
}

/**
 * The request for one due delivery, signed now. Null when there is nothing to send: the delivery is
 * no longer pending, or its endpoint was deleted (then it is given up here).
 */
export async function prepareDelivery(ctx: SimulatorContext, deliveryId: string): Promise<OutgoingDelivery | null> {
  const delivery = await ctx.db.get('webhookDeliveries', deliveryId);
  if (!delivery || delivery.state !== 'pending') return null;
  const registry = await ctx.registry.get();
  const endpoint = registry.endpointsByPartner.get(delivery.partnerId)?.find((e) => e.id === delivery.endpointId);
  const event = await ctx.db.get('webhookEvents', delivery.eventId);
  const key = currentKey(registry.keys);
  if (!endpoint || !event || !key) {
    await saveDelivery(ctx, { ...delivery, state: 'failed', nextAttemptAt: null });
    return null;
  }
  const body = JSON.stringify(event);
  // The transport's timestamp is the wall clock, not the sandbox's: advancing the sandbox clock moves
  // business deadlines (expiry, retries) but must not make every receiver refuse the signature.
  const signature = await signWebhookBody(body, key, Math.floor(Date.now() / 1000));
  return { deliveryId, url: endpoint.url, body, signature, eventId: event.id };
}

async function saveDelivery(ctx: SimulatorContext, delivery: WebhookDeliveryRecord): Promise<void> {
  const tx = ctx.db.transaction('webhookDeliveries', 'readwrite');
  void tx.store.put(delivery);
  await tx.done;
  ctx.changed();
}

/** Records one attempt's outcome: delivered on a 2xx, else the next attempt after the back-off, or given up. */
export async function recordAttempt(ctx: SimulatorContext, deliveryId: string, attempt: WebhookAttempt): Promise<void> {
  const delivery = await ctx.db.get('webhookDeliveries', deliveryId);
  if (!delivery || delivery.state !== 'pending') return;
  const attempts = [...delivery.attempts, attempt];
  const delivered = attempt.error === null;
  const exhausted = attempts.length >= ctx.limits.webhookMaxAttempts;
  const backoffMs = ctx.limits.webhookRetryBaseSeconds * 1000 * 2 ** (attempts.length - 1);
  await saveDelivery(ctx, {
    ...delivery,
    attempts,
    state: delivered ? 'delivered' : exhausted ? 'failed' : 'pending',
    nextAttemptAt: delivered || exhausted ? null : ctx.clock.now() + backoffMs,
  });
}

/**
 * Announces the consents that reached their expiry since the last call, for partners with endpoints:
 * one `consent.expired` each, unless the citizen revoked it first. Writes only when there was
 * something in range, so calling it on every change settles.
 */
export async function announceExpiries(ctx: SimulatorContext): Promise<number> {
  const registry = await ctx.registry.get();
  if (!registry.endpointsByPartner.size) return 0;
  const cursor = (await ctx.db.get('meta', 'webhooks')) as { expiriesSentUntil: number } | undefined;
  const now = ctx.clock.now();
  if (!cursor || cursor.expiriesSentUntil >= now) return 0;
  const outbox = emptyOutbox();
  let seen = 0;
  for (const partnerId of registry.endpointsByPartner.keys()) {
    const ended = await ctx.db.getAllFromIndex(
      'consents',
      'partnerId-expiresAt',
      IDBKeyRange.bound([partnerId, cursor.expiriesSentUntil], [partnerId, now], true, false),
    );
    seen += ended.length;
    for (const consent of ended) {
      if (consent.revokedAt !== null && consent.revokedAt < consent.expiresAt) continue;
      const citizen = registry.citizensById.get(consent.citizenId);
      if (citizen) await announce(ctx, outbox, 'consent.expired', consent, citizen.cnic, consent.expiresAt);
    }
  }
  if (!seen) return 0;
  await commit(ctx, ['meta', ...outboxStores(outbox)], [], (tx) => {
    void tx.objectStore('meta').put({ expiriesSentUntil: now }, 'webhooks');
    writeOutbox(tx, outbox);
  });
  return outbox.events.length;
}

/** When the next consent of a partner with an endpoint expires (simulated ms), or null: the next expiry to announce. */
export async function nextExpiryAt(ctx: SimulatorContext): Promise<number | null> {
  const registry = await ctx.registry.get();
  const cursor = (await ctx.db.get('meta', 'webhooks')) as { expiriesSentUntil: number } | undefined;
  if (!cursor) return null;
  let next: number | null = null;
  for (const partnerId of registry.endpointsByPartner.keys()) {
    const [first] = await ctx.db.getAllFromIndex(
      'consents',
      'partnerId-expiresAt',
      IDBKeyRange.bound([partnerId, cursor.expiriesSentUntil], [partnerId, Infinity], true, false),
    );
    if (first && (next === null || first.expiresAt < next)) next = first.expiresAt;
  }
  return next;
}

function deliveryView(delivery: WebhookDeliveryRecord, event: WebhookEventRecord, url: string): WebhookDeliveryView {
  return {
    id: delivery.id,
    eventId: delivery.eventId,
    type: event.type,
    endpointId: delivery.endpointId,
    url,
    state: delivery.state,
    attempts: delivery.attempts.map((attempt) => ({ ...attempt, at: toIso(attempt.at) })),
    nextAttemptAt: delivery.nextAttemptAt === null ? null : toIso(delivery.nextAttemptAt),
    createdAt: toIso(delivery.createdAt),
    event,
  };
}

/** A partner's delivery log, newest first. */
export async function deliveryLog(
  ctx: SimulatorContext,
  partnerId: string,
): Promise<Outcome<{ deliveries: WebhookDeliveryView[] }>> {
  const registry = await ctx.registry.get();
  if (!registry.partnersById.has(partnerId)) return fail('partner_not_found');
  const deliveries = await ctx.db.getAllFromIndex(
    'webhookDeliveries',
    'partnerId-createdAt',
    IDBKeyRange.bound([partnerId, -Infinity], [partnerId, Infinity]),
  );
  const endpoints = new Map((registry.endpointsByPartner.get(partnerId) ?? []).map((e) => [e.id, e.url]));
  const views: WebhookDeliveryView[] = [];
  for (const delivery of deliveries.reverse().slice(0, LOG_LIMIT)) {
    const event = await ctx.db.get('webhookEvents', delivery.eventId);
    if (event) views.push(deliveryView(delivery, event, endpoints.get(delivery.endpointId) ?? '(deleted)'));
  }
  return succeed({ deliveries: views });
}
