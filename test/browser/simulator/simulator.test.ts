import { expect } from '@open-wc/testing';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { startBrowserSimulator, type BrowserSimulator } from '../../../simulator/index.js';
import { SANDBOX_ISSUER } from '../../../src/contract/api.js';
import { ConsentTokenError, createMemoryReplayStore, verifyConsentToken } from '../../../src/verify/index.js';
import type { ServiceJson } from '../../support/service-json.js';

// Mocha's globals, as @web/test-runner provides them (no @types/mocha in this repo).

const BASE = 'https://sandbox.ijazat.test';
const NONCE = 'browser-nonce-0123456789abcdef';
const dbName = `ijazat-sim-test-${crypto.randomUUID()}`;

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: ServiceJson }> {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: {
      'Ijazat-Partner-Key': 'pk_test_sandbox_bank',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

async function latestCode(simId: string): Promise<string> {
  const { body } = await call('GET', `/__sim/sims/${simId}/messages`);
  return /#(\d{6})$/.exec(body.messages.at(-1).body)![1]!;
}

describe('browser simulator behind the service worker', () => {
  let running: BrowserSimulator | null = null;
  afterEach(async () => {
    await running?.stop();
    running = null;
  });

  it('answers the full flow over fetch and the token verifies against its JWKS', async () => {
    running = await startBrowserSimulator({ dbName });
    const context = await call('GET', '/v1/context?purpose=account-opening');
    expect(context.body.partner.displayName.en).to.equal('Sandbox Bank');

    const created = await call('POST', '/v1/consent-requests', {
      purpose: 'account-opening',
      nonce: NONCE,
      cnic: '3520211111111',
    });
    expect(created.status).to.equal(201);
    const sms = (await call('GET', '/__sim/sims/sim_ayesha/messages')).body.messages.at(-1).body as string;
    // The page's own host ends the WebOTP line, so the browser offers the code to this page only.
    expect(sms.endsWith(`@${location.hostname} #${await latestCode('sim_ayesha')}`)).to.equal(true);

    const granted = await call('POST', `/v1/consent-requests/${created.body.id}/verify`, {
      code: await latestCode('sim_ayesha'),
    });
    expect(granted.status).to.equal(200);
    const jwks = await call('GET', '/.well-known/jwks.json');
    const { payload } = await jwtVerify(granted.body.token, createLocalJWKSet(jwks.body), {
      audience: 'prt_sandbox_bank',
      typ: 'consent+jwt',
    });
    expect(payload.shared).to.deep.equal({ cnic_status: 'active', full_name: 'Ayesha Raza' });
  });

  it('keeps requests, consents and the SMS inbox across a reload of the page', async () => {
    const reloadDb = `${dbName}-reload`;
    running = await startBrowserSimulator({ dbName: reloadDb });
    const created = await call('POST', '/v1/consent-requests', {
      purpose: 'status-check',
      nonce: NONCE,
      cnic: '4210122222222',
    });
    const code = await latestCode('sim_bilal');
    await running.stop();

    // "Reload": a new simulator on the same database finds the pending request and its SMS.
    running = await startBrowserSimulator({ dbName: reloadDb });
    expect((await call('GET', `/v1/consent-requests/${created.body.id}`)).body.status).to.equal('pending');
    expect(await latestCode('sim_bilal')).to.equal(code);
    const granted = await call('POST', `/v1/consent-requests/${created.body.id}/verify`, { code });
    expect(granted.status).to.equal(200);
    await running.stop();

    running = await startBrowserSimulator({ dbName: reloadDb });
    const ledger = await call('GET', '/__sim/citizens/cit_bilal/consents');
    expect(ledger.body.consents.map((c: { status: string; shared: unknown }) => [c.status, c.shared])).to.deep.equal([
      ['active', { cnic_status: 'active' }],
    ]);
    // The token minted before the reload still verifies: the signing key was kept too.
    const jwks = await call('GET', '/.well-known/jwks.json');
    await jwtVerify(granted.body.token, createLocalJWKSet(jwks.body), {
      audience: 'prt_sandbox_bank',
      typ: 'consent+jwt',
    });
    expect((await call('GET', '/__sim/audit')).body.chain).to.deep.equal({ ok: true });
  });

  it('issues test tokens by name, each refused by the verify helper with its listed code', async () => {
    running = await startBrowserSimulator({ dbName });
    const { kinds } = (await call('GET', '/__sim/test-tokens')).body as {
      kinds: { kind: string; expectedError: string | null; verifications: number }[];
    };
    expect(kinds.length).to.be.greaterThan(12);
    const jwks = (await call('GET', '/.well-known/jwks.json')).body;
    for (const { kind, expectedError, verifications } of kinds) {
      const nonce = crypto.randomUUID().replace(/-/g, '');
      const cnic = '3520211111111';
      const answer = await call('POST', '/__sim/test-tokens', {
        kind,
        partnerId: 'prt_sandbox_bank',
        purpose: 'account-opening',
        nonce,
        cnic,
      });
      expect(answer.status, kind).to.equal(200);
      const options = {
        jwks,
        issuer: SANDBOX_ISSUER,
        audience: 'prt_sandbox_bank',
        nonce,
        purpose: 'account-opening',
        cnic,
        replay: createMemoryReplayStore(),
      };
      for (let use = 1; use < verifications; use++) await verifyConsentToken(answer.body.token, options);
      const outcome = await verifyConsentToken(answer.body.token, options).then(
        () => null,
        (error: unknown) => (error instanceof ConsentTokenError ? error.code : String(error)),
      );
      expect(outcome, kind).to.equal(expectedError);
    }
  });
});
