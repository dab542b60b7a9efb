/**
 * One partner backend process: connects to the shared Redis with the client it is told to use, then,
 * on "go", verifies every token it was given at once through createRedisReplayStore and reports, per
 * token, "accepted" or the refusal code. Driven over IPC by redis-replay-store.test.ts.
 */
import { Redis } from 'ioredis';
import type { JSONWebKeySet } from 'jose';
import { createClient } from 'redis';
import { SANDBOX_ISSUER } from '../../../../src/contract/api.js';
import { ConsentTokenError, createRedisReplayStore, verifyConsentToken } from '../../../../src/verify/index.js';

export interface VerifierSetup {
  client: 'node-redis' | 'ioredis';
  url: string;
  prefix: string;
  jwks: JSONWebKeySet;
  audience: string;
  nonce: string;
  tokens: string[];
}

export type VerifierMessage = { type: 'ready' } | { type: 'results'; results: string[] };

function send(message: VerifierMessage): void {
  process.send!(message);
}

async function connect(setup: VerifierSetup) {
  if (setup.client === 'ioredis') {
    const client = new Redis(setup.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await client.connect();
    return { store: createRedisReplayStore(client, { prefix: setup.prefix }), close: () => client.quit() };
  }
  const client = createClient({ url: setup.url });
  await client.connect();
  return { store: createRedisReplayStore(client, { prefix: setup.prefix }), close: () => client.quit() };
}

async function verifyAll(setup: VerifierSetup, store: ReturnType<typeof createRedisReplayStore>): Promise<string[]> {
  return Promise.all(
    setup.tokens.map((token) =>
      verifyConsentToken(token, {
        jwks: setup.jwks,
        issuer: SANDBOX_ISSUER,
        audience: setup.audience,
        nonce: setup.nonce,
        replay: store,
      }).then(
        () => 'accepted',
        (error: unknown) => (error instanceof ConsentTokenError ? error.code : `crash: ${String(error)}`),
      ),
    ),
  );
}

async function serve(setup: VerifierSetup): Promise<void> {
  const { store, close } = await connect(setup);
  process.once('message', () => void answer(setup, store, close));
  send({ type: 'ready' });
}

async function answer(
  setup: VerifierSetup,
  store: ReturnType<typeof createRedisReplayStore>,
  close: () => Promise<unknown>,
): Promise<void> {
  send({ type: 'results', results: await verifyAll(setup, store) });
  await close();
  process.disconnect();
}

process.once('message', (setup: VerifierSetup) => void serve(setup));
