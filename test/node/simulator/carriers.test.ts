/**
 * The same routes reach partners two ways: through MSW (setupServer here, the service worker in the
 * browser) and through the node:http server's own route table. Both must answer every request the
 * same: status, error code, and the headers clients act on.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startSimulatorServer, type SimulatorServer } from '../../../simulator/node.js';
import { AYESHA, BASE, BANK_SK, NONCE, startSandbox, type Sandbox } from './sandbox.js';

const PK = { 'Ijazat-Partner-Key': 'pk_test_sandbox_bank' };
const JSON_PK = { ...PK, 'Content-Type': 'application/json' };

interface Probe {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** A header sent a second time, with another value. */
  repeat?: [string, string];
  body?: string;
}

const PROBES: Probe[] = [
  { name: 'context', method: 'GET', path: '/v1/context?purpose=account-opening', headers: PK },
  { name: 'context, unknown purpose', method: 'GET', path: '/v1/context?purpose=nope', headers: PK },
  {
    name: 'create',
    method: 'POST',
    path: '/v1/consent-requests',
    headers: JSON_PK,
    body: JSON.stringify({ purpose: 'account-opening', nonce: NONCE, cnic: AYESHA }),
  },
  {
    name: 'create, trailing slash',
    method: 'POST',
    path: '/v1/consent-requests/',
    headers: JSON_PK,
    body: JSON.stringify({ purpose: 'account-opening', nonce: NONCE, cnic: '4210122222222' }),
  },
  {
    name: 'create, no key',
    method: 'POST',
    path: '/v1/consent-requests',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  },
  {
    name: 'create, unknown key',
    method: 'POST',
    path: '/v1/consent-requests',
    headers: { 'Ijazat-Partner-Key': 'pk_nope', 'Content-Type': 'application/json' },
    body: '{}',
  },
  { name: 'create, not JSON', method: 'POST', path: '/v1/consent-requests', headers: JSON_PK, body: '{"purpose":' },
  {
    name: 'create, text/plain',
    method: 'POST',
    path: '/v1/consent-requests',
    headers: { ...PK, 'Content-Type': 'text/plain' },
    body: '{}',
  },
  {
    name: 'create, two Content-Types',
    method: 'POST',
    path: '/v1/consent-requests',
    headers: { ...PK, 'Content-Type': 'application/json' },
    repeat: ['Content-Type', 'text/plain'],
    body: '{}',
  },
  {
    name: 'create, bad CNIC',
    method: 'POST',
    path: '/v1/consent-requests',
    headers: JSON_PK,
    body: JSON.stringify({ purpose: 'account-opening', nonce: NONCE, cnic: '123' }),
  },
  {
    name: 'create, bad Idempotency-Key',
    method: 'POST',
    path: '/v1/consent-requests',
    headers: { ...JSON_PK, 'Idempotency-Key': 'é' },
    body: '{}',
  },
  { name: 'create, wrong method', method: 'PUT', path: '/v1/consent-requests', headers: JSON_PK, body: '{}' },
  { name: 'unknown request', method: 'GET', path: '/v1/consent-requests/req_nope', headers: PK },
  { name: 'percent-encoded id', method: 'GET', path: '/v1/consent-requests/req%5Fnope', headers: PK },
  { name: 'malformed percent-encoding', method: 'GET', path: '/v1/consent-requests/%zz', headers: PK },
  {
    name: 'verify, unknown request',
    method: 'POST',
    path: '/v1/consent-requests/req_nope/verify',
    headers: JSON_PK,
    body: JSON.stringify({ code: '123456' }),
  },
  {
    name: 'verify, bad code',
    method: 'POST',
    path: '/v1/consent-requests/req_nope/verify',
    headers: JSON_PK,
    body: JSON.stringify({ code: '12' }),
  },
  { name: 'cancel, empty body', method: 'POST', path: '/v1/consent-requests/req_nope/cancel', headers: PK },
  { name: 'consent status, no secret', method: 'GET', path: '/v1/consents/jti_nope' },
  {
    name: 'consent status, unknown',
    method: 'GET',
    path: '/v1/consents/jti_nope',
    headers: { Authorization: `Bearer ${BANK_SK}` },
  },
  { name: 'unknown API path', method: 'GET', path: '/v1/nothing-here', headers: PK },
  { name: 'the /v1 root', method: 'GET', path: '/v1' },
  { name: 'JWKS, wrong method', method: 'POST', path: '/.well-known/jwks.json', body: '' },
  { name: 'identities', method: 'GET', path: '/__sim/identities' },
  { name: 'an inbox', method: 'GET', path: '/__sim/sims/sim_bilal/messages' },
  { name: 'an unknown inbox', method: 'GET', path: '/__sim/sims/sim_nope/messages' },
  {
    name: 'limits, bad patch',
    method: 'PUT',
    path: '/__sim/limits',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ maxAttempts: -1 }),
  },
  { name: 'clock', method: 'GET', path: '/__sim/clock' },
  { name: 'unknown sandbox path', method: 'DELETE', path: '/__sim/identities' },
];

interface Seen {
  status: number;
  code: string | null;
  headers: Record<string, string | null>;
  keys: string[];
}

/** Over a socket, with a repeated header sent as two header lines (fetch would join them into one). */
function twoLines(
  url: string,
  { method, headers = {}, repeat, body }: Probe,
): Promise<{ status: number; headers: Headers; text: string }> {
  const [name, value] = repeat!;
  const lines: Record<string, string | string[]> = { ...headers };
  lines[name] = [lines[name] as string, value];
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: lines }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: new Headers(res.headers as Record<string, string>), text }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function probe(base: string, request: Probe): Promise<Seen> {
  const { method, path, headers = {}, repeat, body } = request;
  let response: { status: number; headers: Headers; text(): Promise<string> | string };
  if (repeat && base !== BASE) {
    const raw = await twoLines(`${base}${path}`, request);
    response = { ...raw, text: () => raw.text };
  } else {
    const sent = new Headers(headers);
    if (repeat) sent.append(...repeat);
    response = await fetch(`${base}${path}`, {
      method,
      headers: sent,
      ...(body !== undefined && method !== 'GET' ? { body } : {}),
    });
  }
  const json = JSON.parse(await response.text());
  return {
    status: response.status,
    code: json?.error?.code ?? null,
    headers: Object.fromEntries(
      ['content-type', 'cache-control', 'allow', 'retry-after'].map((name) => [name, response.headers.get(name)]),
    ),
    keys: Object.keys(json?.error ?? json).sort(),
  };
}

describe('MSW and node:http carry the routes the same way', () => {
  let sandbox: Sandbox;
  let server: SimulatorServer;
  before(async () => {
    sandbox = await startSandbox();
    server = await startSimulatorServer({ port: 0 });
  });
  after(async () => {
    await server.close();
    await sandbox.close();
  });

  for (const request of PROBES) {
    it(request.name, async () => {
      const viaMsw = await probe(BASE, request);
      const viaHttp = await probe(server.url, request);
      assert.deepEqual(viaHttp, viaMsw);
    });
  }

  it('a fault drops the connection on both', async () => {
    for (const base of [BASE, server.url]) {
      const put = await fetch(`${base}/__sim/faults`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ dropRate: 1 }),
      });
      assert.equal(put.status, 200);
      await assert.rejects(fetch(`${base}/v1/context?purpose=account-opening`, { headers: PK }), TypeError, base);
      await fetch(`${base}/__sim/faults`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ dropRate: 0 }),
      });
    }
  });
});
