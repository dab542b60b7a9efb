/**
 * `--retention-days` covers the webhook delivery log too: run as an operator runs it (the CLI with
 * `--data` and `--retention-days 7`), a delivered consent.granted from more than 7 simulated days ago
 * leaves the partner's delivery log, while what was announced since stays in it.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { consentToken } from '../verify/support/simulator-consent.js';
import { Receiver } from './receiver.js';
import type { ServiceJson } from '../../support/service-json.js';
import { startCliSimulator } from '../support/cli-simulator.js';

const BANK = 'prt_sandbox_bank';
const DAY = 86_400;
let dir: string;
let receiver: Receiver;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ijazat-webhook-retention-'));
  receiver = await new Receiver().open();
});
after(async () => {
  await receiver.close();
  await rm(dir, { recursive: true, force: true });
});

function stop(child: ChildProcess): Promise<void> {
  child.removeAllListeners('exit');
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function sandbox(url: string, method: string, path: string, body?: unknown): Promise<ServiceJson> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  assert.ok(response.ok, `${method} ${path} → ${response.status}`);
  return response.json();
}

/** The bank's delivery log as "type state", polled until `done` holds for it. */
async function logUntil(url: string, done: (log: string[]) => boolean): Promise<string[]> {
  for (;;) {
    const { deliveries } = await sandbox(url, 'GET', `/__sim/partners/${BANK}/webhooks/deliveries`);
    const log = (deliveries as { type: string; state: string }[]).map((d) => `${d.type} ${d.state}`);
    if (done(log)) return log;
    await sleep(20);
  }
}

describe('--retention-days and the webhook delivery log', () => {
  it('drops a delivered event older than the window and keeps the newer ones', async () => {
    const cli = await startCliSimulator(join(dir, 'state.db'), ['--retention-days', '7']);
    try {
      await sandbox(cli.url, 'POST', `/__sim/partners/${BANK}/webhooks`, { url: receiver.url });
      await consentToken(cli.url, { nonce: `nonce-${crypto.randomUUID()}` });
      assert.deepEqual(await logUntil(cli.url, (log) => log.includes('consent.granted delivered')), [
        'consent.granted delivered',
      ]);

      await sandbox(cli.url, 'POST', '/__sim/clock', { advanceSeconds: 8 * DAY });
      // The consent's expiry is announced now (8 days on); its grant, 8 days old, has left the log.
      const log = await logUntil(cli.url, (entries) => entries.includes('consent.expired delivered'));
      assert.deepEqual(log, ['consent.expired delivered']);
      assert.equal(receiver.deliveries.length, 2, 'both were delivered before');
    } finally {
      await stop(cli.child);
    }
  });
});
