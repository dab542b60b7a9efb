/**
 * Digits as citizens type them: ASCII, Urdu (U+06F0–06F9, Extended Arabic-Indic) or Arabic-Indic
 * (U+0660–0669). Both Eastern sets end in their value in the low nibble, so one mask converts them.
 */
export const asciiDigits = (text: string): string =>
  text.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (digit) => String(digit.charCodeAt(0) & 15));

/** What a reference number reads as once spaces and hyphens (any dash) are ignored. */
export const stripSeparators = (text: string): string => asciiDigits(text).replace(/[\s\-\u2010-\u2015\u2212]/g, '');

export type DigitsIssue = 'empty' | 'chars' | 'length';

/** Checks a typed reference number against an exact digit count: digits, or why not (with the count). */
export function parseDigits(text: string, length: number): { digits: string } | { issue: DigitsIssue; count: number } {
  const compact = stripSeparators(text);
  const count = compact.replace(/\D/g, '').length;
  if (!compact) return { issue: 'empty', count };
  if (/\D/.test(compact)) return { issue: 'chars', count };
  return count === length ? { digits: compact } : { issue: 'length', count };
}
