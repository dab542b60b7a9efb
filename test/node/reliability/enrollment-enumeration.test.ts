/**
 * Enrolment by SMS tells nothing about a CNIC to a SIM that is not registered to it (issue 11), on
 * both carriers. Anyone holding any SIM can text any CNIC to 9000; whether no one holds that CNIC,
 * or someone does (with a registered mobile or not, on an active, expired or cancelled card), the
 * sender gets the same reply, the same answer and the same inbox, and no one else's phone hears of
 * it. Only the operator's audit entry says which it was.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CARRIERS, useInProcessService } from './support/in-process.js';
import type { ServiceClient } from './support/service-client.js';

/** Chand's own SIM: registered to her CNIC, so for every CNIC below it is someone else's. */
const SENDER = 'sim_chand';

const CLASSES = {
  'no one holds it': '12345-1234567-1',
  'registered mobile, active card (Ayesha)': '35202-1111111-1',
  'no registered mobile (Farhan)': '15601-6666666-6',
  'expired card (Danish)': '37405-4444444-4',
  'cancelled card (Erum)': '54400-5555555-5',
} as const;

/** Everything the sender can see of one attempt, and every phone's inbox afterwards. */
async function attempt(client: ServiceClient, cnic: string) {
  await client.reset();
  const sims: { id: string }[] = (await client.identities()).body.sims;
  const answer = await client.call('POST', `/__sim/sims/${SENDER}/send`, { body: { to: '9000', body: cnic } });
  // Ids and times move on with every message sent since the start; the sent body is what the sender
  // typed. The rest must not depend on the CNIC.
  const comparable = (message: Record<string, unknown> | null) => {
    if (!message) return message;
    const { at: _at, id: _id, ...rest } = message;
    return message['direction'] === 'out' ? { ...rest, body: '(what was sent)' } : rest;
  };
  const inboxes: Record<string, string[]> = {};
  for (const sim of sims) {
    inboxes[sim.id] = (await client.messages(sim.id)).body.messages.map(
      (m) => `${m.direction}: ${m.direction === 'out' ? '(what was sent)' : m.body}`,
    );
  }
  const audit = (await client.audit()).body.entries.at(-1)!;
  return {
    seen: {
      status: answer.status,
      headers: [...answer.headers.keys()].filter((name) => name !== 'date').sort(),
      sent: comparable(answer.body.sent),
      reply: comparable(answer.body.reply),
      inboxes,
    },
    audit: [audit.type, audit.detail.reason],
  };
}

for (const [carrier, name] of CARRIERS) {
  describe(`enrolment answers every CNIC alike over ${name}`, () => {
    const service = useInProcessService({ partnerRequestsPerMinute: 10_000 }, carrier);

    it('a SIM that is not registered to the CNIC gets one reply, whoever holds that CNIC', async () => {
      const { client } = service;
      const results = [];
      for (const [label, cnic] of Object.entries(CLASSES)) results.push({ label, ...(await attempt(client, cnic)) });
      const [first, ...rest] = results;
      assert.equal(first!.seen.status, 200);
      for (const other of rest) assert.deepEqual(other.seen, first!.seen, `${other.label} against ${first!.label}`);

      // The one reply still tells a genuine citizen what to do.
      const reply = String((first!.seen.reply as { body: string }).body);
      assert.match(reply, /SIM issued in your own name/);
      assert.match(reply, /13 digits/);
      assert.match(reply, /contact NADRA/);
      assert.doesNotMatch(reply, /no citizen|not registered to that CNIC/);
      // Nobody's phone but the sender's heard of it: no notice to Ayesha, Danish or Erum.
      for (const [simId, messages] of Object.entries(first!.seen.inboxes))
        if (simId !== SENDER) assert.deepEqual(messages, [], simId);

      // The operator's log keeps the reason.
      assert.deepEqual(
        results.map((r) => r.audit),
        [
          ['enrollment_refused', 'unknown_cnic'],
          ['enrollment_refused', 'sim_not_owned'],
          ['enrollment_refused', 'sim_not_owned'],
          ['enrollment_refused', 'sim_not_owned'],
          ['enrollment_refused', 'sim_not_owned'],
        ],
      );
    });

    it('NO from a SIM tells nothing about changes away from other numbers', async () => {
      const { client } = service;
      const stopFromBilal = async () => {
        const answer = await client.call('POST', '/__sim/sims/sim_bilal/send', { body: { to: '9000', body: 'NO' } });
        return answer.body.reply.body as string;
      };
      await client.reset();
      const quiet = await stopFromBilal();
      await client.reset();
      // A change away from Ayesha's number is held: Farhan's SIM (registered to her CNIC) asked.
      await client.call('POST', '/__sim/sims/sim_farhan/send', { body: { to: '9000', body: '3520211111111' } });
      assert.equal(await stopFromBilal(), quiet);
      const changes = (await client.call('GET', '/__sim/citizens/cit_ayesha/mobile-changes')).body.changes;
      assert.equal(changes[0].status, 'pending', "Bilal's NO stopped nothing of Ayesha's");
    });
  });
}
