/**
 * The CNIC a partner holds, as 13 ASCII digits, or null when it is not one. Accepts what partners
 * store: dashes, spaces, and Urdu (U+06F0–06F9) or Arabic-Indic (U+0660–0669) digits.
 */
export function heldCnicDigits(cnic: string): string | null {
  const digits = cnic
    .replace(/[\s\-‐‑–]/g, '')
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660));
  return /^\d{13}$/.test(digits) ? digits : null;
}
