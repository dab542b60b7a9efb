/** Partners: who may ask (origin allow-list), for which purposes, and what each purpose receives. */
import type { ConsentContext, DataItemId, LocalizedText } from '../../src/contract/schemas.js';
import type { Limits } from '../limits.js';
import type { PartnerRecord, PurposeRecord } from '../store/schema.js';
import { SHORT_CODE } from '../seeds.js';
import { NO_SMS_HELP } from './help.js';
import en from '../../src/contract/wording/en.js';
import ur from '../../src/contract/wording/ur.js';

export const DATA_ITEMS: Record<DataItemId, { label: LocalizedText; sms: LocalizedText }> = {
  cnic_status: {
    label: { en: 'CNIC status (active, expired or cancelled)', ur: 'شناختی کارڈ کی حیثیت (فعال، میعاد ختم یا منسوخ)' },
    sms: { en: 'CNIC status', ur: 'شناختی کارڈ کی حیثیت' },
  },
  full_name: {
    label: { en: 'Full name as on the CNIC', ur: 'شناختی کارڈ پر درج پورا نام' },
    sms: { en: 'full name', ur: 'پورا نام' },
  },
};

/** `http://localhost:*` matches any port of that scheme and host; other entries match exactly. */
export function originAllowed(allowList: readonly string[], origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const normalized = url.origin;
  return allowList.some((entry) => {
    if (entry.endsWith(':*')) {
      const base = entry.slice(0, -2);
      return (
        normalized === base || (normalized.startsWith(`${base}:`) && /^\d+$/.test(normalized.slice(base.length + 1)))
      );
    }
    return entry === normalized;
  });
}

export function findPurpose(partner: PartnerRecord, purposeId: string): PurposeRecord | undefined {
  return partner.purposes.find((purpose) => purpose.id === purposeId);
}

export function consentContext(partner: PartnerRecord, purpose: PurposeRecord, limits: Limits): ConsentContext {
  return {
    partner: { id: partner.id, displayName: partner.displayName },
    purpose: {
      id: purpose.id,
      title: purpose.title,
      description: purpose.description,
      dataItems: purpose.dataItems.map((id) => ({ id, label: DATA_ITEMS[id].label })),
    },
    service: {
      shortCode: SHORT_CODE,
      help: [...NO_SMS_HELP],
      passcodeLength: 6,
      passcodeTtlSeconds: limits.passcodeTtlSeconds,
    },
    wording: { en, ur },
  };
}
