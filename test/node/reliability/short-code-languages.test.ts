/**
 * What the short code sends reaches phones in Urdu and English (issue 11), on both carriers: the
 * enrolment replies, the notice to the registered number when another SIM asks for its CNIC, the
 * replies to `NO`, and the SMS when a held change completes. The service knows no citizen's language,
 * so each SMS carries both, Urdu first.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CARRIERS, useInProcessService } from './support/in-process.js';
import { AYESHA, type ServiceClient } from './support/service-client.js';

const FARHAN_SIM = 'sim_farhan';

const send = (client: ServiceClient, simId: string, body: string) =>
  client.call('POST', `/__sim/sims/${simId}/send`, { body: { to: '9000', body } });
/** Every SMS a SIM received from the short code. */
const fromShortCode = async (client: ServiceClient, simId: string) =>
  (await client.messages(simId)).body.messages
    .filter((m) => m.direction === 'in' && (m as { from?: string }).from === '9000')
    .map((m) => m.body);

/** Urdu half, then English half, as a phone shows them. */
function halves(body: string): { ur: string; en: string } {
  const [ur, en, ...more] = body.split('\n\n');
  assert.deepEqual(more, [], body);
  assert.match(ur!, /^اجازت: [\s\S]*[\u0600-\u06ff]/, `an Urdu half first: ${body}`);
  assert.match(en!, /^Ijazat: [^\u0600-\u06ff]*$/, `then an English half: ${body}`);
  return { ur: ur!, en: en! };
}

for (const [carrier, name] of CARRIERS) {
  describe(`the short code's SMS in Urdu and English over ${name}`, () => {
    const service = useInProcessService({ partnerRequestsPerMinute: 10_000 }, carrier);

    it('enrolment replies: accepted, already registered, refused and malformed', async () => {
      const { client } = service;
      await client.reset();
      const replies = [
        await send(client, 'sim_chand', '61101-3333333-3'),
        await send(client, 'sim_chand', '6110133333333'),
        await send(client, 'sim_chand', '12345-1234567-1'),
        await send(client, 'sim_chand', 'register me'),
      ].map((answer) => halves(answer.body.reply.body));
      assert.ok(replies[0]!.ur.includes('\u206603•• •••••33\u2069 اب آپ کے شناختی کارڈ پر رجسٹرڈ موبائل ہے'));
      assert.match(replies[0]!.en, /03•• •••••33 is now registered for your CNIC/);
      assert.ok(replies[1]!.ur.includes('پہلے سے اس شناختی کارڈ پر رجسٹرڈ موبائل ہے'));
      assert.ok(replies[2]!.ur.includes('اپنے نام پر جاری سم'));
      assert.match(replies[2]!.en, /SIM issued in your own name/);
      assert.ok(replies[3]!.ur.includes('13 ہندسوں کا شناختی کارڈ نمبر بھیجیں'));
      // What the phone holds is what the answer said.
      assert.deepEqual(
        await fromShortCode(client, 'sim_chand'),
        replies.map(({ ur, en }) => `${ur}\n\n${en}`),
      );
    });

    it("a held change: Ayesha's notice, Farhan's reply, her NO and both replies, all in both languages", async () => {
      const { client } = service;
      await client.reset();
      const asked = halves((await send(client, FARHAN_SIM, AYESHA.cnic)).body.reply.body);
      assert.match(asked.ur, /\d{1,2} \S+ \d{4} کو \d{2}:\d{2} بجے \(پاکستانی وقت\) ہو گی/);
      assert.match(asked.en, /takes effect at \d{2}:\d{2} on \d{1,2} \w+ \d{4} \(Pakistan time\)/);

      const notice = halves((await fromShortCode(client, AYESHA.simId)).at(-1)!);
      assert.ok(notice.ur.includes('66 پر ختم ہونے والے نمبر'), notice.ur);
      assert.ok(notice.ur.includes('9000 پر NO بھیجیں'), notice.ur);
      assert.match(notice.en, /number ending 66 .*reply NO to 9000/);

      const stopped = halves((await send(client, AYESHA.simId, 'NO')).body.reply.body);
      assert.ok(stopped.ur.includes('تبدیلی روک دی گئی'), stopped.ur);
      const toFarhan = halves((await fromShortCode(client, FARHAN_SIM)).at(-1)!);
      assert.ok(toFarhan.ur.includes('رجسٹرڈ موبائل کی تبدیلی روک دی'), toFarhan.ur);
      const nothing = halves((await send(client, AYESHA.simId, 'NO')).body.reply.body);
      assert.ok(nothing.ur.includes('کوئی درخواست نہیں'), nothing.ur);
    });

    it('NO in Urdu (نہیں) or Roman Urdu (nahi) stops a held change as NO does', async () => {
      const { client } = service;
      for (const no of ['نہیں', 'nahi']) {
        await client.reset();
        await send(client, FARHAN_SIM, AYESHA.cnic);
        const stopped = halves((await send(client, AYESHA.simId, no)).body.reply.body);
        assert.ok(stopped.ur.includes('تبدیلی روک دی گئی'), `${no}: ${stopped.ur}`);
        const [change] = (await client.call('GET', `/__sim/citizens/${AYESHA.id}/mobile-changes`)).body.changes;
        assert.deepEqual([change.status, change.cancelledBy], ['cancelled', 'old_number'], no);
      }
    });

    it('a completed change tells both numbers in both languages', async () => {
      const { client } = service;
      await client.reset();
      await send(client, FARHAN_SIM, AYESHA.cnic);
      await client.advanceClock(24 * 3600 + 1);
      await client.identities(); // any call settles the held change
      const toFarhan = halves((await fromShortCode(client, FARHAN_SIM)).at(-1)!);
      assert.ok(toFarhan.ur.includes('\u206603•• •••••66\u2069 اب آپ کے شناختی کارڈ پر رجسٹرڈ موبائل ہے'));
      const toAyesha = halves((await fromShortCode(client, AYESHA.simId)).at(-1)!);
      assert.ok(toAyesha.ur.includes('66 پر ختم ہونے والا نمبر'), toAyesha.ur);
      assert.ok(toAyesha.ur.includes('نادرا سے رابطہ کریں'), toAyesha.ur);
      assert.match(toAyesha.en, /number ending 66 is now the registered mobile.*contact NADRA/);
    });
  });
}
