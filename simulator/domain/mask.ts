/** What the citizen may see of a mobile number: enough to recognise the phone, nothing more. */

/** "03001111111" → "03•• •••••11" (first two and last two digits). */
export function maskMobile(mobile: string): string {
  const digits = mobile.replace(/\D/g, '');
  if (digits.length < 6) return '•'.repeat(digits.length);
  const hidden = digits.slice(2, -2).replace(/\d/g, '•');
  const middle = `${hidden.slice(0, 2)} ${hidden.slice(2)}`;
  return `${digits.slice(0, 2)}${middle}${digits.slice(-2)}`;
}
