import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SERVICE_ERRORS, WIDGET_ERRORS, type ErrorCode } from '../../contract/errors.js';
import enWording from '../../contract/wording/en.js';
import urWording from '../../contract/wording/ur.js';
import builtInEn from './en.js';
import { messageFor } from './message-for.js';
import type { Translation } from './translation.js';
import builtInUr from './ur.js';

/** The words as the widget has them once the service's wording has arrived. */
const en: Translation = { ...enWording, ...builtInEn };
const ur: Translation = { ...urWording, ...builtInUr };

const codes = [...Object.keys(SERVICE_ERRORS), ...Object.keys(WIDGET_ERRORS)] as ErrorCode[];
/** The message as read, without the bidi isolates around values. */
const read = (...args: Parameters<typeof messageFor>) => messageFor(...args).replace(/[\u2066-\u2069]/g, '');

test('every error code has words in English and Urdu, with no placeholder left unfilled', () => {
  for (const code of codes)
    for (const words of [en, ur]) {
      const text = read({ code, attemptsLeft: 2, retryAfterSeconds: 75 }, words);
      assert.ok(text.length > 0, `${words.$code} ${code}`);
      assert.doesNotMatch(text, /[{}]|undefined/, `${words.$code} ${code}: ${text}`);
    }
});

test('a wrong code says how many attempts are left', () => {
  assert.equal(read({ code: 'wrong_code', attemptsLeft: 3 }, en), 'That code is not right. Attempts left: 3.');
  assert.equal(read({ code: 'wrong_code', attemptsLeft: 3 }, ur), 'یہ کوڈ درست نہیں۔ باقی کوششیں: 3۔');
});

test("the CNIC's limits and back-off say the minute they end, on the citizen's own clock", () => {
  const now = new Date(2026, 11, 3, 14, 3, 20).getTime();
  for (const code of ['sms_limit_reached', 'cnic_backoff'] as const)
    assert.match(
      read({ code, retryAfterSeconds: 999 }, en, 125, now),
      /^Too many attempts with this CNIC\. You can try again at 2:06\sPM\.$/,
      code,
    );
  assert.match(
    read({ code: 'request_locked' }, en, 40, now),
    /^Too many wrong codes: this request is locked\. You can start again at 2:04\sPM\.$/,
  );
});

test('a new code asked for too soon says when one can be sent', () => {
  assert.equal(read({ code: 'resend_too_soon', retryAfterSeconds: 25 }, en, 25), 'New code available in 0:25.');
});

test("the partner's own rate limit is the service being busy, not the citizen's attempts", () => {
  assert.equal(
    read({ code: 'rate_limited', retryAfterSeconds: 30 }, en),
    'The service is busy. Try again in a moment.',
  );
  assert.equal(read({ code: 'rate_limited' }, ur), 'سروس اس وقت مصروف ہے۔ تھوڑی دیر بعد دوبارہ کوشش کریں۔');
});

test('a lost or failed call asks to check the connection', () => {
  for (const code of ['network_error', 'timeout', 'service_unavailable', 'internal_error', 'invalid_response'] as const)
    assert.equal(read({ code }, en), 'The service did not answer. Check your connection and try again.', code);
});

test('what the citizen typed: each field and issue has its own words, with the count', () => {
  assert.equal(
    read({ code: 'invalid_cnic', field: 'cnic', issue: 'length', count: 12 }, en),
    'A CNIC number has 13 digits; you entered 12',
  );
  assert.equal(read({ code: 'invalid_cnic', field: 'cnic', issue: 'empty', count: 0 }, en), 'Enter your CNIC number');
  assert.equal(
    read({ code: 'invalid_code', field: 'code', issue: 'chars', count: 5 }, en),
    'Enter the code using digits only',
  );
  assert.equal(
    read({ code: 'invalid_code', field: 'code', issue: 'length', count: 7 }, ur),
    'کوڈ 6 ہندسوں کا ہوتا ہے؛ آپ نے 7 درج کیے',
  );
});

test("a partner's override of the words is what the citizen reads", () => {
  assert.equal(read({ code: 'wrong_code', attemptsLeft: 2 }, { ...en, wrong_code: 'Not that one.' }), 'Not that one.');
});

test('values are bidi-isolated: numbers left-to-right, words by their first strong letter', () => {
  assert.equal(
    messageFor({ code: 'wrong_code', attemptsLeft: 4 }, ur),
    'یہ کوڈ درست نہیں۔ باقی کوششیں: \u20664\u2069۔',
  );
});
