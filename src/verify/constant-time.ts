const encoder = new TextEncoder();

/**
 * Compares two strings without stopping at the first differing byte, so the time taken does not tell
 * an attacker how much of a guessed nonce was right. (Lengths may differ in time; they are not secret.)
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const length = Math.max(x.length, y.length);
  let difference = x.length ^ y.length;
  for (let i = 0; i < length; i++) difference |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return difference === 0;
}
