/**
 * The load generator: a SECOND process that drives full consent flows against the HTTP simulator over
 * loopback, as many partner pages at once would. Run by load.test.ts as
 *   node --import tsx test/node/reliability/support/load-flows.ts '{"url":…,"flows":200,"concurrency":20,…}'
 * It adds one synthetic citizen per flow, then per flow: create (Idempotency-Key), read the SMS from
 * the citizen's SIM, verify (Idempotency-Key), retrying injected 503s and dropped connections with the
 * same keys. Prints one JSON line: what it did and what it got, for the parent to check against the
 * service's own ledger and audit log.
 */
import { ServiceClient, newNonce } from './service-client.js';

export interface LoadPlan {
  url: string;
  flows: number;
  concurrency: number;
  /** Stop starting new work after this long; unfinished flows are reported as lost. */
  deadlineMs: number;
  /** Tries per call when the service answers 503 or the connection drops. */
  maxTries: number;
  /** CNIC prefix for this run's synthetic citizens (2 digits), so runs do not collide. */
  series: string;
}

export interface FlowResult {
  flow: number;
  citizenId: string;
  ok: boolean;
  jti: string | null;
  /** The token and the session's nonce, for the parent to verify as the partner's backend would. */
  token: string | null;
  nonce: string;
  cnic: string;
  error: string | null;
  retries: number;
}

export interface LoadReport {
  flows: number;
  succeeded: number;
  results: FlowResult[];
  requests: number;
  retries: number;
  durationMs: number;
}

const plan = JSON.parse(process.argv[2] ?? '{}') as LoadPlan;
const client = new ServiceClient(plan.url);
const deadline = Date.now() + plan.deadlineMs;
let requests = 0;

/** One call, retried with the same request (and so the same Idempotency-Key) on 503 or a dropped connection. */
async function withRetries<T>(
  call: () => Promise<{ status: number; body: T }>,
  counter: { retries: number },
): Promise<{ status: number; body: T }> {
  for (let attempt = 1; ; attempt++) {
    requests += 1;
    try {
      const answer = await call();
      if (answer.status !== 503 || attempt >= plan.maxTries) return answer;
    } catch (error) {
      if (attempt >= plan.maxTries) throw error;
    }
    counter.retries += 1;
    await new Promise((resolve) => setTimeout(resolve, 5 * attempt));
  }
}

const jtiOf = (token: string): string => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).jti;

async function runFlow(flow: number, citizenId: string, cnic: string, simId: string): Promise<FlowResult> {
  const nonce = newNonce();
  const result: FlowResult = {
    flow,
    citizenId,
    ok: false,
    jti: null,
    token: null,
    nonce,
    cnic,
    error: null,
    retries: 0,
  };
  try {
    const created = await withRetries(
      () => client.create({ cnic, nonce }, `load-create-${plan.series}-${flow}`),
      result,
    );
    if (created.status !== 201) throw new Error(`create ${created.status} ${JSON.stringify(created.body)}`);
    const id = (created.body as { id: string }).id;
    let code: string | null = null;
    for (let i = 0; i < 50 && !code; i++) {
      requests += 1;
      code = await client.latestCode(simId);
      if (!code) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    if (!code) throw new Error('no SMS arrived');
    const verified = await withRetries(() => client.verify(id, code, `load-verify-${plan.series}-${flow}`), result);
    if (verified.status !== 200) throw new Error(`verify ${verified.status} ${JSON.stringify(verified.body)}`);
    result.token = (verified.body as { token: string }).token;
    result.jti = jtiOf(result.token);
    result.ok = true;
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  }
  return result;
}

/** Runs `count` tasks, `concurrency` at a time, none started after the deadline. */
async function pool<T>(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<T>,
): Promise<(T | undefined)[]> {
  const out: (T | undefined)[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count && Date.now() < deadline) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

const started = Date.now();
const citizens = await pool(plan.flows, plan.concurrency, async (i) => {
  const cnic = `${plan.series}${String(i).padStart(11, '0')}`;
  const mobile = `03${plan.series}${String(i).padStart(7, '0')}`;
  requests += 1;
  const added = await client.addCitizen({ cnic, name: `Load Citizen ${i}`, cardStatus: 'active', mobile });
  if (added.status !== 201) throw new Error(`adding citizen ${i}: ${added.status} ${JSON.stringify(added.body)}`);
  return { id: added.body.id as string, cnic, simId: added.body.simIds[0] as string };
});
const results = await pool(plan.flows, plan.concurrency, (i) =>
  runFlow(i, citizens[i]!.id, citizens[i]!.cnic, citizens[i]!.simId),
);
const finished = results.map(
  (r, i): FlowResult =>
    r ?? {
      flow: i,
      citizenId: citizens[i]?.id ?? '',
      ok: false,
      jti: null,
      token: null,
      nonce: '',
      cnic: citizens[i]?.cnic ?? '',
      error: 'not started before the deadline',
      retries: 0,
    },
);
const report: LoadReport = {
  flows: plan.flows,
  succeeded: finished.filter((r) => r.ok).length,
  results: finished,
  requests,
  retries: finished.reduce((sum, r) => sum + r.retries, 0),
  durationMs: Date.now() - started,
};
process.stdout.write(`${JSON.stringify(report)}\n`);
