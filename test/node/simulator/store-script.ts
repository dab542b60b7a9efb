/**
 * Test fixture: one fixed day in the sandbox (every kind of state change, good and bad) and the
 * records it leaves, with what is random or time-dependent blanked, so that the stores (IndexedDB,
 * memory, SQLite) can be compared record by record. Not a test file itself.
 */
import assert from 'node:assert/strict';
import type { Simulator } from '../../../simulator/node.js';
import { AYESHA, BILAL, NONCE, otherCode } from './sandbox.js';

const CODE = /#(\d{6})\s*$/;

async function latest(sim: Simulator, simId: string): Promise<string> {
  const inbox = await sim.messages(simId);
  assert.ok(inbox.ok);
  return CODE.exec(inbox.value.messages.filter((m) => m.direction === 'in').at(-1)!.body)![1]!;
}

/** A day in the sandbox: every kind of state change, good and bad, in one fixed order. */
export async function script(sim: Simulator): Promise<void> {
  const bank = (await sim.partnerByPublishableKey('pk_test_sandbox_bank'))!;
  const input = (cnic: string) => ({ purpose: 'account-opening', nonce: NONCE, cnic, locale: 'en' as const });
  // No dispatcher here: webhook deliveries stay pending until the script records an attempt.
  assert.ok((await sim.registerWebhook(bank.id, 'http://127.0.0.1:9/hook')).ok);
  const first = await sim.createRequest(bank, input(AYESHA), 'localhost', 'create-1');
  assert.ok(first.ok);
  assert.deepEqual(
    await sim.createRequest(bank, input(AYESHA), 'localhost', 'create-1'),
    first,
    'an idempotent retry answers the same',
  );
  const code = await latest(sim, 'sim_ayesha');
  assert.equal((await sim.verify(bank, first.value.id, otherCode(code))).ok, false);
  const granted = await sim.verify(bank, first.value.id, code, 'verify-1');
  assert.ok(granted.ok);
  const second = await sim.createRequest(bank, input(BILAL), 'localhost');
  assert.ok(second.ok);
  await sim.advanceClock(61);
  assert.ok((await sim.resend(bank, second.value.id)).ok);
  assert.ok((await sim.cancel(bank, second.value.id)).ok);
  const consents = await sim.citizenConsents('cit_ayesha');
  assert.ok(consents.ok && consents.value.consents.length === 1);
  assert.ok((await sim.revokeConsent('cit_ayesha', consents.value.consents[0]!.jti)).ok);
  assert.ok((await sim.sendFromSim('sim_chand', { to: '9000', body: '61101-3333333-3' })).ok);
  assert.ok(
    (await sim.addCitizen({ cnic: '9999988888887', name: 'Load Test', cardStatus: 'active', mobile: '03009999999' }))
      .ok,
  );
  assert.equal(
    (await sim.addCitizen({ cnic: '9999988888887', name: 'Again', cardStatus: 'active', mobile: null })).ok,
    false,
  );
  await sim.rotateKeys();
  // Past the token's expiry, the next stored answer sweeps the replayed one (a delete by index range).
  await sim.advanceClock(600);
  assert.ok((await sim.createRequest(bank, input(BILAL), 'localhost', 'create-2')).ok);
  assert.ok((await sim.tamperAudit(2, { edited: true })).ok);
  const { pending } = await sim.webhookWork();
  assert.equal(pending.length, 2, 'the grant and the revocation, no expiry after it');
  await sim.recordWebhookAttempt(pending[0]!.id, { status: 503, error: 'http_503' }, sim.clock.now());
}

/** Every record, with what is random or time-dependent in it blanked, each store sorted. */
export async function shape(sim: Simulator): Promise<Record<string, string[]>> {
  const records = await sim.records();
  const blank = (_key: string, value: unknown) => {
    if (typeof value === 'number' && value > 1e12) return '<time>';
    if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value)) return '<time>';
    if (typeof value === 'string' && /[A-Za-z0-9_-]{16,}/.test(value) && !value.includes(' ')) return '<random>';
    if (typeof value === 'string') return value.replace(/#\d{6}/g, '#<code>').replace(/\b\d{6}\b/g, '<code>');
    if (value && typeof value === 'object' && value.constructor?.name === 'CryptoKey') return '<key>';
    return value;
  };
  return Object.fromEntries(
    Object.entries(records).map(([store, rows]) => [store, rows.map((row) => JSON.stringify(row, blank)).sort()]),
  );
}
