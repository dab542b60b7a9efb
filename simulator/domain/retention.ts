/**
 * History retention: consent requests and SMS older than `historyRetentionDays` (simulated time) are
 * dropped, so a sandbox that runs for months keeps a bounded history; consents and the audit log are
 * kept whole (they are what a citizen and a regulator look back on, and the chain needs every entry).
 *
 * Time order without a time index: messages have increasing keys (`seq`) in the order they were sent,
 * and every request has a `request_created` audit entry, in time order too. A sweep reads the oldest
 * messages, and the audit log from where the last sweep stopped (kept in `meta`), a batch at a time,
 * and stops at the first thing younger than the cut-off.
 */
import type { RetentionCursor } from '../store/schema.js';
import type { SimulatorContext } from './context.js';

const DAY_MS = 86_400_000;
/** Records examined per store and sweep: a sweep stays short; the next one goes on. */
const BATCH = 2_000;

export interface SweepResult {
  requests: number;
  messages: number;
  /** True when a batch was full: there may be more to drop now. */
  more: boolean;
}

export async function sweepHistory(ctx: SimulatorContext): Promise<SweepResult> {
  const cutoff = ctx.clock.now() - ctx.limits.historyRetentionDays * DAY_MS;
  const cutoffIso = new Date(cutoff).toISOString();
  const read = ctx.db.transaction(['messages', 'audit', 'meta']);
  const cursor = ((await read.objectStore('meta').get('retention')) as RetentionCursor | undefined) ?? { auditSeq: 0 };
  const [messages, entries] = await Promise.all([
    read.objectStore('messages').getAll(null, BATCH),
    read.objectStore('audit').getAll(IDBKeyRange.lowerBound(cursor.auditSeq, true), BATCH),
  ]);
  const oldMessages = takeWhile(messages, (message) => message.at < cutoff).map((message) => message.seq!);
  const oldEntries = takeWhile(entries, (entry) => entry.at < cutoffIso);
  const oldRequests = oldEntries.flatMap((entry) =>
    entry.type === 'request_created' && entry.requestId ? [entry.requestId] : [],
  );
  const more = oldMessages.length === BATCH || oldEntries.length === BATCH;
  if (!oldMessages.length && !oldEntries.length) return { requests: 0, messages: 0, more };

  const tx = ctx.db.transaction(['messages', 'requests', 'meta'], 'readwrite');
  for (const seq of oldMessages) void tx.objectStore('messages').delete(seq);
  for (const id of oldRequests) void tx.objectStore('requests').delete(id);
  if (oldEntries.length)
    void tx.objectStore('meta').put({ auditSeq: oldEntries.at(-1)!.seq } satisfies RetentionCursor, 'retention');
  await tx.done;
  ctx.records.clear();
  return { requests: oldRequests.length, messages: oldMessages.length, more };
}

function takeWhile<T>(items: readonly T[], keep: (item: T) => boolean): T[] {
  const end = items.findIndex((item) => !keep(item));
  return end === -1 ? [...items] : items.slice(0, end);
}
