/**
 * Takeover of a registered mobile (issue 11), on both carriers, with the seeded case: Farhan holds a
 * SIM that is registered to Ayesha's CNIC. When he texts her CNIC to 9000, her number is told at once
 * (no code in that SMS), the change waits 24 hours of service time, her codes still go to her phone
 * only, and her `NO` stops it. Unstopped, it completes after the hold, and both numbers are told.
 * The citizen's page data (mobile changes) and the audit trail show each step.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CARRIERS, useInProcessService } from './support/in-process.js';
import { AYESHA, codeInSms, type ServiceClient } from './support/service-client.js';

const FARHAN_SIM = 'sim_farhan';
const HOLD_SECONDS = 24 * 3600;

const send = (client: ServiceClient, simId: string, body: string) =>
  client.call('POST', `/__sim/sims/${simId}/send`, { body: { to: '9000', body } });
const inbox = async (client: ServiceClient, simId: string) =>
  (await client.messages(simId)).body.messages.filter((m) => m.direction === 'in').map((m) => m.body);
const registeredMobile = async (client: ServiceClient) =>
  (await client.identities()).body.citizens.find((c: { id: string }) => c.id === AYESHA.id).mobile;
const changes = async (client: ServiceClient) =>
  (await client.call('GET', `/__sim/citizens/${AYESHA.id}/mobile-changes`)).body.changes;
const auditTypes = async (client: ServiceClient) =>
  (await client.audit()).body.entries.map((e) => e.type).filter((type) => type.startsWith('mobile_change_'));

/** A create for Ayesha: which phones got a code. */
async function whoGetsTheCode(client: ServiceClient): Promise<{ ayesha: boolean; farhan: boolean }> {
  const before = {
    ayesha: (await inbox(client, AYESHA.simId)).length,
    farhan: (await inbox(client, FARHAN_SIM)).length,
  };
  assert.equal((await client.create({ cnic: AYESHA.cnic })).status, 201);
  const newCode = async (simId: string, seen: number) =>
    (await inbox(client, simId)).slice(seen).some((body) => codeInSms(body) !== null);
  return { ayesha: await newCode(AYESHA.simId, before.ayesha), farhan: await newCode(FARHAN_SIM, before.farhan) };
}

for (const [carrier, name] of CARRIERS) {
  describe(`takeover of a registered mobile over ${name}`, () => {
    const service = useInProcessService({ partnerRequestsPerMinute: 10_000 }, carrier);

    it("Farhan's SIM asks for Ayesha's CNIC: she is told at once, codes stay hers, and her NO stops it", async () => {
      const { client } = service;
      await client.reset();
      const asked = await send(client, FARHAN_SIM, '35202-1111111-1');
      assert.match(asked.body.reply.body, /takes effect at .+ \(Pakistan time\)/);

      const notice = (await inbox(client, AYESHA.simId)).at(-1)!;
      assert.match(notice, /number ending 66/, 'which number asked');
      assert.match(notice, /takes effect at \d{2}:\d{2} on \d{1,2} \w+ \d{4} \(Pakistan time\)/, 'when');
      assert.match(notice, /reply NO to 9000/, 'how to stop it');
      assert.equal(codeInSms(notice), null, 'no code in it');
      assert.doesNotMatch(notice, /\b\d{6}\b/);

      assert.equal(await registeredMobile(client), AYESHA.mobile, 'nothing changed yet');
      assert.deepEqual(await whoGetsTheCode(client), { ayesha: true, farhan: false });
      await client.advanceClock(HOLD_SECONDS - 60);
      assert.deepEqual(await whoGetsTheCode(client), { ayesha: true, farhan: false }, 'still hers near the end');

      const stop = await send(client, AYESHA.simId, 'NO');
      assert.match(stop.body.reply.body, /stopped/);
      assert.match((await inbox(client, FARHAN_SIM)).at(-1)!, /stopped by the number registered/);
      await client.advanceClock(3600);
      assert.equal(await registeredMobile(client), AYESHA.mobile);
      assert.deepEqual(await whoGetsTheCode(client), { ayesha: true, farhan: false });

      const [change] = await changes(client);
      assert.deepEqual(
        [change.status, change.cancelledBy, change.from, change.to],
        ['cancelled', 'old_number', '03•• •••••11', '03•• •••••66'],
      );
      assert.deepEqual(await auditTypes(client), ['mobile_change_requested', 'mobile_change_cancelled']);
      assert.ok((await client.audit()).body.chain.ok);
    });

    it('unstopped, the change completes after the hold on the simulated clock, and both numbers hear of it', async () => {
      const { client } = service;
      await client.reset();
      await send(client, FARHAN_SIM, '3520211111111');
      await client.advanceClock(HOLD_SECONDS - 1);
      assert.equal(await registeredMobile(client), AYESHA.mobile, 'one second before: still hers');
      await client.advanceClock(2);
      assert.equal(await registeredMobile(client), '03126666666');
      assert.match((await inbox(client, FARHAN_SIM)).at(-1)!, /is now registered for your CNIC/);
      assert.match((await inbox(client, AYESHA.simId)).at(-1)!, /number ending 66 is now the registered mobile/);
      const [change] = await changes(client);
      assert.equal(change.status, 'completed');
      assert.deepEqual(await auditTypes(client), ['mobile_change_requested', 'mobile_change_completed']);
      // NO after the hold stops nothing.
      assert.match((await send(client, AYESHA.simId, 'no')).body.reply.body, /no change of registered mobile/);
    });

    it('a first registration (no number registered yet) is immediate', async () => {
      const { client } = service;
      await client.reset();
      const chand = await send(client, 'sim_chand', '61101-3333333-3');
      assert.match(chand.body.reply.body, /is now registered/);
      assert.equal(
        (await client.identities()).body.citizens.find((c: { id: string }) => c.id === 'cit_chand').mobile,
        '03333333333',
      );
      assert.deepEqual(
        (await client.call('GET', '/__sim/citizens/cit_chand/mobile-changes')).body.changes,
        [],
        'no hold',
      );
    });
  });
}
