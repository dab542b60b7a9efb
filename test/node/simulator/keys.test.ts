import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { advance, call, createRequest, latestCode, startSandbox, verify, type Sandbox } from './sandbox.js';

describe('simulator: signing key rotation', () => {
  let sandbox: Sandbox;
  before(async () => (sandbox = await startSandbox()));
  after(() => sandbox.close());
  beforeEach(() => call('POST', '/__sim/reset', { key: null }));

  async function token(cnic = '3520211111111', sim = 'sim_ayesha'): Promise<string> {
    const { body } = await createRequest(cnic);
    return (await verify(body.id, await latestCode(sim))).body.token;
  }
  const jwks = async () => (await call('GET', '/.well-known/jwks.json', { key: null })).body;
  const verifies = async (jwt: string) => {
    try {
      await jwtVerify(jwt, createLocalJWKSet(await jwks()), { audience: 'prt_sandbox_bank', typ: 'consent+jwt' });
      return true;
    } catch {
      return false;
    }
  };

  it('signs new tokens with the new key and keeps the old key published until old tokens expire', async () => {
    const before = await token();
    const oldKid = decodeProtectedHeader(before).kid;
    const rotated = await call('POST', '/__sim/keys/rotate', { key: null });
    assert.equal(rotated.status, 200);
    assert.notEqual(rotated.body.kid, oldKid);
    assert.deepEqual(rotated.body.kids, [rotated.body.kid, oldKid]);
    assert.deepEqual(
      (await jwks()).keys.map((k: { kid: string }) => k.kid),
      [rotated.body.kid, oldKid],
    );
    for (const key of (await jwks()).keys) {
      assert.equal(key.d, undefined, 'a private key part is published');
      assert.deepEqual([key.kty, key.crv, key.alg, key.use], ['EC', 'P-256', 'ES256', 'sig']);
    }

    const after = await token('4210122222222', 'sim_bilal');
    assert.equal(decodeProtectedHeader(after).kid, rotated.body.kid);
    assert.equal(await verifies(before), true, 'an old token verifies with the served JWKS');
    assert.equal(await verifies(after), true);

    await advance(600);
    assert.deepEqual(
      (await jwks()).keys.map((k: { kid: string }) => k.kid),
      [rotated.body.kid],
      'the old key is gone once its tokens expired',
    );
  });

  it('reset makes a new key: tokens from before no longer verify', async () => {
    const before = await token();
    await call('POST', '/__sim/reset', { key: null });
    assert.equal(await verifies(before), false);
  });
});
