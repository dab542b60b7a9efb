import { toBase64url } from '../../src/contract/base64url.js';
import { randomBytes } from '../crypto/random.js';

/** `bytes` random bytes from the CSPRNG, base64url: the simulator's ids and keys. */
export function randomId(bytes = 16): string {
  return toBase64url(randomBytes(bytes));
}
