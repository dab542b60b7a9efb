/**
 * Raw ES256 signing with jose's SignJWT, as the bench's ceiling: the same key kind as the simulator
 * (WebCrypto P-256, non-extractable) and claims of the same shape as a consent token.
 */
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';

export async function consentJwtSigner(): Promise<() => Promise<string>> {
  const { privateKey } = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ]);
  const kid = randomBytes(32).toString('base64url');
  const nonce = randomBytes(18).toString('base64url');
  return () => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      nonce,
      purpose: 'status-check',
      shared: { cnic_status: 'active' },
      cnic_digest: randomBytes(32).toString('base64url'),
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'consent+jwt', kid })
      .setIssuer('urn:ijazat:sandbox')
      .setAudience('prt_sandbox_bank')
      .setSubject(randomBytes(24).toString('base64url'))
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .setJti(randomBytes(16).toString('base64url'))
      .sign(privateKey);
  };
}
