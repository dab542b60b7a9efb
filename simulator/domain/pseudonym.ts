/**
 * Pairwise pseudonyms: the token's `sub` is stable for one citizen and one partner and unrelated
 * across partners, so partners cannot join their records on it. The audit log's citizen reference is
 * derived the same way under its own label, so the log never holds a CNIC.
 */
import { toBase64url } from './base64url.js';

const encoder = new TextEncoder();

export async function pairwiseSubject(key: CryptoKey, partnerId: string, cnic13: string): Promise<string> {
  return toBase64url(await crypto.subtle.sign('HMAC', key, encoder.encode(`ijazat-sub:${partnerId}:${cnic13}`)));
}

export async function auditCitizenRef(key: CryptoKey, cnic13: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`ijazat-audit:${cnic13}`));
  return `ref_${toBase64url(mac).slice(0, 22)}`;
}
