import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { canonicalJson, sha256Hex } from '../../../simulator/domain/canonical-json.js';
import { verifyAuditChain, type AuditEntry } from '../../../simulator/index.js';
import {
  advance,
  AYESHA,
  BANK_SK,
  call,
  createRequest,
  latestCode,
  otherCode,
  startSandbox,
  verify,
  type Sandbox,
} from './sandbox.js';

describe('simulator: the ledger, revocation and the audit log', () => {
  let sandbox: Sandbox;
  before(async () => (sandbox = await startSandbox()));
  after(() => sandbox.close());
  beforeEach(() => call('POST', '/__sim/reset', { key: null }));

  async function grant(): Promise<string> {
    const { body } = await createRequest();
    const granted = await verify(body.id, await latestCode('sim_ayesha'));
    return JSON.parse(Buffer.from(granted.body.token.split('.')[1], 'base64url').toString()).jti;
  }
  const partnerStatus = (jti: string, secret = BANK_SK) =>
    call('GET', `/v1/consents/${jti}`, { key: null, headers: { Authorization: `Bearer ${secret}` } });

  it("lists the citizen's consents; the citizen revokes one; the partner's status check sees it", async () => {
    const jti = await grant();
    const ledger = await call('GET', '/__sim/citizens/cit_ayesha/consents', { key: null });
    assert.equal(ledger.body.consents.length, 1);
    const [consent] = ledger.body.consents;
    assert.deepEqual(
      {
        jti: consent.jti,
        partner: consent.partner.displayName.en,
        purpose: consent.purpose.title.en,
        shared: consent.shared,
        status: consent.status,
        revokedAt: consent.revokedAt,
      },
      {
        jti,
        partner: 'Sandbox Bank',
        purpose: 'Account opening',
        shared: { cnic_status: 'active', full_name: 'Ayesha Raza' },
        status: 'active',
        revokedAt: null,
      },
    );
    assert.equal((await partnerStatus(jti)).body.status, 'active');

    const revoked = await call('POST', `/__sim/citizens/cit_ayesha/consents/${jti}/revoke`, { key: null });
    assert.equal(revoked.status, 200);
    assert.equal(revoked.body.status, 'revoked');
    assert.ok(revoked.body.revokedAt);
    const status = await partnerStatus(jti);
    assert.equal(status.body.status, 'revoked');
    assert.equal(status.body.revokedAt, revoked.body.revokedAt);
    // Another partner cannot look at it; another citizen cannot revoke it.
    assert.equal((await partnerStatus(jti, 'sk_test_sandbox_telecom')).body.error.code, 'consent_not_found');
    assert.equal(
      (await call('POST', `/__sim/citizens/cit_bilal/consents/${jti}/revoke`, { key: null })).body.error.code,
      'consent_not_found',
    );
  });

  it('reports a consent as expired once its token has expired', async () => {
    const jti = await grant();
    await advance(600);
    assert.equal((await partnerStatus(jti)).body.status, 'expired');
    assert.equal(
      (await call('GET', '/__sim/citizens/cit_ayesha/consents', { key: null })).body.consents[0].status,
      'expired',
    );
  });

  it('logs every event in a hash chain that holds no CNIC, mobile, passcode or token', async () => {
    const { body } = await createRequest();
    const code = await latestCode('sim_ayesha');
    await verify(body.id, otherCode(code));
    await advance(30);
    await call('POST', `/v1/consent-requests/${body.id}/resend`, { body: {} });
    const granted = await verify(body.id, await latestCode('sim_ayesha'));
    const jti = JSON.parse(Buffer.from(granted.body.token.split('.')[1], 'base64url').toString()).jti;
    await call('POST', `/__sim/citizens/cit_ayesha/consents/${jti}/revoke`, { key: null });
    await call('POST', '/__sim/sims/sim_farhan/send', { key: null, body: { to: '9000', body: '15601-6666666-6' } });
    await call('POST', '/__sim/keys/rotate', { key: null });

    const audit = await call('GET', '/__sim/audit', { key: null });
    assert.deepEqual(audit.body.chain, { ok: true });
    assert.deepEqual(
      audit.body.entries.map((e: AuditEntry) => e.type),
      [
        'reset',
        'request_created',
        'sms_sent',
        'passcode_failed',
        'sms_sent',
        'token_issued',
        'consent_revoked',
        'enrollment_refused',
        'keys_rotated',
      ],
    );
    const text = JSON.stringify(audit.body);
    for (const secret of [
      AYESHA,
      '35202-1111111-1',
      '1560166666666',
      '03001111111',
      '03126666666',
      code,
      granted.body.token,
      granted.body.token.split('.')[2],
    ]) {
      assert.ok(!text.includes(secret), `the audit log holds ${secret.slice(0, 6)}…`);
    }
    const refs = new Set(
      audit.body.entries.filter((e: AuditEntry) => e.requestId === body.id).map((e: AuditEntry) => e.citizenRef),
    );
    assert.equal(refs.size, 1, "one citizen's events share one pseudonymous reference");
    assert.match([...refs][0] as string, /^ref_/);
  });

  it('names the first broken entry when one is edited, removed or reordered', async () => {
    const { body } = await createRequest();
    await verify(body.id, await latestCode('sim_ayesha'));
    const entries: AuditEntry[] = (await call('GET', '/__sim/audit', { key: null })).body.entries;
    assert.equal(entries.length, 4);
    assert.deepEqual(await verifyAuditChain(entries), { ok: true });

    const edited = entries.map((e) => (e.seq === 3 ? { ...e, detail: { to: 'someone else' } } : e));
    assert.equal(((await verifyAuditChain(edited)) as { brokenAt: number }).brokenAt, 3);
    const removed = entries.filter((e) => e.seq !== 2);
    assert.equal(((await verifyAuditChain(removed)) as { brokenAt: number }).brokenAt, 3);
    const reordered = [entries[0]!, entries[2]!, entries[1]!, entries[3]!];
    assert.equal(((await verifyAuditChain(reordered)) as { brokenAt: number }).brokenAt, 3);
    const firstGone = entries.slice(1);
    assert.equal(((await verifyAuditChain(firstGone)) as { brokenAt: number }).brokenAt, 2);
    // Re-hashing an edited entry does not help: the next entry still points at the old hash.
    const f = { ...entries[1]!, detail: { purpose: 'status-check' } };
    const content = {
      seq: f.seq,
      at: f.at,
      type: f.type,
      requestId: f.requestId,
      partnerId: f.partnerId,
      citizenRef: f.citizenRef,
      detail: f.detail,
    };
    const forged = { ...f, hash: await sha256Hex(`${f.prevHash}\n${canonicalJson(content)}`) };
    const rehashed = entries.map((e) => (e.seq === 2 ? forged : e));
    assert.equal(((await verifyAuditChain(rehashed)) as { brokenAt: number }).brokenAt, 3);
  });

  it('reports an insider edit through /__sim/audit', async () => {
    await createRequest();
    const tampered = await call('POST', '/__sim/audit/tamper', {
      key: null,
      body: { seq: 2, detail: { purpose: 'status-check' } },
    });
    assert.equal(tampered.status, 200);
    const audit = await call('GET', '/__sim/audit', { key: null });
    assert.equal(audit.body.chain.ok, false);
    assert.equal(audit.body.chain.brokenAt, 2);
    assert.match(audit.body.chain.reason, /edited/);
  });
});
