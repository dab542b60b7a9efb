/**
 * The short code's own SMS (enrolment replies, `NO` replies, mobile-change notices) as a citizen's
 * phone shows them: Urdu, then English, each complete, in Urdu script (not Arabic letters), with a
 * masked mobile kept in order inside the right-to-left half, and short enough for a few SMS parts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enrollmentReplies, mobileChangeTexts, smsTime } from '../../../simulator/domain/short-code-sms.js';
import { lockAlertSmsText, passcodeSmsText } from '../../../simulator/domain/sms.js';
import { isStop } from '../../../simulator/domain/enrollment.js';
import { NADRA_HELPLINE } from '../../../simulator/domain/help.js';
import { seedPartners } from '../../../simulator/seeds.js';

// 14:05 in Pakistan (UTC+5) on 4 December 2026.
const AT = Date.UTC(2026, 11, 4, 9, 5);
const MASKED = '03•• •••••66';

const SMS: Record<string, string> = {
  'enrolment accepted': enrollmentReplies.accepted(MASKED),
  'enrolment refused': enrollmentReplies.refused(),
  'enrolment malformed': enrollmentReplies.malformed(),
  'already registered': enrollmentReplies.alreadyRegistered(MASKED),
  'notice to the old number': mobileChangeTexts.notice('66', AT),
  'held, to the new number': mobileChangeTexts.held(MASKED, AT),
  'already requested': mobileChangeTexts.alreadyRequested(MASKED, AT),
  'stopped, to the old number': mobileChangeTexts.stoppedToOld(MASKED),
  'stopped, to the new number': mobileChangeTexts.stoppedToNew(),
  'nothing to stop': mobileChangeTexts.nothingToStop(),
  'completed, to the new number': mobileChangeTexts.completedToNew(MASKED),
  'completed, to the old number': mobileChangeTexts.completedToOld('66'),
};

/** Arabic letters that Urdu writes with its own: ي ى (ی), ك (ک), ه (ہ/ھ). */
const ARABIC_NOT_URDU = /[\u064a\u0649\u0643\u0647]/;
const ARABIC_SCRIPT = /[\u0600-\u06ff]/;
/** One SMS part holds 67 UTF-16 units when Urdu makes it UCS-2 and it is sent in parts. */
const PART = 67;
const MAX_PARTS = 7;

const halves = (body: string) => {
  const parts = body.split('\n\n');
  assert.equal(parts.length, 2, `two paragraphs: ${body}`);
  return { ur: parts[0]!, en: parts[1]! };
};

describe('the short code SMS in Urdu and English', () => {
  it('every one has an Urdu half then an English half, each starting with the service name', () => {
    for (const [name, body] of Object.entries(SMS)) {
      const { ur, en } = halves(body);
      assert.match(ur, /^اجازت: /, name);
      assert.match(en, /^Ijazat: /, name);
      assert.doesNotMatch(en, ARABIC_SCRIPT, `${name}: no Urdu in the English half`);
      assert.doesNotMatch(en, /[\u2066-\u2069]/, `${name}: no isolates in the English half`);
    }
  });

  it('writes Urdu letters, not Arabic ones (ی ک ہ, not ي ك ه), here and in the request SMS', () => {
    const [bank] = seedPartners();
    const purpose = bank!.purposes[0]!;
    const requestSms = [
      passcodeSmsText({ code: '123456', locale: 'ur', partner: bank!, purpose, host: 'localhost', ttlSeconds: 600 }),
      lockAlertSmsText({ locale: 'ur', partner: bank!, purpose }),
    ];
    for (const body of [...Object.values(SMS).map((sms) => halves(sms).ur), ...requestSms])
      assert.doesNotMatch(body, ARABIC_NOT_URDU, body);
  });

  it('keeps a masked mobile in order inside the Urdu half (bidi-isolated), and as is in English', () => {
    for (const name of ['enrolment accepted', 'held, to the new number', 'stopped, to the old number']) {
      const { ur, en } = halves(SMS[name]!);
      assert.ok(ur.includes(`\u2066${MASKED}\u2069`), name);
      assert.ok(en.includes(MASKED), name);
    }
  });

  it('tells the old number, in both languages, which number asked, when it takes effect and how to stop it', () => {
    const { ur, en } = halves(SMS['notice to the old number']!);
    assert.ok(ur.includes('66 پر ختم ہونے والے نمبر'), ur);
    assert.ok(ur.includes('4 دسمبر 2026 کو 14:05 بجے (پاکستانی وقت)'), ur);
    assert.ok(ur.includes('9000 پر NO بھیجیں'), ur);
    assert.match(en, /the number ending 66 .* at 14:05 on 4 December 2026 \(Pakistan time\).* reply NO to 9000/);
  });

  it('says a refused enrolment the same way in both languages: own SIM, the 13 digits, NADRA', () => {
    const { ur, en } = halves(SMS['enrolment refused']!);
    assert.ok(ur.includes('اپنے نام پر جاری سم') && ur.includes('13 ہندسے') && ur.includes('نادرا'), ur);
    assert.ok(en.includes('SIM issued in your own name') && en.includes('13 digits') && en.includes('NADRA'), en);
    // With NADRA's helpline, the same number the widget's "Not received a text message?" path gives.
    for (const half of [ur, en])
      assert.ok(half.includes(`(${half === ur ? 'ہیلپ لائن' : 'helpline'} ${NADRA_HELPLINE})`), half);
  });

  it('states times in Pakistan time in both languages, across a day and a year', () => {
    assert.deepEqual(smsTime(AT), {
      en: '14:05 on 4 December 2026 (Pakistan time)',
      ur: '4 دسمبر 2026 کو 14:05 بجے (پاکستانی وقت)',
    });
    // 20:30 UTC on 31 December is 01:30 on 1 January in Pakistan.
    assert.deepEqual(smsTime(Date.UTC(2026, 11, 31, 20, 30)), {
      en: '01:30 on 1 January 2027 (Pakistan time)',
      ur: '1 جنوری 2027 کو 01:30 بجے (پاکستانی وقت)',
    });
  });

  it(`fits in ${MAX_PARTS} SMS parts and carries no code`, () => {
    for (const [name, body] of Object.entries(SMS)) {
      assert.ok(Math.ceil(body.length / PART) <= MAX_PARTS, `${name}: ${body.length} units`);
      // A passcode is six digits on their own (the CNIC example's 1234567 is not one).
      assert.doesNotMatch(body, /(?<!\d)\d{6}(?!\d)/, name);
    }
  });

  it('takes NO as a citizen may type it: English, Urdu (with Urdu or Arabic letters) or Roman Urdu', () => {
    for (const reply of ['NO', 'no', 'No.', 'no!', 'نہیں', 'نہیں۔', '\u0646\u0647\u064a\u06ba', 'nahi', 'Nahin'])
      assert.ok(isStop(reply), reply);
    for (const other of ['noo', 'no thanks', 'nah', 'نہ', '35202-1111111-1', 'yes', ''])
      assert.ok(!isStop(other), other);
  });
});
