/** The SMS passcode as typed, pasted or autofilled: spaces and hyphens ignored, any digit set. */
import { asciiDigits, parseDigits } from '../../contract/cnic.js';

export const PASSCODE_LENGTH = 6;

export const parsePasscode = (text: string) => parseDigits(text, PASSCODE_LENGTH);

/**
 * A whole SMS pasted into the code field: its code, when the text holds exactly one distinct 6-digit
 * number (the SMS carries it twice, once on its WebOTP line), else undefined.
 */
export function codeInText(text: string): string | undefined {
  const codes = new Set(asciiDigits(text).match(/(?<!\d)\d{6}(?!\d)/g));
  return codes.size === 1 ? [...codes][0] : undefined;
}
