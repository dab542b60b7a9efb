/**
 * History retention: consent requests, SMS and settled webhook deliveries (with their events) older
 * than `historyRetentionDays` are dropped when the sandbox's clock passes them; consents, the audit
 * log, deliveries still being retried and newer history stay. The same in the memory store and in
 * SQLite (`--data`).
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
const BANK_ID = 'prt_sandbox_bank';

/** Answers every pending delivery due at or after `since` (simulated ms) as its endpoint would: 204. */
async function deliverDue(sim: Simulator, since = -Infinity): Promise<void> {
  for (const { id, dueAt } of (await sim.webhookWork()).pending) {
    if (dueAt < since || !(await sim.prepareWebhookDelivery(id))) continue;
    await sim.recordWebhookAttempt(id, { status: 204, error: null }, sim.clock.now());
  }
}

/** The bank's delivery log as [event type, consent jti, state], and the event ids still stored. */
async function webhookHistory(sim: Simulator) {
  const log = await sim.webhookDeliveries(BANK_ID);
  assert.ok(log.ok);
  const events = ((await sim.records()).webhookEvents as { id: string }[]).map((event) => event.id);
  return {
    log: log.value.deliveries.map((d) => [d.type, d.event.data.jti, d.state]),
    eventIds: log.value.deliveries.map((d) => d.eventId),
    storedEvents: events.sort(),
  };
}

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

    it('drops settled webhook deliveries past the window with their events, and keeps one still being retried', async () => {
      const sim = await open();
      try {
        sim.setLimits({ historyRetentionDays: 7 });
        assert.ok((await sim.registerWebhook(BANK_ID, 'https://bank.example/webhooks/ijazat')).ok);
        await grant(sim, AYESHA, 'sim_ayesha'); // delivered at once
        await deliverDue(sim);
        const retried = await grant(sim, BILAL, 'sim_bilal'); // its endpoint does not answer: still pending
        await sim.advanceClock(3 * DAY);
        const dayThree = sim.clock.now();
        const newer = await grant(sim, AYESHA, 'sim_ayesha');
        await deliverDue(sim, dayThree); // the grant, and the two expiries announced now
        await sim.advanceClock(5 * DAY); // the first two grants are now 8 days old, the rest 5

        const after = await webhookHistory(sim);
        assert.deepEqual(
          after.log.filter(([type]) => type === 'consent.granted'),
          [
            ['consent.granted', newer.jti, 'delivered'],
            ['consent.granted', retried.jti, 'pending'],
          ],
          'the 8-day-old delivered grant is gone; the pending one and the 5-day-old one stay',
        );
        assert.equal(after.log.length, 4, 'and the two expiries announced 5 days ago');
        assert.deepEqual(after.storedEvents, [...new Set(after.eventIds)].sort(), 'no event without its deliveries');

        // Once it is delivered, the old one goes at the next sweep, with its event.
        await deliverDue(sim);
        assert.equal((await sim.sweepHistory()).deliveries, 1);
        const last = await webhookHistory(sim);
        assert.deepEqual(
          last.log.filter(([type]) => type === 'consent.granted'),
          [['consent.granted', newer.jti, 'delivered']],
        );
        assert.deepEqual(last.storedEvents, [...new Set(last.eventIds)].sort());
      } finally {
        await sim.close();
      }
    });
  });
}
