/**
 * History retention: consent requests and SMS older than `historyRetentionDays` are dropped when the
 * sandbox's clock passes them; consents and the audit log stay whole, and newer history stays. The
 * same in the memory store and in SQLite (`--data`).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDataStore } from '../../../simulator/data-store.js';
import { createNodeSimulator, type Simulator } from '../../../simulator/node.js';
import { AYESHA, BILAL, NONCE } from './sandbox.js';

let dir: string;
before(async () => (dir = await mkdtemp(join(tmpdir(), 'ijazat-retention-'))));
after(() => rm(dir, { recursive: true, force: true }));

const DAY = 86_400;

async function grant(sim: Simulator, cnic: string, simId: string): Promise<{ requestId: string; jti: string }> {
  const bank = (await sim.partnerByPublishableKey('pk_test_sandbox_bank'))!;
  const created = await sim.createRequest(
    bank,
    { purpose: 'account-opening', nonce: NONCE, cnic, locale: 'en' },
    'localhost',
  );
  assert.ok(created.ok);
  const inbox = await sim.messages(simId);
  assert.ok(inbox.ok);
  const code = /#(\d{6})\s*$/.exec(inbox.value.messages.filter((m) => m.direction === 'in').at(-1)!.body)![1]!;
  const granted = await sim.verify(bank, created.value.id, code);
  assert.ok(granted.ok);
  const jti = JSON.parse(Buffer.from(granted.value.token.split('.')[1]!, 'base64url').toString()).jti as string;
  return { requestId: created.value.id, jti };
}

const stores: [string, () => Promise<Simulator>][] = [
  ['memory', () => createNodeSimulator({ store: 'memory' })],
  [
    'SQLite',
    async () => {
      const { database } = await openDataStore(join(dir, `retention-${Date.now()}.db`));
      return createNodeSimulator({ database: database.asSimulatorDatabase(), extractableKeys: true });
    },
  ],
];

for (const [name, open] of stores) {
  describe(`history retention (${name} store)`, () => {
    it('drops requests and SMS past the window, keeps consents, the audit log and newer history', async () => {
      const sim = await open();
      try {
        sim.setLimits({ historyRetentionDays: 7 });
        const old = await grant(sim, AYESHA, 'sim_ayesha');
        await sim.advanceClock(3 * DAY);
        const middle = await grant(sim, BILAL, 'sim_bilal');
        const auditBefore = (await sim.audit()).entries.length;
        await sim.advanceClock(5 * DAY); // the first flow is now 8 days old, the second 5
        const bank = (await sim.partnerByPublishableKey('pk_test_sandbox_bank'))!;

        const gone = await sim.getRequest(bank, old.requestId);
        assert.ok(!gone.ok && gone.code === 'request_not_found', 'the 8-day-old request is dropped');
        const kept = await sim.getRequest(bank, middle.requestId);
        assert.ok(kept.ok, 'the 5-day-old request is kept');
        const ayeshaInbox = await sim.messages('sim_ayesha');
        assert.ok(ayeshaInbox.ok && ayeshaInbox.value.messages.length === 0, "Ayesha's old SMS are dropped");
        const bilalInbox = await sim.messages('sim_bilal');
        assert.ok(bilalInbox.ok && bilalInbox.value.messages.length > 0, "Bilal's newer SMS are kept");

        const status = await sim.consentStatus(bank, old.jti);
        assert.ok(status.ok, 'the consent itself is kept');
        const consents = await sim.citizenConsents('cit_ayesha');
        assert.ok(consents.ok && consents.value.consents.some((consent) => consent.jti === old.jti));
        const { entries, chain } = await sim.audit();
        assert.equal(entries.length, auditBefore, 'no audit entry was dropped');
        assert.deepEqual(chain, { ok: true });
      } finally {
        await sim.close();
      }
    });
  });
}
