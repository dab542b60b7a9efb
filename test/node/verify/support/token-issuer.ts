/**
 * A test issuer of consent tokens: real ES256 keys and real jose signing, so the verify helper is
 * tested against tokens built the way the service builds them (and against forgeries built the way an
 * attacker would).
 */
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose';
import { cnicDigest } from '../../../../src/contract/cnic-digest.js';
import { SANDBOX_ISSUER } from '../../../../src/contract/api.js';
import { toLowS, twinSignature } from '../../../../src/contract/es256-signature.js';

export const PARTNER_ID = 'prt_sandbox_bank';
export const PURPOSE = 'account-opening';
export const AYESHA_CNIC = '35202-1111111-1';
export const AYESHA_DIGITS = '3520211111111';

export interface TestIssuer {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
  jwks: JSONWebKeySet;
}

export async function createTestIssuer(kid = `kid_${randomBytes(6).toString('hex')}`): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return { kid, privateKey, publicKey, publicJwk, jwks: { keys: [publicJwk] } };
}

/** 256 random bits, base64url: what a partner backend puts on the tag. */
export function newNonce(): string {
  return randomBytes(32).toString('base64url');
}

/** The claims the service would sign for Ayesha consenting to Sandbox Bank's account opening. */
export async function validClaims(
  nonce: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<JWTPayload & Record<string, unknown>> {
  return {
    iss: SANDBOX_ISSUER,
    aud: PARTNER_ID,
    sub: `sub_${randomBytes(16).toString('base64url')}`,
    iat: nowSeconds,
    exp: nowSeconds + 600,
    jti: `jti_${randomBytes(16).toString('base64url')}`,
    nonce,
    purpose: PURPOSE,
    shared: { cnic_status: 'active', full_name: 'Ayesha Raza' },
    cnic_digest: await cnicDigest(AYESHA_DIGITS, nonce),
  };
}

/**
 * Signs claims as the service does, in low-S form (jose leaves s as ECDSA drew it, in either half);
 * `header` overrides or adds protected header parameters.
 */
export async function sign(
  issuer: TestIssuer,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
): Promise<string> {
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', typ: 'consent+jwt', kid: issuer.kid, ...header })
    .sign(issuer.privateKey);
  return withLowS(token);
}

/** The same token with its signature in canonical low-S form. */
export function withLowS(token: string): string {
  const cut = token.lastIndexOf('.') + 1;
  return token.slice(0, cut) + b64url(toLowS(Buffer.from(token.slice(cut), 'base64url')));
}

/** The same token with its signature's twin (r, n − s): verifies under the same key, a second string. */
export function withTwinSignature(token: string): string {
  const cut = token.lastIndexOf('.') + 1;
  return token.slice(0, cut) + b64url(twinSignature(Buffer.from(token.slice(cut), 'base64url')));
}

/**
 * Signs any header and claims by hand with the issuer's key (low-S), for headers jose refuses to
 * write, such as one without `alg`.
 */
export async function signRaw(issuer: TestIssuer, header: unknown, claims: unknown): Promise<string> {
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = await crypto.subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    issuer.privateKey,
    new TextEncoder().encode(signingInput),
  );
  return `${signingInput}.${b64url(toLowS(new Uint8Array(signature)))}`;
}

export const b64url = (value: string | Uint8Array) => Buffer.from(value).toString('base64url');
