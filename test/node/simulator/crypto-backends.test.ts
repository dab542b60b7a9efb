import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { importJWK, jwtVerify, type JWK } from 'jose';
import { isLowS } from '../../../src/contract/es256-signature.js';
import { equalInConstantTime, useCryptoBackend, webCryptoBackend } from '../../../simulator/crypto/backend.js';
import { nodeCryptoBackend } from '../../../simulator/crypto/node.js';
import { signConsentToken } from '../../../simulator/domain/token.js';
import { createNodeSimulator } from '../../../simulator/node.js';

const bytes = async (value: Uint8Array | Promise<Uint8Array>) => Buffer.from(await value).toString('hex');

describe('crypto backends (node:crypto in Node, WebCrypto in the browser)', () => {
  it('give byte-identical HMACs and hashes for any text, keys not extractable', async () => {
    const key = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256', length: 256 }, false, [
      'sign',
      'verify',
    ]);
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (text) => {
        assert.equal(
          await bytes(nodeCryptoBackend.hmacSha256(key, text)),
          await bytes(webCryptoBackend.hmacSha256(key, text)),
        );
        assert.equal(await bytes(nodeCryptoBackend.sha256(text)), await bytes(webCryptoBackend.sha256(text)));
      }),
      { numRuns: 200 },
    );
  });

  it('sign ES256 signatures the other side and jose verify', async () => {
    const { privateKey, publicKey } = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ]);
    const data = new TextEncoder().encode('header.payload');
    for (const backend of [nodeCryptoBackend, webCryptoBackend]) {
      const signature = await backend.signEs256(privateKey, data);
      assert.equal(signature.length, 64, `${backend.name}: r ‖ s, not DER`);
      assert.ok(
        await crypto.subtle.verify(
          { name: 'ECDSA', hash: 'SHA-256' },
          publicKey,
          signature as Uint8Array<ArrayBuffer>,
          data,
        ),
        backend.name,
      );
    }
  });

  it('the simulator signs consent tokens jose accepts, with the header partners check', async () => {
    const simulator = await createNodeSimulator();
    try {
      const { keys } = await simulator.jwks();
      const record = (await simulator.ctx.registry.get()).keys.find((key) => key.kid === keys[0]!.kid)!;
      const claims = {
        iss: 'urn:ijazat:sandbox',
        aud: 'prt_sandbox_bank',
        sub: 'sub',
        iat: 1_700_000_000,
        exp: 1_700_000_600,
        jti: 'jti',
        nonce: 'n'.repeat(22),
        purpose: 'status-check',
        shared: { cnic_status: 'active' as const },
        cnic_digest: 'd',
      };
      const token = await signConsentToken(claims, record);
      const { payload, protectedHeader } = await jwtVerify(token, await importJWK(keys[0] as JWK, 'ES256'), {
        currentDate: new Date(1_700_000_100_000),
        typ: 'consent+jwt',
      });
      assert.deepEqual(protectedHeader, { alg: 'ES256', typ: 'consent+jwt', kid: keys[0]!.kid });
      assert.deepEqual(payload, claims);
      // ECDSA draws s in either half; the service always writes the low one (one token, one string).
      for (const backend of [nodeCryptoBackend, webCryptoBackend]) {
        useCryptoBackend(backend);
        for (let i = 0; i < 24; i++) {
          const signed = await signConsentToken({ ...claims, jti: `jti-${i}` }, record);
          assert.ok(isLowS(Buffer.from(signed.split('.')[2]!, 'base64url')), `${backend.name}: token ${i} is low-S`);
        }
      }
    } finally {
      useCryptoBackend(nodeCryptoBackend);
      await simulator.close();
    }
  });

  it('compares MACs by content and length', () => {
    assert.equal(equalInConstantTime(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3])), true);
    assert.equal(equalInConstantTime(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4])), false);
    assert.equal(equalInConstantTime(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2])), false);
  });
});
