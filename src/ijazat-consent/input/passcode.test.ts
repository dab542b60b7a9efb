import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeInText, parsePasscode } from './passcode.js';

test('a passcode typed with spaces or hyphens, or in Urdu digits, is 6 digits', () => {
  for (const typed of ['123456', '123 456', '123-456', ' 12 34 56 ', '۱۲۳۴۵۶', '١٢٣٤٥٦']) {
    assert.deepEqual(parsePasscode(typed), { digits: '123456' }, typed);
  }
});

test('a passcode of the wrong shape says what is wrong', () => {
  assert.deepEqual(parsePasscode(''), { issue: 'empty', count: 0 });
  assert.deepEqual(parsePasscode('12345'), { issue: 'length', count: 5 });
  assert.deepEqual(parsePasscode('1234567'), { issue: 'length', count: 7 });
  assert.deepEqual(parsePasscode('12E456'), { issue: 'chars', count: 5 });
});

test('a whole SMS pasted: the one 6-digit number in it, which it holds twice', () => {
  const sms =
    'Ijazat: 482913 is your code to share your CNIC status and full name with Sandbox Bank for account opening. It expires in 10 minutes. Do not share it with anyone.\n\n@localhost #482913';
  assert.equal(codeInText(sms), '482913');
  assert.equal(codeInText('اجازت: ۴۸۲۹۱۳ آپ کا کوڈ ہے\n\n@localhost #482913'), '482913', 'Urdu digits too');
});

test('text with no 6-digit number, or two different ones, names no code', () => {
  for (const text of ['123 456', '12345', '1234567', 'code 123456 or 654321', 'CNIC 3520211111111']) {
    assert.equal(codeInText(text), undefined, text);
  }
});
