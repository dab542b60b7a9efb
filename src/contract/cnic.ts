/**
 * CNIC numbers as citizens type, paste and read them, and as partners store them: the one module the
 * widget, the verify helper, the simulator and the demo use. Plain functions with no dependencies,
 * so the widget's bundle carries only the ones it calls.
 *
 * Digits: ASCII, Urdu (U+06F0–06F9, Extended Arabic-Indic) or Arabic-Indic (U+0660–0669), mixed as
 * they come. Separators, ignored: whitespace and dashes (hyphen-minus, U+2010–2015, U+2212 minus).
 * Shown as 12345-1234567-1.
 */
export const CNIC_LENGTH = 13;

/** Both Eastern digit sets end in their value in the low nibble, so one mask converts them. */
export const asciiDigits = (text: string): string =>
  text.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (digit) => String(digit.charCodeAt(0) & 15));

/** What a reference number (a CNIC, an SMS code) reads as once spaces and dashes are ignored. */
export const withoutSeparators = (text: string): string => asciiDigits(text).replace(/[\s\-\u2010-\u2015\u2212]/g, '');

export type DigitsIssue = 'empty' | 'chars' | 'length';

/** Checks a typed reference number against an exact digit count: digits, or why not (with the count). */
export function parseDigits(text: string, length: number): { digits: string } | { issue: DigitsIssue; count: number } {
  const compact = withoutSeparators(text);
  const count = compact.replace(/\D/g, '').length;
  if (!compact) return { issue: 'empty', count };
  if (/\D/.test(compact)) return { issue: 'chars', count };
  return count === length ? { digits: compact } : { issue: 'length', count };
}

/** 13 ASCII digits, or why the text is not a CNIC number (empty, other characters, digit count). */
export const parseCnic = (text: string) => parseDigits(text, CNIC_LENGTH);

/** The CNIC's 13 ASCII digits, or null when the text is not a CNIC number (a partner's stored value, an SMS). */
export function cnicDigits(text: string): string | null {
  const parsed = parseCnic(text);
  return 'digits' in parsed ? parsed.digits : null;
}

/**
 * Formats as typed: digits in groups 5-7-1, extra digits kept (so "you entered 14" stays true); a
 * CNIC's 13 digits read 12345-1234567-1. Text with anything but digits and separators is left alone:
 * validation explains it.
 */
export function formatCnic(text: string): string {
  const digits = withoutSeparators(text);
  if (/\D/.test(digits)) return text;
  return [digits.slice(0, 5), digits.slice(5, 12), digits.slice(12)].filter(Boolean).join('-');
}

/** Where the caret goes after formatting: just after the same number of digits as before. */
export function caretAfter(formatted: string, digitsBefore: number): number {
  if (digitsBefore <= 0) return 0;
  let seen = 0;
  for (let i = 0; i < formatted.length; i++) if (/\d/.test(formatted[i]!) && ++seen === digitsBefore) return i + 1;
  return formatted.length;
}

/** How many digits precede position `at` in the text as typed (any digit set). */
export const digitsBefore = (text: string, at: number): number =>
  asciiDigits(text.slice(0, at)).replace(/\D/g, '').length;
