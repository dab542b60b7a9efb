/**
 * What the service tells a citizen who got no text message (the widget's "Not received a text
 * message?" path, sent with the consent context). It names the service's own numbers, so the service
 * words it, in both languages. Numbers are written with hyphens, not spaces: in Urdu's right-to-left
 * text, digit groups joined by spaces would be shown in reverse order (see helplineOnPage).
 */
import type { LocalizedText } from '../../src/contract/schemas.js';
import { SHORT_CODE } from '../seeds.js';

/** NADRA's helpline, as SMS carry it (plain ASCII: the English half of an SMS stays GSM-7). */
export const NADRA_HELPLINE = '051-111-786-100';

/**
 * The helpline as the widget shows it: on one line (non-breaking hyphens) and left to right inside
 * Urdu text (a left-to-right isolate; a non-breaking hyphen between digits would otherwise let Urdu's
 * direction reorder the groups).
 */
const helplineOnPage = `\u2066${NADRA_HELPLINE.replaceAll('-', '\u2011')}\u2069`;

export const NO_SMS_HELP: readonly LocalizedText[] = [
  {
    en: 'A text message can take a few minutes. If none comes, send a new code: only the newest code works.',
    ur: 'ایس ایم ایس آنے میں چند منٹ لگ سکتے ہیں۔ اگر نہ آئے تو نیا کوڈ منگوائیں: صرف تازہ ترین کوڈ کام کرے گا۔',
  },
  {
    en: `No mobile number registered with your CNIC? From a SIM issued in your own name, text your 13-digit CNIC number to ${SHORT_CODE}. When the reply confirms it, send a new code.`,
    ur: `آپ کے شناختی کارڈ پر کوئی موبائل نمبر رجسٹر نہیں؟ اپنے نام پر جاری سم سے اپنا 13 ہندسوں کا شناختی کارڈ نمبر ${SHORT_CODE} پر ایس ایم ایس کریں۔ جواب میں تصدیق آنے پر نیا کوڈ منگوائیں۔`,
  },
  {
    en: `If the reply says this mobile cannot be registered, or your identity card has expired or been cancelled, contact NADRA (helpline ${helplineOnPage}).`,
    ur: `اگر جواب میں لکھا ہو کہ یہ موبائل رجسٹر نہیں ہو سکتا، یا آپ کے شناختی کارڈ کی میعاد ختم ہو چکی ہے یا وہ منسوخ ہو چکا ہے، تو نادرا سے رابطہ کریں (ہیلپ لائن ${helplineOnPage})۔`,
  },
];
