/**
 * Nothing acknowledged is lost: a revocation the service answered while the partner's endpoint was
 * down is still delivered after the service is killed (SIGKILL, no chance to flush) and started again
 * on its `--data` file: the event and its pending delivery were stored with the revocation itself.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { verifyWebhookEvent } from '../../../src/verify/index.js';
import { consentToken } from '../verify/support/simulator-consent.js';
import { Receiver } from './receiver.js';
import type { ServiceJson } from '../../support/service-json.js';
import { startCliSimulator } from '../support/cli-simulator.js';

const BANK = 'prt_sandbox_bank';
let dir: string;
let receiver: Receiver;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ijazat-webhooks-'));
  receiver = await new Receiver().open();
});
after(async () => {
  await receiver.close();
  await rm(dir, { recursive: true, force: true });
});

const startCli = startCliSimulator;

function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  child.removeAllListeners('exit');
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

async function post(url: string, path: string, body: unknown = {}): Promise<ServiceJson> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.ok(response.ok, `${path} → ${response.status}`);
  return response.json();
}

describe('webhooks and --data', () => {
  it('deliver a revocation answered before a SIGKILL, once the service is back', async () => {
    const dataFile = join(dir, 'state.db');
    const first = await startCli(dataFile);
    let jti: string;
    try {
      await post(first.url, `/__sim/partners/${BANK}/webhooks`, { url: receiver.url });
      await consentToken(first.url, { nonce: `nonce-${crypto.randomUUID()}` });
      await receiver.received(1);
      receiver.status = 503; // the bank is down from now on
      const { consents } = await (await fetch(`${first.url}/__sim/citizens/cit_ayesha/consents`)).json();
      jti = consents.at(-1).jti;
      await post(first.url, `/__sim/citizens/cit_ayesha/consents/${jti}/revoke`);
    } finally {
      await kill(first.child, 'SIGKILL');
    }

    receiver.status = 204;
    const second = await startCli(dataFile);
    try {
      // Whether or not the first attempt was made before the kill, the retry is due a minute on.
      await post(second.url, '/__sim/clock', { advanceSeconds: 60 });
      const jwks = await (await fetch(`${second.url}/.well-known/jwks.json`)).json();
      const delivered = await receiver.first((d) => d.answered < 300 && d.body.includes('"consent.revoked"'));
      const event = await verifyWebhookEvent(delivered.body, delivered.headers, {
        jwks,
        audience: BANK,
        replay: false,
      });
      assert.deepEqual([event.type, event.data.jti], ['consent.revoked', jti]);
    } finally {
      await kill(second.child, 'SIGTERM');
    }
  });
});
