import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asciiDigits, parseDigits, stripSeparators } from './digits.js';

test('Urdu and Arabic-Indic digits read as ASCII digits', () => {
  assert.equal(asciiDigits('۰۱۲۳۴۵۶۷۸۹'), '0123456789');
  assert.equal(asciiDigits('٠١٢٣٤٥٦٧٨٩'), '0123456789');
  assert.equal(asciiDigits('12-۳٤'), '12-34');
});

test('spaces, hyphens and other dashes are ignored', () => {
  assert.equal(stripSeparators(' 12 3-4\u20135\u2212\t6 '), '123456');
});

test('parseDigits says why text is not the expected number', () => {
  assert.deepEqual(parseDigits('', 6), { issue: 'empty', count: 0 });
  assert.deepEqual(parseDigits('  - ', 6), { issue: 'empty', count: 0 });
  assert.deepEqual(parseDigits('12a456', 6), { issue: 'chars', count: 5 });
  assert.deepEqual(parseDigits('12345', 6), { issue: 'length', count: 5 });
  assert.deepEqual(parseDigits('1234567', 6), { issue: 'length', count: 7 });
  assert.deepEqual(parseDigits('۱۲۳ ۴۵۶', 6), { digits: '123456' });
});
