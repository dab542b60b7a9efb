/**
 * Changing a registered mobile is never silent or instant. When a SIM enrols a CNIC that already has
 * another registered mobile, the old number is told at once (no code in that SMS: which number asked,
 * when it takes effect, how to stop it), and the change waits for a hold (`mobileChangeHoldSeconds`,
 * 24 h of service time by default) during which codes still go to the old number only. `NO` from the
 * old number to the short code stops it. A SIM issued on someone else's CNIC (common: a relative's or
 * a stranger's) can no longer take over that person's consents unseen.
 */
import { toIso } from '../clock.js';
import { SHORT_CODE } from '../seeds.js';
import { commit } from '../store/commit.js';
import type { CitizenRecord, MessageRecord, MobileChangeRecord, SimRecord } from '../store/schema.js';
import type { AuditDraft } from './audit.js';
import { randomId } from './random-id.js';
import type { SimulatorContext } from './context.js';
import { maskMobile } from './mask.js';
import { fail, succeed, type Outcome } from './outcome.js';
import { auditCitizenRef } from './pseudonym.js';
import { mobileChangeTexts } from './short-code-sms.js';

/** An SMS from the short code to a SIM (replies to it go back to the short code). */
export function shortCodeSms(ctx: SimulatorContext, sim: SimRecord, body: string): MessageRecord {
  return {
    simId: sim.id,
    from: SHORT_CODE,
    to: sim.mobile,
    body,
    at: ctx.clock.now(),
    visibleAfter: Date.now() + ctx.smsDelayMs(),
    direction: 'in',
  };
}

const changeDetail = (change: MobileChangeRecord) => ({
  changeId: change.id,
  from: maskMobile(change.fromMobile),
  to: maskMobile(change.toMobile),
  effectiveAt: toIso(change.effectiveAt),
});

/** What a held change adds to an enrolment: the record, the old number's notice, the reply, the audit entry. */
export interface ChangePlan {
  records: MobileChangeRecord[];
  messages: MessageRecord[];
  reply: string;
  draft: AuditDraft;
}

/**
 * Holds the move of `citizen`'s registered mobile to `newSim`. A pending change to the same SIM is
 * kept as it is (asking again does not restart its clock); one to another SIM is superseded.
 */
export async function requestMobileChange(
  ctx: SimulatorContext,
  citizen: CitizenRecord & { mobile: string },
  newSim: SimRecord,
): Promise<ChangePlan> {
  const registry = await ctx.registry.get();
  const now = ctx.clock.now();
  const citizenRef = await auditCitizenRef(ctx.secrets.pseudonymKey, citizen.cnic);
  const pending = registry.pendingMobileChanges.filter((change) => change.citizenId === citizen.id);
  const same = pending.find((change) => change.toMobile === newSim.mobile);
  if (same) {
    return {
      records: [],
      messages: [],
      reply: mobileChangeTexts.alreadyRequested(maskMobile(newSim.mobile), same.effectiveAt),
      draft: {
        type: 'enrollment_refused',
        citizenRef,
        detail: { mobile: maskMobile(newSim.mobile), reason: 'change_pending' },
      },
    };
  }
  const superseded = pending.map((change) => ({
    ...change,
    status: 'cancelled' as const,
    endedAt: now,
    cancelledBy: 'superseded' as const,
  }));
  const change: MobileChangeRecord = {
    id: `mch_${randomId(12)}`,
    citizenId: citizen.id,
    fromMobile: citizen.mobile,
    toMobile: newSim.mobile,
    requestedAt: now,
    effectiveAt: now + ctx.limits.mobileChangeHoldSeconds * 1000,
    status: 'pending',
    endedAt: null,
    cancelledBy: null,
  };
  const oldSim = registry.simsByMobile.get(citizen.mobile);
  const notice = oldSim
    ? [shortCodeSms(ctx, oldSim, mobileChangeTexts.notice(newSim.mobile.slice(-2), change.effectiveAt))]
    : [];
  return {
    records: [...superseded, change],
    messages: notice,
    reply: mobileChangeTexts.held(maskMobile(newSim.mobile), change.effectiveAt),
    draft: { type: 'mobile_change_requested', citizenRef, detail: changeDetail(change) },
  };
}

/** `NO` from a SIM to the short code: stops the held changes away from its number, if any. */
export async function stopMobileChanges(
  ctx: SimulatorContext,
  oldSim: SimRecord,
): Promise<{ records: MobileChangeRecord[]; messages: MessageRecord[]; reply: string; drafts: AuditDraft[] }> {
  const registry = await ctx.registry.get();
  const now = ctx.clock.now();
  const stopped = registry.pendingMobileChanges.filter((change) => change.fromMobile === oldSim.mobile);
  if (!stopped.length) return { records: [], messages: [], reply: mobileChangeTexts.nothingToStop(), drafts: [] };
  const records = stopped.map((change) => ({
    ...change,
    status: 'cancelled' as const,
    endedAt: now,
    cancelledBy: 'old_number' as const,
  }));
  const messages: MessageRecord[] = [];
  const drafts: AuditDraft[] = [];
  for (const change of records) {
    const citizen = registry.citizensById.get(change.citizenId);
    const newSim = registry.simsByMobile.get(change.toMobile);
    if (newSim) messages.push(shortCodeSms(ctx, newSim, mobileChangeTexts.stoppedToNew()));
    drafts.push({
      type: 'mobile_change_cancelled',
      citizenRef: citizen ? await auditCitizenRef(ctx.secrets.pseudonymKey, citizen.cnic) : null,
      detail: { ...changeDetail(change), by: 'old_number' },
    });
  }
  return { records, messages, reply: mobileChangeTexts.stoppedToOld(maskMobile(oldSim.mobile)), drafts };
}

/**
 * Completes the held changes whose time has come (simulated clock): the new number becomes the
 * registered one and both numbers are told. Cheap when none is due (the pending ones are kept in
 * memory), so every operation that reads a registered mobile calls it first.
 */
export async function settleMobileChanges(ctx: SimulatorContext): Promise<void> {
  const registry = await ctx.registry.get();
  const now = ctx.clock.now();
  const due = registry.pendingMobileChanges.filter((change) => change.effectiveAt <= now);
  if (!due.length) return;
  const citizens: CitizenRecord[] = [];
  const changes: MobileChangeRecord[] = [];
  const messages: MessageRecord[] = [];
  const drafts: AuditDraft[] = [];
  for (const change of due) {
    const citizen = registry.citizensById.get(change.citizenId);
    const completed = { ...change, status: 'completed' as const, endedAt: now };
    changes.push(completed);
    if (!citizen) continue;
    citizens.push({ ...citizen, mobile: change.toMobile });
    const newSim = registry.simsByMobile.get(change.toMobile);
    const oldSim = registry.simsByMobile.get(change.fromMobile);
    if (newSim) messages.push(shortCodeSms(ctx, newSim, mobileChangeTexts.completedToNew(maskMobile(newSim.mobile))));
    if (oldSim) messages.push(shortCodeSms(ctx, oldSim, mobileChangeTexts.completedToOld(change.toMobile.slice(-2))));
    drafts.push({
      type: 'mobile_change_completed',
      citizenRef: await auditCitizenRef(ctx.secrets.pseudonymKey, citizen.cnic),
      detail: changeDetail(completed),
    });
  }
  await commit(ctx, ['citizens', 'mobileChanges', 'messages'], drafts, (tx) => {
    for (const citizen of citizens) void tx.objectStore('citizens').put(citizen);
    for (const change of changes) void tx.objectStore('mobileChanges').put(change);
    for (const message of messages) void tx.objectStore('messages').add(message);
  });
}

export interface MobileChangeView {
  id: string;
  /** Masked, as the citizen may see them. */
  from: string;
  to: string;
  status: MobileChangeRecord['status'];
  requestedAt: string;
  effectiveAt: string;
  endedAt: string | null;
  cancelledBy: MobileChangeRecord['cancelledBy'];
}

/** A citizen's mobile changes, newest first, for the citizen page. */
export async function citizenMobileChanges(
  ctx: SimulatorContext,
  citizenId: string,
): Promise<Outcome<{ changes: MobileChangeView[] }>> {
  if (!(await ctx.registry.get()).citizensById.has(citizenId)) return fail('citizen_not_found');
  const changes = await ctx.db.getAllFromIndex('mobileChanges', 'citizenId', citizenId);
  return succeed({
    changes: changes
      .sort((a, b) => b.requestedAt - a.requestedAt)
      .map((change) => ({
        id: change.id,
        from: maskMobile(change.fromMobile),
        to: maskMobile(change.toMobile),
        status: change.status,
        requestedAt: toIso(change.requestedAt),
        effectiveAt: toIso(change.effectiveAt),
        endedAt: change.endedAt === null ? null : toIso(change.endedAt),
        cancelledBy: change.cancelledBy,
      })),
  });
}
