/**
 * Pairwise pseudonyms: the token's `sub` is stable for one citizen and one partner and unrelated
 * across partners, so partners cannot join their records on it. The audit log's citizen reference is
 * derived the same way under its own label, so the log never holds a CNIC.
 */
import { hmacSha256 } from '../crypto/backend.js';
import { toBase64url } from '../../src/contract/base64url.js';

export async function pairwiseSubject(key: CryptoKey, partnerId: string, cnic13: string): Promise<string> {
  return toBase64url(await hmacSha256(key, `ijazat-sub:${partnerId}:${cnic13}`));
}

export async function auditCitizenRef(key: CryptoKey, cnic13: string): Promise<string> {
  const mac = await hmacSha256(key, `ijazat-audit:${cnic13}`);
  return `ref_${toBase64url(mac).slice(0, 22)}`;
}
