import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { request as httpRequest } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { startSimulatorServer, type SimulatorServer } from '../../../simulator/node.js';
import { AYESHA, NONCE } from './sandbox.js';
import type { ServiceJson } from '../../support/service-json.js';
import { startCliSimulator } from '../support/cli-simulator.js';

const PK = { 'Ijazat-Partner-Key': 'pk_test_sandbox_bank' };
const JSON_PK = { ...PK, 'Content-Type': 'application/json' };

async function flow(url: string): Promise<{ requestId: string; token: string; code: string }> {
  const created = await fetch(`${url}/v1/consent-requests`, {
    method: 'POST',
    headers: JSON_PK,
    body: JSON.stringify({ purpose: 'account-opening', nonce: NONCE, cnic: AYESHA }),
  });
  assert.equal(created.status, 201);
  const { id } = await created.json();
  const inbox = await (await fetch(`${url}/__sim/sims/sim_ayesha/messages`)).json();
  const code = /#(\d{6})$/.exec(inbox.messages.at(-1).body)![1]!;
  const granted = await fetch(`${url}/v1/consent-requests/${id}/verify`, {
    method: 'POST',
    headers: JSON_PK,
    body: JSON.stringify({ code }),
  });
  assert.equal(granted.status, 200);
  return { requestId: id, token: (await granted.json()).token, code };
}

/** Sends raw bytes with exactly the headers given (fetch would fix Content-Length). */
function rawPost(
  url: string,
  path: string,
  headers: Record<string, string>,
  chunks: string[],
): Promise<{ status: number; body: ServiceJson }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('simulator over real HTTP', () => {
  let server: SimulatorServer;
  before(async () => (server = await startSimulatorServer({ port: 0, origins: ['https://shop.example'] })));
  after(() => server.close());

  it('serves the same API: a full flow whose token verifies against the served JWKS', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const { token } = await flow(server.url);
    const jwks = await (await fetch(`${server.url}/.well-known/jwks.json`)).json();
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: 'urn:ijazat:sandbox',
      audience: 'prt_sandbox_bank',
      typ: 'consent+jwt',
    });
    assert.equal(payload.purpose, 'account-opening');
  });

  it('answers CORS preflights and requests from allowed origins only', async () => {
    const preflight = await fetch(`${server.url}/v1/consent-requests`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://shop.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type, ijazat-partner-key, idempotency-key',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.equal(
      preflight.headers.get('access-control-allow-headers'),
      'Content-Type, Ijazat-Partner-Key, Idempotency-Key, Authorization',
    );
    const localhost = await fetch(`${server.url}/v1/context?purpose=account-opening`, {
      headers: { ...PK, Origin: 'http://localhost:5173' },
    });
    assert.equal(localhost.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    assert.equal(localhost.headers.get('access-control-expose-headers'), 'Retry-After');

    const evilPreflight = await fetch(`${server.url}/v1/consent-requests`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(evilPreflight.status, 403);
    assert.equal(evilPreflight.headers.get('access-control-allow-origin'), null);
    const evil = await fetch(`${server.url}/v1/context?purpose=account-opening`, {
      headers: { ...PK, Origin: 'https://evil.example' },
    });
    assert.equal(evil.status, 403);
    assert.equal((await evil.json()).error.code, 'origin_not_allowed');
  });

  it('refuses bodies too large by Content-Length or by the bytes actually sent', async () => {
    const declared = await rawPost(server.url, '/v1/consent-requests', { ...JSON_PK, 'Content-Length': '100000' }, []);
    assert.deepEqual([declared.status, declared.body.error.code], [413, 'body_too_large']);
    const chunked = await rawPost(server.url, '/v1/consent-requests', { ...JSON_PK, 'Transfer-Encoding': 'chunked' }, [
      `{"purpose":"${'x'.repeat(5000)}`,
      `${'y'.repeat(5000)}"}`,
    ]);
    assert.deepEqual([chunked.status, chunked.body.error.code], [413, 'body_too_large']);
  });

  it('routes over HTTP exactly as in process: wrong methods, unknown paths, ids and keys', async () => {
    const cases: [string, string, Record<string, string>, number, string][] = [
      ['DELETE', '/v1/context?purpose=account-opening', PK, 405, 'method_not_allowed'],
      ['GET', '/__sim/reset', {}, 405, 'method_not_allowed'],
      ['GET', '/v1/unknown', PK, 404, 'not_found'],
      ['GET', '/__sim/sims/sim_nobody/messages', {}, 404, 'sim_not_found'],
      ['GET', '/v1/consent-requests/req_nope%2Fmore', PK, 404, 'request_not_found'],
      ['GET', '/v1/context?purpose=account-opening', { 'Ijazat-Partner-Key': 'pk_wrong' }, 401, 'unknown_partner_key'],
      ['GET', '/v1/consents/abcdefghijklmnopq', { Authorization: 'Bearer sk_wrong' }, 401, 'invalid_secret_key'],
    ];
    for (const [method, path, headers, status, code] of cases) {
      const response = await fetch(`${server.url}${path}`, { method, headers });
      assert.deepEqual([response.status, (await response.json()).error.code], [status, code], `${method} ${path}`);
    }
    const malformed = await fetch(`${server.url}/v1/%zz`, { headers: PK });
    assert.deepEqual([malformed.status, (await malformed.json()).error.code], [404, 'not_found']);
    // A sandbox state change says JSON even without a body (a cross-site body-less POST cannot).
    const bare = await fetch(`${server.url}/__sim/keys/rotate`, { method: 'POST' });
    assert.deepEqual([bare.status, (await bare.json()).error.code], [415, 'unsupported_media_type']);
    const rotate = await fetch(`${server.url}/__sim/keys/rotate`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(rotate.status, 200);
  });

  it('answers JSON not_found outside the API, and drops the connection for the dropRate fault', async () => {
    const root = await fetch(`${server.url}/`);
    assert.equal(root.status, 404);
    assert.equal((await root.json()).error.code, 'not_found');
    await fetch(`${server.url}/__sim/faults`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ dropRate: 1 }),
    });
    await assert.rejects(fetch(`${server.url}/v1/context?purpose=account-opening`, { headers: PK }));
    await fetch(`${server.url}/__sim/faults`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ dropRate: 0 }),
    });
    assert.equal((await fetch(`${server.url}/v1/context?purpose=account-opening`, { headers: PK })).status, 200);
  });
});

describe('the CLI keeps state across restarts with --data', () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'ijazat-sim-'))));
  after(() => rm(dir, { recursive: true, force: true }));

  const startCli = startCliSimulator;

  const stop = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => {
      child.removeAllListeners('exit');
      child.on('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });

  it('serves the flow, stops cleanly on SIGTERM, and comes back with its requests, ledger and keys', async () => {
    const dataFile = join(dir, 'state.db');
    const first = await startCli(dataFile);
    const { requestId, token, code } = await flow(first.url);
    assert.equal(await stop(first.child), 0);
    const saved = await readFile(dataFile);
    assert.equal(saved.subarray(0, 15).toString(), 'SQLite format 3', 'the data is an SQLite database');
    assert.ok(saved.includes(requestId), 'the request is in the database');
    assert.ok(!saved.includes(token), 'the database holds the token');
    const stored = new Database(dataFile, { readonly: true });
    const requests = stored.prepare('SELECT v FROM "store:requests"').all() as { v: string }[];
    stored.close();
    assert.equal(requests.length, 1);
    assert.ok(!requests[0]!.v.includes(code), 'the stored request holds a clear passcode (only the SIM inbox may)');
    assert.ok(!first.output().includes(code) && !first.output().includes(token), 'the CLI printed a passcode or token');

    const second = await startCli(dataFile);
    try {
      const request = await (await fetch(`${second.url}/v1/consent-requests/${requestId}`, { headers: PK })).json();
      assert.equal(request.status, 'granted');
      const ledger = await (await fetch(`${second.url}/__sim/citizens/cit_ayesha/consents`)).json();
      assert.equal(ledger.consents.length, 1);
      const jwks = await (await fetch(`${second.url}/.well-known/jwks.json`)).json();
      await jwtVerify(token, createLocalJWKSet(jwks), { audience: 'prt_sandbox_bank', typ: 'consent+jwt' });
      const audit = await (await fetch(`${second.url}/__sim/audit`)).json();
      assert.deepEqual(audit.chain, { ok: true });
      assert.equal(audit.entries.at(-1).type, 'token_issued');
    } finally {
      assert.equal(await stop(second.child), 0);
    }
  });
});
