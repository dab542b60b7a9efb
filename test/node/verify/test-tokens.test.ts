/**
 * Test tokens as a partner's test suite uses them: ask the sandbox for each kind for your own nonce,
 * purpose and CNIC, verify it with the helper as your backend does, and get exactly the documented
 * code. Through both carriers of the same routes: the node:http server and MSW (setupServer, as the
 * browser's service worker runs them).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SetupServer } from 'msw/node';
import { DEFAULT_API_BASE, JWKS_PATH, SANDBOX_ISSUER } from '../../../src/contract/api.js';
import { setupSimulatorServer, startSimulatorServer, type Simulator } from '../../../simulator/node.js';
import {
  createMemoryReplayStore,
  verifyConsentToken,
  type TokenErrorCode,
  type VerifyConsentTokenOptions,
} from '../../../src/verify/index.js';
import { assertRefused } from './support/refusal.js';
import { newNonce } from './support/token-issuer.js';

/** The README's table (Test tokens): each kind and the code verifyConsentToken must give. */
const DOCUMENTED: Record<string, TokenErrorCode | null> = {
  valid: null,
  replayed: 'token_replayed',
  expired: 'token_expired',
  not_yet_valid: 'token_not_yet_valid',
  too_long_lived: 'token_lifetime_too_long',
  wrong_issuer: 'token_issuer_invalid',
  wrong_audience: 'token_audience_invalid',
  wrong_nonce: 'token_nonce_mismatch',
  wrong_purpose: 'token_purpose_mismatch',
  wrong_cnic: 'token_cnic_mismatch',
  wrong_type: 'token_type_invalid',
  bad_signature: 'token_signature_invalid',
  high_s_signature: 'token_signature_invalid',
  unknown_key: 'token_key_unknown',
  alg_none: 'token_alg_not_allowed',
  hs256_public_key: 'token_alg_not_allowed',
};

const BANK = { partnerId: 'prt_sandbox_bank', purpose: 'account-opening' };
const BANK_SECRET_KEY = 'sk_test_sandbox_bank';
const HELD_CNIC = '4210122222222';

async function post(base: string, path: string, body: unknown, raw?: string) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ?? JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

interface Partner {
  partnerId: string;
  purpose: string;
  cnic?: string;
}

/** Asks for one kind and verifies it as the partner's backend would, as many times as the answer says. */
async function checkKind(base: string, kind: string, partner: Partner): Promise<string> {
  const nonce = newNonce();
  const answer = await post(base, '/__sim/test-tokens', { kind, nonce, ...partner });
  assert.equal(answer.status, 200, `${kind}: ${JSON.stringify(answer.body)}`);
  assert.equal(answer.body.kind, kind);
  assert.equal(answer.body.expectedError, DOCUMENTED[kind], `${kind}: the documented code`);
  assert.equal(answer.body.verifications, kind === 'replayed' ? 2 : 1);

  const options: VerifyConsentTokenOptions = {
    jwksUrl: `${base}${JWKS_PATH}`,
    jwksCache: { cooldownMs: 0 },
    issuer: SANDBOX_ISSUER,
    audience: partner.partnerId,
    nonce,
    purpose: partner.purpose,
    replay: createMemoryReplayStore(),
    ...(partner.cnic ? { cnic: partner.cnic } : {}),
  };
  const token: string = answer.body.token;
  for (let use = 1; use < answer.body.verifications; use++) await verifyConsentToken(token, options);
  const expected: TokenErrorCode | null = answer.body.expectedError;
  if (expected === null) assert.equal((await verifyConsentToken(token, options)).nonce, nonce);
  else await assertRefused(verifyConsentToken(token, options), expected, token);
  return token;
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
}

describe('test tokens from the HTTP simulator', () => {
  let server: Awaited<ReturnType<typeof startSimulatorServer>>;
  before(async () => {
    server = await startSimulatorServer({ port: 0 });
  });
  after(() => server.close());

  it('lists every kind with the code it must produce (GET /__sim/test-tokens)', async () => {
    const response = await fetch(`${server.url}/__sim/test-tokens`);
    assert.equal(response.status, 200);
    const { kinds } = await response.json();
    assert.deepEqual(
      Object.fromEntries(kinds.map((k: { kind: string; expectedError: string | null }) => [k.kind, k.expectedError])),
      DOCUMENTED,
    );
    for (const entry of kinds) assert.ok(entry.description.length > 20, entry.kind);
  });

  it('every kind, verified with the CNIC held, gives exactly its documented code', async () => {
    for (const kind of Object.keys(DOCUMENTED)) await checkKind(server.url, kind, { ...BANK, cnic: HELD_CNIC });
  });

  it('works for any partner and purpose, and without a CNIC (every kind but wrong_cnic)', async () => {
    const telecom = { partnerId: 'prt_sandbox_telecom', purpose: 'sim-issuance' };
    for (const kind of Object.keys(DOCUMENTED).filter((kind) => kind !== 'wrong_cnic'))
      await checkKind(server.url, kind, telecom);
  });

  it('a valid test token is a genuine token for your session, but not a consent anyone gave', async () => {
    const token = await checkKind(server.url, 'valid', { ...BANK, cnic: HELD_CNIC });
    const claims = claimsOf(token);
    assert.deepEqual(claims.shared, { cnic_status: 'active' }, 'a fixed sample, never a citizen record');
    assert.equal(claims.exp, (claims.iat as number) + 600);
    assert.ok(!token.includes(HELD_CNIC));
    const status = await fetch(`${server.url}/v1/consents/${String(claims.jti)}`, {
      headers: { authorization: `Bearer ${BANK_SECRET_KEY}` },
    });
    assert.equal(status.status, 404);
    assert.equal((await status.json()).error.code, 'consent_not_found');
  });

  it('refuses bad requests with invalid_request and its issues, and stores nothing', async () => {
    const auditBefore = (await (await fetch(`${server.url}/__sim/audit`)).json()).entries.length;
    const good = { kind: 'expired', ...BANK, nonce: newNonce() };
    const bad: [unknown, string][] = [
      [{ ...good, kind: 'forged_by_magic' }, 'kind'],
      [{ ...good, nonce: 'short' }, 'nonce'],
      [{ ...good, nonce: undefined }, 'nonce'],
      [{ ...good, purpose: 'Account Opening' }, 'purpose'],
      [{ ...good, partnerId: 'prt bank' }, 'partnerId'],
      [{ ...good, cnic: '35202-1111111-1' }, 'cnic'],
      [{ ...good, kind: 'wrong_cnic' }, 'cnic'],
      [{ ...good, extra: true }, '(body)'],
    ];
    for (const [body, path] of bad) {
      const answer = await post(server.url, '/__sim/test-tokens', body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.body.error.code, 'invalid_request');
      assert.ok(
        answer.body.error.issues.some((issue: { path: string }) => issue.path === path),
        `${JSON.stringify(answer.body.error.issues)} names ${path}`,
      );
      assert.equal(answer.body.token, undefined);
    }
    assert.equal((await post(server.url, '/__sim/test-tokens', null, '{"kind":')).body.error.code, 'invalid_json');
    const put = await fetch(`${server.url}/__sim/test-tokens`, { method: 'PUT' });
    assert.equal(put.status, 405);
    assert.equal(put.headers.get('allow'), 'GET, POST');
    const auditAfter = (await (await fetch(`${server.url}/__sim/audit`)).json()).entries.length;
    assert.equal(auditAfter, auditBefore, 'issuing or refusing test tokens writes no audit entry');
  });
});

describe('test tokens through MSW (the handlers the browser runs)', () => {
  let server: SetupServer;
  let simulator: Simulator;
  before(async () => {
    ({ server, simulator } = await setupSimulatorServer());
    server.listen({ onUnhandledRequest: 'error' });
  });
  after(async () => {
    server.close();
    await simulator.close();
  });

  it('every kind gives exactly its documented code', async () => {
    for (const kind of Object.keys(DOCUMENTED))
      await checkKind(DEFAULT_API_BASE, kind, { ...BANK, cnic: '3520211111111' });
  });
});
