/**
 * Compares two strings without stopping at the first differing character, so the time taken does not
 * tell an attacker how much of a guessed nonce was right. (Lengths may differ in time; they are not
 * secret.) UTF-16 code units: no encoding step on the hot path.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const length = Math.max(a.length, b.length);
  let difference = a.length ^ b.length;
  for (let i = 0; i < length; i++) difference |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return difference === 0;
}
