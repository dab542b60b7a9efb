import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { caretAfter, digitsBefore, formatCnic, parseCnic } from './cnic.js';

test('a CNIC typed, pasted with dashes, spaces or Eastern digits parses to 13 digits', () => {
  for (const typed of ['3520211111111', '35202-1111111-1', ' 35202 1111111 1 ', '۳۵۲۰۲-۱۱۱۱۱۱۱-۱', '٣٥٢٠٢١١١١١١١١']) {
    assert.deepEqual(parseCnic(typed), { digits: '3520211111111' }, typed);
  }
});

test('a CNIC of the wrong length reports how many digits were entered', () => {
  assert.deepEqual(parseCnic('35202-111111-1'), { issue: 'length', count: 12 });
  assert.deepEqual(parseCnic(''), { issue: 'empty', count: 0 });
  assert.deepEqual(parseCnic('35202-11111x1-1'), { issue: 'chars', count: 12 });
});

test('formats as typed in 5-7-1 groups', () => {
  assert.equal(formatCnic('3'), '3');
  assert.equal(formatCnic('35202'), '35202');
  assert.equal(formatCnic('352021'), '35202-1');
  assert.equal(formatCnic('352021111111'), '35202-1111111');
  assert.equal(formatCnic('3520211111111'), '35202-1111111-1');
  assert.equal(formatCnic('35202 1111111 1'), '35202-1111111-1');
  assert.equal(formatCnic('۳۵۲۰۲۱'), '35202-1');
  assert.equal(formatCnic('35202-1111111-12'), '35202-1111111-12', 'extra digits are kept, not dropped');
  assert.equal(formatCnic('35202-abc'), '35202-abc', 'text with letters is left for validation to explain');
});

test('formatting never loses or invents digits, and is idempotent', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[0-9 \-]{0,20}$/), (typed) => {
      const formatted = formatCnic(typed);
      assert.equal(formatted.replace(/\D/g, ''), typed.replace(/\D/g, ''));
      assert.equal(formatCnic(formatted), formatted);
    }),
  );
});

test('the caret stays after the same digits when dashes are inserted', () => {
  // "35202|1" typed the 6th digit: caret was after 6 digits, lands after "35202-1".
  assert.equal(caretAfter('35202-1', 6), 7);
  assert.equal(caretAfter('35202-1', 5), 5);
  assert.equal(caretAfter('35202-1', 0), 0);
  assert.equal(digitsBefore('352-0', 4), 3);
  assert.equal(digitsBefore('۳۵۲', 2), 2);
});
