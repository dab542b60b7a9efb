/**
 * A backend that points the helper at the service's JWKS URL: keys are fetched once and cached,
 * refetched when a token names a key the cache does not know (rotation) but not more often than the
 * cooldown (forged kids cannot make it hammer the service), and an unreachable JWKS is its own code.
 */
import assert from 'node:assert/strict';
import { after, describe, it, mock } from 'node:test';
import { SANDBOX_ISSUER } from '../../../src/contract/api.js';
import { verifyConsentToken, type VerifyConsentTokenOptions } from '../../../src/verify/index.js';
import { startJwksServer, type JwksServer } from './support/jwks-server.js';
import { assertRefused } from './support/refusal.js';
import { createTestIssuer, newNonce, PARTNER_ID, sign, validClaims, type TestIssuer } from './support/token-issuer.js';

const servers: JwksServer[] = [];
after(() => Promise.all(servers.map((server) => server.close())));

async function serve(...issuers: TestIssuer[]): Promise<JwksServer> {
  const server = await startJwksServer({ keys: issuers.map((issuer) => issuer.publicJwk) });
  servers.push(server);
  return server;
}

async function tokenFrom(issuer: TestIssuer) {
  const nonce = newNonce();
  return { nonce, token: await sign(issuer, await validClaims(nonce)) };
}

function options(
  jwksUrl: string,
  nonce: string,
  extra: Partial<VerifyConsentTokenOptions> = {},
): VerifyConsentTokenOptions {
  return { jwksUrl, issuer: SANDBOX_ISSUER, audience: PARTNER_ID, nonce, replay: false, ...extra };
}

describe('a remote JWKS (jwksUrl)', () => {
  it('is fetched once and reused across calls', async () => {
    const issuer = await createTestIssuer();
    const server = await serve(issuer);
    for (let i = 0; i < 5; i++) {
      const { nonce, token } = await tokenFrom(issuer);
      await verifyConsentToken(token, options(server.url, nonce));
    }
    assert.equal(server.fetches, 1);
  });

  it('is refetched when a token names a new kid after key rotation, once the cooldown has passed', async () => {
    const clock = mock.timers;
    clock.enable({ apis: ['Date'], now: Date.now() });
    try {
      const first = await createTestIssuer();
      const server = await serve(first);
      const a = await tokenFrom(first);
      await verifyConsentToken(a.token, options(server.url, a.nonce));
      assert.equal(server.fetches, 1);

      // The service rotates: the JWKS now carries both keys, and new tokens use the new kid.
      const second = await createTestIssuer();
      server.jwks = { keys: [first.publicJwk, second.publicJwk] };
      const b = await tokenFrom(second);
      // Within the 30 s cooldown after a fetch, an unknown kid is refused without another fetch.
      await assertRefused(verifyConsentToken(b.token, options(server.url, b.nonce)), 'token_key_unknown');
      assert.equal(server.fetches, 1);

      clock.tick(31_000);
      const verified = await verifyConsentToken(b.token, options(server.url, b.nonce));
      assert.equal(verified.nonce, b.nonce);
      assert.equal(server.fetches, 2);
      // Old tokens still verify: the old key stays in the set until its tokens expire.
      await verifyConsentToken(a.token, options(server.url, a.nonce));
      assert.equal(server.fetches, 2);

      // A forged kid makes at most one fetch per cooldown, then is refused.
      const forger = await createTestIssuer('forged-kid');
      clock.tick(31_000);
      for (let i = 0; i < 3; i++) {
        const f = await tokenFrom(forger);
        await assertRefused(verifyConsentToken(f.token, options(server.url, f.nonce)), 'token_key_unknown');
      }
      assert.equal(server.fetches, 3);
    } finally {
      clock.reset();
    }
  });

  it('refetches straight away with `jwksCache.cooldownMs: 0`, and again after `maxAgeMs`', async () => {
    const first = await createTestIssuer();
    const server = await serve(first);
    const a = await tokenFrom(first);
    const cache = { cooldownMs: 0 };
    await verifyConsentToken(a.token, options(server.url, a.nonce, { jwksCache: cache }));
    const second = await createTestIssuer();
    server.jwks = { keys: [second.publicJwk] };
    const b = await tokenFrom(second);
    await verifyConsentToken(b.token, options(server.url, b.nonce, { jwksCache: cache }));
    assert.equal(server.fetches, 2);
  });

  it('reports an unreachable, failing or broken JWKS as jwks_unavailable', async () => {
    const issuer = await createTestIssuer();
    const { nonce, token } = await tokenFrom(issuer);
    const server = await serve(issuer);
    server.mode = 'error';
    await assertRefused(verifyConsentToken(token, options(server.url, nonce)), 'jwks_unavailable');
    const broken = await serve(issuer);
    broken.mode = 'garbage';
    await assertRefused(verifyConsentToken(token, options(broken.url, nonce)), 'jwks_unavailable');
    const closed = await serve(issuer);
    await closed.close();
    servers.splice(servers.indexOf(closed), 1);
    await assertRefused(verifyConsentToken(token, options(closed.url, nonce)), 'jwks_unavailable');
  });

  it('throws a TypeError for a jwksUrl that is not a URL', async () => {
    const issuer = await createTestIssuer();
    const { nonce, token } = await tokenFrom(issuer);
    await assert.rejects(verifyConsentToken(token, options('/.well-known/jwks.json', nonce)), TypeError);
  });
});
