/** CNIC numbers as citizens type, paste and read them: 13 digits shown as 12345-1234567-1. */
import { asciiDigits, parseDigits, stripSeparators } from './digits.js';

export const CNIC_LENGTH = 13;

/** 13 ASCII digits, or why the text is not a CNIC number (empty, other characters, digit count). */
export const parseCnic = (text: string) => parseDigits(text, CNIC_LENGTH);

/**
 * Formats as typed: digits in groups 5-7-1, extra digits kept (so "you entered 14" stays true).
 * Text with anything but digits and separators is left alone: validation explains it on submit.
 */
export function formatCnic(text: string): string {
  const digits = stripSeparators(text);
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
