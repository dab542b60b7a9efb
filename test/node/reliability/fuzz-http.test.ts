/**
 * Fuzzing the HTTP simulator below fetch (issue 7): raw bytes on a loopback socket, with methods,
 * request targets, headers, Content-Length and chunked bodies that no well-behaved client would
 * send. The server must answer with a status below 500 (or, for a body it was promised but never
 * got, close the connection), keep serving, and change nothing observable for what it refused.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import fc from 'fast-check';
import { startSimulatorServer, type SimulatorServer } from '../../../simulator/node.js';
import { observableState, type ObservableState } from './support/observable-state.js';
import { BANK, ServiceClient } from './support/service-client.js';
import { watchUnhandledRejections } from './support/in-process.js';

const RUNS = Number(process.env.FUZZ_HTTP_RUNS ?? 150);
/** Paths that are not valid percent-encoding, which once made the router throw (answered 500). */
export const MALFORMED_PATHS = [
  '/v1/%zz',
  '/%zz/v1',
  '/v1/context%',
  '/v1/consent-requests/%E0%A4%A/verify',
  '/__sim/sims/%zz/messages',
  '/__sim/citizens/%C0%AF/consents',
  '/.well-known/jwks.json%',
];

let server: SimulatorServer;
let client: ServiceClient;
let state: ObservableState;
const rejections = watchUnhandledRejections();

before(async () => {
  server = await startSimulatorServer({
    port: 0,
    limits: {
      partnerRequestsPerMinute: 10_000_000,
      partnerCeilingPerMinute: 100_000_000,
      wrongCodesPerClientPerHour: 10_000_000,
    },
  });
  client = new ServiceClient(server.url);
  state = await observableState(client);
});
after(async () => {
  await server.close();
  rejections.stop();
  assert.deepEqual(rejections.reasons, [], 'no unhandled promise rejection');
});

/** Sends bytes, half-closes, and reads until the server closes (or 3 s pass): the status, or null. */
function exchange(bytes: Buffer): Promise<{ status: number | null; raw: string }> {
  const { port } = new URL(server.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      const raw = Buffer.concat(chunks).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(raw);
      resolve({ status: match ? Number(match[1]) : null, raw: raw.slice(0, 300) });
    };
    const timer = setTimeout(done, 3000);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', done);
    socket.on('close', done);
    socket.write(bytes, () => socket.end());
  });
}

const token = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}$/);
const method = fc.oneof(
  fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'get', 'CONNECT', 'TRACE'),
  token,
);
const target = fc.oneof(
  fc.constantFrom(
    '/v1/context?purpose=account-opening',
    '/v1/consent-requests',
    '/v1/consent-requests/req_aaaaaaaaaaaa/verify',
    '/__sim/audit',
    '/__sim/faults',
    '/.well-known/jwks.json',
  ),
  fc.webPath(),
  fc.webUrl(),
  fc.constantFrom(
    '*',
    '//evil.example/v1/context',
    'http://[::1/v1',
    '/%',
    '/v1/context?purpose=%ff%fe',
    '/v1/../__sim/reset',
    '/v1/consent-requests/%2F..%2F',
    ...MALFORMED_PATHS,
  ),
  fc
    .string({ unit: 'binary-ascii', minLength: 1, maxLength: 40 })
    .map((s) => s.replace(/[\s]/g, ''))
    .filter((s) => s.length > 0),
);
const headerLine = fc.oneof(
  fc
    .tuple(token, fc.string({ unit: 'binary-ascii', maxLength: 60 }))
    .map(([n, v]) => `${n}: ${v.replace(/[\r\n]/g, '')}`),
  fc.constantFrom(
    `Ijazat-Partner-Key: ${BANK.key}`,
    'Ijazat-Partner-Key: ',
    'Content-Type: application/json',
    'Content-Type: application/json; charset=utf-16',
    'Origin: https://evil.example',
    'Origin: http://localhost:8000',
    'Access-Control-Request-Method: POST',
    'Idempotency-Key: é',
    'Authorization: Bearer sk_test_sandbox_bank',
    'Expect: 100-continue',
    'Host: ',
    'Content-Length: -1',
    'Content-Length: 99999999999',
    'Content-Length: 1, 2',
  ),
  fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, '')),
);
const body = fc.oneof(
  fc.uint8Array({ maxLength: 100 }),
  fc.jsonValue({ maxDepth: 2 }).map((v) => new TextEncoder().encode(JSON.stringify(v))),
  fc.constant(
    new TextEncoder().encode(
      JSON.stringify({ purpose: 'account-opening', nonce: 'n'.repeat(22), cnic: '3520211111111' }),
    ),
  ),
  fc.constant(new Uint8Array(9000)),
);
const framing = fc.constantFrom('length', 'none', 'chunked', 'chunked-broken', 'length-short', 'length-long');

interface RawRequest {
  method: string;
  target: string;
  headers: string[];
  body: Uint8Array;
  framing: string;
}

function encode(r: RawRequest): Buffer {
  const head = [`${r.method} ${r.target} HTTP/1.1`, 'Host: 127.0.0.1', ...r.headers, 'Connection: close'];
  let payload = Buffer.from(r.body);
  if (r.framing === 'length') head.push(`Content-Length: ${payload.length}`);
  if (r.framing === 'length-short') head.push(`Content-Length: ${Math.max(0, payload.length - 3)}`);
  if (r.framing === 'length-long') head.push(`Content-Length: ${payload.length + 10}`);
  if (r.framing.startsWith('chunked')) {
    head.push('Transfer-Encoding: chunked');
    const size = r.framing === 'chunked' ? payload.length.toString(16) : 'zz';
    payload = Buffer.concat([Buffer.from(`${size}\r\n`), payload, Buffer.from('\r\n0\r\n\r\n')]);
  }
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
}

describe('raw HTTP fuzzing of startSimulatorServer', () => {
  it('answers 404 not_found to paths that are not valid percent-encoding, and 405 to TRACE', async () => {
    for (const path of MALFORMED_PATHS) {
      for (const verb of ['GET', 'POST']) {
        const { status, raw } = await exchange(
          Buffer.from(`${verb} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`),
        );
        assert.equal(status, 404, `${verb} ${path}: ${raw}`);
        assert.match(raw, /"code":"not_found"/);
      }
    }
    for (const verb of ['TRACE', 'TRACK']) {
      const { status, raw } = await exchange(
        Buffer.from(`${verb} /v1/context HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
      );
      assert.equal(status, 405, `${verb}: ${raw}`);
    }
  });

  it('never answers 5xx, keeps serving, and refused requests change nothing', async (t) => {
    let sent = 0;
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({ method, target, headers: fc.array(headerLine, { maxLength: 6 }), body, framing }),
        async (r) => {
          sent += 1;
          const { status, raw } = await exchange(encode(r));
          if (status === null) {
            // Only a request whose body never fully arrived may go unanswered, and CONNECT (a tunnel
            // request, which node:http closes when no one listens for it).
            const unfinished = r.framing === 'length-long' || r.headers.some((h) => /^content-length:/i.test(h));
            assert.ok(
              unfinished || r.method === 'CONNECT',
              `no answer to ${JSON.stringify({ ...r, body: r.body.length })}: ${raw}`,
            );
          } else {
            answered += 1;
            assert.ok(status < 500, `answered ${status} to ${JSON.stringify({ ...r, body: r.body.length })}: ${raw}`);
          }
          const after = await observableState(client);
          if (status === null || status >= 400)
            assert.deepEqual(
              after,
              state,
              `refused (${status}) yet changed state: ${JSON.stringify({ ...r, body: r.body.length })}`,
            );
          state = after;
        },
      ),
      // A failure's shrinking re-runs the server: bound it, and count running out of time as a failure.
      { numRuns: RUNS, interruptAfterTimeLimit: 120_000, markInterruptAsFailure: true },
    );
    const alive = await client.context();
    assert.equal(alive.status, 200, 'the server still serves after the fuzzing');
    t.diagnostic(`figures: ${sent} raw HTTP requests, ${answered} answered below 500, the rest closed without a body`);
  });
});
