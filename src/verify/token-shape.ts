/**
 * The first check, before any decoding: a consent token is a string of at most 8 KiB (UTF-8 bytes,
 * as it travels in a form post or a header) made of three canonical base64url parts.
 */
import { ConsentTokenError } from './consent-token-error.js';

/** Tokens longer than this, in UTF-8 bytes, are refused before any parsing (TOKEN_ERRORS.token_too_large). */
export const MAX_TOKEN_BYTES = 8 * 1024;

/** base64url characters; the signature part may be empty (alg "none"), refused later by its alg. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Below this many UTF-16 code units a string cannot reach the limit (3 UTF-8 bytes per unit at most). */
const SURELY_SMALL = Math.floor(MAX_TOKEN_BYTES / 3);

/**
 * The string's length in UTF-8 bytes, as TextEncoder would write it (a lone surrogate becomes U+FFFD,
 * 3 bytes). Counted without encoding, and only for strings long enough to be near the limit.
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4; // a surrogate pair: one code point beyond the BMP
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * True when a base64url part is in its one canonical form (no leftover bits set in its last
 * character), so no two different strings can carry the same token: a changed token is always refused.
 */
function canonicalBase64url(part: string): boolean {
  const rest = part.length % 4;
  if (rest === 0) return true;
  if (rest === 1) return false;
  const bits = BASE64URL.indexOf(part[part.length - 1]!);
  return (bits & (rest === 2 ? 0b1111 : 0b11)) === 0;
}

/** Refuses what is not a compact JWS of canonical base64url parts, before any decoding. */
export function checkShape(token: unknown): asserts token is string {
  if (typeof token !== 'string') throw new ConsentTokenError('token_malformed');
  if (token.length > MAX_TOKEN_BYTES || (token.length > SURELY_SMALL && utf8Length(token) > MAX_TOKEN_BYTES))
    throw new ConsentTokenError('token_too_large');
  if (!COMPACT_JWS.test(token) || !token.split('.').every(canonicalBase64url))
    throw new ConsentTokenError('token_malformed');
}
