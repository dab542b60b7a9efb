/** The SMS passcode as typed, pasted or autofilled: spaces and hyphens ignored, any digit set. */
import { parseDigits } from '../../contract/cnic.js';

export const PASSCODE_LENGTH = 6;

export const parsePasscode = (text: string) => parseDigits(text, PASSCODE_LENGTH);
