/**
 * The CNIC module, example by example and as properties (fast-check): every digit script, every dash,
 * spaces, formatting, the caret, and base64url. The widget, the verify helper and the simulator all
 * read CNICs through these functions, so these tests cover what each of them accepts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { fromBase64url, toBase64url } from './base64url.js';
import {
  asciiDigits,
  caretAfter,
  cnicDigits,
  digitsBefore,
  formatCnic,
  parseCnic,
  parseDigits,
  withoutSeparators,
} from './cnic.js';

const DIGIT_ZEROS = { ascii: 0x30, urdu: 0x06f0, arabicIndic: 0x0660 };
const DASHES = ['-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212'];
/** A CNIC's 13 digits, written in any mix of the three digit scripts. */
const anyScript = (digits: string) =>
  fc
    .array(fc.constantFrom(...Object.values(DIGIT_ZEROS)), { minLength: digits.length, maxLength: digits.length })
    .map((zeros) => [...digits].map((digit, i) => String.fromCharCode(zeros[i]! + Number(digit))).join(''));
const separator = fc.constantFrom('', ' ', '\t', ' - ', ...DASHES);
const cnic13 = fc.stringMatching(/^[0-9]{13}$/);

test('Urdu and Arabic-Indic digits read as ASCII digits', () => {
  assert.equal(asciiDigits('۰۱۲۳۴۵۶۷۸۹'), '0123456789');
  assert.equal(asciiDigits('٠١٢٣٤٥٦٧٨٩'), '0123456789');
  assert.equal(asciiDigits('12-۳٤'), '12-34');
});

test('spaces, hyphens and every dash (U+2010–2015, U+2212) are ignored', () => {
  assert.equal(withoutSeparators(' 12 3-4\u20135\u2212\t6\u20157 '), '1234567');
});

test('parseDigits says why text is not the expected number', () => {
  assert.deepEqual(parseDigits('', 6), { issue: 'empty', count: 0 });
  assert.deepEqual(parseDigits('  - ', 6), { issue: 'empty', count: 0 });
  assert.deepEqual(parseDigits('12a456', 6), { issue: 'chars', count: 5 });
  assert.deepEqual(parseDigits('12345', 6), { issue: 'length', count: 5 });
  assert.deepEqual(parseDigits('1234567', 6), { issue: 'length', count: 7 });
});

test('a CNIC in any digit script, with any separators between its groups, is its 13 ASCII digits', () => {
  fc.assert(
    fc.property(
      cnic13.chain((digits) => fc.tuple(fc.constant(digits), anyScript(digits), separator, separator, separator)),
      ([digits, written, before, middle, after]) => {
        const typed = `${before}${written.slice(0, 5)}${middle}${written.slice(5, 12)}${middle}${written.slice(12)}${after}`;
        assert.deepEqual(parseCnic(typed), { digits });
        assert.equal(cnicDigits(typed), digits);
        assert.equal(formatCnic(typed), `${digits.slice(0, 5)}-${digits.slice(5, 12)}-${digits.slice(12)}`);
      },
    ),
  );
});

test('text with anything but digits and separators is not a CNIC, and formatting leaves it alone', () => {
  fc.assert(
    fc.property(cnic13, fc.nat(13), fc.constantFrom('x', '.', '/', '+', 'O', '\u0966'), (digits, at, junk) => {
      const typed = digits.slice(0, at) + junk + digits.slice(at);
      assert.equal(cnicDigits(typed), null);
      assert.deepEqual(parseCnic(typed), { issue: 'chars', count: digits.length });
      assert.equal(formatCnic(typed), typed);
    }),
  );
});

test('12 or 14 digits are not a CNIC: the count says how many were entered', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^([0-9]{12}|[0-9]{14})$/), (digits) => {
      assert.equal(cnicDigits(digits), null);
      assert.deepEqual(parseCnic(digits), { issue: 'length', count: digits.length });
    }),
  );
});

test('base64url round-trips any bytes, without padding or + and /', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
      const text = toBase64url(bytes);
      assert.match(text, /^[A-Za-z0-9_-]*$/);
      assert.equal(text, Buffer.from(bytes).toString('base64url'));
      assert.deepEqual([...fromBase64url(text)], [...bytes]);
    }),
  );
});

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
    fc.property(fc.stringMatching(/^[0-9 -]{0,20}$/), (typed) => {
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
