/**
 * Test fixture: a fresh simulator behind MSW's setupServer, and a tiny client that calls it with plain
 * fetch as the widget and partner backends do. Not a test file itself.
 */
import { setupSimulatorServer, type Simulator } from '../../../simulator/node.js';
import type { Limits } from '../../../simulator/limits.js';
import { DEFAULT_API_BASE } from '../../../src/contract/api.js';
import type { ServiceJson } from '../../support/service-json.js';

export const BASE = DEFAULT_API_BASE;
export const BANK_PK = 'pk_test_sandbox_bank';
export const BANK_SK = 'sk_test_sandbox_bank';
export const TELECOM_PK = 'pk_test_sandbox_telecom';
export const AYESHA = '3520211111111';
export const BILAL = '4210122222222';
export const NONCE = 'n0nce-for-tests-0123456789abcdef';

export interface Reply<T = ServiceJson> {
  status: number;
  headers: Headers;
  body: T;
}

export async function call<T = ServiceJson>(
  method: string,
  path: string,
  options: { body?: unknown; raw?: BodyInit; headers?: Record<string, string>; key?: string | null } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== null) headers['Ijazat-Partner-Key'] ??= options.key ?? BANK_PK;
  let body: BodyInit | undefined = options.raw;
  if (options.body !== undefined) {
    headers['Content-Type'] ??= 'application/json';
    body = JSON.stringify(options.body);
  }
  // A sandbox state change without a body still says JSON, as /__sim requires (CSRF guard).
  if (path.startsWith('/__sim') && (method === 'POST' || method === 'PUT'))
    headers['Content-Type'] ??= 'application/json';
  const response = await fetch(`${BASE}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

export interface Sandbox {
  simulator: Simulator;
  close(): Promise<void>;
}

export async function startSandbox(limits?: Partial<Limits>): Promise<Sandbox> {
  const { server, simulator } = await setupSimulatorServer(limits ? { limits } : {});
  server.listen({ onUnhandledRequest: 'error' });
  return {
    simulator,
    async close() {
      server.close();
      await simulator.close();
    },
  };
}

/** The newest passcode in a SIM's inbox, read the way a citizen reads their phone. */
export async function latestCode(simId: string): Promise<string> {
  const { body } = await call('GET', `/__sim/sims/${simId}/messages`, { key: null });
  const last = [...body.messages]
    .reverse()
    .find((m: { direction: string; body: string }) => m.direction === 'in' && /#\d{6}$/.test(m.body));
  if (!last) throw new Error(`no passcode SMS for ${simId}`);
  return /#(\d{6})$/.exec(last.body)![1]!;
}

export function createRequest(
  cnic = AYESHA,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  return call('POST', '/v1/consent-requests', {
    body: { purpose: 'account-opening', nonce: NONCE, cnic, ...extra },
    headers,
  });
}

export const verify = (id: string, code: string, headers: Record<string, string> = {}) =>
  call('POST', `/v1/consent-requests/${id}/verify`, { body: { code }, headers });

export const advance = (advanceSeconds: number) =>
  call('POST', '/__sim/clock', { body: { advanceSeconds }, key: null });

/** A code that is not `code`. */
export const otherCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

/** Everything stored, for "a rejected request changes nothing" checks. */
export async function storedState(simulator: Simulator): Promise<string> {
  return JSON.stringify(await simulator.records());
}
