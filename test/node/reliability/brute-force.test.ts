/**
 * Brute force (issue 7): guessing a passcode stops at the fifth wrong try on one request, or on its
 * CNIC across requests; resends do not reset the count; the per-CNIC back-off holds across requests
 * and partners; and no number of random guesses yields a token without the right code.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { useInProcessService } from './support/in-process.js';
import { AYESHA, BANK, BILAL, TELECOM, codeInSms, newNonce } from './support/service-client.js';
import type { ServiceJson } from '../../support/service-json.js';

/** `count` distinct 6-digit codes that are not `code` (steps of a prime, so none repeats or wraps onto it). */
const wrongGuesses = (code: string, count: number): string[] => {
  const out: string[] = [];
  for (let i = 1; out.length < count; i++) out.push(String((Number(code) + i * 7919) % 1_000_000).padStart(6, '0'));
  return out;
};

const service = useInProcessService();

describe('brute force on one request', () => {
  it('locks the request at the fifth wrong code; after that even the right code is refused', async () => {
    const { client } = service;
    await client.reset();
    const created = await client.create({ cnic: AYESHA.cnic });
    assert.equal(created.status, 201);
    assert.equal(created.body.attemptsLeft, 5);
    const code = (await client.latestCode(AYESHA.simId))!;
    const guesses = wrongGuesses(code, 5);
    for (const [i, guess] of guesses.slice(0, 4).entries()) {
      const answer = await client.verify(created.body.id, guess);
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error.code, 'wrong_code');
      assert.equal(answer.body.error.attemptsLeft, 4 - i);
    }
    const fifth = await client.verify(created.body.id, guesses[4]!);
    assert.equal(fifth.status, 423);
    assert.equal(fifth.body.error.code, 'request_locked');

    const right = await client.verify(created.body.id, code);
    assert.equal(right.status, 423, 'the right code after the lock is refused');
    assert.equal(right.body.error.code, 'request_locked');
    assert.equal((await client.request(created.body.id)).body.status, 'locked');
    assert.deepEqual((await client.consents(AYESHA.id)).body.consents, [], 'no consent was granted');
    const resend = await client.resend(created.body.id);
    assert.equal(resend.body.error.code, 'request_locked', 'a locked request cannot get a new code');

    // The citizen is told, in the request's language, without a code in it.
    const inbox = (await client.messages(AYESHA.simId)).body.messages.filter((m) => m.direction === 'in');
    assert.equal(inbox.length, 2, 'the passcode, then one alert');
    assert.match(
      inbox[1]!.body,
      /^Ijazat: too many wrong codes were entered on a request from Sandbox Bank for account opening, so it is locked and nothing was shared\. If this was not you/,
    );
    assert.equal(codeInSms(inbox[1]!.body), null);
    assert.doesNotMatch(inbox[1]!.body, /\d{6}/);
    const alerts = (await client.audit()).body.entries.filter(
      (e) => e.type === 'sms_sent' && (e.detail as { reason?: string }).reason === 'lock_alert',
    );
    assert.equal(alerts.length, 1, 'the alert is in the audit trail');
  });

  it('the lock alert speaks Urdu when the request did', async () => {
    const { client } = service;
    await client.reset();
    const created = await client.create({ cnic: BILAL.cnic, locale: 'ur' });
    for (const guess of wrongGuesses((await client.latestCode(BILAL.simId))!, 5))
      await client.verify(created.body.id, guess);
    const last = (await client.messages(BILAL.simId)).body.messages.at(-1)!;
    assert.match(last.body, /^اجازت: سینڈ باکس بینک کی اکاؤنٹ کھولنے کے لیے درخواست پر بہت زیادہ غلط کوڈ درج کیے گئے/);
  });

  it('a resend gives a new code but keeps the failures: 2 wrong + resend + 3 wrong = locked', async () => {
    const { client } = service;
    await client.reset();
    const created = await client.create({ cnic: AYESHA.cnic });
    const first = (await client.latestCode(AYESHA.simId))!;
    for (const guess of wrongGuesses(first, 2))
      assert.equal((await client.verify(created.body.id, guess)).body.error.code, 'wrong_code');
    await client.advanceClock(30);
    const resent = await client.resend(created.body.id);
    assert.equal(resent.status, 200);
    assert.equal(resent.body.attemptsLeft, 3, 'the resend did not reset the failure count');
    const second = (await client.latestCode(AYESHA.simId))!;
    if (second !== first) {
      const old = await client.verify(created.body.id, first);
      assert.equal(old.body.error.code, 'wrong_code', 'the voided code no longer works (and counts as a try)');
      assert.equal(old.body.error.attemptsLeft, 2);
    } else {
      assert.equal((await client.verify(created.body.id, wrongGuesses(second, 1)[0]!)).body.error.code, 'wrong_code');
    }
    const guesses = wrongGuesses(second, 2);
    assert.equal((await client.verify(created.body.id, guesses[0]!)).body.error.attemptsLeft, 1);
    const locked = await client.verify(created.body.id, guesses[1]!);
    assert.equal(locked.body.error.code, 'request_locked');
    assert.equal((await client.verify(created.body.id, second)).body.error.code, 'request_locked');
  });
});

describe('per-CNIC back-off across requests and partners', () => {
  async function lockOne(cnic: string, simId: string, partnerKey: string = BANK.key): Promise<void> {
    const client = service.client.withPartner(partnerKey);
    const created = await client.create({
      cnic,
      purpose: partnerKey === TELECOM.key ? 'sim-issuance' : 'account-opening',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const code = (await client.latestCode(simId))!;
    for (const guess of wrongGuesses(code, 5)) await client.verify(created.body.id, guess);
    assert.equal((await client.request(created.body.id)).body.status, 'locked');
  }

  it('after a lock, a new request for that CNIC waits 60 s, then 120 s after a second lock, for every partner', async () => {
    const { client } = service;
    await client.reset();
    await lockOne(AYESHA.cnic, AYESHA.simId);

    const refused = await client.create({ cnic: AYESHA.cnic });
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.code, 'cnic_backoff');
    assert.equal(refused.body.error.retryAfterSeconds, 60);
    assert.equal(refused.headers.get('retry-after'), '60');
    const otherPartner = await client.withPartner(TELECOM.key).create({ cnic: AYESHA.cnic, purpose: 'sim-issuance' });
    assert.equal(otherPartner.body.error.code, 'cnic_backoff', 'another partner cannot get around the back-off');
    const otherCitizen = await client.create({ cnic: BILAL.cnic });
    assert.equal(otherCitizen.status, 201, 'the back-off is per CNIC, not global');

    await client.advanceClock(59);
    assert.equal((await client.create({ cnic: AYESHA.cnic })).body.error.code, 'cnic_backoff');
    await client.advanceClock(1);
    // Second lock, this time through the other partner: the back-off doubles.
    await lockOne(AYESHA.cnic, AYESHA.simId, TELECOM.key);
    const doubled = await client.create({ cnic: AYESHA.cnic });
    assert.equal(doubled.body.error.code, 'cnic_backoff');
    assert.equal(doubled.body.error.retryAfterSeconds, 120);
    await client.advanceClock(119);
    assert.equal((await client.create({ cnic: AYESHA.cnic })).body.error.code, 'cnic_backoff');
    await client.advanceClock(1);
    assert.equal((await client.create({ cnic: AYESHA.cnic })).status, 201);
  });

  it('the SMS cap per CNIC holds across requests and resends (10 an hour)', async () => {
    const { client } = service;
    await client.reset();
    let sent = 0;
    let refusal: ServiceJson = null;
    // Requests and resends alternate; each sends one SMS until the cap.
    for (let i = 0; i < 12 && !refusal; i++) {
      const created = await client.create({ cnic: BILAL.cnic });
      if (created.status !== 201) {
        refusal = created.body.error;
        break;
      }
      sent += 1;
      await client.advanceClock(30);
      const resent = await client.resend(created.body.id);
      if (resent.status !== 200) {
        refusal = resent.body.error;
        break;
      }
      sent += 1;
    }
    assert.equal(sent, 10);
    assert.equal(refusal.code, 'sms_limit_reached');
    const inbox = (await client.messages(BILAL.simId)).body.messages.filter((m) => m.direction === 'in');
    assert.equal(inbox.length, 10, 'exactly 10 SMS reached the phone');
  });
});

describe('random guessing (property)', () => {
  it('never yields a token or a consent without the right code', async (t) => {
    const { client } = service;
    await client.reset();
    // Each run is a fresh request; no back-off or SMS cap, so every run gets to guess.
    await client.setLimits({
      backoffBaseSeconds: 0,
      smsPerCnicPerHour: 1_000_000,
      partnerRequestsPerMinute: 10_000_000,
      partnerCeilingPerMinute: 100_000_000,
      wrongCodesPerClientPerHour: 10_000_000,
    });
    let tries = 0;
    let runs = 0;
    const guess = fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0, max: 999_999 }).map((n) => String(n).padStart(6, '0')) },
      { weight: 1, arbitrary: fc.stringMatching(/^[0-9]{1,8}$/) },
      { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
    );
    // The service's rule, as a model: a request locks at its fifth wrong code, or at the CNIC's fifth
    // wrong code across requests since the last lock, whichever comes first.
    let cnicWrong = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(guess, { minLength: 1, maxLength: 8 }), async (guesses) => {
        runs += 1;
        const created = await client.create({ cnic: AYESHA.cnic, nonce: newNonce() });
        assert.equal(created.status, 201);
        assert.equal(created.body.attemptsLeft, 5 - cnicWrong, 'a new request starts with what the CNIC has left');
        const code = (await client.latestCode(AYESHA.simId))!;
        let wrong = 0;
        let locked = false;
        for (const g of guesses) {
          if (g === code) continue; // the property is about guesses that are not the code
          tries += 1;
          const answer = await client.verify(created.body.id, g);
          assert.notEqual(answer.status, 200, 'a wrong guess never grants');
          assert.ok(!('token' in (answer.body ?? {})));
          // Malformed guesses are refused before they count; a locked request refuses without counting.
          if (!/^\d{6}$/.test(g)) {
            assert.equal(answer.body.error.code, 'invalid_code');
          } else if (locked) {
            assert.equal(answer.body.error.code, 'request_locked');
          } else {
            wrong += 1;
            cnicWrong += 1;
            locked = wrong === 5 || cnicWrong === 5;
            if (locked) cnicWrong = 0;
            assert.equal(answer.body.error.code, locked ? 'request_locked' : 'wrong_code');
            assert.equal(answer.body.error.attemptsLeft, locked ? 0 : Math.min(5 - wrong, 5 - cnicWrong));
          }
        }
        assert.notEqual((await client.request(created.body.id)).body.status, 'granted');
      }),
      { numRuns: 150 },
    );
    assert.deepEqual((await client.consents(AYESHA.id)).body.consents, [], 'no consent from any run');
    const audit = (await client.audit()).body;
    assert.equal(audit.entries.filter((e) => e.type === 'token_issued').length, 0);
    assert.ok(audit.chain.ok);
    assert.ok(tries > 300, `made ${tries} wrong tries over ${runs} requests`);
    t.diagnostic(`figures: ${tries} wrong tries over ${runs} requests, 0 tokens`);
  });
});

describe('requests opened before a lock', () => {
  it('cannot be used to keep guessing: once one request of a CNIC locks, the others wait out the back-off too', async () => {
    const { client } = service;
    await client.reset();
    // An attacker who holds the CNIC opens several requests first (each sends an SMS: 10 an hour)...
    const opened = [];
    for (let i = 0; i < 3; i++) opened.push((await client.create({ cnic: AYESHA.cnic })).body.id as string);
    const code = (await client.latestCode(AYESHA.simId))!;
    const all = (await client.messages(AYESHA.simId)).body.messages.map((m) => codeInSms(m.body));
    const guesses = wrongGuesses(code, 20)
      .filter((g) => !all.includes(g))
      .slice(0, 5);
    // ...then locks the first with five guesses that are wrong for every one of them.
    for (const guess of guesses) await client.verify(opened[0]!, guess);
    assert.equal((await client.request(opened[0]!)).body.status, 'locked');

    // Guessing on the other open requests is refused during the back-off, and costs them nothing.
    for (const id of opened.slice(1)) {
      const answer = await client.verify(id, guesses[0]!);
      assert.equal(answer.status, 429, JSON.stringify(answer.body));
      assert.equal(answer.body.error.code, 'cnic_backoff');
      assert.ok(answer.body.error.retryAfterSeconds > 0 && answer.body.error.retryAfterSeconds <= 60);
      assert.equal((await client.request(id)).body.attemptsLeft, 5);
    }
    const failedTries = (await client.audit()).body.entries.filter((e) => e.type === 'passcode_failed').length;
    assert.equal(failedTries, 5, 'only the five tries that locked the first request were evaluated');
    // Nor does a resend send a code that could not be used until the back-off ends.
    await client.advanceClock(30);
    const smsBefore = (await client.messages(AYESHA.simId)).body.messages.length;
    const resend = await client.resend(opened[1]!);
    assert.equal(resend.body.error.code, 'cnic_backoff');
    assert.equal(resend.headers.get('retry-after'), '30');
    assert.equal((await client.messages(AYESHA.simId)).body.messages.length, smsBefore, 'no SMS during the back-off');

    // After the back-off the citizen's own code on the newest request works.
    await client.advanceClock(30);
    assert.equal((await client.verify(opened[2]!, code)).status, 200);
  });
});

describe('wrong codes counted per CNIC across requests', () => {
  it("guesses spread over several open requests lock at the CNIC's fifth wrong code, and the back-off then holds them all", async () => {
    const { client } = service;
    await client.reset();
    // Three requests opened first, so that no single one reaches five wrong codes.
    const opened: string[] = [];
    for (let i = 0; i < 3; i++) opened.push((await client.create({ cnic: AYESHA.cnic })).body.id as string);
    const sent = (await client.messages(AYESHA.simId)).body.messages.map((m) => codeInSms(m.body));
    const guesses = wrongGuesses(sent.at(-1)!, 20).filter((g) => !sent.includes(g));
    const [a, b, c] = opened as [string, string, string];
    const tries = [];
    for (const [id, guess] of [
      [a, guesses[0]],
      [a, guesses[1]],
      [b, guesses[2]],
      [b, guesses[3]],
    ] as const) {
      const answer = await client.verify(id, guess!);
      tries.push(`${answer.body.error.code} ${answer.body.error.attemptsLeft}`);
    }
    // The second request shows what its CNIC has left, not its own five.
    assert.deepEqual(tries, ['wrong_code 4', 'wrong_code 3', 'wrong_code 2', 'wrong_code 1']);
    assert.equal((await client.request(c)).body.attemptsLeft, 1, "an untouched request reports the CNIC's count too");

    const fifth = await client.verify(c, guesses[4]!);
    assert.equal(fifth.status, 423);
    assert.equal(fifth.body.error.code, 'request_locked');
    for (const id of [a, b]) assert.equal((await client.verify(id, guesses[5]!)).body.error.code, 'cnic_backoff');
    assert.equal((await client.create({ cnic: AYESHA.cnic })).body.error.code, 'cnic_backoff');

    // The lock spent the CNIC's count: after the back-off, each request has only its own tries left.
    await client.advanceClock(60);
    assert.equal((await client.request(a)).body.attemptsLeft, 3);
    assert.equal((await client.request(b)).body.attemptsLeft, 3);
    const failed = (await client.audit()).body.entries.filter((e) => e.type === 'passcode_failed').length;
    assert.equal(failed, 5, 'the tries refused during the back-off were not evaluated');
  });

  it("a right code forgives earlier typos: the citizen's next request starts with five tries", async () => {
    const { client } = service;
    await client.reset();
    const first = await client.create({ cnic: BILAL.cnic });
    const firstCode = (await client.latestCode(BILAL.simId))!;
    for (const guess of wrongGuesses(firstCode, 2)) await client.verify(first.body.id, guess);
    await client.cancel(first.body.id);

    const second = await client.create({ cnic: BILAL.cnic });
    assert.equal(second.body.attemptsLeft, 3, 'two typos on an abandoned request still count');
    assert.equal((await client.verify(second.body.id, (await client.latestCode(BILAL.simId))!)).status, 200);

    const third = await client.create({ cnic: BILAL.cnic });
    assert.equal(third.body.attemptsLeft, 5);
    const other = await client.withPartner(TELECOM.key).create({ cnic: AYESHA.cnic, purpose: 'sim-issuance' });
    assert.equal(other.body.attemptsLeft, 5, 'counts are per CNIC');
  });
});
