/**
 * A citizen giving consent through the HTTP simulator, exactly as the widget does it: create a consent
 * request with the partner's nonce, read the passcode from the SIM's inbox, enter it, get the token.
 */
import { PARTNER_KEY_HEADER, paths } from '../../../../src/contract/api.js';
import type { ServiceJson } from '../../../support/service-json.js';

export const SANDBOX_BANK = { id: 'prt_sandbox_bank', key: 'pk_test_sandbox_bank' } as const;
export const AYESHA = { cnic: '35202-1111111-1', digits: '3520211111111', simId: 'sim_ayesha' } as const;

async function call(base: string, method: string, path: string, body?: unknown, origin?: string): Promise<ServiceJson> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      [PARTNER_KEY_HEADER]: SANDBOX_BANK.key,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      // The partner page's origin, as the browser sends it on the widget's cross-origin calls.
      ...(origin ? { origin } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

export async function consentToken(
  base: string,
  input: { nonce: string; purpose?: string; cnic?: string; simId?: string; origin?: string },
): Promise<string> {
  const request = await call(
    base,
    'POST',
    paths.consentRequests,
    { purpose: input.purpose ?? 'account-opening', nonce: input.nonce, cnic: input.cnic ?? AYESHA.digits },
    input.origin,
  );
  const { messages } = await call(base, 'GET', `/__sim/sims/${input.simId ?? AYESHA.simId}/messages`);
  const code = /#(\d{6})\s*$/.exec(messages.at(-1).body)?.[1];
  if (!code) throw new Error('no passcode SMS arrived');
  const grant = await call(base, 'POST', paths.verify(request.id), { code }, input.origin);
  return grant.token;
}
