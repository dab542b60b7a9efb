/**
 * The example partner backend learns of a revocation from the service's webhooks: a citizen opens an
 * account with their consent, revokes it on the citizen page's route (/__sim), and the bank's account
 * page shows the consent revoked, also when the bank's server was down at the time (the service
 * retries after its back-off) and when the same event arrives twice (acted on once).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulatorServer, type SimulatorServer } from '../../../simulator/node.js';
import { AccountStore } from '../../../demo/partner-server/accounts.js';
import {
  startPartnerServer,
  type PartnerServer,
  type PartnerServerOptions,
} from '../../../demo/partner-server/server.js';
import { SessionStore } from '../../../demo/partner-server/sessions.js';
import { createMemoryReplayStore } from '../../../src/verify/index.js';
import { AYESHA, consentToken } from '../verify/support/simulator-consent.js';
import type { ServiceJson } from '../../support/service-json.js';

const BANK = 'prt_sandbox_bank';
let sim: SimulatorServer;
let partner: PartnerServer;
/** The bank's database: it outlives a restart of the bank's server. */
const records = (): Pick<PartnerServerOptions, 'accounts' | 'sessions' | 'webhookReplay'> => ({
  accounts: new AccountStore(),
  sessions: new SessionStore(),
  webhookReplay: createMemoryReplayStore(),
});
const bankRecords = records();

async function sandbox(method: string, path: string, body?: unknown): Promise<ServiceJson> {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    // A sandbox state change says JSON even without a body (/__sim refuses it otherwise).
    headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  assert.ok(response.ok, `${method} ${path} → ${response.status}`);
  return response.json();
}

/** A citizen opens an account: the form, their consent through the service, the submitted form. */
async function openAccount(): Promise<{ cookie: string; jti: string }> {
  const form = await fetch(`${partner.url}/`);
  const cookie = (form.headers.get('set-cookie') ?? '').split(';')[0]!;
  const nonce = /\snonce="([^"]+)"/.exec(await form.text())![1]!;
  const token = await consentToken(sim.url, { nonce, origin: partner.url });
  const posted = await fetch(`${partner.url}/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ cnic: AYESHA.cnic, ijazat_token: token }),
  });
  assert.equal(posted.status, 200);
  const jti = /data-claim="jti">([^<]+)</.exec(await posted.text())![1]!;
  return { cookie, jti };
}

async function accountPage(cookie: string): Promise<{ consent: string; events: string[] }> {
  const page = await (await fetch(`${partner.url}/account`, { headers: { cookie } })).text();
  return {
    consent: /data-consent="([^"]+)"/.exec(page)?.[1] ?? '',
    events: [...page.matchAll(/data-event="([^"]+)"/g)].map((match) => match[1]!),
  };
}

/** What the bank's account page says once it shows `consent` (polled: delivery is asynchronous). */
async function accountOnceItSays(cookie: string, consent: string) {
  for (;;) {
    const page = await accountPage(cookie);
    if (page.consent === consent) return page;
    await sleep(25);
  }
}

/** The citizen revokes, through the route the citizen page uses. */
const revoke = (jti: string) => sandbox('POST', `/__sim/citizens/cit_ayesha/consents/${jti}/revoke`);

async function deliveriesOf(jti: string): Promise<ServiceJson[]> {
  const { deliveries } = await sandbox('GET', `/__sim/partners/${BANK}/webhooks/deliveries`);
  return deliveries.filter((delivery: ServiceJson) => delivery.event.data.jti === jti);
}

before(async () => {
  sim = await startSimulatorServer({ port: 0 });
  partner = await startPartnerServer({ serviceUrl: sim.url, port: 0, ...bankRecords });
});
after(async () => {
  await partner.close();
  await sim.close();
});

describe('the example partner backend and consent-status webhooks', () => {
  it('registers its endpoint with the sandbox on start, once however often it starts', async () => {
    const again = await startPartnerServer({ serviceUrl: sim.url, port: 0, registerWebhook: false });
    await again.close();
    const { endpoints } = await sandbox('GET', `/__sim/partners/${BANK}/webhooks`);
    assert.deepEqual(
      endpoints.map((endpoint: { url: string }) => endpoint.url),
      [partner.webhookUrl],
    );
  });

  it('shows the account consent revoked after the citizen revokes it', async () => {
    const { cookie, jti } = await openAccount();
    assert.equal((await accountOnceItSays(cookie, 'active')).consent, 'active');
    await revoke(jti);
    const page = await accountOnceItSays(cookie, 'revoked');
    assert.ok(page.events.includes('consent.revoked'), String(page.events));
  });

  it('acts once on an event delivered twice (de-duplicated by event id) and acknowledges both', async () => {
    // A second endpoint on the same backend: every event now arrives twice, with one id.
    await sandbox('POST', `/__sim/partners/${BANK}/webhooks`, { url: `${partner.webhookUrl}?copy=2` });
    const { cookie, jti } = await openAccount();
    await revoke(jti);
    await accountOnceItSays(cookie, 'revoked');
    let deliveries: ServiceJson[] = [];
    while (deliveries.length < 4 || deliveries.some((d) => d.state !== 'delivered')) {
      await sleep(25);
      deliveries = await deliveriesOf(jti);
    }
    const revocations = deliveries.filter((d) => d.type === 'consent.revoked');
    assert.equal(revocations.length, 2);
    assert.equal(revocations[0].eventId, revocations[1].eventId, 'one event, two deliveries');
    assert.deepEqual(
      revocations.map((d) => d.attempts[0].status),
      [200, 200],
    );
    const page = await accountPage(cookie);
    assert.deepEqual(page.events, ['consent.granted', 'consent.revoked'], 'each event acted on once');
    const copy = revocations.find((d) => d.url.endsWith('?copy=2'));
    await sandbox('DELETE', `/__sim/partners/${BANK}/webhooks/${copy.endpointId}`);
  });

  it('refuses a forged or unsigned delivery without acting on it', async () => {
    const { cookie, jti } = await openAccount();
    const [granted] = await (async () => {
      for (;;) {
        const found = (await deliveriesOf(jti)).filter((d) => d.state === 'delivered');
        if (found.length) return found;
        await sleep(25);
      }
    })();
    const forged = JSON.stringify({ ...granted.event, id: `evt_${'f'.repeat(22)}`, type: 'consent.revoked' });
    const unsigned = await fetch(partner.webhookUrl, { method: 'POST', body: forged });
    assert.deepEqual([unsigned.status, (await unsigned.json()).error], [400, 'webhook_signature_missing']);
    const badSignature = await fetch(partner.webhookUrl, {
      method: 'POST',
      headers: { 'ijazat-signature': 'eyJhbGciOiJFUzI1NiJ9..AAAA' },
      body: forged,
    });
    assert.equal(badSignature.status, 400);
    assert.equal((await accountPage(cookie)).consent, 'active');
  });
  // Last: it moves the sandbox clock, and tokens issued after that would be ahead of the bank's clock.
  it('learns of a revocation made while its server was down, when the service retries after the back-off', async () => {
    const { cookie, jti } = await openAccount();
    const port = new URL(partner.url).port;
    await partner.close();
    await revoke(jti);
    // The first attempt fails: nothing listens on the bank's port.
    for (;;) {
      const revoked = (await deliveriesOf(jti)).find((delivery) => delivery.type === 'consent.revoked');
      if (revoked?.attempts.length) {
        assert.deepEqual([revoked.state, revoked.attempts[0].error], ['pending', 'connection_failed']);
        break;
      }
      await sleep(25);
    }
    partner = await startPartnerServer({ serviceUrl: sim.url, port: Number(port), ...bankRecords });
    assert.equal((await accountPage(cookie)).consent, 'active', 'nothing arrived while it was down');
    await sandbox('POST', '/__sim/clock', { advanceSeconds: 31 });
    const page = await accountOnceItSays(cookie, 'revoked');
    assert.deepEqual(
      page.events.filter((type) => type === 'consent.revoked'),
      ['consent.revoked'],
    );
    const [delivery] = (await deliveriesOf(jti)).filter((d) => d.type === 'consent.revoked');
    assert.deepEqual([delivery.state, delivery.attempts.length], ['delivered', 2]);
  });
});
