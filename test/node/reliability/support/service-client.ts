/**
 * A thin client of the simulated service for the reliability suite: the /v1 API as a partner's page
 * calls it and the /__sim controls a tester uses. Plain fetch, no node: imports, so the same client
 * drives the in-process simulator (MSW setupServer), the HTTP simulator (from a child process) and
 * the browser simulator (service worker).
 */
import { IDEMPOTENCY_KEY_HEADER, PARTNER_KEY_HEADER, paths } from '../../../../src/contract/api.js';
import type { ServiceJson } from '../../../support/service-json.js';

export const BANK = { id: 'prt_sandbox_bank', key: 'pk_test_sandbox_bank', secret: 'sk_test_sandbox_bank' } as const;
export const TELECOM = {
  id: 'prt_sandbox_telecom',
  key: 'pk_test_sandbox_telecom',
  secret: 'sk_test_sandbox_telecom',
} as const;

export const AYESHA = { id: 'cit_ayesha', cnic: '3520211111111', simId: 'sim_ayesha', mobile: '03001111111' } as const;
export const BILAL = { id: 'cit_bilal', cnic: '4210122222222', simId: 'sim_bilal', mobile: '03212222222' } as const;

export interface Answer<T = ServiceJson> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as is (no JSON encoding); wins over `body`. */
  rawBody?: BodyInit;
  headers?: Record<string, string>;
  partnerKey?: string | null;
}

/** A nonce as a partner backend makes one: 128 random bits, base64url. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** The code in a passcode SMS, from its WebOTP line `@host #123456`. */
export function codeInSms(body: string): string | null {
  return /#(\d{6})\s*$/.exec(body)?.[1] ?? null;
}

export class ServiceClient {
  constructor(
    readonly base: string,
    readonly partnerKey: string = BANK.key,
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  withPartner(partnerKey: string): ServiceClient {
    return new ServiceClient(this.base, partnerKey, this.fetchImpl);
  }

  async call<T = ServiceJson>(method: string, path: string, options: CallOptions = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = {};
    const key = options.partnerKey === undefined ? this.partnerKey : options.partnerKey;
    if (key !== null && path.startsWith('/v1/')) headers[PARTNER_KEY_HEADER] = key;
    let body: BodyInit | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    Object.assign(headers, options.headers);
    const response = await this.fetchImpl(`${this.base}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Left as text: the caller's assertion will say what came back.
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  // --- /v1, as the widget calls it --------------------------------------------------------------

  context(purpose = 'account-opening') {
    return this.call('GET', `${paths.context}?purpose=${encodeURIComponent(purpose)}`);
  }

  create(input: { cnic: string; nonce?: string; purpose?: string; locale?: 'en' | 'ur' }, idempotencyKey?: string) {
    const body = {
      purpose: input.purpose ?? 'account-opening',
      nonce: input.nonce ?? newNonce(),
      cnic: input.cnic,
      ...(input.locale ? { locale: input.locale } : {}),
    };
    return this.call('POST', paths.consentRequests, {
      body,
      headers: idempotencyKey ? { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey } : {},
    });
  }

  verify(requestId: string, code: string, idempotencyKey?: string) {
    return this.call('POST', paths.verify(requestId), {
      body: { code },
      headers: idempotencyKey ? { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey } : {},
    });
  }

  resend(requestId: string) {
    return this.call('POST', paths.resend(requestId), { body: {} });
  }

  cancel(requestId: string) {
    return this.call('POST', paths.cancel(requestId), { body: {} });
  }

  request(requestId: string) {
    return this.call('GET', paths.consentRequest(requestId));
  }

  consentStatus(jti: string, secretKey: string) {
    return this.call('GET', paths.consentStatus(jti), {
      partnerKey: null,
      headers: { authorization: `Bearer ${secretKey}` },
    });
  }

  jwks() {
    return this.call<{ keys: JsonWebKey[] }>('GET', paths.jwks);
  }

  // --- /__sim, as a tester drives the sandbox ---------------------------------------------------

  identities() {
    return this.call('GET', '/__sim/identities');
  }

  addCitizen(citizen: {
    cnic: string;
    name: string;
    cardStatus: 'active' | 'expired' | 'cancelled';
    mobile: string | null;
  }) {
    return this.call('POST', '/__sim/identities', { body: citizen });
  }

  messages(simId: string) {
    return this.call<{ messages: { id: string; body: string; direction: 'in' | 'out'; at: string }[] }>(
      'GET',
      `/__sim/sims/${encodeURIComponent(simId)}/messages`,
    );
  }

  /** The code of the newest passcode SMS received by a SIM (null when none arrived yet). */
  async latestCode(simId: string): Promise<string | null> {
    const { body } = await this.messages(simId);
    const received = (body.messages ?? []).filter((m) => m.direction === 'in');
    for (let i = received.length - 1; i >= 0; i--) {
      const code = codeInSms(received[i]!.body);
      if (code) return code;
    }
    return null;
  }

  consents(citizenId: string) {
    return this.call<{ consents: { jti: string; partner: { id: string }; purpose: { id: string }; status: string }[] }>(
      'GET',
      `/__sim/citizens/${encodeURIComponent(citizenId)}/consents`,
    );
  }

  audit() {
    return this.call<{
      entries: {
        seq: number;
        type: string;
        requestId: string | null;
        citizenRef: string | null;
        detail: Record<string, unknown>;
      }[];
      chain: { ok: boolean; brokenAt?: number };
    }>('GET', '/__sim/audit');
  }

  setLimits(patch: Record<string, number>) {
    return this.call('PUT', '/__sim/limits', { body: patch });
  }

  setFaults(patch: Record<string, number>) {
    return this.call('PUT', '/__sim/faults', { body: patch });
  }

  advanceClock(seconds: number) {
    return this.call('POST', '/__sim/clock', { body: { advanceSeconds: seconds } });
  }

  reset() {
    return this.call('POST', '/__sim/reset', { body: {} });
  }
}
