/**
 * Fuzzing token parsing (issue 7): random strings, every kind of value, and real tokens with a
 * character changed, parts swapped, header or claims rewritten, or signed by someone else's key.
 * verifyConsentToken must refuse each with a ConsentTokenError whose code is documented, and accept
 * nothing but the exact token the service issued.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { SignJWT, exportJWK, generateKeyPair, type JSONWebKeySet } from 'jose';
import { verifyConsentToken, ConsentTokenError, TOKEN_ERRORS, MAX_TOKEN_BYTES } from '../../../src/verify/index.js';
import { SANDBOX_ISSUER } from '../../../src/contract/api.js';
import { startInProcessService, watchUnhandledRejections, type InProcessService } from './support/in-process.js';
import { AYESHA, BANK, newNonce } from './support/service-client.js';

const RUNS = Number(process.env.FUZZ_TOKEN_RUNS ?? 300);
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

let service: InProcessService;
let token = '';
let nonce = '';
let jwks: JSONWebKeySet;
let checked = 0;
const rejections = watchUnhandledRejections();

before(async () => {
  service = await startInProcessService();
  nonce = newNonce();
  const { client } = service;
  const created = await client.create({ cnic: AYESHA.cnic, nonce });
  const verified = await client.verify(created.body.id, (await client.latestCode(AYESHA.simId))!);
  token = verified.body.token;
  jwks = (await client.jwks()).body;
});
after(async () => {
  await service.close();
  rejections.stop();
  assert.deepEqual(rejections.reasons, [], 'no unhandled promise rejection');
});

/** A short printable form of any candidate; String() throws on objects like `{ toString: '' }`. */
const show = (value: unknown, length: number) => inspect(value, { depth: 2, breakLength: Infinity }).slice(0, length);

const options = () => ({
  jwks,
  issuer: SANDBOX_ISSUER,
  audience: BANK.id,
  nonce,
  purpose: 'account-opening',
  cnic: AYESHA.cnic,
  replay: false as const,
});

/** The property: anything but the issued token is refused with a documented code. */
async function assertRefused(candidate: unknown): Promise<void> {
  checked += 1;
  if (candidate === token) return;
  try {
    await verifyConsentToken(candidate, options());
  } catch (error) {
    assert.ok(error instanceof ConsentTokenError, `threw ${show(error, 200)} for ${show(candidate, 120)}`);
    assert.ok(error.code in TOKEN_ERRORS);
    assert.equal(error.message, TOKEN_ERRORS[error.code], 'the message is the fixed wording, never token content');
    return;
  }
  assert.fail(`accepted a token that the service did not issue: ${show(candidate, 200)}`);
}

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const parts = () => token.split('.') as [string, string, string];

describe('token fuzzing', () => {
  it('the issued token itself verifies (so the refusals below are about the changes)', async () => {
    const claims = await verifyConsentToken(token, options());
    assert.equal(claims.nonce, nonce);
  });

  it('refuses random strings and non-string values', async () => {
    const candidates = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 100 }),
      fc.stringMatching(/^[A-Za-z0-9_-]{0,60}\.[A-Za-z0-9_-]{0,200}\.[A-Za-z0-9_-]{0,90}$/),
      fc.stringMatching(/^([A-Za-z0-9_-]{1,20}\.){0,6}[A-Za-z0-9_-]{0,20}$/),
      fc.anything(),
      fc.constant('x'.repeat(MAX_TOKEN_BYTES + 1)),
    );
    // Values that once broke this test's own reporting (CI, 2026-11-22) are always tried first.
    const examples: [unknown][] = [[{ toString: '' }], [Object.create(null)], [Symbol('token')], [10n]];
    await fc.assert(fc.asyncProperty(candidates, assertRefused), { numRuns: RUNS, examples });
  });

  it('refuses the real token with any one character changed, dropped, inserted, or parts rearranged', async () => {
    const index = fc.nat({ max: 10_000 });
    const mutated = fc.oneof(
      fc.tuple(index, fc.constantFrom(...B64URL.split(''), '.', '=', ' ', '+', '/')).map(([i, c]) => {
        const at = i % token.length;
        return token.slice(0, at) + c + token.slice(at + 1);
      }),
      index.map((i) => token.slice(0, i % token.length) + token.slice((i % token.length) + 1)),
      fc
        .tuple(index, fc.constantFrom(...B64URL.split('')))
        .map(([i, c]) => token.slice(0, i % token.length) + c + token.slice(i % token.length)),
      fc
        .constantFrom(
          () => {
            const [h, p, s] = parts();
            return `${p}.${h}.${s}`;
          },
          () => {
            const [h, p] = parts();
            return `${h}.${p}.`;
          },
          () => {
            const [h, p, s] = parts();
            return `${h}.${p}.${s}.${s}`;
          },
          () => `${token} `,
          () => ` ${token}`,
          () => `${token}\n`,
          () => token.toUpperCase(),
          () => {
            const [h, p, s] = parts();
            return `${h}.${p}.${s.slice(0, -2)}`;
          },
        )
        .map((make) => make()),
    );
    await fc.assert(fc.asyncProperty(mutated, assertRefused), { numRuns: RUNS });
  });

  it('refuses a rewritten header or payload kept with the original signature', async () => {
    const header = JSON.parse(Buffer.from(parts()[0], 'base64url').toString());
    const payload = JSON.parse(Buffer.from(parts()[1], 'base64url').toString());
    const headerEdits = fc.oneof(
      fc
        .record({ alg: fc.constantFrom('none', 'HS256', 'RS256', 'ES384', 'es256', 'EdDSA', '') })
        .map((e) => ({ ...header, ...e })),
      fc
        .record({ typ: fc.constantFrom('JWT', 'at+jwt', 'consent+JWT', '', 'application/jwt') })
        .map((e) => ({ ...header, ...e })),
      fc.record({ kid: fc.oneof(fc.string(), fc.constant(null), fc.integer()) }).map((e) => ({ ...header, ...e })),
      fc.constant({ ...header, crit: ['exp'] }),
      fc.constant({ ...header, b64: false, crit: ['b64'] }),
      fc.constant({ ...header, jku: 'https://evil.example/jwks.json' }),
      fc.jsonValue(),
    );
    const payloadEdits = fc.oneof(
      fc.tuple(fc.constantFrom(...Object.keys(payload)), fc.jsonValue()).map(([k, v]) => ({ ...payload, [k]: v })),
      fc.constantFrom(...Object.keys(payload)).map((k) => {
        const copy = { ...payload };
        delete copy[k];
        return copy;
      }),
      fc.constant({ ...payload, aud: [BANK.id, 'prt_other'] }),
      fc.constant({ ...payload, exp: payload.exp + 3600 }),
      fc.constant({ ...payload, shared: { cnic_status: 'active', full_name: 'Someone Else' } }),
      fc.jsonValue(),
    );
    const rewritten = fc.oneof(
      headerEdits.map((h) => `${b64(h)}.${parts()[1]}.${parts()[2]}`),
      payloadEdits.map((p) => `${parts()[0]}.${b64(p)}.${parts()[2]}`),
    );
    await fc.assert(fc.asyncProperty(rewritten, assertRefused), { numRuns: RUNS });
  });

  it("refuses tokens signed by anyone else's key, whatever they claim (same kid, alg none, HMAC with the public key)", async () => {
    const attacker = await generateKeyPair('ES256', { extractable: true });
    const realHeader = JSON.parse(Buffer.from(parts()[0], 'base64url').toString());
    const realClaims = JSON.parse(Buffer.from(parts()[1], 'base64url').toString());
    const publicJwk = jwks.keys.find((k) => k.kid === realHeader.kid)!;
    const hmacSecret = new TextEncoder().encode(JSON.stringify(publicJwk));
    const claims = fc.oneof(
      fc.constant(realClaims),
      fc.record({ jti: fc.string({ minLength: 16, maxLength: 30 }) }).map((e) => ({ ...realClaims, ...e })),
    );
    const forged = fc
      .tuple(
        claims,
        fc.constantFrom('attacker-same-kid', 'attacker-own-kid', 'none', 'hs256-public-key', 'embedded-jwk'),
      )
      .map(async ([c, how]) => {
        if (how === 'none') return `${b64({ alg: 'none', typ: 'consent+jwt', kid: realHeader.kid })}.${b64(c)}.`;
        if (how === 'hs256-public-key')
          return new SignJWT(c)
            .setProtectedHeader({ alg: 'HS256', typ: 'consent+jwt', kid: realHeader.kid })
            .sign(hmacSecret);
        const kid = how === 'attacker-own-kid' ? 'attacker' : realHeader.kid;
        const extra = how === 'embedded-jwk' ? { jwk: await exportJWK(attacker.publicKey) } : {};
        return new SignJWT(c)
          .setProtectedHeader({ alg: 'ES256', typ: 'consent+jwt', kid, ...extra })
          .sign(attacker.privateKey);
      });
    await fc.assert(
      fc.asyncProperty(forged, async (make) => assertRefused(await make)),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it('reports the count', (t) => {
    t.diagnostic(`figures: ${checked} token candidates, every one refused with a documented code`);
    assert.ok(checked >= RUNS * 3);
  });
});
