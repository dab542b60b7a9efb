/**
 * Load on the HTTP simulator (issue 7): many concurrent flows from a SECOND process on loopback,
 * against startSimulatorServer on 127.0.0.1 port 0, bounded in count and time. Afterwards the
 * service's own ledger holds exactly one consent per successful flow, each phone got exactly one SMS,
 * nothing was lost, and the audit chain verifies. Then again with injected 503s and dropped
 * connections, retried by the clients with the same Idempotency-Keys.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSimulatorServer, verifyAuditChain, type SimulatorServer } from '../../../simulator/node.js';
import { BANK, ServiceClient } from './support/service-client.js';
import { ConsentTokenError, createMemoryReplayStore, verifyConsentToken } from '../../../src/verify/index.js';
import { SANDBOX_ISSUER } from '../../../src/contract/api.js';
import type { LoadPlan, LoadReport } from './support/load-flows.js';

const FLOWS = Number(process.env.LOAD_FLOWS ?? 200);
const CONCURRENCY = Number(process.env.LOAD_CONCURRENCY ?? 20);
const generator = fileURLToPath(new URL('./support/load-flows.ts', import.meta.url));

let server: SimulatorServer;
let client: ServiceClient;
before(async () => {
  server = await startSimulatorServer({
    port: 0,
    host: '127.0.0.1',
    limits: {
      partnerRequestsPerMinute: 10_000_000,
      partnerCeilingPerMinute: 100_000_000,
      wrongCodesPerClientPerHour: 10_000_000,
    },
  });
  client = new ServiceClient(server.url);
});
after(() => server.close());

/** Runs the load generator in a child process; kills it if it outlives the plan's deadline by 30 s. */
function runGenerator(plan: LoadPlan): Promise<LoadReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', generator, JSON.stringify(plan)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    const killer = setTimeout(() => child.kill('SIGKILL'), plan.deadlineMs + 30_000);
    child.on('close', (code) => {
      clearTimeout(killer);
      if (code !== 0) return reject(new Error(`load generator exited ${code}: ${err.slice(0, 2000)}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)!));
      } catch {
        reject(new Error(`load generator printed no report: ${out.slice(0, 500)} ${err.slice(0, 1000)}`));
      }
    });
  });
}

/** Every token verifies once with the partner's backend helper (own nonce, purpose, CNIC), and never twice. */
async function verifyAll(report: LoadReport): Promise<number> {
  const jwks = (await client.jwks()).body;
  const replay = createMemoryReplayStore();
  const now = server.simulator.clock.now();
  let verified = 0;
  for (const r of report.results) {
    const options = {
      jwks,
      issuer: SANDBOX_ISSUER,
      audience: BANK.id,
      nonce: r.nonce,
      purpose: 'account-opening',
      cnic: r.cnic,
      replay,
      now,
    };
    assert.equal((await verifyConsentToken(r.token, options)).jti, r.jti);
    await assert.rejects(
      verifyConsentToken(r.token, options),
      (e) => e instanceof ConsentTokenError && e.code === 'token_replayed',
    );
    verified += 1;
  }
  return verified;
}

/** What the service itself recorded for the run's citizens: consents, SMS, audit entries. */
async function ledgerFor(report: LoadReport) {
  const db = server.simulator.db;
  const ids = new Set(report.results.map((r) => r.citizenId));
  const consents = (await db.getAll('consents')).filter((c) => ids.has(c.citizenId));
  const requests = (await db.getAll('requests')).filter((r) => r.citizenId !== null && ids.has(r.citizenId));
  // Each synthetic citizen has one SIM, of the mobile registered for them.
  const mobiles = new Set((await db.getAll('citizens')).filter((c) => ids.has(c.id)).map((c) => c.mobile));
  const simIds = new Set((await db.getAll('sims')).filter((s) => mobiles.has(s.mobile)).map((s) => s.id));
  const sms = (await db.getAll('messages')).filter((m) => simIds.has(m.simId) && m.direction === 'in');
  return { consents, requests, sms };
}

describe('load from a second process', () => {
  it(`${FLOWS} flows at concurrency ${CONCURRENCY}: every flow granted once, one SMS each, nothing lost, chain intact`, async (t) => {
    const report = await runGenerator({
      url: server.url,
      flows: FLOWS,
      concurrency: CONCURRENCY,
      deadlineMs: 60_000,
      maxTries: 1,
      series: '91',
    });
    const failures = report.results.filter((r) => !r.ok);
    assert.deepEqual(failures, [], 'every flow succeeded');
    assert.equal(report.succeeded, FLOWS);

    const { consents, requests, sms } = await ledgerFor(report);
    assert.equal(consents.length, report.succeeded, 'exactly one consent per successful flow');
    for (const result of report.results) {
      const mine = consents.filter((c) => c.citizenId === result.citizenId);
      assert.deepEqual(
        mine.map((c) => c.jti),
        [result.jti],
        `flow ${result.flow}: its one consent is the token it got`,
      );
    }
    assert.equal(requests.length, FLOWS, 'one consent request per flow');
    assert.ok(requests.every((r) => r.status === 'granted'));
    assert.equal(sms.length, FLOWS, 'one SMS per flow');

    const audit = await client.audit();
    assert.deepEqual(audit.body.chain, { ok: true });
    assert.deepEqual(await verifyAuditChain(await server.simulator.db.getAll('audit')), { ok: true });
    const issued = audit.body.entries.filter(
      (e) => e.type === 'token_issued' && consents.some((c) => c.jti === e.detail.jti),
    );
    assert.equal(issued.length, FLOWS);
    assert.equal(await verifyAll(report), FLOWS, 'every token verifies once at the partner backend');
    t.diagnostic(
      `figures: ${FLOWS} flows (each token verified once by the verify helper, refused the second time), concurrency ${CONCURRENCY}, ${report.requests} HTTP requests from the child process in ${report.durationMs} ms; ${consents.length} consents, ${sms.length} SMS, 0 lost, audit chain of ${audit.body.entries.length} entries verifies`,
    );
  });

  it(`${FLOWS} flows under injected faults (10 % 503, 5 % dropped connections), retried with Idempotency-Keys: still one SMS and one consent each`, async (t) => {
    await client.setFaults({ failureRate: 0.1, dropRate: 0.05 });
    let report: LoadReport;
    try {
      report = await runGenerator({
        url: server.url,
        flows: FLOWS,
        concurrency: CONCURRENCY,
        deadlineMs: 60_000,
        maxTries: 12,
        series: '92',
      });
    } finally {
      await client.setFaults({ failureRate: 0, dropRate: 0 });
    }
    assert.deepEqual(
      report.results.filter((r) => !r.ok),
      [],
      'every flow got through the faults',
    );
    const { consents, requests, sms } = await ledgerFor(report);
    assert.equal(consents.length, FLOWS, 'one consent per flow, none doubled by a retry');
    assert.equal(requests.length, FLOWS, 'one consent request per flow, none doubled by a retried create');
    assert.equal(sms.length, FLOWS, 'one SMS per flow');
    for (const result of report.results) {
      assert.deepEqual(
        consents.filter((c) => c.citizenId === result.citizenId).map((c) => c.jti),
        [result.jti],
      );
    }
    assert.ok(report.retries > 0, 'faults were actually injected');
    assert.equal(await verifyAll(report), FLOWS);
    assert.deepEqual((await client.audit()).body.chain, { ok: true });
    t.diagnostic(
      `figures: ${FLOWS} flows under faults, ${report.retries} retried calls after injected 503s or dropped connections, ${report.requests} requests in ${report.durationMs} ms; 0 lost, 0 doubled`,
    );
  });
});
