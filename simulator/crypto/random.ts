/**
 * Random bytes from the platform's CSPRNG (crypto.getRandomValues), drawn a page at a time: each call
 * costs several microseconds whatever its size, and a flow needs three small draws (request id,
 * passcode, token id). Every byte is handed out once, then overwritten with zeros.
 */
const PAGE = 4096;
let page = new Uint8Array(0);
let used = 0;

export function randomBytes(length: number): Uint8Array {
  if (length > PAGE) return crypto.getRandomValues(new Uint8Array(length));
  if (used + length > page.length) {
    page = crypto.getRandomValues(new Uint8Array(PAGE));
    used = 0;
  }
  const bytes = page.slice(used, used + length);
  page.fill(0, used, used + length);
  used += length;
  return bytes;
}
