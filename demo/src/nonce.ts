/**
 * A session nonce as a partner's backend would make it: 128 random bits from a CSPRNG, base64url
 * (22 characters, the smallest the service accepts). The demo makes it in the page, on each load.
 */
export function makeNonce(bytes = 16): string {
  const random = crypto.getRandomValues(new Uint8Array(bytes));
  let binary = '';
  for (const byte of random) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
