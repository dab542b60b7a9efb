/**
 * The SMS of a consent request, in the request's language (the page the citizen used chose it). The
 * passcode text says who asks, for what, what is shared and how long the code works, and ends with
 * the WebOTP line `@host #code` so the browser can offer the code to that page only. The short code's
 * own SMS (enrolment, mobile changes) are in short-code-sms.ts.
 */
import type { Locale } from '../../src/contract/schemas.js';
import type { PartnerRecord, PurposeRecord } from '../store/schema.js';
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
