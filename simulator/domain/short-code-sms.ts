/**
 * The SMS the short code sends on its own: replies to enrolment and `NO`, and the notices of a change
 * of registered mobile. Unlike a passcode SMS, none follows a page the citizen chose a language on,
 * and the service keeps no language per citizen, so each carries both: Urdu first, then English,
 * a blank line between. Each half is kept short (an SMS in Urdu is sent in 67-character parts).
 * Numbers stay in Western digits as in the passcode SMS; a masked mobile in the Urdu half is
 * bidi-isolated so that its digits and dots keep their order in right-to-left text. None carries a
 * code.
 */
import type { LocalizedText } from '../../src/contract/schemas.js';
import { SHORT_CODE } from '../seeds.js';
import { NADRA_HELPLINE } from './help.js';

/** One SMS body with both languages. */
export function bilingualSms(text: LocalizedText): string {
  return `${text.ur}\n\n${text.en}`;
}

/** A left-to-right value (a masked mobile) inside Urdu text, isolated as the widget's `fill` does. */
const ltr = (value: string) => `\u2066${value}\u2069`;

const ENGLISH_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
const URDU_MONTHS = [
  'جنوری',
  'فروری',
  'مارچ',
  'اپریل',
  'مئی',
  'جون',
  'جولائی',
  'اگست',
  'ستمبر',
  'اکتوبر',
  'نومبر',
  'دسمبر',
] as const;

/**
 * A service time as the SMS says it, in Pakistan time: "14:05 on 4 December 2026 (Pakistan time)",
 * "4 دسمبر 2026 کو 14:05 بجے (پاکستانی وقت)".
 */
export function smsTime(ms: number): LocalizedText {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Karachi',
    hour: '2-digit',
    minute: '2-digit',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const [hour, minute, year] = [part('hour'), part('minute'), part('year')];
  const day = Number(part('day'));
  const month = Number(part('month')) - 1;
  return {
    en: `${hour}:${minute} on ${day} ${ENGLISH_MONTHS[month]} ${year} (Pakistan time)`,
    ur: `${day} ${URDU_MONTHS[month]} ${year} کو ${hour}:${minute} بجے (پاکستانی وقت)`,
  };
}

/** Both languages for a registered mobile: "… is now registered for your CNIC". */
const nowRegistered = (masked: string): LocalizedText => ({
  ur: `اجازت: ${ltr(masked)} اب آپ کے شناختی کارڈ پر رجسٹرڈ موبائل ہے۔ ادارے اسی نمبر پر آپ کو کوڈ بھیج سکتے ہیں۔`,
  en: `Ijazat: ${masked} is now registered for your CNIC. Partners can send you passcodes on this number.`,
});

/** Replies to an SMS with a CNIC sent to the short code (enrollment.ts). */
export const enrollmentReplies = {
  accepted: (masked: string) => bilingualSms(nowRegistered(masked)),
  /**
   * The one refusal for a CNIC no one holds and for a SIM issued to someone else: a different answer
   * would tell any SIM holder which CNICs exist. It says what a genuine citizen can do in either case.
   */
  refused: () =>
    bilingualSms({
      ur: `اجازت: یہ موبائل اس شناختی کارڈ پر رجسٹر نہیں ہو سکتا۔ اپنے نام پر جاری سم سے اپنا شناختی کارڈ نمبر بھیجیں، 13 ہندسے دوبارہ دیکھیں، یا نادرا سے رابطہ کریں (ہیلپ لائن ${NADRA_HELPLINE})۔`,
      en: `Ijazat: this mobile cannot be registered for that CNIC. Send your CNIC from a SIM issued in your own name, check the 13 digits, or contact NADRA (helpline ${NADRA_HELPLINE}).`,
    }),
  malformed: () =>
    bilingualSms({
      ur: 'اجازت: یہ موبائل رجسٹر کرنے کے لیے اپنا 13 ہندسوں کا شناختی کارڈ نمبر بھیجیں، مثلاً 35202-1234567-1۔',
      en: 'Ijazat: to register this mobile, send your 13-digit CNIC, e.g. 35202-1234567-1.',
    }),
  alreadyRegistered: (masked: string) =>
    bilingualSms({
      ur: `اجازت: ${ltr(masked)} پہلے سے اس شناختی کارڈ پر رجسٹرڈ موبائل ہے۔`,
      en: `Ijazat: ${masked} is already the registered mobile for this CNIC.`,
    }),
};

/** The SMS of a held change of registered mobile (mobile-change.ts). */
export const mobileChangeTexts = {
  /** To the number registered now, at once. */
  notice: (newLastTwo: string, effectiveAt: number) => {
    const at = smsTime(effectiveAt);
    return bilingualSms({
      ur:
        `اجازت: ${newLastTwo} پر ختم ہونے والے نمبر نے آپ کے شناختی کارڈ پر اس نمبر کی جگہ لینے کی درخواست کی ہے۔ ` +
        `یہ تبدیلی ${at.ur} ہو گی؛ تب تک کوڈ اسی نمبر پر آئیں گے۔ ` +
        `اگر یہ درخواست آپ نے نہیں کی تو روکنے کے لیے ${SHORT_CODE} پر NO بھیجیں۔`,
      en:
        `Ijazat: the number ending ${newLastTwo} asked to replace this one as your CNIC's registered mobile. ` +
        `It takes effect at ${at.en}; codes come here until then. ` +
        `If not you, reply NO to ${SHORT_CODE} to stop it.`,
    });
  },
  /** To the SIM that asked. */
  held: (masked: string, effectiveAt: number) => {
    const at = smsTime(effectiveAt);
    return bilingualSms({
      ur:
        `اجازت: ${ltr(masked)} کو اس شناختی کارڈ پر رجسٹر کرنے کی درخواست مل گئی۔ حفاظت کے لیے یہ تبدیلی ${at.ur} ہو گی؛ ` +
        'موجودہ رجسٹرڈ نمبر کو بتا دیا گیا ہے اور وہ اسے روک سکتا ہے۔',
      en:
        `Ijazat: your request to register ${masked} for this CNIC is received. For safety it takes effect at ${at.en}; ` +
        'the number registered now has been told and can stop it.',
    });
  },
  alreadyRequested: (masked: string, effectiveAt: number) => {
    const at = smsTime(effectiveAt);
    return bilingualSms({
      ur: `اجازت: ${ltr(masked)} کو اس شناختی کارڈ پر رجسٹر کرنے کی درخواست پہلے سے موجود ہے؛ یہ تبدیلی ${at.ur} ہو گی۔`,
      en: `Ijazat: ${masked} is already waiting to be registered for this CNIC; it takes effect at ${at.en}.`,
    });
  },
  stoppedToOld: (masked: string) =>
    bilingualSms({
      ur: `اجازت: تبدیلی روک دی گئی۔ ${ltr(masked)} ہی آپ کے شناختی کارڈ پر رجسٹرڈ موبائل رہے گا۔`,
      en: `Ijazat: stopped. ${masked} stays the registered mobile for your CNIC.`,
    }),
  stoppedToNew: () =>
    bilingualSms({
      ur: 'اجازت: اس شناختی کارڈ پر رجسٹرڈ نمبر نے رجسٹرڈ موبائل کی تبدیلی روک دی۔',
      en: 'Ijazat: the change of registered mobile was stopped by the number registered for that CNIC.',
    }),
  nothingToStop: () =>
    bilingualSms({
      ur: 'اجازت: اس نمبر کی جگہ کوئی اور نمبر رجسٹر کرنے کی کوئی درخواست نہیں جسے روکا جائے۔',
      en: 'Ijazat: there is no change of registered mobile away from this number to stop.',
    }),
  completedToNew: (masked: string) => bilingualSms(nowRegistered(masked)),
  completedToOld: (newLastTwo: string) =>
    bilingualSms({
      ur: `اجازت: اب اس نمبر کی جگہ ${newLastTwo} پر ختم ہونے والا نمبر آپ کے شناختی کارڈ پر رجسٹرڈ موبائل ہے۔ اگر یہ تبدیلی آپ نے نہیں چاہی تو نادرا سے رابطہ کریں (ہیلپ لائن ${NADRA_HELPLINE})۔`,
      en: `Ijazat: the number ending ${newLastTwo} is now the registered mobile for your CNIC instead of this number. If this was not you, contact NADRA (helpline ${NADRA_HELPLINE}).`,
    }),
};
