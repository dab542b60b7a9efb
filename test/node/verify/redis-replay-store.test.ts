/**
 * Single use across processes: partner backends that share one Redis through createRedisReplayStore,
 * with node-redis and with ioredis, against a real redis-server the test starts. Six processes
 * submitting the same tokens at the same moment: each token is accepted exactly once.
 */
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { SANDBOX_ISSUER } from '../../../src/contract/api.js';
import {
  createRedisReplayStore,
  verifyConsentToken,
  type IoredisClient,
  type NodeRedisClient,
  type VerifyConsentTokenOptions,
} from '../../../src/verify/index.js';
import { startRedisServer, type RedisServer } from './support/redis-server.js';
import type { VerifierMessage, VerifierSetup } from './support/redis-verifier-process.js';
import { assertRefused } from './support/refusal.js';
import { createTestIssuer, newNonce, PARTNER_ID, sign, validClaims, type TestIssuer } from './support/token-issuer.js';

const PROCESSES = 6;
const VERIFIER = fileURLToPath(new URL('./support/redis-verifier-process.ts', import.meta.url));

let redis: RedisServer;
let issuer: TestIssuer;

before(async () => {
  [redis, issuer] = await Promise.all([startRedisServer(), createTestIssuer()]);
});
after(() => redis?.stop());

type ClientKind = VerifierSetup['client'];

/** A connected client of either kind, and how to inspect the server and let go. */
async function connect(kind: ClientKind) {
  if (kind === 'ioredis') {
    const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await client.connect();
    return {
      client: client satisfies IoredisClient,
      pttl: (key: string) => client.pttl(key),
      close: async () => void (await client.quit()),
    };
  }
  const client = createClient({ url: redis.url });
  await client.connect();
  return {
    client: client satisfies NodeRedisClient,
    pttl: (key: string) => client.pTTL(key),
    close: async () => void (await client.quit()),
  };
}

async function tokenFor(nonce: string): Promise<{ token: string; jti: string; exp: number }> {
  const claims = await validClaims(nonce);
  return { token: await sign(issuer, claims), jti: claims.jti as string, exp: claims.exp as number };
}

function optionsFor(nonce: string, replay: VerifyConsentTokenOptions['replay']): VerifyConsentTokenOptions {
  return { jwks: issuer.jwks, issuer: SANDBOX_ISSUER, audience: PARTNER_ID, nonce, replay };
}

/** Starts the backend processes, waits until each is connected, then lets them all go at once. */
async function submitFromProcesses(kind: ClientKind, prefix: string, nonce: string, tokens: string[]) {
  const children = Array.from({ length: PROCESSES }, () =>
    fork(VERIFIER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  const next = (child: (typeof children)[number]) =>
    new Promise<VerifierMessage>((resolve, reject) => {
      child.once('message', (message: VerifierMessage) => resolve(message));
      child.once('exit', (code) => reject(new Error(`a backend process exited early (${code})`)));
    });
  try {
    const setup: VerifierSetup = {
      client: kind,
      url: redis.url,
      prefix,
      jwks: issuer.jwks,
      audience: PARTNER_ID,
      nonce,
      tokens,
    };
    const ready = children.map(next);
    children.forEach((child) => child.send(setup));
    await Promise.all(ready);
    const done = children.map(next);
    children.forEach((child) => child.send('go'));
    return (await Promise.all(done)).map((message) => {
      assert.equal(message.type, 'results');
      return message.type === 'results' ? message.results : [];
    });
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
}

for (const kind of ['node-redis', 'ioredis'] as const) {
  describe(`createRedisReplayStore with ${kind}`, () => {
    it('accepts a token once, refuses it after (token_replayed), and keys it under the prefix until exp + tolerance', async () => {
      const { client, pttl, close } = await connect(kind);
      try {
        const prefix = `test:${kind}:${newNonce()}:`;
        const replay = createRedisReplayStore(client, { prefix });
        const nonce = newNonce();
        const { token, jti, exp } = await tokenFor(nonce);
        await verifyConsentToken(token, optionsFor(nonce, replay));
        await assertRefused(verifyConsentToken(token, optionsFor(nonce, replay)), 'token_replayed');

        const remainingMs = await pttl(`${prefix}${jti}`);
        const expectedMs = (exp + 5) * 1000 - Date.now();
        assert.ok(remainingMs > 0 && Math.abs(remainingMs - expectedMs) < 30_000, `TTL ${remainingMs} ms`);
        assert.equal(await pttl(`ijazat:jti:${jti}`), -2, 'nothing under the default prefix');

        // Another backend with its own prefix (another environment) keeps its own record.
        const other = createRedisReplayStore(client, { prefix: `${prefix}other:` });
        await verifyConsentToken(token, optionsFor(nonce, other));
      } finally {
        await close();
      }
    });

    it('uses `ijazat:jti:` as the default prefix, and Redis forgets the key when it expires', async () => {
      const { client, pttl, close } = await connect(kind);
      try {
        const store = createRedisReplayStore(client);
        const jti = `jti_${newNonce()}`;
        assert.equal(await store.checkAndRemember(jti, Date.now() / 1000 + 3), true);
        assert.equal(
          await store.checkAndRemember(jti, Date.now() / 1000 + 600),
          false,
          'the later call keeps the first expiry',
        );
        assert.ok((await pttl(`ijazat:jti:${jti}`)) > 0);
        // Poll rather than sleep a fixed time: on a loaded machine the expiry is Redis's, not the timer's.
        for (let poll = 0; (await pttl(`ijazat:jti:${jti}`)) !== -2; poll++) {
          assert.ok(poll < 120, 'the key expires (PX was set)');
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        assert.equal(await store.checkAndRemember(jti, Date.now() / 1000 + 600), true, 'an expired id is new again');
      } finally {
        await close();
      }
    });

    it(`${PROCESSES} backend processes submitting the same tokens at once: each token accepted exactly once`, async () => {
      const nonce = newNonce();
      const tokens = await Promise.all(Array.from({ length: 5 }, async () => (await tokenFor(nonce)).token));
      const perProcess = await submitFromProcesses(kind, `race:${kind}:${newNonce()}:`, nonce, tokens);
      assert.equal(perProcess.length, PROCESSES);
      tokens.forEach((_, index) => {
        const outcomes = perProcess.map((results) => results[index]);
        assert.equal(
          outcomes.filter((outcome) => outcome === 'accepted').length,
          1,
          `token ${index}: ${outcomes.join(', ')}`,
        );
        assert.equal(outcomes.filter((outcome) => outcome === 'token_replayed').length, PROCESSES - 1);
      });
    });

    it('refuses the token (token_replayed, failing closed) when Redis cannot be reached', async () => {
      const { client, close } = await connect(kind);
      await close();
      const nonce = newNonce();
      const { token } = await tokenFor(nonce);
      await assertRefused(
        verifyConsentToken(token, optionsFor(nonce, createRedisReplayStore(client))),
        'token_replayed',
      );
    });
  });
}

describe('createRedisReplayStore', () => {
  it('refuses anything that is neither client with a TypeError, at creation', () => {
    for (const notAClient of [{}, { set: async () => 'OK' }, { isOpen: 'yes', set: async () => 'OK' }]) {
      assert.throws(() => createRedisReplayStore(notAClient as never), TypeError);
    }
  });
});
