/**
 * Consent-status webhooks over real HTTP: a partner registers an endpoint on the HTTP simulator, a
 * citizen consents, revokes, or lets a consent expire, and the partner's endpoint receives signed
 * events that verify against the service's JWKS; an endpoint that is down gets the same event later,
 * after the back-off; the delivery log in /__sim tells the partner what happened.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulatorServer, type SimulatorServer } from '../../../simulator/node.js';
import { verifyWebhookEvent, type WebhookEvent } from '../../../src/verify/index.js';
import { AYESHA, consentToken } from '../verify/support/simulator-consent.js';
import { Receiver, type Delivery } from './receiver.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { simulatorOpenApi } from '../../../simulator/openapi.js';
import type { ServiceJson } from '../../support/service-json.js';

const BANK = 'prt_sandbox_bank';
let sim: SimulatorServer;
let receiver: Receiver;

async function sandbox(method: string, path: string, body?: unknown): Promise<{ status: number; body: ServiceJson }> {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    // A sandbox state change says JSON even without a body (/__sim refuses it otherwise).
    headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

const nonce = () => `nonce-${crypto.randomUUID()}`;

/** The OpenAPI document's `webhooks.consentStatus`: what a delivery's body and signature must look like. */
const documented = (() => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const document = simulatorOpenApi();
  ajv.addSchema(document, 'openapi');
  const webhooks = document.webhooks as { consentStatus: { post: { parameters: { schema: { pattern: string } }[] } } };
  const body = ajv.compile({
    $ref: 'openapi#/webhooks/consentStatus/post/requestBody/content/application~1json/schema',
  });
  const signature = new RegExp(webhooks.consentStatus.post.parameters[0]!.schema.pattern);
  return (delivery: Delivery) => {
    assert.ok(body(JSON.parse(delivery.body)), `the body is not the documented event: ${ajv.errorsText(body.errors)}`);
    assert.match(String(delivery.headers['ijazat-signature']), signature);
  };
})();

/** The partner backend's check of one delivery (against the JWKS as served now: each test resets the keys). */
async function verified(delivery: Delivery): Promise<WebhookEvent> {
  return verifyWebhookEvent(delivery.body, delivery.headers, {
    jwks: await (await fetch(`${sim.url}/.well-known/jwks.json`)).json(),
    audience: BANK,
    replay: false,
  });
}

/** The partner's delivery log, polled until `done` holds for it. */
async function logUntil(done: (deliveries: ServiceJson[]) => boolean): Promise<ServiceJson[]> {
  for (;;) {
    const { body } = await sandbox('GET', `/__sim/partners/${BANK}/webhooks/deliveries`);
    if (done(body.deliveries)) return body.deliveries;
    await sleep(20);
  }
}

async function revokeLatest(): Promise<string> {
  const { body } = await sandbox('GET', '/__sim/citizens/cit_ayesha/consents');
  const jti = body.consents.at(-1).jti;
  assert.equal((await sandbox('POST', `/__sim/citizens/cit_ayesha/consents/${jti}/revoke`)).status, 200);
  return jti;
}

before(async () => {
  sim = await startSimulatorServer({ port: 0 });
  receiver = await new Receiver().open();
});
after(async () => {
  await receiver.close();
  await sim.close();
});
beforeEach(async () => {
  await sandbox('POST', '/__sim/reset');
  receiver.deliveries.length = 0;
  receiver.status = 204;
});

describe('registering a webhook endpoint', () => {
  it('answers the endpoint with its id and the JWKS that verifies it (no secret), once per URL', async () => {
    const first = await sandbox('POST', `/__sim/partners/${BANK}/webhooks`, { url: receiver.url });
    assert.equal(first.status, 201);
    assert.match(first.body.id, /^whe_/);
    assert.equal(first.body.url, receiver.url);
    assert.equal(first.body.jwksUrl, `${sim.url}/.well-known/jwks.json`);
    assert.equal('secret' in first.body, false);
    const again = await sandbox('POST', `/__sim/partners/${BANK}/webhooks`, { url: receiver.url });
    assert.equal(again.status, 200, 'registering on every start-up does not add endpoints');
    assert.equal(again.body.id, first.body.id);
    const listed = await sandbox('GET', `/__sim/partners/${BANK}/webhooks`);
    assert.deepEqual(
      listed.body.endpoints.map((e: { id: string }) => e.id),
      [first.body.id],
    );
    const deleted = await sandbox('DELETE', `/__sim/partners/${BANK}/webhooks/${first.body.id}`);
    assert.equal(deleted.status, 200);
    assert.deepEqual((await sandbox('GET', `/__sim/partners/${BANK}/webhooks`)).body.endpoints, []);
  });

  it('refuses bad input with documented codes and registers nothing', async () => {
    for (const url of [
      'ftp://example.test/hook',
      'not a url',
      'https://user:pw@example.test/',
      'http://x.test/#frag',
    ]) {
      const answer = await sandbox('POST', `/__sim/partners/${BANK}/webhooks`, { url });
      assert.equal(answer.status, 400, url);
      assert.equal(answer.body.error.code, 'invalid_request');
    }
    assert.equal((await sandbox('POST', `/__sim/partners/${BANK}/webhooks`, { url: receiver.url, x: 1 })).status, 400);
    const unknown = await sandbox('POST', '/__sim/partners/prt_nobody/webhooks', { url: receiver.url });
    assert.deepEqual([unknown.status, unknown.body.error.code], [404, 'partner_not_found']);
    const missing = await sandbox('DELETE', `/__sim/partners/${BANK}/webhooks/whe_missing00000`);
    assert.deepEqual([missing.status, missing.body.error.code], [404, 'webhook_endpoint_not_found']);
    for (let i = 0; i < 5; i++)
      assert.equal(
        (await sandbox('POST', `/__sim/partners/${BANK}/webhooks`, { url: `${receiver.url}?n=${i}` })).status,
        201,
      );
    const sixth = await sandbox('POST', `/__sim/partners/${BANK}/webhooks`, { url: `${receiver.url}?n=6` });
    assert.deepEqual([sixth.status, sixth.body.error.code], [409, 'webhook_endpoint_limit']);
    assert.equal((await sandbox('GET', `/__sim/partners/${BANK}/webhooks`)).body.endpoints.length, 5);
  });
});

describe('consent-status events', () => {
  it('announces a grant and a revocation, signed, verifiable against the JWKS, with nothing personal in them', async () => {
    await sandbox('POST', `/__sim/partners/${BANK}/webhooks`, { url: receiver.url });
    await consentToken(sim.url, { nonce: nonce() });
    const [granted] = await receiver.received(1);
    const grantEvent = await verified(granted!);
    assert.equal(grantEvent.type, 'consent.granted');
    assert.equal(grantEvent.data.status, 'active');
    const jti = await revokeLatest();
    const revoked = (await receiver.received(2))[1]!;
    const revokeEvent = await verified(revoked);
    assert.equal(revokeEvent.type, 'consent.revoked');
    assert.deepEqual([revokeEvent.data.jti, revokeEvent.data.status], [jti, 'revoked']);
    assert.equal(grantEvent.data.jti, jti);
    assert.equal(revokeEvent.data.sub, grantEvent.data.sub, 'the same pairwise sub as the token');
    assert.notEqual(revokeEvent.id, grantEvent.id);
    for (const delivery of [granted!, revoked]) {
      documented(delivery);
      assert.equal(delivery.headers['content-type'], 'application/json');
      assert.doesNotMatch(delivery.body, new RegExp(`${AYESHA.digits}|35202|0300|eyJ`), 'no CNIC, mobile or token');
    }
    const log = await logUntil((deliveries) => deliveries.every((d) => d.state === 'delivered'));
    assert.deepEqual(
      log.map((d) => [d.type, d.state, d.attempts.length, d.attempts[0].status]),
      [
        ['consent.revoked', 'delivered', 1, 204],
        ['consent.granted', 'delivered', 1, 204],
      ],
    );
  });

  it('announces an expiry when the consent ends unrevoked', async () => {
    await sandbox('POST', `/__sim/partners/${BANK}/webhooks`, { url: receiver.url });
    await consentToken(sim.url, { nonce: nonce() });
    await receiver.received(1);
    await sandbox('POST', '/__sim/clock', { advanceSeconds: 601 });
    const expired = await verified((await receiver.received(2))[1]!);
    assert.equal(expired.type, 'consent.expired');
    assert.equal(expired.data.status, 'expired');
    await sandbox('POST', '/__sim/clock', { advanceSeconds: 3600 });
    await sleep(100);
    assert.equal(receiver.deliveries.length, 2, 'an expiry is announced once');
  });

  it('announces an expiry as time passes, with no request or clock move to prompt it', async () => {
    await sandbox('PUT', '/__sim/limits', { tokenTtlSeconds: 2 });
    await sandbox('POST', `/__sim/partners/${BANK}/webhooks`, { url: receiver.url });
    await consentToken(sim.url, { nonce: nonce() });
    const [granted, expired] = await Promise.all((await receiver.received(2)).map(verified));
    assert.deepEqual([granted!.type, expired!.type], ['consent.granted', 'consent.expired']);
    assert.equal(expired!.data.jti, granted!.data.jti);
  });

  it('sends nothing to partners without an endpoint, and no expiry after a revocation', async () => {
    await consentToken(sim.url, { nonce: nonce() });
    await sandbox('POST', `/__sim/partners/${BANK}/webhooks`, { url: receiver.url });
    await revokeLatest();
    await receiver.received(1);
    await sandbox('POST', '/__sim/clock', { advanceSeconds: 601 });
    await sleep(100);
    assert.deepEqual(
      (await Promise.all(receiver.deliveries.map(verified))).map((event) => event.type),
      ['consent.revoked'],
    );
  });

  it('retries an endpoint that is down, backing off, and delivers the same event id later', async () => {
    await sandbox('POST', `/__sim/partners/${BANK}/webhooks`, { url: receiver.url });
    await consentToken(sim.url, { nonce: nonce() });
    await receiver.received(1);
    receiver.status = 503;
    await revokeLatest();
    await receiver.received(2);
    await receiver.close(); // and now not even listening
    let [delivery] = await logUntil((deliveries) => deliveries[0].attempts.length === 1);
    assert.equal(delivery.state, 'pending');
    assert.deepEqual([delivery.attempts[0].status, delivery.attempts[0].error], [503, 'http_503']);
    const firstRetry = Date.parse(delivery.nextAttemptAt) - Date.parse(delivery.attempts[0].at);
    assert.ok(firstRetry >= 30_000 && firstRetry < 31_000, `first retry after 30 s, not ${firstRetry} ms`);

    await sandbox('POST', '/__sim/clock', { advanceSeconds: 31 });
    [delivery] = await logUntil((deliveries) => deliveries[0].attempts.length === 2);
    assert.deepEqual([delivery.attempts[1].status, delivery.attempts[1].error], [null, 'connection_failed']);
    const secondRetry = Date.parse(delivery.nextAttemptAt) - Date.parse(delivery.attempts[1].at);
    assert.ok(secondRetry >= 60_000 && secondRetry < 61_000, `then after 60 s, not ${secondRetry} ms`);

    await receiver.open();
    receiver.status = 200;
    await sandbox('POST', '/__sim/clock', { advanceSeconds: 61 });
    const deliveries = await receiver.received(3);
    const [failed, late] = await Promise.all([verified(deliveries[1]!), verified(deliveries[2]!)]);
    assert.equal(late.id, failed.id, 'a retry carries the same event id');
    assert.equal(late.type, 'consent.revoked');
    assert.notEqual(deliveries[2]!.headers['ijazat-signature'], deliveries[1]!.headers['ijazat-signature']);
    [delivery] = await logUntil((log) => log[0].state === 'delivered');
    assert.equal(delivery.attempts.length, 3);
  });

  it('gives up after the most attempts allowed and keeps the failure in the log', async () => {
    await sandbox('PUT', '/__sim/limits', { webhookMaxAttempts: 2 });
    receiver.status = 500;
    await sandbox('POST', `/__sim/partners/${BANK}/webhooks`, { url: receiver.url });
    await consentToken(sim.url, { nonce: nonce() });
    await logUntil((log) => log[0]?.attempts.length === 1);
    await sandbox('POST', '/__sim/clock', { advanceSeconds: 31 });
    const [delivery] = await logUntil((log) => log[0].state !== 'pending');
    assert.deepEqual([delivery.state, delivery.attempts.length, delivery.nextAttemptAt], ['failed', 2, null]);
  });
});
