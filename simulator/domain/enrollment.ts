/**
 * Enrollment by SMS: a citizen sends their 13-digit CNIC from their own SIM to the short code. The
 * service registers that mobile only if the SIM is registered to the same CNIC, and replies either
 * way. A first registration takes effect at once; moving an already registered mobile to this SIM is
 * held and the old number told (mobile-change.ts). `NO` to the short code stops such a change.
 * Messages to another sandbox SIM's number are delivered to it.
 */
import { SHORT_CODE } from '../seeds.js';
import { commit } from '../store/commit.js';
import type { CitizenRecord, MessageRecord, MobileChangeRecord } from '../store/schema.js';
import type { SimulatorContext } from './context.js';
import { messageView, type MessageView } from './inbox.js';
import { cnicDigits } from '../../src/contract/cnic.js';
import { maskMobile } from './mask.js';
import { fail, succeed, type Outcome } from './outcome.js';
import { auditCitizenRef } from './pseudonym.js';
import { requestMobileChange, settleMobileChanges, stopMobileChanges } from './mobile-change.js';
import { enrollmentReplies } from './short-code-sms.js';
import type { AuditDraft } from './audit.js';

/**
 * `NO` as a citizen may type it: in English, in Urdu (نہیں, also with the Arabic forms of its
 * letters that some keyboards give) or in Roman Urdu (nahi, nahin), with a full stop or not.
 */
export function isStop(text: string): boolean {
  const urduLetters = text.replace(/\u0647/g, '\u06c1').replace(/[\u064a\u0649]/g, '\u06cc');
  return /^(?:no|nahi|nahin|\u0646\u06c1\u06cc\u06ba)[.!\u06d4]?$/i.test(urduLetters);
}

export interface SendInput {
  to: string;
  body: string;
}

export async function sendFromSim(
  ctx: SimulatorContext,
  simId: string,
  input: SendInput,
): Promise<Outcome<{ sent: MessageView; reply: MessageView | null }>> {
  if (!(await ctx.registry.get()).simsById.has(simId)) return fail('sim_not_found');
  await settleMobileChanges(ctx);
  const registry = await ctx.registry.get();
  const sim = registry.simsById.get(simId)!;
  const now = ctx.clock.now();
  const to = input.to.trim();
  const sent: MessageRecord = {
    simId,
    from: sim.mobile,
    to,
    body: input.body,
    at: now,
    visibleAfter: Date.now(),
    direction: 'out',
  };
  const deliveries: MessageRecord[] = [sent];
  const drafts: AuditDraft[] = [];
  let reply: MessageRecord | null = null;
  let enrolled: CitizenRecord | null = null;
  const changes: MobileChangeRecord[] = [];

  if (to === SHORT_CODE) {
    const replyWith = (body: string): MessageRecord => ({
      simId,
      from: SHORT_CODE,
      to: sim.mobile,
      body,
      at: now,
      visibleAfter: Date.now() + ctx.smsDelayMs(),
      direction: 'in',
    });
    const text = input.body.trim();
    const cnic = cnicDigits(text);
    const citizen = cnic ? registry.citizensByCnic.get(cnic) : undefined;
    const masked = maskMobile(sim.mobile);
    // Every well-formed CNIC is referenced in the audit log, held by someone or not (as a consent
    // request is), so a refusal costs the same work whichever reason the operator sees.
    const citizenRef = cnic ? await auditCitizenRef(ctx.secrets.pseudonymKey, cnic) : null;
    if (isStop(text)) {
      const stop = await stopMobileChanges(ctx, sim);
      reply = replyWith(stop.reply);
      changes.push(...stop.records);
      deliveries.push(...stop.messages);
      drafts.push(...stop.drafts);
    } else if (!cnic) {
      reply = replyWith(enrollmentReplies.malformed());
      drafts.push({ type: 'enrollment_refused', detail: { mobile: masked, reason: 'malformed' } });
    } else if (!citizen || sim.ownerCnic !== cnic) {
      // One reply whether no one holds this CNIC or this SIM is someone else's: otherwise anyone with
      // any SIM could learn which CNICs exist. Only the operator's audit entry says which.
      reply = replyWith(enrollmentReplies.refused());
      const reason = citizen ? 'sim_not_owned' : 'unknown_cnic';
      drafts.push({ type: 'enrollment_refused', citizenRef, detail: { mobile: masked, reason } });
    } else if (citizen.mobile === sim.mobile) {
      reply = replyWith(enrollmentReplies.alreadyRegistered(masked));
      drafts.push({ type: 'enrollment_refused', citizenRef, detail: { mobile: masked, reason: 'already_registered' } });
    } else if (citizen.mobile !== null) {
      // Another number is registered: the move is held and that number told, never silent or instant.
      const plan = await requestMobileChange(ctx, { ...citizen, mobile: citizen.mobile }, sim);
      reply = replyWith(plan.reply);
      changes.push(...plan.records);
      deliveries.push(...plan.messages);
      drafts.push(plan.draft);
    } else {
      // A first registration: no one else's number is displaced, so it takes effect at once.
      reply = replyWith(enrollmentReplies.accepted(masked));
      enrolled = { ...citizen, mobile: sim.mobile };
      drafts.push({ type: 'enrollment_accepted', citizenRef, detail: { mobile: masked } });
    }
    deliveries.push(reply);
  } else {
    const recipient = registry.simsByMobile.get(to.replace(/[\s-]/g, ''));
    if (recipient)
      deliveries.push({ ...sent, simId: recipient.id, direction: 'in', visibleAfter: Date.now() + ctx.smsDelayMs() });
  }

  const keys: Promise<number>[] = [];
  const stores = [
    'messages',
    ...(enrolled ? (['citizens'] as const) : []),
    ...(changes.length ? (['mobileChanges'] as const) : []),
  ] as const;
  await commit(ctx, stores, drafts, (tx) => {
    for (const message of deliveries) keys.push(tx.objectStore('messages').add(message));
    if (enrolled) void tx.objectStore('citizens').put(enrolled);
    for (const change of changes) void tx.objectStore('mobileChanges').put(change);
  });
  const seqs = await Promise.all(keys);
  deliveries.forEach((message, i) => (message.seq = seqs[i]));
  return succeed({ sent: messageView(sent), reply: reply ? messageView(reply) : null });
}

/** A SIM's inbox and outbox in order; with `afterSeq`, only the messages after that one. */
export async function simMessages(
  ctx: SimulatorContext,
  simId: string,
  afterSeq = 0,
): Promise<Outcome<{ messages: MessageView[] }>> {
  if (!(await ctx.registry.get()).simsById.has(simId)) return fail('sim_not_found');
  const messages = await ctx.db.getAllFromIndex(
    'messages',
    'simId-seq',
    IDBKeyRange.bound([simId, afterSeq], [simId, Infinity], true),
  );
  const realNow = Date.now();
  return succeed({
    messages: messages
      .filter((m) => m.visibleAfter <= realNow)
      .sort((a, b) => a.seq! - b.seq!)
      .map(messageView),
  });
}
