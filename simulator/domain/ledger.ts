/**
 * The ledger of consents: what each citizen agreed to share, with whom, and its state (active,
 * revoked, expired). Citizens revoke; partners check a consent's state with their secret key.
 */
import type { ConsentStatus, ConsentStatusView, LocalizedText, SharedData } from '../../src/contract/schemas.js';
import { toIso } from '../clock.js';
import { commit } from '../store/commit.js';
import type { ConsentRecord, PartnerRecord } from '../store/schema.js';
import type { SimulatorContext } from './context.js';
import { fail, succeed, type Outcome } from './outcome.js';
import { findPurpose } from './partners.js';
import { auditCitizenRef } from './pseudonym.js';
import { announce, emptyOutbox, outboxStores, writeOutbox } from '../webhooks/events.js';

export interface CitizenConsentView {
  jti: string;
  partner: { id: string; displayName: LocalizedText };
  purpose: { id: string; title: LocalizedText };
  shared: SharedData;
  grantedAt: string;
  expiresAt: string;
  status: ConsentStatus;
  revokedAt: string | null;
}

function consentStatus(consent: ConsentRecord, now: number): ConsentStatus {
  if (consent.revokedAt !== null) return 'revoked';
  return now >= consent.expiresAt ? 'expired' : 'active';
}

function citizenView(consent: ConsentRecord, partner: PartnerRecord | undefined, now: number): CitizenConsentView {
  const purpose = partner && findPurpose(partner, consent.purpose);
  return {
    jti: consent.jti,
    partner: {
      id: consent.partnerId,
      displayName: partner?.displayName ?? { en: consent.partnerId, ur: consent.partnerId },
    },
    purpose: { id: consent.purpose, title: purpose?.title ?? { en: consent.purpose, ur: consent.purpose } },
    shared: consent.shared,
    grantedAt: toIso(consent.grantedAt),
    expiresAt: toIso(consent.expiresAt),
    status: consentStatus(consent, now),
    revokedAt: consent.revokedAt === null ? null : toIso(consent.revokedAt),
  };
}

export async function citizenConsents(
  ctx: SimulatorContext,
  citizenId: string,
): Promise<Outcome<{ consents: CitizenConsentView[] }>> {
  const registry = await ctx.registry.get();
  if (!registry.citizensById.has(citizenId)) return fail('citizen_not_found');
  const consents = await ctx.db.getAllFromIndex('consents', 'citizenId', citizenId);
  const partners = registry.partnersById;
  const now = ctx.clock.now();
  consents.sort((a, b) => a.grantedAt - b.grantedAt);
  return succeed({ consents: consents.map((c) => citizenView(c, partners.get(c.partnerId), now)) });
}

export async function revokeConsent(
  ctx: SimulatorContext,
  citizenId: string,
  jti: string,
): Promise<Outcome<CitizenConsentView>> {
  const registry = await ctx.registry.get();
  const citizen = registry.citizensById.get(citizenId);
  if (!citizen) return fail('citizen_not_found');
  const consent = await ctx.db.get('consents', jti);
  if (!consent || consent.citizenId !== citizenId) return fail('consent_not_found');
  const partner = registry.partnersById.get(consent.partnerId);
  // Revoking twice is harmless: the first revocation time stands.
  if (consent.revokedAt !== null) return succeed(citizenView(consent, partner, ctx.clock.now()));
  const revoked: ConsentRecord = { ...consent, revokedAt: ctx.clock.now() };
  const citizenRef = await auditCitizenRef(ctx.secrets.pseudonymKey, citizen.cnic);
  // An expired consent is revoked for the record, but the partner already heard it ended.
  const outbox = emptyOutbox();
  if (consentStatus(consent, revoked.revokedAt!) === 'active')
    await announce(ctx, outbox, 'consent.revoked', revoked, citizen.cnic, revoked.revokedAt!);
  await commit(
    ctx,
    ['consents', ...outboxStores(outbox)],
    [
      {
        type: 'consent_revoked',
        requestId: consent.requestId,
        partnerId: consent.partnerId,
        citizenRef,
        detail: { jti },
      },
    ],
    (tx) => {
      void tx.objectStore('consents').put(revoked);
      writeOutbox(tx, outbox);
    },
  );
  return succeed(citizenView(revoked, partner, ctx.clock.now()));
}

export async function partnerConsentStatus(
  ctx: SimulatorContext,
  partner: PartnerRecord,
  jti: string,
): Promise<Outcome<ConsentStatusView>> {
  const consent = await ctx.db.get('consents', jti);
  if (!consent || consent.partnerId !== partner.id) return fail('consent_not_found');
  return succeed({
    jti: consent.jti,
    status: consentStatus(consent, ctx.clock.now()),
    purpose: consent.purpose,
    grantedAt: toIso(consent.grantedAt),
    revokedAt: consent.revokedAt === null ? null : toIso(consent.revokedAt),
  });
}
