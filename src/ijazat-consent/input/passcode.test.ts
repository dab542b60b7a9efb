import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePasscode } from './passcode.js';

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
