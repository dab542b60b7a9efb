/**
 * Consent requests: create (sends the passcode SMS), resend, verify, cancel and view, with the
 * limits of DESIGN.md. Each operation reads, computes (WebCrypto), then commits once; the caller runs
 * it inside the simulator's serial queue.
 *
 * Before the right code, nothing tells a caller about the citizen: every well-formed CNIC gets a real
 * request with a code, whether someone has that CNIC, a mobile is registered for it, or the card is
 * active. Only the SMS differs, and only the phone sees it. Every class does the same work (the same
 * HMACs, reads and writes, two audit entries), so the time to answer does not tell them apart either.
 */
import { cnicDigestInput } from '../../src/contract/cnic-digest.js';
import { sha256 } from '../crypto/backend.js';
import type { ConsentRequestView, Grant, Locale, SharedData } from '../../src/contract/schemas.js';
import { toIso } from '../clock.js';
import { commit, putRecord } from '../store/commit.js';
import type { RegistryIndexes } from '../store/registry-memo.js';
import type {
  CitizenRecord,
  CnicActivityRecord,
  ConsentRecord,
  ConsentRequestRecord,
  MessageRecord,
  PartnerRecord,
  SimRecord,
} from '../store/schema.js';
import { toBase64url } from '../../src/contract/base64url.js';
import type { AuditDraft } from './audit.js';
import { randomId } from './random-id.js';
import { attemptsLeft, backoffFailure, emptyActivity, pruneActivity, smsCapFailure } from './cnic-activity.js';
import type { SimulatorContext } from './context.js';
import { maskMobile } from './mask.js';
import { settleMobileChanges } from './mobile-change.js';
import { fail, succeed, type Outcome } from './outcome.js';
import { findPurpose } from './partners.js';
import { generatePasscode, hashPasscode, passcodeMatches, type PasscodeBinding } from './passcode.js';
import { auditCitizenRef, pairwiseSubject } from './pseudonym.js';
import { currentKey } from './signing-keys.js';
import { lockAlertSmsText, passcodeSmsText } from './sms.js';
import { signConsentToken } from './token.js';
import { announce, emptyOutbox, outboxStores, writeOutbox } from '../webhooks/events.js';

export interface CreateInput {
  purpose: string;
  nonce: string;
  cnic: string;
  locale: Locale;
}

function requestView(
  request: ConsentRequestRecord,
  activity: CnicActivityRecord,
  ctx: SimulatorContext,
): ConsentRequestView {
  const now = ctx.clock.now();
  const { limits } = ctx;
  const open = request.status === 'pending';
  const resendsLeft = Math.max(0, limits.maxResends - request.resends);
  const resendAt = request.lastSentAt + limits.resendCooldownSeconds * 1000;
  const secondsUntil = (ms: number) => Math.max(0, Math.ceil((ms - now) / 1000));
  const resendable = open && resendsLeft > 0;
  return {
    id: request.id,
    status: open && now >= request.codeExpiresAt ? 'expired' : request.status,
    purpose: request.purpose,
    locale: request.locale,
    expiresAt: toIso(request.codeExpiresAt),
    attemptsLeft: attemptsLeft(request, activity, limits),
    resendsLeft,
    resendAvailableAt: resendable ? toIso(resendAt) : null,
    expiresInSeconds: secondsUntil(request.codeExpiresAt),
    resendInSeconds: resendable ? secondsUntil(resendAt) : null,
  };
}

/** The CNIC's activity as the limits see it now (old entries dropped). */
async function cnicActivity(ctx: SimulatorContext, cnicRef: string, now: number): Promise<CnicActivityRecord> {
  return pruneActivity((await ctx.records.get('activity', cnicRef)) ?? emptyActivity(cnicRef), now);
}

const binding = (request: ConsentRequestRecord): PasscodeBinding => ({
  requestId: request.id,
  partnerId: request.partnerId,
  purpose: request.purpose,
  nonce: request.nonce,
});

/** The SIM of the citizen's registered mobile now (during a change's hold, still the old one), or null. */
function registeredSim(registry: RegistryIndexes, citizenId: string | null): SimRecord | null {
  const citizen = citizenId ? registry.citizensById.get(citizenId) : undefined;
  return (citizen?.mobile && registry.simsByMobile.get(citizen.mobile)) || null;
}

/** An SMS from the service to a SIM, shown there after the simulated delivery delay. */
function smsTo(ctx: SimulatorContext, sim: SimRecord, body: string): MessageRecord {
  return {
    simId: sim.id,
    from: 'Ijazat',
    to: sim.mobile,
    body,
    at: ctx.clock.now(),
    visibleAfter: Date.now() + ctx.smsDelayMs(),
    direction: 'in',
  };
}

function passcodeMessage(
  ctx: SimulatorContext,
  request: ConsentRequestRecord,
  partner: PartnerRecord,
  sim: SimRecord,
  code: string,
): MessageRecord {
  const purpose = findPurpose(partner, request.purpose)!;
  const { locale, host } = request;
  return smsTo(
    ctx,
    sim,
    passcodeSmsText({ code, locale, partner, purpose, host, ttlSeconds: ctx.limits.passcodeTtlSeconds }),
  );
}

function lockAlertMessage(
  ctx: SimulatorContext,
  request: ConsentRequestRecord,
  partner: PartnerRecord,
  sim: SimRecord,
): MessageRecord {
  return smsTo(
    ctx,
    sim,
    lockAlertSmsText({ locale: request.locale, partner, purpose: findPurpose(partner, request.purpose)! }),
  );
}

type SmsReason = 'passcode' | 'resend' | 'lock_alert';

/**
 * The audit entry of one send: `sms_sent` to the masked number, or `sms_withheld` when no phone can
 * get it (no one has the CNIC, or no mobile is registered). Either way one entry, so every class
 * hashes the same amount (the operator sees which; callers never do).
 */
function smsDraft(
  common: Pick<AuditDraft, 'requestId' | 'partnerId' | 'citizenRef'>,
  sim: SimRecord | null,
  citizenKnown: boolean,
  detail: { reason: SmsReason } & Record<string, unknown>,
): AuditDraft {
  if (sim) return { type: 'sms_sent', ...common, detail: { to: maskMobile(sim.mobile), ...detail } };
  return {
    type: 'sms_withheld',
    ...common,
    detail: { ...detail, why: citizenKnown ? 'no_registered_mobile' : 'no_citizen' },
  };
}

export async function createConsentRequest(
  ctx: SimulatorContext,
  partner: PartnerRecord,
  input: CreateInput,
  host: string,
): Promise<Outcome<ConsentRequestView>> {
  const purpose = findPurpose(partner, input.purpose);
  if (!purpose) return fail('unknown_purpose');
  await settleMobileChanges(ctx);
  const registry = await ctx.registry.get();
  // No "not found", no card status, no "no mobile": whoever has this CNIC (if anyone) learns of the
  // request on their phone; the caller learns nothing until the right code is entered.
  const citizen = registry.citizensByCnic.get(input.cnic) ?? null;
  const now = ctx.clock.now();
  const cnicRef = await auditCitizenRef(ctx.secrets.pseudonymKey, input.cnic);
  const activity = await cnicActivity(ctx, cnicRef, now);
  const refused = backoffFailure(activity, ctx.limits, now) ?? smsCapFailure(activity, ctx.limits, now);
  if (refused) return refused;

  const sim = registeredSim(registry, citizen?.id ?? null);
  const request: ConsentRequestRecord = {
    id: `req_${randomId(16)}`,
    partnerId: partner.id,
    purpose: purpose.id,
    nonce: input.nonce,
    citizenId: citizen?.id ?? null,
    cnicRef,
    locale: input.locale,
    host,
    status: 'pending',
    codeHash: '',
    codeDelivered: sim !== null,
    codeExpiresAt: now + ctx.limits.passcodeTtlSeconds * 1000,
    lastSentAt: now,
    failures: 0,
    resends: 0,
    createdAt: now,
    jti: null,
  };
  const code = generatePasscode();
  request.codeHash = await hashPasscode(ctx.secrets.passcodeKey, binding(request), code);
  const message = sim ? passcodeMessage(ctx, request, partner, sim, code) : null;
  // Counted whether or not a phone gets it, so the hourly cap answers the same for every CNIC.
  activity.smsAt.push(now);
  const common = { requestId: request.id, partnerId: partner.id, citizenRef: cnicRef };
  await commit(
    ctx,
    ['requests', 'messages', 'activity'],
    [
      { type: 'request_created', ...common, detail: { purpose: purpose.id, locale: input.locale } },
      smsDraft(common, sim, citizen !== null, { reason: 'passcode' }),
    ],
    (tx) => {
      putRecord(ctx, tx, 'requests', request);
      if (message) void tx.objectStore('messages').add(message);
      putRecord(ctx, tx, 'activity', activity);
    },
  );
  return succeed(requestView(request, activity, ctx), 201);
}

async function partnerRequest(
  ctx: SimulatorContext,
  partner: PartnerRecord,
  requestId: string,
): Promise<ConsentRequestRecord | null> {
  const request = await ctx.records.get('requests', requestId);
  return request && request.partnerId === partner.id ? request : null;
}

function closedFailure(request: ConsentRequestRecord) {
  if (request.status === 'granted' || request.status === 'cancelled') return fail('request_closed');
  if (request.status === 'locked') return fail('request_locked', { attemptsLeft: 0 });
  return null;
}

export async function getConsentRequest(
  ctx: SimulatorContext,
  partner: PartnerRecord,
  requestId: string,
): Promise<Outcome<ConsentRequestView>> {
  const request = await partnerRequest(ctx, partner, requestId);
  return request
    ? succeed(requestView(request, await cnicActivity(ctx, request.cnicRef, ctx.clock.now()), ctx))
    : fail('request_not_found');
}

export async function resendPasscode(
  ctx: SimulatorContext,
  partner: PartnerRecord,
  requestId: string,
): Promise<Outcome<ConsentRequestView>> {
  const request = await partnerRequest(ctx, partner, requestId);
  if (!request) return fail('request_not_found');
  const closed = closedFailure(request);
  if (closed) return closed;
  const { limits } = ctx;
  if (request.resends >= limits.maxResends) return fail('resend_limit_reached');
  const now = ctx.clock.now();
  const availableAt = request.lastSentAt + limits.resendCooldownSeconds * 1000;
  if (now < availableAt) return fail('resend_too_soon', { retryAfterSeconds: Math.ceil((availableAt - now) / 1000) });
  await settleMobileChanges(ctx);
  const registry = await ctx.registry.get();
  const activity = await cnicActivity(ctx, request.cnicRef, now);
  // During the CNIC's back-off a new code could not be used anyway: send no SMS the citizen cannot use.
  const refused = backoffFailure(activity, limits, now) ?? smsCapFailure(activity, limits, now);
  if (refused) return refused;

  // The mobile registered now: a citizen who registered one after asking gets the new code there.
  const sim = registeredSim(registry, request.citizenId);
  const code = generatePasscode();
  // A new code voids the old one (its hash is replaced); failures are kept on purpose.
  const updated: ConsentRequestRecord = {
    ...request,
    codeHash: await hashPasscode(ctx.secrets.passcodeKey, binding(request), code),
    codeDelivered: sim !== null,
    codeExpiresAt: now + limits.passcodeTtlSeconds * 1000,
    lastSentAt: now,
    resends: request.resends + 1,
  };
  const message = sim ? passcodeMessage(ctx, updated, partner, sim, code) : null;
  activity.smsAt.push(now);
  const common = { requestId: request.id, partnerId: partner.id, citizenRef: request.cnicRef };
  await commit(
    ctx,
    ['requests', 'messages', 'activity'],
    [smsDraft(common, sim, request.citizenId !== null, { reason: 'resend', resend: updated.resends })],
    (tx) => {
      putRecord(ctx, tx, 'requests', updated);
      if (message) void tx.objectStore('messages').add(message);
      putRecord(ctx, tx, 'activity', activity);
    },
  );
  return succeed(requestView(updated, activity, ctx));
}

function sharedData(citizen: CitizenRecord, items: readonly string[]): SharedData {
  const shared: SharedData = {};
  if (items.includes('cnic_status')) shared.cnic_status = citizen.cardStatus;
  if (items.includes('full_name')) shared.full_name = citizen.name;
  return shared;
}

export async function verifyPasscode(
  ctx: SimulatorContext,
  partner: PartnerRecord,
  requestId: string,
  code: string,
): Promise<Outcome<Grant>> {
  const request = await partnerRequest(ctx, partner, requestId);
  if (!request) return fail('request_not_found');
  const closed = closedFailure(request);
  if (closed) return closed;
  const now = ctx.clock.now();
  if (now >= request.codeExpiresAt) return fail('code_expired');
  // A lock on any request for this CNIC starts its back-off for every request: requests opened before
  // the lock wait it out too (no code is checked, no try counted), or they would let guessing go on.
  const activity = await cnicActivity(ctx, request.cnicRef, now);
  const backoff = backoffFailure(activity, ctx.limits, now);
  if (backoff) return backoff;
  const registry = await ctx.registry.get();
  const citizen = request.citizenId ? registry.citizensById.get(request.citizenId) : undefined;
  const common = { requestId: request.id, partnerId: partner.id, citizenRef: request.cnicRef };

  // A code that reached no phone is never right, even guessed: no one could have consented with it.
  const matches = await passcodeMatches(ctx.secrets.passcodeKey, binding(request), code, request.codeHash);
  if (!matches || !request.codeDelivered || !citizen) {
    const failed: ConsentRequestRecord = { ...request, failures: request.failures + 1 };
    activity.failuresAt.push(now);
    const left = attemptsLeft(failed, activity, ctx.limits);
    if (left > 0) {
      await commit(
        ctx,
        ['requests', 'activity'],
        [{ type: 'passcode_failed', ...common, detail: { attemptsLeft: left } }],
        (tx) => {
          putRecord(ctx, tx, 'requests', failed);
          putRecord(ctx, tx, 'activity', activity);
        },
      );
      return fail('wrong_code', { attemptsLeft: left });
    }
    // The lock spends the CNIC's wrong codes; the back-off it starts now guards every request.
    activity.failuresAt = [];
    activity.locksAt.push(now);
    // The citizen hears of it: someone may be guessing with their CNIC (not counted in the SMS cap).
    const sim = registeredSim(registry, request.citizenId);
    const alert = sim ? lockAlertMessage(ctx, request, partner, sim) : null;
    await commit(
      ctx,
      ['requests', 'activity', 'messages'],
      [
        { type: 'passcode_failed', ...common, detail: { attemptsLeft: 0 } },
        { type: 'request_locked', ...common, detail: { locksInLast24h: activity.locksAt.length } },
        smsDraft(common, sim, citizen !== undefined, { reason: 'lock_alert' }),
      ],
      (tx) => {
        putRecord(ctx, tx, 'requests', { ...failed, status: 'locked' });
        putRecord(ctx, tx, 'activity', activity);
        if (alert) void tx.objectStore('messages').add(alert);
      },
    );
    // When the citizen can start again: the back-off this lock just began.
    const backoff = backoffFailure(activity, ctx.limits, now);
    return fail('request_locked', { attemptsLeft: 0, ...backoff?.extra });
  }

  const key = currentKey(registry.keys);
  if (!key) return fail('internal_error');
  const purpose = findPurpose(partner, request.purpose)!;
  const iat = Math.floor(now / 1000);
  const exp = iat + ctx.limits.tokenTtlSeconds;
  const jti = randomId(16);
  // The card's status is told here, after consent, whatever it is: the partner decides what an
  // expired or cancelled card means for its purpose (every purpose lists cnic_status).
  const shared = sharedData(citizen, purpose.dataItems);
  const token = await signConsentToken(
    {
      iss: ctx.issuer,
      aud: partner.id,
      sub: await pairwiseSubject(ctx.secrets.pseudonymKey, partner.id, citizen.cnic),
      iat,
      exp,
      jti,
      nonce: request.nonce,
      purpose: request.purpose,
      shared,
      cnic_digest: toBase64url(await sha256(cnicDigestInput(citizen.cnic, request.nonce))),
    },
    key,
  );
  const consent: ConsentRecord = {
    jti,
    requestId: request.id,
    citizenId: citizen.id,
    partnerId: partner.id,
    purpose: request.purpose,
    shared,
    kid: key.kid,
    grantedAt: iat * 1000,
    expiresAt: exp * 1000,
    revokedAt: null,
  };
  const outbox = emptyOutbox();
  await announce(ctx, outbox, 'consent.granted', consent, citizen.cnic, consent.grantedAt);
  await commit(
    ctx,
    ['requests', 'consents', 'activity', ...outboxStores(outbox)],
    [
      {
        type: 'token_issued',
        ...common,
        detail: { jti, kid: key.kid, purpose: request.purpose, items: purpose.dataItems },
      },
    ],
    (tx) => {
      putRecord(ctx, tx, 'requests', { ...request, status: 'granted', jti });
      void tx.objectStore('consents').put(consent);
      // The right code proves the holder: wrong codes before it (typos) no longer count against the CNIC.
      if (activity.failuresAt.length) putRecord(ctx, tx, 'activity', { ...activity, failuresAt: [] });
      writeOutbox(tx, outbox);
    },
  );
  return succeed({ token, requestId: request.id, expiresAt: toIso(exp * 1000) });
}

export async function cancelConsentRequest(
  ctx: SimulatorContext,
  partner: PartnerRecord,
  requestId: string,
): Promise<Outcome<ConsentRequestView>> {
  const request = await partnerRequest(ctx, partner, requestId);
  if (!request) return fail('request_not_found');
  const closed = closedFailure(request);
  if (closed) return closed;
  const cancelled: ConsentRequestRecord = { ...request, status: 'cancelled' };
  await commit(
    ctx,
    ['requests'],
    [{ type: 'request_cancelled', requestId: request.id, partnerId: partner.id, citizenRef: request.cnicRef }],
    (tx) => {
      putRecord(ctx, tx, 'requests', cancelled);
    },
  );
  return succeed(requestView(cancelled, await cnicActivity(ctx, request.cnicRef, ctx.clock.now()), ctx));
}
