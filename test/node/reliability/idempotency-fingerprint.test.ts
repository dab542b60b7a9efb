/**
 * Idempotency fingerprints (issue 11): the stored fingerprint of a verify is keyed (HMAC under a
 * service secret), so someone reading the store cannot recover the passcode by hashing the 10^6
 * codes. It still tells a retry from a different body. Both carriers.
 */
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from '../../../simulator/domain/canonical-json.js';
import type { IdempotencyRecord } from '../../../simulator/store/schema.js';
import { CARRIERS, useInProcessService } from './support/in-process.js';
import { AYESHA } from './support/service-client.js';

const plainHash = (text: string) => createHash('sha256').update(text).digest();

for (const [carrier, name] of CARRIERS) {
  describe(`idempotency fingerprints over ${name}`, () => {
    const service = useInProcessService({}, carrier);

    it('a stored verify fingerprint is no plain hash of any code, and still catches another body', async () => {
      const { client, simulator } = service;
      const created = await client.create({ cnic: AYESHA.cnic });
      const code = (await client.latestCode(AYESHA.simId))!;
      const wrong = code === '000000' ? '111111' : '000000';
      assert.equal((await client.verify(created.body.id, wrong, 'key-1')).body.error.code, 'wrong_code');
      const stored = ((await simulator.records()).idempotency as IdempotencyRecord[]).find((r) =>
        r.scope.endsWith('|key-1'),
      )!;
      const operation = `verify:${created.body.id}`;
      // What an insider reading the store would try: the plain SHA-256 of each candidate body.
      const candidates = [wrong, code].map((c) => `${operation}\n${canonicalJson({ code: c })}`);
      for (const candidate of candidates) {
        const digest = plainHash(candidate);
        for (const encoding of ['hex', 'base64url', 'base64'] as const)
          assert.notEqual(stored.fingerprint, digest.toString(encoding), 'not a plain hash of the body');
      }
      assert.equal(
        (await client.verify(created.body.id, code, 'key-1')).body.error.code,
        'idempotency_conflict',
        'the same key with another code is still a conflict',
      );
    });
  });
}
