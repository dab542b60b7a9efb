/**
 * Concurrency (issue 7): 100 parallel verifies of the right code on one request mint exactly one
 * token; parallel creates with one Idempotency-Key send one SMS; parallel retries of one verify with
 * an Idempotency-Key all get the same token. Run twice: through MSW over IndexedDB, and against the
 * HTTP server over its memory store, since the two store state differently.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CARRIERS, useInProcessService } from './support/in-process.js';
import { AYESHA, BILAL, TELECOM, newNonce } from './support/service-client.js';

for (const [carrier, name] of CARRIERS) {
  describe(`over ${name}`, () => {
    const service = useInProcessService({ partnerRequestsPerMinute: 100_000 }, carrier);

    describe('parallel verifies of one request', () => {
      it('100 parallel verifies of the right code give exactly one token and one consent', async () => {
        const { client } = service;
        const created = await client.create({ cnic: AYESHA.cnic });
        const code = (await client.latestCode(AYESHA.simId))!;
        const answers = await Promise.all(Array.from({ length: 100 }, () => client.verify(created.body.id, code)));
        const granted = answers.filter((a) => a.status === 200);
        assert.equal(granted.length, 1, 'exactly one verify succeeds');
        const others = answers.filter((a) => a.status !== 200);
        assert.deepEqual([...new Set(others.map((a) => `${a.status} ${a.body.error.code}`))], ['409 request_closed']);
        const consents = (await client.consents(AYESHA.id)).body.consents;
        assert.equal(consents.length, 1);
        const audit = (await client.audit()).body;
        assert.equal(audit.entries.filter((e) => e.type === 'token_issued').length, 1);
        assert.ok(audit.chain.ok);
      });

      it('100 parallel verifies mixing the right code with wrong ones: at most one token, failures counted once each', async () => {
        const { client } = service;
        const created = await client.create({ cnic: BILAL.cnic });
        const code = (await client.latestCode(BILAL.simId))!;
        const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
        const answers = await Promise.all(
          Array.from({ length: 100 }, (_, i) => client.verify(created.body.id, i % 10 === 0 ? code : wrong)),
        );
        const granted = answers.filter((a) => a.status === 200);
        assert.ok(granted.length <= 1);
        const wrongCodes = answers.filter((a) => a.body?.error?.code === 'wrong_code');
        assert.ok(wrongCodes.length <= 4, 'never more than 4 wrong_code answers before the lock');
        const status = (await client.request(created.body.id)).body.status;
        assert.equal(granted.length === 1 ? 'granted' : 'locked', status);
        assert.equal((await client.consents(BILAL.id)).body.consents.length, granted.length);
      });

      it('parallel retries of one verify with the same Idempotency-Key all get the same token, one consent', async () => {
        const { client } = service;
        await client.reset();
        await client.setLimits({ partnerRequestsPerMinute: 100_000 });
        const created = await client.create({ cnic: AYESHA.cnic });
        const code = (await client.latestCode(AYESHA.simId))!;
        const answers = await Promise.all(
          Array.from({ length: 50 }, () => client.verify(created.body.id, code, 'verify-retry-1')),
        );
        assert.ok(answers.every((a) => a.status === 200));
        assert.equal(new Set(answers.map((a) => a.body.token)).size, 1, 'one token, replayed');
        assert.equal((await client.consents(AYESHA.id)).body.consents.length, 1);
      });
    });

    describe('parallel wrong codes and parallel callers', () => {
      it('100 parallel wrong codes: exactly 4 wrong_code answers, then the lock; 5 failures audited, 1 lock', async () => {
        const { client } = service;
        await client.reset();
        await client.setLimits({ partnerRequestsPerMinute: 100_000 });
        const created = await client.create({ cnic: AYESHA.cnic });
        const code = (await client.latestCode(AYESHA.simId))!;
        const wrong = Array.from({ length: 100 }, (_, i) =>
          String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'),
        );
        const answers = await Promise.all(wrong.map((guess) => client.verify(created.body.id, guess)));
        const codes = answers.map((a) => a.body.error.code);
        assert.equal(codes.filter((c) => c === 'wrong_code').length, 4);
        assert.equal(codes.filter((c) => c === 'request_locked').length, 96);
        const audit = (await client.audit()).body.entries;
        assert.equal(audit.filter((e) => e.type === 'passcode_failed').length, 5);
        assert.equal(audit.filter((e) => e.type === 'request_locked').length, 1);
        assert.equal((await client.verify(created.body.id, code)).body.error.code, 'request_locked');
      });

      it('the partner rate limit is exact under a burst: 150 parallel calls at 120/minute → 120 answered, 30 told when to retry', async () => {
        const { client } = service;
        await client.reset();
        await client.setLimits({ partnerRequestsPerMinute: 120 });
        // The window is a fixed simulated minute: start the burst just after a minute begins.
        const now = Date.parse((await client.call('GET', '/__sim/clock')).body.now);
        await client.advanceClock((60_000 - (now % 60_000) + 10) / 1000);
        const answers = await Promise.all(Array.from({ length: 150 }, () => client.context()));
        assert.equal(answers.filter((a) => a.status === 200).length, 120);
        const limited = answers.filter((a) => a.status === 429);
        assert.equal(limited.length, 30);
        assert.ok(
          limited.every((a) => a.body.error.code === 'rate_limited' && Number(a.headers.get('retry-after')) >= 1),
        );
        await client.advanceClock(60);
        assert.equal((await client.context()).status, 200, 'the next minute is open again');
      });

      it("the same Idempotency-Key used by two partners is two requests: one partner never gets the other's answer", async () => {
        const { client } = service;
        await client.reset();
        await client.setLimits({ partnerRequestsPerMinute: 100_000 });
        const [bank, telecom] = await Promise.all([
          client.create({ cnic: AYESHA.cnic }, 'shared-key-1'),
          client.withPartner(TELECOM.key).create({ cnic: BILAL.cnic, purpose: 'sim-issuance' }, 'shared-key-1'),
        ]);
        assert.equal(bank.status, 201);
        assert.equal(telecom.status, 201);
        assert.notEqual(bank.body.id, telecom.body.id);
        assert.equal((await client.messages(AYESHA.simId)).body.messages.length, 1);
        assert.equal((await client.messages(BILAL.simId)).body.messages.length, 1);
      });
    });

    describe('parallel creates', () => {
      it('50 parallel creates with the same Idempotency-Key send one SMS and make one request', async () => {
        const { client } = service;
        await client.reset();
        await client.setLimits({ partnerRequestsPerMinute: 100_000 });
        const nonce = newNonce();
        const answers = await Promise.all(
          Array.from({ length: 50 }, () => client.create({ cnic: AYESHA.cnic, nonce }, 'create-once-7f3a')),
        );
        assert.ok(
          answers.every((a) => a.status === 201),
          JSON.stringify(answers.find((a) => a.status !== 201)?.body),
        );
        assert.equal(new Set(answers.map((a) => a.body.id)).size, 1, 'one request id for all');
        const inbox = (await client.messages(AYESHA.simId)).body.messages.filter((m) => m.direction === 'in');
        assert.equal(inbox.length, 1, 'one SMS');
        const audit = (await client.audit()).body.entries;
        assert.equal(audit.filter((e) => e.type === 'sms_sent').length, 1);
        assert.equal(audit.filter((e) => e.type === 'request_created').length, 1);
      });

      it('the same Idempotency-Key with a different body is a conflict, and sends nothing', async () => {
        const { client } = service;
        const nonce = newNonce();
        const [first, ...rest] = await Promise.all([
          client.create({ cnic: BILAL.cnic, nonce }, 'create-conflict'),
          ...Array.from({ length: 10 }, () =>
            client.create({ cnic: BILAL.cnic, nonce: newNonce() }, 'create-conflict'),
          ),
        ]);
        // The queue serialises them: the first to run wins, the rest conflict (or replay the winner).
        const all = [first, ...rest];
        const winners = all.filter((a) => a.status === 201);
        assert.equal(new Set(winners.map((a) => a.body.id)).size, 1);
        assert.ok(
          all
            .filter((a) => a.status !== 201)
            .every((a) => a.status === 409 && a.body.error.code === 'idempotency_conflict'),
        );
        const inbox = (await client.messages(BILAL.simId)).body.messages.filter((m) => m.direction === 'in');
        assert.equal(inbox.length, 1);
      });

      it('parallel creates WITHOUT a key are separate requests, each counted against the SMS cap', async () => {
        const { client } = service;
        await client.reset();
        await client.setLimits({ partnerRequestsPerMinute: 100_000 });
        const answers = await Promise.all(Array.from({ length: 30 }, () => client.create({ cnic: AYESHA.cnic })));
        assert.equal(
          answers.filter((a) => a.status === 201).length,
          10,
          'the cap of 10 SMS an hour holds under a burst',
        );
        assert.ok(answers.filter((a) => a.status !== 201).every((a) => a.body.error.code === 'sms_limit_reached'));
        const inbox = (await client.messages(AYESHA.simId)).body.messages.filter((m) => m.direction === 'in');
        assert.equal(inbox.length, 10);
      });
    });
  });
}
