/**
 * A partner's public key cannot be turned against the partner (issue 11). Over the HTTP server, a
 * flood from one loopback address (a client bound to 127.0.0.2) with the bank's publishable key —
 * context reads, API calls until 429, slow requests that hold their bodies, wrong codes spread over
 * many CNICs — leaves the bank's customers on 127.0.0.1 and its backend's secret-key calls
 * answered. Over MSW (no client addresses: one browser), the rules that do not need them: context
 * reads do not use the create budget, secret-key calls have their own quota, wrong codes are capped
 * across CNICs. docs/reliability.md has the figures.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulatorServer, type SimulatorServer } from '../../../simulator/node.js';
import { useInProcessService } from './support/in-process.js';
import { rawRequest, slowRequest } from './support/raw-http.js';
import { AYESHA, BANK, BILAL, newNonce, ServiceClient } from './support/service-client.js';

const FLOODER = '127.0.0.2';
const CUSTOMER = '127.0.0.1';
const PK = { 'ijazat-partner-key': BANK.key };
const JSON_PK = { ...PK, 'content-type': 'application/json' };
const unknownCnic = (i: number) => `98${String(i).padStart(10, '0')}1`;

describe('quota flood over the HTTP server (two loopback addresses)', () => {
  let server: SimulatorServer;
  before(async () => (server = await startSimulatorServer({ port: 0 })));
  after(() => server.close());
  const from = (
    address: string,
    method: string,
    target: string,
    body?: unknown,
    headers: Record<string, string> = JSON_PK,
  ) =>
    rawRequest(server.url, method, target, {
      headers,
      localAddress: address,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  /** A customer's whole flow from 127.0.0.1 and the bank backend's status check: all must work. */
  async function customerAndBackendServed(cnic: string, simId: string): Promise<void> {
    const created = await from(CUSTOMER, 'POST', '/v1/consent-requests', {
      purpose: 'account-opening',
      nonce: newNonce(),
      cnic,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const code = await new ServiceClient(server.url).latestCode(simId);
    const granted = await from(CUSTOMER, 'POST', `/v1/consent-requests/${created.body.id}/verify`, { code });
    assert.equal(granted.status, 200, JSON.stringify(granted.body));
    const jti = JSON.parse(Buffer.from(granted.body.token.split('.')[1], 'base64url').toString()).jti;
    const status = await from(CUSTOMER, 'GET', `/v1/consents/${jti}`, undefined, {
      authorization: `Bearer ${BANK.secret}`,
    });
    assert.equal(status.status, 200, 'the backend is not shut out');
  }

  /**
   * Moves the simulated clock to just after the start of a minute, so the flood below meets one
   * fixed window of each limit, not two (a flood that straddles a window's end is counted in both).
   */
  async function startOfSimulatedMinute(): Promise<void> {
    const clock = await from(CUSTOMER, 'GET', '/__sim/clock', undefined, {});
    const msIntoMinute = Date.parse(clock.body.now) % 60_000;
    const advanceSeconds = Math.ceil((60_000 - msIntoMinute) / 1000);
    const moved = await from(
      CUSTOMER,
      'POST',
      '/__sim/clock',
      { advanceSeconds },
      { 'content-type': 'application/json' },
    );
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
  }

  it('a flood of context reads and API calls from 127.0.0.2 leaves 127.0.0.1 and the backend served', async (t) => {
    await startOfSimulatedMinute();
    let limited = 0;
    for (let i = 0; i < 300; i++) {
      const answer = await from(FLOODER, 'GET', '/v1/context?purpose=account-opening', undefined, PK);
      if (answer.status === 429) limited += 1;
    }
    for (let i = 0; i < 300; i++) {
      const answer = await from(FLOODER, 'GET', `/v1/consent-requests/req_flood${i}xxxxxxx`, undefined, PK);
      if (answer.status === 429) limited += 1;
    }
    t.diagnostic(`600 flood requests from ${FLOODER}: ${limited} answered 429 rate_limited`);
    assert.ok(limited >= 300, 'the flooder itself is limited');
    const still = await from(FLOODER, 'GET', `/v1/consent-requests/req_floodxxxxxxxxxx`, undefined, PK);
    assert.equal(still.status, 429);
    await customerAndBackendServed(AYESHA.cnic, AYESHA.simId);
  });

  it('context and JWKS are cacheable; reading them never uses up the create budget', async () => {
    const context = await from(CUSTOMER, 'GET', '/v1/context?purpose=account-opening', undefined, PK);
    assert.match(String(context.headers['cache-control']), /max-age=\d+/);
    assert.match(String(context.headers.vary), /Ijazat-Partner-Key/i);
    const jwks = await from(CUSTOMER, 'GET', '/.well-known/jwks.json', undefined, {});
    assert.match(String(jwks.headers['cache-control']), /public, max-age=\d+/);
  });

  it('slow requests are counted when answered, not when their headers arrive', async () => {
    await new ServiceClient(server.url).reset();
    await new ServiceClient(server.url).setLimits({ partnerRequestsPerMinute: 10 });
    // 30 creates from the flooder's address whose bodies never come.
    const slow = await Promise.all(
      Array.from({ length: 30 }, () => slowRequest(server.url, '/v1/consent-requests', JSON_PK, FLOODER)),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    try {
      const answers = [];
      for (let i = 0; i < 5; i++)
        answers.push((await from(FLOODER, 'GET', `/v1/consent-requests/req_slow${i}xxxxxxxxx`, undefined, PK)).status);
      assert.deepEqual(answers, [404, 404, 404, 404, 404], 'held requests took no slot');
    } finally {
      slow.forEach((request) => request.abandon());
    }
  });

  it('wrong codes spread over many CNICs from 127.0.0.2 stop at the per-address cap; 127.0.0.1 still verifies', async (t) => {
    const admin = new ServiceClient(server.url);
    await admin.reset();
    await admin.setLimits({ wrongCodesPerClientPerHour: 20, partnerRequestsPerMinute: 10_000 });
    let wrong = 0;
    let stopped = 0;
    for (let i = 0; i < 15; i++) {
      const created = await from(FLOODER, 'POST', '/v1/consent-requests', {
        purpose: 'account-opening',
        nonce: newNonce(),
        cnic: unknownCnic(i),
      });
      assert.equal(created.status, 201);
      for (let guess = 0; guess < 2; guess++) {
        const answer = await from(FLOODER, 'POST', `/v1/consent-requests/${created.body.id}/verify`, {
          code: String(100_000 + i * 10 + guess),
        });
        if (answer.body.error.code === 'wrong_code') wrong += 1;
        else if (answer.body.error.code === 'rate_limited') stopped += 1;
      }
    }
    t.diagnostic(`30 guesses over 15 CNICs from ${FLOODER}: ${wrong} checked, ${stopped} stopped (cap 20 an hour)`);
    assert.equal(wrong, 20);
    assert.equal(stopped, 10);
    await customerAndBackendServed(BILAL.cnic, BILAL.simId);
  });
});

describe('quota rules over MSW setupServer (no client addresses)', () => {
  const service = useInProcessService();

  it('context reads do not use the create budget, and secret-key calls keep their own quota', async () => {
    const { client } = service;
    await client.reset();
    await client.setLimits({ partnerRequestsPerMinute: 3 });
    const now = Date.parse((await client.call('GET', '/__sim/clock')).body.now);
    await client.advanceClock((60_000 - (now % 60_000) + 10) / 1000);
    for (let i = 0; i < 10; i++) await client.context();
    const created = await client.create({ cnic: AYESHA.cnic });
    assert.equal(created.status, 201, 'ten context reads left the create budget whole');
    const granted = await client.verify(created.body.id, (await client.latestCode(AYESHA.simId))!);
    assert.equal(granted.status, 200);
    const jti = JSON.parse(Buffer.from(granted.body.token.split('.')[1], 'base64url').toString()).jti;
    assert.equal((await client.request(created.body.id)).status, 200, 'the third call of the minute');
    const spent = await client.request(created.body.id);
    assert.equal(spent.status, 429, 'the publishable budget is used up');
    assert.equal((await client.consentStatus(jti, BANK.secret)).status, 200, 'the backend still gets answers');
  });

  it('wrong codes are capped across CNICs', async () => {
    const { client } = service;
    await client.reset();
    await client.setLimits({ wrongCodesPerClientPerHour: 4 });
    const answers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await client.create({ cnic: unknownCnic(i) });
      for (let guess = 0; guess < 2; guess++)
        answers.push((await client.verify(created.body.id, '000000')).body.error.code);
    }
    assert.deepEqual(answers, ['wrong_code', 'wrong_code', 'wrong_code', 'wrong_code', 'rate_limited', 'rate_limited']);
  });
});
