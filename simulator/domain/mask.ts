/** What the citizen may see of a mobile number: enough to recognise the phone, nothing more. */

/** "03001111111" → "03•• •••••11" (first two and last two digits). */
export function maskMobile(mobile: string): string {
  const digits = mobile.replace(/\D/g, '');
  if (digits.length < 6) return '•'.repeat(digits.length);
  const hidden = digits.slice(2, -2).replace(/\d/g, '•');
  const middle = `${hidden.slice(0, 2)} ${hidden.slice(2)}`;
  return `${digits.slice(0, 2)}${middle}${digits.slice(-2)}`;
}

/** "3520211111111" → "35202-1111111-1": how CNICs are written for people. */
export function formatCnic(cnic13: string): string {
  return `${cnic13.slice(0, 5)}-${cnic13.slice(5, 12)}-${cnic13.slice(12)}`;
}

/** Digits only: accepts "35202-1111111-1" and "35202 1111111 1". */
export function cnicDigits(text: string): string | null {
  const digits = text.replace(/[\s-]/g, '');
  return /^\d{13}$/.test(digits) ? digits : null;
}
