/** The consent token: a compact JWS (ES256, typ consent+jwt) carrying ConsentClaims. */
import { SignJWT } from 'jose';
import { TOKEN_ALG, TOKEN_TYPE, type ConsentClaims } from '../../src/contract/schemas.js';
import type { SigningKeyRecord } from '../store/schema.js';

export async function signConsentToken(claims: ConsentClaims, key: SigningKeyRecord): Promise<string> {
  const { iss, aud, sub, iat, exp, jti, ...rest } = claims;
  return new SignJWT(rest)
    .setProtectedHeader({ alg: TOKEN_ALG, typ: TOKEN_TYPE, kid: key.kid })
    .setIssuer(iss)
    .setAudience(aud)
    .setSubject(sub)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(jti)
    .sign(key.privateKey);
}
