/**
 * Signed audit checkpoints: the service publishes the log's size and newest hash, signed with its
 * token key (GET /v1/audit/checkpoint). A chain check alone cannot see entries cut from the end, an
 * emptied log or an older copy put back; held to a checkpoint signed earlier, it reports each.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader } from 'jose';
import { AuditCheckpointView } from '../../../src/contract/schemas.js';
import {
  createNodeSimulator,
  verifyAuditChain,
  verifyAuditCheckpoint,
  type Simulator,
} from '../../../simulator/node.js';
import type { AuditEntry } from '../../../simulator/store/schema.js';
import { AYESHA, BILAL, call, createRequest, latestCode, startSandbox, verify, type Sandbox } from './sandbox.js';

const input = (cnic: string) => ({
  purpose: 'account-opening',
  nonce: 'n0nce-for-tests-0123456789abcdef',
  cnic,
  locale: 'en' as const,
});

/** One granted flow on `sim` (several audit entries). */
async function grantOne(sim: Simulator, cnic = AYESHA, simId = 'sim_ayesha'): Promise<void> {
  const bank = (await sim.partnerByPublishableKey('pk_test_sandbox_bank'))!;
  const created = await sim.createRequest(bank, input(cnic), 'localhost');
  assert.ok(created.ok);
  const inbox = await sim.messages(simId);
  assert.ok(inbox.ok);
  const code = /#(\d{6})\s*$/.exec(inbox.value.messages.filter((m) => m.direction === 'in').at(-1)!.body)![1]!;
  assert.ok((await sim.verify(bank, created.value.id, code)).ok);
}

async function checkpointOf(sim: Simulator) {
  const view = await sim.auditCheckpoint();
  return verifyAuditCheckpoint(view.jws, await sim.jwks());
}

describe('GET /v1/audit/checkpoint', () => {
  let sandbox: Sandbox;
  before(async () => (sandbox = await startSandbox()));
  after(() => sandbox.close());

  it('is the log size and newest hash, signed with a key from the JWKS', async () => {
    const created = await createRequest(AYESHA);
    await verify(created.body.id, await latestCode('sim_ayesha'));
    const { status, body, headers } = await call('GET', '/v1/audit/checkpoint', { key: null });
    assert.equal(status, 200);
    assert.equal(headers.get('cache-control'), 'no-store');
    const view = AuditCheckpointView.parse(body);
    const { entries } = (await call('GET', '/__sim/audit', { key: null })).body as { entries: AuditEntry[] };
    assert.equal(view.count, entries.length);
    assert.equal(view.head, entries.at(-1)!.hash);
    const jwks = (await call('GET', '/.well-known/jwks.json', { key: null })).body;
    const { payload } = await compactVerify(view.jws, createLocalJWKSet(jwks));
    assert.deepEqual(
      { ...JSON.parse(new TextDecoder().decode(payload)), iat: 0 },
      { iss: 'urn:ijazat:sandbox', count: view.count, head: view.head, iat: 0 },
    );
    assert.equal(decodeProtectedHeader(view.jws).typ, 'audit-checkpoint+jwt');
    assert.equal(decodeProtectedHeader(view.jws).kid, view.kid);
  });
});

describe('verifyAuditChain held to a signed checkpoint', () => {
  it('reports entries removed from the end, which the chain alone does not see', async () => {
    const sim = await createNodeSimulator({ store: 'memory' });
    try {
      await grantOne(sim);
      const checkpoint = await checkpointOf(sim);
      const { entries } = await sim.audit();
      const cut = entries.slice(0, -2);
      const alone = await verifyAuditChain(cut);
      assert.deepEqual(alone, { ok: true }, 'a shortened chain is still a chain');
      const held = await verifyAuditChain(cut, checkpoint);
      assert.equal(held.ok, false);
      assert.ok(!held.ok && /removed from its end/.test(held.reason) && held.brokenAt === entries.length - 1);
    } finally {
      await sim.close();
    }
  });

  it('reports an emptied log', async () => {
    const sim = await createNodeSimulator({ store: 'memory' });
    try {
      await grantOne(sim);
      const checkpoint = await checkpointOf(sim);
      const tx = sim.db.transaction('audit', 'readwrite');
      await tx.store.clear();
      await tx.done;
      const { chain } = await sim.audit(checkpoint);
      assert.ok(!chain.ok && /emptied/.test(chain.reason), JSON.stringify(chain));
      assert.deepEqual((await sim.audit()).chain, { ok: true }, 'an empty log is a valid chain by itself');
    } finally {
      await sim.close();
    }
  });

  it('reports an older copy put back and written on, even with as many entries as the checkpoint', async () => {
    const original = await createNodeSimulator({ store: 'memory', extractableKeys: true });
    const backup = await original.exportState();
    await grantOne(original);
    const checkpoint = await checkpointOf(original);
    const restored = await createNodeSimulator({ store: 'memory', initialState: backup });
    try {
      // The restored service goes on serving: its log grows past the checkpoint's size.
      await grantOne(restored, BILAL, 'sim_bilal');
      await grantOne(restored, BILAL, 'sim_bilal');
      const { entries, chain } = await restored.audit(checkpoint);
      assert.ok(entries.length >= checkpoint.count);
      assert.ok(!chain.ok && /rolled back and rewritten/.test(chain.reason) && chain.brokenAt === checkpoint.count);
      assert.deepEqual(
        (await restored.audit(await checkpointOf(restored))).chain,
        { ok: true },
        'its own checkpoints match it',
      );
    } finally {
      await Promise.all([original.close(), restored.close()]);
    }
  });

  it('still names an edited entry first, and accepts a log that grew after the checkpoint', async () => {
    const sim = await createNodeSimulator({ store: 'memory' });
    try {
      await grantOne(sim);
      const checkpoint = await checkpointOf(sim);
      await grantOne(sim);
      assert.deepEqual((await sim.audit(checkpoint)).chain, { ok: true });
      assert.ok((await sim.tamperAudit(2, { edited: true })).ok);
      const { chain } = await sim.audit(checkpoint);
      assert.ok(!chain.ok && chain.brokenAt === 2 && /edited/.test(chain.reason));
    } finally {
      await sim.close();
    }
  });

  it('takes no checkpoint whose signature or type does not check out', async () => {
    const sim = await createNodeSimulator({ store: 'memory' });
    try {
      await grantOne(sim);
      const view = await sim.auditCheckpoint();
      const jwks = await sim.jwks();
      const [header, , signature] = view.jws.split('.');
      const forged = Buffer.from(
        JSON.stringify({ iss: 'urn:ijazat:sandbox', count: 1, head: view.head, iat: 0 }),
      ).toString('base64url');
      await assert.rejects(verifyAuditCheckpoint(`${header}.${forged}.${signature}`, jwks));
      const bank = (await sim.partnerByPublishableKey('pk_test_sandbox_bank'))!;
      const created = await sim.createRequest(bank, input(BILAL), 'localhost');
      assert.ok(created.ok);
      const inbox = await sim.messages('sim_bilal');
      assert.ok(inbox.ok);
      const code = /#(\d{6})\s*$/.exec(inbox.value.messages.at(-1)!.body)![1]!;
      const grant = await sim.verify(bank, created.value.id, code);
      assert.ok(grant.ok);
      await assert.rejects(verifyAuditCheckpoint(grant.value.token, jwks), /Not an audit checkpoint/);
    } finally {
      await sim.close();
    }
  });
});
