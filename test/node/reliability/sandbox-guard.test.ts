/**
 * Sandbox controls for the developer only, and a WebOTP line a page cannot choose (issue 11), on
 * both carriers: /__sim answers only a loopback Host (or one it was told to accept), only allowed
 * page origins, and state changes only with `Content-Type: application/json`; over HTTP, encoded dot
 * segments never route from /v1 to /__sim. The SMS's WebOTP line names a registered origin of the
 * partner, never the Referer.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setupSimulatorServer, startSimulatorServer, type SimulatorServer } from '../../../simulator/node.js';
import type { Simulator } from '../../../simulator/index.js';
import { CARRIERS, useInProcessService } from './support/in-process.js';
import { rawRequest } from './support/raw-http.js';
import { AYESHA } from './support/service-client.js';

const JSON_TYPE = { 'content-type': 'application/json' };

/** What a refused call must leave as it was: the audit log (a reset restarts it) and the limits. */
async function untouched(simulator: Simulator, run: () => Promise<void>): Promise<void> {
  const before = await simulator.audit();
  const limits = simulator.limits;
  await run();
  assert.deepEqual((await simulator.audit()).entries, before.entries, 'nothing was reset or written');
  assert.deepEqual(simulator.limits, limits);
}

describe('sandbox controls over MSW setupServer', () => {
  let close: () => Promise<void>;
  let simulator: Simulator;
  before(async () => {
    const started = await setupSimulatorServer();
    started.server.listen({ onUnhandledRequest: 'error' });
    simulator = started.simulator;
    close = async () => {
      started.server.close();
      await simulator.close();
    };
  });
  after(() => close());

  it('answer loopback hosts and the sandbox host; any other host is refused', async () => {
    for (const base of [
      'http://localhost',
      'http://127.0.0.9:4010',
      'http://[::1]:4010',
      'https://sandbox.ijazat.test',
    ])
      assert.equal((await fetch(`${base}/__sim/identities`)).status, 200, base);
    await untouched(simulator, async () => {
      for (const base of ['https://evil.example', 'http://127.0.0.1.evil.example', 'http://10.0.0.5']) {
        const answer = await fetch(`${base}/__sim/reset`, { method: 'POST', headers: JSON_TYPE, body: '{}' });
        assert.equal(answer.status, 403, base);
        assert.equal((await answer.json()).error.code, 'host_not_allowed');
      }
    });
  });

  it('refuse a state change without a JSON body type, and a page origin off the allow-list', async () => {
    await untouched(simulator, async () => {
      const refused: Record<string, string>[] = [
        {},
        { 'content-type': 'text/plain' },
        { 'content-type': 'application/x-www-form-urlencoded' },
      ];
      for (const headers of refused) {
        const answer = await fetch('http://localhost/__sim/reset', { method: 'POST', headers, body: '{}' });
        assert.equal(answer.status, 415);
        assert.equal((await answer.json()).error.code, 'unsupported_media_type');
      }
      const limits = await fetch('http://localhost/__sim/limits', {
        method: 'PUT',
        headers: { ...JSON_TYPE, origin: 'https://evil.example' },
        body: JSON.stringify({ maxAttempts: 100 }),
      });
      assert.equal(limits.status, 403);
      assert.equal((await limits.json()).error.code, 'origin_not_allowed');
    });
    assert.equal((await fetch('http://localhost/__sim/reset', { method: 'POST', headers: JSON_TYPE })).status, 200);
  });
});

describe('sandbox controls over the HTTP server', () => {
  let server: SimulatorServer;
  let named: SimulatorServer;
  before(async () => {
    server = await startSimulatorServer({ port: 0 });
    named = await startSimulatorServer({ port: 0, allowHosts: ['dev-box.local'] });
  });
  after(async () => {
    await server.close();
    await named.close();
  });
  const port = (s: SimulatorServer) => new URL(s.url).port;

  it('answer only a loopback Host, or a name given with --allow-host (DNS rebinding)', async () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]'])
      assert.equal(
        (await rawRequest(server.url, 'GET', '/__sim/identities', { headers: { host: `${host}:${port(server)}` } }))
          .status,
        200,
        host,
      );
    await untouched(server.simulator, async () => {
      for (const host of [`evil.example:${port(server)}`, 'dev-box.local', `localhost.evil.example:${port(server)}`]) {
        const answer = await rawRequest(server.url, 'POST', '/__sim/reset', {
          headers: { host, ...JSON_TYPE },
          body: '{}',
        });
        assert.deepEqual([answer.status, answer.body.error.code], [403, 'host_not_allowed'], host);
        const keys = await rawRequest(server.url, 'GET', '/__sim/identities', { headers: { host } });
        assert.equal(keys.status, 403, 'the secret keys are not readable under a foreign name');
        assert.doesNotMatch(JSON.stringify(keys.body), /sk_test/);
      }
    });
    const allowed = await rawRequest(named.url, 'GET', '/__sim/identities', { headers: { host: 'dev-box.local' } });
    assert.equal(allowed.status, 200);
  });

  it('refuse body-less and non-JSON state changes (a cross-site form or beacon)', async () => {
    await untouched(server.simulator, async () => {
      for (const headers of [{}, { 'content-type': 'text/plain' }] as Record<string, string>[]) {
        const answer = await rawRequest(server.url, 'POST', '/__sim/reset', { headers });
        assert.deepEqual([answer.status, answer.body.error.code], [415, 'unsupported_media_type']);
      }
    });
  });

  it('never route encoded or plain dot segments from /v1 to /__sim', async () => {
    await untouched(server.simulator, async () => {
      for (const target of [
        '/v1/%2e%2e/__sim/reset',
        '/v1/%2E%2E/__sim/reset',
        '/v1/.%2e/__sim/reset',
        '/v1/../__sim/reset',
        '/v1/%2e/../__sim/reset',
        '/v1/..\\__sim/reset',
      ]) {
        const answer = await rawRequest(server.url, 'POST', target, { headers: JSON_TYPE, body: '{}' });
        assert.deepEqual([answer.status, answer.body.error.code], [404, 'not_found'], target);
      }
      const read = await rawRequest(server.url, 'GET', '/v1/%2e%2e/__sim/identities');
      assert.equal(read.status, 404);
    });
  });
});

for (const [carrier, name] of CARRIERS) {
  describe(`the WebOTP line over ${name}`, () => {
    const service = useInProcessService({}, carrier);
    const lastLine = async () => {
      const { body } = await service.client.messages(AYESHA.simId);
      return body.messages.at(-1)!.body.split('\n').at(-1)!;
    };

    it('names the allow-listed Origin the request came from', async () => {
      await service.client.reset();
      await service.client.call('POST', '/v1/consent-requests', {
        body: { purpose: 'account-opening', nonce: 'n'.repeat(43), cnic: AYESHA.cnic },
        headers: { origin: 'http://localhost:5173' },
      });
      assert.match(await lastLine(), /^@localhost #\d{6}$/);
    });

    it("never the Referer: without an Origin it is the partner's first registered origin", async () => {
      await service.client.reset();
      const created = await service.client.call('POST', '/v1/consent-requests', {
        body: { purpose: 'account-opening', nonce: 'n'.repeat(43), cnic: AYESHA.cnic },
        headers: { referer: 'https://evil.example/phish' },
      });
      assert.equal(created.status, 201);
      const line = await lastLine();
      assert.doesNotMatch(line, /evil/);
      assert.match(line, /^@localhost #\d{6}$/);
    });
  });
}
