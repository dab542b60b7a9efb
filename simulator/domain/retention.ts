/**
 * History retention: consent requests, SMS and webhook deliveries (with their events) older than
 * `historyRetentionDays` (simulated time) are dropped, so a sandbox that runs for months keeps a
 * bounded history; consents and the audit log are kept whole (they are what a citizen and a
 * regulator look back on, and the chain needs every entry).
 *
 * Time order without a time index: messages have increasing keys (`seq`) in the order they were sent,
 * and every request has a `request_created` audit entry, in time order too. A sweep reads the oldest
 * messages, and the audit log from where the last sweep stopped (kept in `meta`), a batch at a time,
 * and stops at the first thing younger than the cut-off. Webhook deliveries have a time index per
 * partner (`partnerId-createdAt`).
 */
import type { RetentionCursor, WebhookDeliveryRecord } from '../store/schema.js';
import type { SimulatorContext } from './context.js';

const DAY_MS = 86_400_000;
/** Records examined per store and sweep: a sweep stays short; the next one goes on. */
const BATCH = 2_000;

export interface SweepResult {
  requests: number;
  messages: number;
  /** Webhook deliveries dropped (their events go with the last of them). */
  deliveries: number;
  /** True when a batch was full: there may be more to drop now. */
  more: boolean;
}

export async function sweepHistory(ctx: SimulatorContext): Promise<SweepResult> {
  const cutoff = ctx.clock.now() - ctx.limits.historyRetentionDays * DAY_MS;
  const cutoffIso = new Date(cutoff).toISOString();
  const partnerIds = [...(await ctx.registry.get()).partnersById.keys()];
  const read = ctx.db.transaction(['messages', 'audit', 'meta', 'webhookDeliveries']);
  const cursor = ((await read.objectStore('meta').get('retention')) as RetentionCursor | undefined) ?? { auditSeq: 0 };
  const [messages, entries, deliveryBatches] = await Promise.all([
    read.objectStore('messages').getAll(null, BATCH),
    read.objectStore('audit').getAll(IDBKeyRange.lowerBound(cursor.auditSeq, true), BATCH),
    Promise.all(
      partnerIds.map((partnerId) =>
        read
          .objectStore('webhookDeliveries')
          .index('partnerId-createdAt')
          .getAll(IDBKeyRange.bound([partnerId, -Infinity], [partnerId, cutoff], false, true), BATCH),
      ),
    ),
  ]);
  const oldMessages = takeWhile(messages, (message) => message.at < cutoff).map((message) => message.seq!);
  const oldEntries = takeWhile(entries, (entry) => entry.at < cutoffIso);
  const oldRequests = oldEntries.flatMap((entry) =>
    entry.type === 'request_created' && entry.requestId ? [entry.requestId] : [],
  );
  const settled = deliveryBatches.map(settledEvents);
  const oldDeliveries = settled.flatMap((batch) => batch.deliveryIds);
  const oldEvents = settled.flatMap((batch) => batch.eventIds);
  const more =
    oldMessages.length === BATCH ||
    oldEntries.length === BATCH ||
    deliveryBatches.some((batch) => batch.length === BATCH);
  if (!oldMessages.length && !oldEntries.length && !oldDeliveries.length)
    return { requests: 0, messages: 0, deliveries: 0, more };

  const tx = ctx.db.transaction(['messages', 'requests', 'meta', 'webhookDeliveries', 'webhookEvents'], 'readwrite');
  for (const seq of oldMessages) void tx.objectStore('messages').delete(seq);
  for (const id of oldRequests) void tx.objectStore('requests').delete(id);
  for (const id of oldDeliveries) void tx.objectStore('webhookDeliveries').delete(id);
  for (const id of oldEvents) void tx.objectStore('webhookEvents').delete(id);
  if (oldEntries.length)
    void tx.objectStore('meta').put({ auditSeq: oldEntries.at(-1)!.seq } satisfies RetentionCursor, 'retention');
  await tx.done;
  ctx.records.clear();
  return { requests: oldRequests.length, messages: oldMessages.length, deliveries: oldDeliveries.length, more };
}

/**
 * Of one partner's deliveries older than the cut-off (oldest first, at most BATCH), the events whose
 * every delivery is settled (delivered or given up), with those deliveries: an event goes with all
 * of its deliveries, never before one that is still being retried (nothing acknowledged is lost).
 * An event's deliveries share their creation time; when the batch is full, the last time's may go on
 * past it, so they wait for the next sweep.
 */
function settledEvents(deliveries: readonly WebhookDeliveryRecord[]): { deliveryIds: string[]; eventIds: string[] } {
  const lastCreatedAt = deliveries.at(-1)?.createdAt;
  const cutShort = deliveries.length === BATCH && deliveries.some((delivery) => delivery.createdAt !== lastCreatedAt);
  const byEvent = new Map<string, WebhookDeliveryRecord[]>();
  for (const delivery of deliveries) {
    if (cutShort && delivery.createdAt === lastCreatedAt) continue;
    byEvent.set(delivery.eventId, [...(byEvent.get(delivery.eventId) ?? []), delivery]);
  }
  const done = [...byEvent].filter(([, group]) => group.every((delivery) => delivery.state !== 'pending'));
  return {
    deliveryIds: done.flatMap(([, group]) => group.map((delivery) => delivery.id)),
    eventIds: done.map(([eventId]) => eventId),
  };
}

function takeWhile<T>(items: readonly T[], keep: (item: T) => boolean): T[] {
  const end = items.findIndex((item) => !keep(item));
  return end === -1 ? [...items] : items.slice(0, end);
}
