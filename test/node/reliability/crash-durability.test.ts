/**
 * Nothing acknowledged is lost (issue 14): the CLI server with `--data`, in a child process, runs full
 * flows from concurrent clients and is killed with SIGKILL at a random moment, restarted on the same
 * data, killed again, several times. After each restart: every token a client received is known to
 * the partner's status check and to the citizen's consents, every acknowledged create is there (a
 * retry with its Idempotency-Key answers the same request and sends no second SMS), the audit chain
 * verifies, and nothing is duplicated. Bounded: ROUNDS kills of at most ROUND_MS of load each.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { BANK, codeInSms, newNonce } from './support/service-client.js';
import type { ServiceJson } from '../../support/service-json.js';
import { startCliSimulator } from '../support/cli-simulator.js';

const ROUNDS = 3;
const WORKERS = 8;
const CITIZENS_PER_WORKER = 2;
/** Each round's load lasts a random time in [ROUND_MIN_MS, ROUND_MS) before the kill. */
const ROUND_MIN_MS = 500;
const ROUND_MS = 1_800;

interface Server {
  child: ChildProcess;
  url: string;
}

let dir: string;
let dataFile: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ijazat-crash-'));
  dataFile = join(dir, 'sandbox.db');
});
after(() => rm(dir, { recursive: true, force: true }));

const startServer = (): Promise<Server> => startCliSimulator(dataFile);

function kill(server: Server): Promise<void> {
  server.child.removeAllListeners('exit');
  return new Promise((resolve) => {
    server.child.once('exit', () => resolve());
    server.child.kill('SIGKILL');
  });
}

async function call(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: ServiceJson }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

interface Citizen {
  id: string;
  cnic: string;
  simId: string;
}

interface AckedCreate {
  key: string;
  body: { purpose: string; nonce: string; cnic: string; locale: 'en' };
  requestId: string;
  citizen: Citizen;
}

interface Received {
  token: string;
  jti: string;
  requestId: string;
  citizen: Citizen;
}

const acked: AckedCreate[] = [];
const tokens: Received[] = [];

/** The service's limits live in memory (they are settings, not data): raised again after each start. */
async function raiseLimits(url: string): Promise<void> {
  const limits = await call(url, 'PUT', '/__sim/limits', {
    partnerRequestsPerMinute: 10_000_000,
    // The status checks after each restart use the secret key: a fast machine completes more
    // flows than its default quota allows in one minute.
    secretKeyRequestsPerMinute: 10_000_000,
    smsPerCnicPerHour: 1_000_000,
  });
  assert.equal(limits.status, 200);
}

async function addCitizens(url: string): Promise<Citizen[][]> {
  const perWorker: Citizen[][] = [];
  for (let w = 0; w < WORKERS; w++) {
    perWorker.push([]);
    for (let c = 0; c < CITIZENS_PER_WORKER; c++) {
      const n = w * CITIZENS_PER_WORKER + c;
      const cnic = `93${String(n).padStart(11, '0')}`;
      const added = await call(url, 'POST', '/__sim/identities', {
        cnic,
        name: `Crash Test ${n}`,
        cardStatus: 'active',
        mobile: `038${String(n).padStart(8, '0')}`,
      });
      assert.equal(added.status, 201, JSON.stringify(added.body));
      perWorker[w]!.push({ id: added.body.id, cnic, simId: added.body.simIds[0] });
    }
  }
  return perWorker;
}

/** Flows until the server dies under them; records only what the server answered. */
async function worker(url: string, citizens: Citizen[], round: number, alive: () => boolean): Promise<void> {
  for (let i = 0; alive(); i++) {
    const citizen = citizens[i % citizens.length]!;
    try {
      const key = `crash-${round}-${citizen.cnic}-${i}`;
      const body = { purpose: 'status-check', nonce: newNonce(), cnic: citizen.cnic, locale: 'en' as const };
      const created = await call(url, 'POST', '/v1/consent-requests', body, {
        'ijazat-partner-key': BANK.key,
        'idempotency-key': key,
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      acked.push({ key, body, requestId: created.body.id, citizen });
      const inbox = await call(url, 'GET', `/__sim/sims/${citizen.simId}/messages`);
      const code = codeInSms(
        (inbox.body.messages as { direction: string; body: string }[]).filter((m) => m.direction === 'in').at(-1)!.body,
      );
      assert.ok(code, 'a passcode SMS');
      const verified = await call(
        url,
        'POST',
        `/v1/consent-requests/${created.body.id}/verify`,
        { code },
        { 'ijazat-partner-key': BANK.key, 'idempotency-key': `${key}-verify` },
      );
      assert.equal(verified.status, 200, JSON.stringify(verified.body));
      const jti = decodeJwt(verified.body.token).jti!;
      tokens.push({ token: verified.body.token, jti, requestId: created.body.id, citizen });
    } catch (error) {
      if (alive()) throw error;
      return; // the server was killed under this flow: what it did not answer is not promised
    }
  }
}

/** Everything acknowledged so far is there, once, and the log is whole. */
async function assertNothingLost(url: string, citizens: Citizen[]): Promise<void> {
  const inboxCount = async (simId: string) =>
    ((await call(url, 'GET', `/__sim/sims/${simId}/messages`)).body.messages as unknown[]).length;
  const before = new Map<string, number>();
  for (const citizen of citizens) before.set(citizen.simId, await inboxCount(citizen.simId));

  for (const received of tokens) {
    const status = await call(url, 'GET', `/v1/consents/${received.jti}`, undefined, {
      authorization: `Bearer ${BANK.secret}`,
    });
    assert.equal(status.status, 200, `token ${received.jti}: the status check answered ${status.status}`);
  }
  const jtisOf = new Map<string, string[]>();
  for (const citizen of citizens) {
    const consents = await call(url, 'GET', `/__sim/citizens/${citizen.id}/consents`);
    assert.equal(consents.status, 200);
    const jtis = (consents.body.consents as { jti: string }[]).map((consent) => consent.jti);
    assert.equal(new Set(jtis).size, jtis.length, 'a consent listed twice');
    jtisOf.set(citizen.id, jtis);
  }
  for (const received of tokens)
    assert.ok(
      jtisOf.get(received.citizen.id)!.includes(received.jti),
      `the citizen does not see token ${received.jti}`,
    );

  for (const create of acked) {
    const retried = await call(url, 'POST', '/v1/consent-requests', create.body, {
      'ijazat-partner-key': BANK.key,
      'idempotency-key': create.key,
    });
    assert.equal(retried.status, 201);
    assert.equal(retried.body.id, create.requestId, 'a keyed retry of an acknowledged create made a new request');
  }
  for (const citizen of citizens)
    assert.equal(await inboxCount(citizen.simId), before.get(citizen.simId), 'a keyed retry sent a second SMS');

  const audit = await call(url, 'GET', '/__sim/audit');
  assert.deepEqual(audit.body.chain, { ok: true });
  const issued = (audit.body.entries as { type: string; requestId: string }[]).filter((e) => e.type === 'token_issued');
  assert.equal(new Set(issued.map((e) => e.requestId)).size, issued.length, 'one request issued two tokens');
  const allConsents = [...jtisOf.values()].flat();
  assert.equal(issued.length, allConsents.length, 'token_issued entries and consents do not match');
  const created = (audit.body.entries as { type: string; requestId: string }[]).filter(
    (e) => e.type === 'request_created',
  );
  assert.equal(new Set(created.map((e) => e.requestId)).size, created.length, 'a request created twice');
}

describe('kill -9 under load loses nothing a client was told', () => {
  it(`survives ${ROUNDS} SIGKILLs at random moments`, async () => {
    let server = await startServer();
    await raiseLimits(server.url);
    const perWorker = await addCitizens(server.url);
    const citizens = perWorker.flat();
    try {
      for (let round = 1; round <= ROUNDS; round++) {
        let alive = true;
        const url = server.url;
        const workers = perWorker.map((mine) => worker(url, mine, round, () => alive));
        await new Promise((resolve) => setTimeout(resolve, ROUND_MIN_MS + Math.random() * (ROUND_MS - ROUND_MIN_MS)));
        alive = false;
        await kill(server);
        await Promise.all(workers);
        server = await startServer();
        await raiseLimits(server.url);
        await assertNothingLost(server.url, citizens);
      }
      assert.ok(tokens.length >= ROUNDS, `the load did complete flows (${tokens.length} tokens)`);
      process.stderr.write(
        `# crash-durability: ${ROUNDS} kills, ${acked.length} acknowledged creates and ${tokens.length} tokens, none lost\n`,
      );
    } finally {
      await kill(server);
    }
  });
});
