import assert from 'node:assert/strict';
import { ConsentTokenError, TOKEN_ERRORS, type TokenErrorCode } from '../../../../src/verify/index.js';

/** Asserts that verification was refused with exactly `code`, as a ConsentTokenError safe to log. */
export async function assertRefused(
  verification: Promise<unknown>,
  code: TokenErrorCode,
  token?: unknown,
): Promise<void> {
  await assert.rejects(verification, (error: unknown) => {
    assert.ok(error instanceof ConsentTokenError, `expected a ConsentTokenError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.name, 'ConsentTokenError');
    assert.equal(error.message, TOKEN_ERRORS[code]);
    if (typeof token === 'string' && token.length > 8)
      assert.ok(!error.message.includes(token), 'the message never carries the token');
    return true;
  });
}
