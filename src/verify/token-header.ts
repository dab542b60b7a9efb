/**
 * What the token's protected header must say: `typ` is consent+jwt, and why a header jose refused
 * is refused. jose pins `alg` itself; these run only where jose leaves the decision to us.
 */
import { base64url } from 'jose';
import { TOKEN_TYPE } from '../contract/schemas.js';
import type { TokenErrorCode } from '../contract/errors.js';

const decoder = new TextDecoder();

export function typeIsConsentJwt(typ: unknown): boolean {
  if (typeof typ !== 'string') return false;
  const type = typ.toLowerCase();
  // RFC 8725 §3.11 / RFC 7515: the "application/" prefix may be present or omitted.
  return type === TOKEN_TYPE || type === `application/${TOKEN_TYPE}`;
}

/**
 * The code for a header jose found invalid (JWSInvalid): a JSON object whose `alg` is missing, empty or
 * not a string is a token not signed with ES256 (token_alg_not_allowed, as documented); anything else,
 * such as a header that is not JSON, is token_malformed. Runs only on refusals, never on the hot path.
 */
export function invalidHeaderCode(token: string): TokenErrorCode {
  let header: unknown;
  try {
    header = JSON.parse(decoder.decode(base64url.decode(token.slice(0, token.indexOf('.')))));
  } catch {
    return 'token_malformed';
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return 'token_malformed';
  const named = 'alg' in header && typeof header.alg === 'string' && header.alg !== '';
  return named ? 'token_malformed' : 'token_alg_not_allowed';
}
