import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cnicDigits, formatCnic } from '../../../src/contract/cnic.js';
import { maskMobile } from '../../../simulator/domain/mask.js';
import { originAllowed } from '../../../simulator/domain/partners.js';
import {
  generateHmacKey,
  generatePasscode,
  hashPasscode,
  passcodeMatches,
} from '../../../simulator/domain/passcode.js';
import { canonicalJson } from '../../../simulator/domain/canonical-json.js';
import { fromBase64url, toBase64url } from '../../../src/contract/base64url.js';
import { randomBytes } from '../../../simulator/crypto/random.js';
import { FixedWindows, MINUTE } from '../../../simulator/domain/rate-limit.js';

describe('simulator building blocks', () => {
  it('passcodes are 6 digits and every digit appears in every position', () => {
    const seen = Array.from({ length: 6 }, () => new Set<string>());
    for (let i = 0; i < 2000; i++) {
      const code = generatePasscode();
      assert.match(code, /^\d{6}$/);
      [...code].forEach((digit, position) => seen[position]!.add(digit));
    }
    assert.ok(seen.every((digits) => digits.size === 10));
  });

  it('a passcode hash matches only its code and its own request', async () => {
    const key = await generateHmacKey(false);
    const binding = {
      requestId: 'req_aaaaaaaaaaaa',
      partnerId: 'prt_a',
      purpose: 'account-opening',
      nonce: 'n'.repeat(22),
    };
    const hash = await hashPasscode(key, binding, '123456');
    assert.equal(await passcodeMatches(key, binding, '123456', hash), true);
    assert.equal(await passcodeMatches(key, binding, '123457', hash), false);
    assert.equal(await passcodeMatches(key, { ...binding, requestId: 'req_bbbbbbbbbbbb' }, '123456', hash), false);
    assert.equal(await passcodeMatches(key, { ...binding, nonce: 'm'.repeat(22) }, '123456', hash), false);
    assert.equal(await passcodeMatches(await generateHmacKey(false), binding, '123456', hash), false);
  });

  it('draws random bytes of the length asked, never the same draw twice, across page boundaries', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const length = [16, 4, 9, 5000][i % 4]!;
      const bytes = randomBytes(length);
      assert.equal(bytes.length, length);
      seen.add(Buffer.from(bytes).toString('hex'));
    }
    assert.equal(seen.size, 2000);
  });

  it('writes base64url exactly as Node does, and reads it back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        assert.equal(toBase64url(bytes), Buffer.from(bytes).toString('base64url'));
        assert.deepEqual(fromBase64url(toBase64url(bytes)), bytes);
      }),
      { numRuns: 1000 },
    );
  });

  it('masks mobiles to the first two and last two digits', () => {
    assert.equal(maskMobile('03001111111'), '03•• •••••11');
    assert.equal(maskMobile('03333333367'), '03•• •••••67');
    fc.assert(
      fc.property(
        fc.stringMatching(/^03\d{9}$/),
        (mobile) => maskMobile(mobile).replace(/\D/g, '') === mobile.slice(0, 2) + mobile.slice(-2),
      ),
    );
  });

  it('reads CNICs written with dashes or spaces and writes them with dashes', () => {
    assert.equal(cnicDigits('35202-1111111-1'), '3520211111111');
    assert.equal(cnicDigits('35202 1111111 1'), '3520211111111');
    assert.equal(cnicDigits('35202-1111111'), null);
    assert.equal(formatCnic('3520211111111'), '35202-1111111-1');
  });

  it('matches origins exactly, or any port for a `:*` entry', () => {
    const list = ['http://localhost:*', 'https://shop.example'];
    assert.equal(originAllowed(list, 'http://localhost:5173'), true);
    assert.equal(originAllowed(list, 'http://localhost'), true);
    assert.equal(originAllowed(list, 'https://localhost:5173'), false);
    assert.equal(originAllowed(list, 'http://localhost.evil.example:80'), false);
    assert.equal(originAllowed(list, 'https://shop.example'), true);
    assert.equal(originAllowed(list, 'https://shop.example.evil'), false);
    assert.equal(originAllowed(list, 'null'), false);
  });

  it('canonical JSON does not depend on key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
        const reversed = Object.fromEntries(Object.entries(object).reverse());
        return canonicalJson(object) === canonicalJson(reversed);
      }),
    );
  });

  it('rate limit: a fixed window per key, with the seconds left', () => {
    const limit = new FixedWindows();
    const t = 1_700_000_080_000; // 40 s into a minute
    assert.equal(limit.take('a', 2, MINUTE, t), null);
    assert.equal(limit.take('a', 2, MINUTE, t), null);
    assert.equal(limit.take('a', 2, MINUTE, t), 20);
    assert.equal(limit.take('b', 2, MINUTE, t), null);
    assert.equal(limit.take('a', 2, MINUTE, t + 20_000), null);
    // wait() only looks: a request turned away elsewhere uses nothing up.
    assert.equal(limit.wait('c', 1, MINUTE, t), null);
    assert.equal(limit.take('c', 1, MINUTE, t), null);
  });
});
