/**
 * SMS wording. The passcode text says who asks, for what, what is shared and how long the code
 * works, in the request's language, and ends with the WebOTP line `@host #code` so the browser can
 * offer the code to that page only.
 */
import type { Locale } from '../../src/contract/schemas.js';
import type { PartnerRecord, PurposeRecord } from '../store/schema.js';
import { SHORT_CODE } from '../seeds.js';
import { DATA_ITEMS } from './partners.js';

export function passcodeSmsText(options: {
  code: string;
  locale: Locale;
  partner: PartnerRecord;
  purpose: PurposeRecord;
  host: string;
  ttlSeconds: number;
}): string {
  const { code, locale, partner, purpose, host } = options;
  const minutes = Math.max(1, Math.ceil(options.ttlSeconds / 60));
  const items = purpose.dataItems.map((id) => DATA_ITEMS[id].sms[locale]);
  const webOtp = `@${host} #${code}`;
  if (locale === 'ur') {
    const list = items.join(' اور ');
    return (
      `اجازت: ${code} آپ کا کوڈ ہے جس سے آپ اپنی ${list} ${purpose.smsReason.ur} کے لیے ${partner.displayName.ur} کو دے سکتے ہیں۔ ` +
      `یہ ${minutes} منٹ میں ختم ہو جائے گا۔ یہ کوڈ کسی کو نہ بتائیں۔\n\n${webOtp}`
    );
  }
  const list = items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : items[0];
  return (
    `Ijazat: ${code} is your code to share your ${list} with ${partner.displayName.en} for ${purpose.smsReason.en}. ` +
    `It expires in ${minutes} minute${minutes === 1 ? '' : 's'}. Do not share it with anyone.\n\n${webOtp}`
  );
}

/**
 * Sent when a request locks: whoever typed the wrong codes, the citizen learns that a request in
 * their name was guessed at, by whom it was asked for, and that nothing was shared. No code in it.
 */
export function lockAlertSmsText(options: { locale: Locale; partner: PartnerRecord; purpose: PurposeRecord }): string {
  const { locale, partner, purpose } = options;
  if (locale === 'ur') {
    return (
      `اجازت: ${partner.displayName.ur} کی ${purpose.smsReason.ur} کے لیے درخواست پر بہت زیادہ غلط کوڈ درج کیے گئے، اس لیے وہ بند کر دی گئی اور کچھ شیئر نہیں ہوا۔ ` +
      `اگر یہ آپ نہیں تھے تو کسی اور کے پاس آپ کا شناختی کارڈ نمبر ہے: ہمارا بھیجا ہوا کوڈ کبھی کسی کو نہ بتائیں۔`
    );
  }
  return (
    `Ijazat: too many wrong codes were entered on a request from ${partner.displayName.en} for ${purpose.smsReason.en}, so it is locked and nothing was shared. ` +
    `If this was not you, someone else has your CNIC number: never tell anyone a code we send you.`
  );
}

/**
 * Host for the WebOTP line from an origin the partner registered (`http://localhost:*` → localhost),
 * or `localhost` when there is none.
 */
export function webOtpHost(origin: string | null): string {
  if (!origin) return 'localhost';
  try {
    // A registered entry may allow any port (`:*`); the line names the host only.
    return new URL(origin.replace(/:\*$/, '')).hostname || 'localhost';
  } catch {
    return 'localhost';
  }
}

export const enrollmentReplies = {
  accepted: (masked: string) =>
    `Ijazat: ${masked} is now registered for your CNIC. Partners can send you passcodes on this number.`,
  notOwner: () =>
    'Ijazat: this SIM is not registered to that CNIC, so it cannot be registered for it. Send the SMS from a SIM issued in your own name.',
  unknownCnic: () => 'Ijazat: no citizen is registered with that CNIC. Check the 13 digits and try again.',
  malformed: () => 'Ijazat: to register this mobile, send your 13-digit CNIC, e.g. 35202-1234567-1.',
  alreadyRegistered: (masked: string) => `Ijazat: ${masked} is already the registered mobile for this CNIC.`,
};

/** A service time as the SMS says it: Pakistan time, e.g. "14:05 on 4 December 2026 (Pakistan time)". */
export function smsTime(ms: number): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Karachi',
    hour: '2-digit',
    minute: '2-digit',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('hour')}:${part('minute')} on ${part('day')} ${part('month')} ${part('year')} (Pakistan time)`;
}

/** The SMS of a held change of registered mobile (mobile-change.ts). None carries a code. */
export const mobileChangeTexts = {
  /** To the number registered now, at once. */
  notice: (newLastTwo: string, effectiveAt: number) =>
    `Ijazat: a phone with the number ending ${newLastTwo} asked to become the registered mobile for your CNIC instead of this number. ` +
    `It takes effect at ${smsTime(effectiveAt)}; until then codes still come to this number. ` +
    `If this was not you, reply NO to ${SHORT_CODE} to stop it.`,
  /** To the SIM that asked. */
  held: (masked: string, effectiveAt: number) =>
    `Ijazat: your request to register ${masked} for this CNIC is received. For safety it takes effect at ${smsTime(effectiveAt)}; ` +
    'the number registered now has been told and can stop it.',
  alreadyRequested: (masked: string, effectiveAt: number) =>
    `Ijazat: ${masked} is already waiting to be registered for this CNIC; it takes effect at ${smsTime(effectiveAt)}.`,
  stoppedToOld: (masked: string) => `Ijazat: stopped. ${masked} stays the registered mobile for your CNIC.`,
  stoppedToNew: () => 'Ijazat: the change of registered mobile was stopped by the number registered for that CNIC.',
  nothingToStop: () => 'Ijazat: there is no change of registered mobile away from this number to stop.',
  completedToNew: (masked: string) =>
    `Ijazat: ${masked} is now registered for your CNIC. Partners can send you passcodes on this number.`,
  completedToOld: (newLastTwo: string) =>
    `Ijazat: the number ending ${newLastTwo} is now the registered mobile for your CNIC instead of this number. If this was not you, contact NADRA.`,
};
