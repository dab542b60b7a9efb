/**
 * Whatever arrives in the form field, the helper answers with a ConsentTokenError and a documented
 * code: never another exception, never a pass.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { SANDBOX_ISSUER } from '../../../src/contract/api.js';
import {
  ConsentTokenError,
  TOKEN_ERRORS,
  verifyConsentToken,
  type VerifyConsentTokenOptions,
} from '../../../src/verify/index.js';
import { createTestIssuer, newNonce, PARTNER_ID, sign, validClaims, type TestIssuer } from './support/token-issuer.js';

let issuer: TestIssuer;
let options: VerifyConsentTokenOptions;
let token: string;

before(async () => {
  issuer = await createTestIssuer();
  const nonce = newNonce();
  token = await sign(issuer, await validClaims(nonce));
  options = { jwks: issuer.jwks, issuer: SANDBOX_ISSUER, audience: PARTNER_ID, nonce, replay: false };
});

async function refusal(input: unknown): Promise<ConsentTokenError> {
  try {
    await verifyConsentToken(input, options);
  } catch (error) {
    assert.ok(error instanceof ConsentTokenError, `not a ConsentTokenError: ${String(error)}`);
    assert.ok(error.code in TOKEN_ERRORS);
    return error;
  }
  assert.fail('the input was accepted');
}

const base64urlPart = fc.string({
  unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
  maxLength: 200,
});

describe('random input', () => {
  it('random strings (any characters) are refused with a token code', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (input) => void (await refusal(input))),
      { numRuns: 400 },
    );
  });

  it('random bytes, as latin-1 text and as typed arrays, are refused with a token code', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
        await refusal(Buffer.from(bytes).toString('latin1'));
        await refusal(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('random three-part base64url strings (the shape of a JWS) are refused with a token code', async () => {
    await fc.assert(
      fc.asyncProperty(
        base64urlPart,
        base64urlPart,
        base64urlPart,
        async (a, b, c) => void (await refusal(`${a}.${b}.${c}`)),
      ),
      { numRuns: 400 },
    );
  });

  it('any JSON header and payload with a random signature is refused with a token code', async () => {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url');
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue(),
        fc.jsonValue(),
        fc.uint8Array({ maxLength: 80 }),
        async (header, payload, sig) => {
          await refusal(`${b64(header)}.${b64(payload)}.${Buffer.from(sig).toString('base64url')}`);
          await refusal(
            `${b64({ alg: 'ES256', typ: 'consent+jwt', kid: issuer.kid })}.${b64(payload)}.${Buffer.from(sig).toString('base64url')}`,
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a valid token with any one character changed is refused', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ';
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: token.length - 1 }), fc.constantFrom(...alphabet), async (at, char) => {
        fc.pre(token[at] !== char);
        const mutated = token.slice(0, at) + char + token.slice(at + 1);
        const error = await refusal(mutated);
        assert.notEqual(error.code, 'token_replayed');
      }),
      { numRuns: 300 },
    );
  });
});
