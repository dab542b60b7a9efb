/**
 * Consent requests: create (sends the passcode SMS), resend, verify, cancel and view, with the
 * limits of DESIGN.md. Each operation reads, computes (WebCrypto), then commits once; the caller runs
 * it inside the simulator's serial queue.
 */
import { cnicDigestInput } from '../../src/contract/cnic-digest.js';
import { sha256 } from '../crypto/backend.js';
import type { ConsentRequestView, Grant, Locale, SharedData } from '../../src/contract/schemas.js';
import { toIso } from '../clock.js';
import { commit, putRecord } from '../store/commit.js';
import type {
  CitizenRecord,
  CnicActivityRecord,
  ConsentRecord,
  ConsentRequestRecord,
  MessageRecord,
  PartnerRecord,
} from '../store/schema.js';
import { randomId, toBase64url } from './base64url.js';
import { attemptsLeft, backoffFailure, emptyActivity, pruneActivity, smsCapFailure } from './cnic-activity.js';
import type { SimulatorContext } from './context.js';
import { maskMobile } from './mask.js';
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

export function requestView(
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
    maskedMobile: request.maskedMobile,
    expiresAt: toIso(request.codeExpiresAt),
    attemptsLeft: attemptsLeft(request, activity, limits),
    resendsLeft,
    resendAvailableAt: resendable ? toIso(resendAt) : null,
    expiresInSeconds: secondsUntil(request.codeExpiresAt),
    resendInSeconds: resendable ? secondsUntil(resendAt) : null,
  };
}

/** The CNIC's activity as the limits see it now (old entries dropped). */
async function cnicActivity(ctx: SimulatorContext, citizenId: string, now: number): Promise<CnicActivityRecord> {
  return pruneActivity((await ctx.records.get('activity', citizenId)) ?? emptyActivity(citizenId), now);
}

const binding = (request: ConsentRequestRecord): PasscodeBinding => ({
  requestId: request.id,
  partnerId: request.partnerId,
  purpose: request.purpose,
  nonce: request.nonce,
});

/** An SMS from the service to the request's SIM, shown there after the simulated delivery delay. */
function smsTo(ctx: SimulatorContext, request: ConsentRequestRecord, mobile: string, body: string): MessageRecord {
  return {
    simId: request.simId,
    from: 'Ijazat',
    to: mobile,
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
  mobile: string,
  code: string,
): MessageRecord {
  const purpose = findPurpose(partner, request.purpose)!;
  const { locale, host } = request;
  return smsTo(
    ctx,
    request,
    mobile,
    passcodeSmsText({ code, locale, partner, purpose, host, ttlSeconds: ctx.limits.passcodeTtlSeconds }),
  );
}

function lockAlertMessage(
  ctx: SimulatorContext,
  request: ConsentRequestRecord,
  partner: PartnerRecord,
  mobile: string,
): MessageRecord {
  return smsTo(
    ctx,
    request,
    mobile,
    lockAlertSmsText({ locale: request.locale, partner, purpose: findPurpose(partner, request.purpose)! }),
  );
}

export async function createConsentRequest(
  ctx: SimulatorContext,
  partner: PartnerRecord,
  input: CreateInput,
  host: string,
): Promise<Outcome<ConsentRequestView>> {
  const purpose = findPurpose(partner, input.purpose);
  if (!purpose) return fail('unknown_purpose');
  const registry = await ctx.registry.get();
  const citizen = registry.citizensByCnic.get(input.cnic);
  if (!citizen) return fail('cnic_not_found');
  if (!purpose.acceptsCardStatus.includes(citizen.cardStatus)) {
    return fail(citizen.cardStatus === 'expired' ? 'card_expired' : 'card_cancelled');
  }
  const sim = citizen.mobile ? registry.simsByMobile.get(citizen.mobile) : undefined;
  if (!citizen.mobile || !sim) return fail('no_registered_mobile');
  const now = ctx.clock.now();
  const activity = await cnicActivity(ctx, citizen.id, now);
  const refused = backoffFailure(activity, ctx.limits, now) ?? smsCapFailure(activity, ctx.limits, now);
  if (refused) return refused;

  const request: ConsentRequestRecord = {
    id: `req_${randomId(16)}`,
    partnerId: partner.id,
    purpose: purpose.id,
    nonce: input.nonce,
    citizenId: citizen.id,
    locale: input.locale,
    host,
    simId: sim.id,
    maskedMobile: maskMobile(citizen.mobile),
    status: 'pending',
    codeHash: '',
    codeExpiresAt: now + ctx.limits.passcodeTtlSeconds * 1000,
    lastSentAt: now,
    failures: 0,
    resends: 0,
    createdAt: now,
    jti: null,
  };
  const code = generatePasscode();
  request.codeHash = await hashPasscode(ctx.secrets.passcodeKey, binding(request), code);
  const message = passcodeMessage(ctx, request, partner, citizen.mobile, code);
  activity.smsAt.push(now);
  const citizenRef = await auditCitizenRef(ctx.secrets.pseudonymKey, citizen.cnic);
  const common = { requestId: request.id, partnerId: partner.id, citizenRef };
  await commit(
    ctx,
    ['requests', 'messages', 'activity'],
    [
      { type: 'request_created', ...common, detail: { purpose: purpose.id, locale: input.locale } },
      { type: 'sms_sent', ...common, detail: { to: request.maskedMobile, reason: 'passcode' } },
    ],
    (tx) => {
      putRecord(ctx, tx, 'requests', request);
      void tx.objectStore('messages').add(message);
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
    ? succeed(requestView(request, await cnicActivity(ctx, request.citizenId, ctx.clock.now()), ctx))
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
  const registry = await ctx.registry.get();
  const citizen = registry.citizensById.get(request.citizenId)!;
  const sim = registry.simsById.get(request.simId)!;
  const activity = await cnicActivity(ctx, citizen.id, now);
  // During the CNIC's back-off a new code could not be used anyway: send no SMS the citizen cannot use.
  const refused = backoffFailure(activity, limits, now) ?? smsCapFailure(activity, limits, now);
  if (refused) return refused;

  const code = generatePasscode();
  // A new code voids the old one (its hash is replaced); failures are kept on purpose.
  const updated: ConsentRequestRecord = {
    ...request,
    codeHash: await hashPasscode(ctx.secrets.passcodeKey, binding(request), code),
    codeExpiresAt: now + limits.passcodeTtlSeconds * 1000,
    lastSentAt: now,
    resends: request.resends + 1,
  };
  const message = passcodeMessage(ctx, updated, partner, sim.mobile, code);
  activity.smsAt.push(now);
  const citizenRef = await auditCitizenRef(ctx.secrets.pseudonymKey, citizen.cnic);
  await commit(
    ctx,
    ['requests', 'messages', 'activity'],
    [
      {
        type: 'sms_sent',
        requestId: request.id,
        partnerId: partner.id,
        citizenRef,
        detail: { to: request.maskedMobile, reason: 'resend', resend: updated.resends },
      },
    ],
    (tx) => {
      putRecord(ctx, tx, 'requests', updated);
      void tx.objectStore('messages').add(message);
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
  const activity = await cnicActivity(ctx, request.citizenId, now);
  const backoff = backoffFailure(activity, ctx.limits, now);
  if (backoff) return backoff;
  const registry = await ctx.registry.get();
  const citizen = registry.citizensById.get(request.citizenId)!;
  const citizenRef = await auditCitizenRef(ctx.secrets.pseudonymKey, citizen.cnic);
  const common = { requestId: request.id, partnerId: partner.id, citizenRef };

  if (!(await passcodeMatches(ctx.secrets.passcodeKey, binding(request), code, request.codeHash))) {
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
    const alert = lockAlertMessage(ctx, request, partner, registry.simsById.get(request.simId)!.mobile);
    await commit(
      ctx,
      ['requests', 'activity', 'messages'],
      [
        { type: 'passcode_failed', ...common, detail: { attemptsLeft: 0 } },
        { type: 'request_locked', ...common, detail: { locksInLast24h: activity.locksAt.length } },
        { type: 'sms_sent', ...common, detail: { to: request.maskedMobile, reason: 'lock_alert' } },
      ],
      (tx) => {
        putRecord(ctx, tx, 'requests', { ...failed, status: 'locked' });
        putRecord(ctx, tx, 'activity', activity);
        void tx.objectStore('messages').add(alert);
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
  const citizen = (await ctx.registry.get()).citizensById.get(request.citizenId)!;
  const citizenRef = await auditCitizenRef(ctx.secrets.pseudonymKey, citizen.cnic);
  const cancelled: ConsentRequestRecord = { ...request, status: 'cancelled' };
  await commit(
    ctx,
    ['requests'],
    [{ type: 'request_cancelled', requestId: request.id, partnerId: partner.id, citizenRef }],
    (tx) => {
      putRecord(ctx, tx, 'requests', cancelled);
    },
  );
  return succeed(requestView(cancelled, await cnicActivity(ctx, request.citizenId, ctx.clock.now()), ctx));
}
