/**
 * Privacy and the audit trail (issue 7), on the service side: after full flows, no token carries the
 * raw CNIC (in any format), the mobile or the passcode; no store of the simulator holds a passcode in
 * clear, and the audit log holds no CNIC or mobile; and the audit chain detects an edited, removed or
 * reordered entry, whether the edit comes through /__sim/audit/tamper or straight in the database.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { verifyAuditChain, type AuditEntry } from '../../../simulator/node.js';
import { STORE_NAMES } from '../../../simulator/store/schema.js';
import { startInProcessService, watchUnhandledRejections, type InProcessService } from './support/in-process.js';
import { AYESHA, BILAL, newNonce } from './support/service-client.js';
import { toScript } from './support/arbitraries.js';

let service: InProcessService;
const rejections = watchUnhandledRejections();
const codes: string[] = [];
const tokens: string[] = [];

before(async () => {
  service = await startInProcessService();
  const { client } = service;
  // Full flows: granted (en and ur), a wrong try then granted, a resend then granted, a cancelled one.
  for (const [citizen, locale] of [
    [AYESHA, 'en'],
    [BILAL, 'ur'],
  ] as const) {
    const created = await client.create({ cnic: citizen.cnic, nonce: newNonce(), locale });
    const code = (await client.latestCode(citizen.simId))!;
    codes.push(code);
    await client.verify(created.body.id, String((Number(code) + 1) % 1_000_000).padStart(6, '0'));
    tokens.push((await client.verify(created.body.id, code)).body.token);
  }
  const resent = await client.create({ cnic: AYESHA.cnic });
  codes.push((await client.latestCode(AYESHA.simId))!);
  await client.advanceClock(30);
  await client.resend(resent.body.id);
  const fresh = (await client.latestCode(AYESHA.simId))!;
  codes.push(fresh);
  tokens.push((await client.verify(resent.body.id, fresh)).body.token);
  await client.create({ cnic: BILAL.cnic }).then((r) => client.cancel(r.body.id));
  codes.push((await client.latestCode(BILAL.simId))!);
});
after(async () => {
  await service.close();
  rejections.stop();
  assert.deepEqual(rejections.reasons, [], 'no unhandled promise rejection');
});

/** Every way a CNIC or mobile may be written: plain, dashed, spaced, in each digit script. */
function spellings(digits: string, groups: number[]): string[] {
  const out = new Set<string>();
  const grouped = (sep: string) => {
    let at = 0;
    return groups.map((n) => digits.slice(at, (at += n))).join(sep);
  };
  for (const script of ['ascii', 'urdu', 'arabicIndic'] as const)
    for (const text of [digits, grouped('-'), grouped(' ')]) out.add(toScript(text, script));
  return [...out];
}
const SECRETS = [
  ...[AYESHA, BILAL].flatMap((c) => [
    ...spellings(c.cnic, [5, 7, 1]),
    ...spellings(c.mobile, [4, 7]),
    ...spellings(c.mobile.slice(1), [3, 7]),
    `92${c.mobile.slice(1)}`,
  ]),
];

/** A passcode as a whole number in text (not a run inside a timestamp or a hash). */
const holdsCode = (text: string, code: string) => new RegExp(`(?<![0-9])${code}(?![0-9])`).test(text);

const decode = (token: string) =>
  token
    .split('.')
    .slice(0, 2)
    .map((part) => Buffer.from(part, 'base64url').toString('utf8'))
    .join('\n');

describe('tokens', () => {
  it('carry no CNIC in any format, no mobile, no passcode', () => {
    assert.equal(tokens.length, 3);
    for (const token of tokens) {
      const text = `${token}\n${decode(token)}`;
      for (const secret of SECRETS) assert.ok(!text.includes(secret), `a token contains ${secret}`);
      for (const code of codes) assert.ok(!holdsCode(decode(token), code), 'a token contains a passcode');
    }
  });
});

describe("the simulator's stores", () => {
  it('hold no passcode in clear anywhere but the SMS inbox (the phone), and the audit log holds no CNIC or mobile', async () => {
    const db = service.simulator.db;
    for (const name of STORE_NAMES) {
      const rows = await db.getAll(name);
      const text = JSON.stringify(rows);
      if (name !== 'messages')
        for (const code of codes) assert.ok(!holdsCode(text, code), `store ${name} holds passcode ${code} in clear`);
      if (
        name === 'audit' ||
        name === 'requests' ||
        name === 'consents' ||
        name === 'idempotency' ||
        name === 'activity'
      ) {
        for (const secret of SECRETS) assert.ok(!text.includes(secret), `store ${name} holds ${secret}`);
      }
    }
    const requests = await db.getAll('requests');
    assert.ok(
      requests.every((r) => /^[A-Za-z0-9_-]{43}$/.test(r.codeHash)),
      'each request keeps only a keyed hash of its code',
    );
  });

  it('the audit log over HTTP shows pseudonyms and masked mobiles only', async () => {
    const { body } = await service.client.audit();
    const text = JSON.stringify(body);
    for (const secret of SECRETS) assert.ok(!text.includes(secret));
    for (const code of codes) assert.ok(!holdsCode(text, code));
    assert.ok(body.entries.some((e) => e.citizenRef?.startsWith('ref_')));
  });
});

describe('the audit chain detects tampering', () => {
  let entries: AuditEntry[];
  before(async () => {
    entries = await service.simulator.db.getAll('audit');
    assert.ok(entries.length >= 10);
    assert.deepEqual(await verifyAuditChain(entries), { ok: true });
  });

  it('an edited entry (detail, type, time, pseudonym) is caught at that entry', async () => {
    for (const [i, edit] of [
      [3, { detail: { attemptsLeft: 5 } }],
      [4, { type: 'request_cancelled' as const }],
      [5, { at: '2020-01-01T00:00:00.000Z' }],
      [6, { citizenRef: 'ref_someone_else_entirely' }],
    ] as const) {
      const edited = entries.map((e, j) => (j === i ? { ...e, ...edit } : e));
      const result = await verifyAuditChain(edited);
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.brokenAt, entries[i]!.seq);
    }
  });

  it('an edited entry whose hash was recomputed breaks the link to the next one', async () => {
    const { sha256Hex } = await import('../../../simulator/domain/canonical-json.js');
    const { canonicalJson } = await import('../../../simulator/domain/canonical-json.js');
    const i = 4;
    const forged = { ...entries[i]!, detail: { forged: true } };
    const { hash: _old, ...rest } = forged;
    const { seq, at, type, requestId, partnerId, citizenRef, detail, prevHash } = rest;
    forged.hash = await sha256Hex(
      `${prevHash}\n${canonicalJson({ seq, at, type, requestId, partnerId, citizenRef, detail })}`,
    );
    assert.equal((await verifyAuditChain([forged])).ok, false, 'sanity: a lone entry must start the chain');
    const result = await verifyAuditChain(entries.map((e, j) => (j === i ? forged : e)));
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.brokenAt, entries[i + 1]!.seq);
  });

  it('a removed entry (first, middle or last-but-one) and a reordered pair are caught', async () => {
    for (const i of [0, 5, entries.length - 2]) {
      const result = await verifyAuditChain(entries.filter((_, j) => j !== i));
      assert.equal(result.ok, false, `removing entry ${i}`);
    }
    const swapped = [...entries];
    [swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!];
    assert.equal((await verifyAuditChain(swapped)).ok, false);
    const renumbered = swapped.map((e, j) => ({ ...e, seq: j + 1 }));
    assert.equal((await verifyAuditChain(renumbered)).ok, false, 'renumbering after a swap does not hide it');
  });

  it('an insider edit through /__sim/audit/tamper shows in GET /__sim/audit with the entry it broke', async () => {
    const { client } = service;
    const tampered = await client.call('POST', '/__sim/audit/tamper', {
      body: { seq: 3, detail: { note: 'nothing happened here' } },
    });
    assert.equal(tampered.status, 200);
    const { body } = await client.audit();
    assert.equal(body.chain.ok, false);
    assert.equal(body.chain.brokenAt, 3);
  });

  it('an entry deleted or two swapped in the database itself are caught by GET /__sim/audit', async () => {
    const { client } = service;
    await client.reset();
    const created = await client.create({ cnic: AYESHA.cnic });
    await client.verify(created.body.id, (await client.latestCode(AYESHA.simId))!);
    const db = service.simulator.db;
    const all = await db.getAll('audit');
    assert.deepEqual((await client.audit()).body.chain, { ok: true });
    await db.delete('audit', all[1]!.seq);
    const removed = (await client.audit()).body.chain;
    assert.equal(removed.ok, false);
    await db.put('audit', all[1]!);
    assert.deepEqual((await client.audit()).body.chain, { ok: true }, 'putting it back restores the chain');
    // Reorder: swap the contents of two stored entries, keeping their keys.
    await db.put('audit', { ...all[2]!, seq: all[1]!.seq });
    await db.put('audit', { ...all[1]!, seq: all[2]!.seq });
    const reordered = (await client.audit()).body.chain;
    assert.equal(reordered.ok, false);
    assert.equal(reordered.brokenAt, all[1]!.seq);
  });
});
