/**
 * Child process: the load generator, in a process of its own (on its own core where taskset exists).
 * Runs complete consent flows against the simulator over HTTP: create a request for a synthetic
 * citizen, read the passcode from that citizen's SIM inbox (/__sim, only the messages newer than the
 * last one read, as a polling phone would), verify it and receive a token.
 * Bounded: stops after `maxFlows` flows or `durationMs`, whichever comes first.
 */
import { randomBytes } from 'node:crypto';
import { jsonClient } from './http-client.js';

export interface LoadOrder {
  url: string;
  /** One list of synthetic citizens per concurrent worker, so a worker's inbox reads are its own. */
  citizensPerWorker: { cnic: string; simId: string }[][];
  warmupMs: number;
  durationMs: number;
  maxFlows: number;
}

export interface LoadReport {
  /** Flows completed inside the measured window. */
  flows: number;
  /** Flows completed from the start of the window until every worker stopped (for CPU-time rates). */
  flowsUntilIdle: number;
  failures: number;
  firstFailure: string | null;
  elapsedMs: number;
  flowMs: number[];
}

const PARTNER = { 'ijazat-partner-key': 'pk_test_sandbox_bank' };
const CODE_LINE = /#(\d{6})\s*$/;

async function run(order: LoadOrder): Promise<LoadReport> {
  const client = jsonClient(order.url, order.citizensPerWorker.length);
  let measuring = false;
  let stop = false;
  let flows = 0;
  let flowsUntilIdle = 0;
  let failures = 0;
  let firstFailure: string | null = null;
  const flowMs: number[] = [];

  /** The last message id read from each SIM. */
  const lastRead = new Map<string, string>();

  async function flow(citizen: { cnic: string; simId: string }): Promise<void> {
    const nonce = randomBytes(18).toString('base64url');
    const created = await client.send(
      'POST',
      '/v1/consent-requests',
      { purpose: 'status-check', nonce, cnic: citizen.cnic, locale: 'en' },
      PARTNER,
    );
    if (created.status !== 201) throw new Error(`create answered ${created.status} ${created.body?.error?.code}`);
    const after = lastRead.get(citizen.simId);
    const inbox = await client.send('GET', `/__sim/sims/${citizen.simId}/messages${after ? `?after=${after}` : ''}`);
    const messages = (inbox.body?.messages ?? []) as { id: string; direction: string; body: string }[];
    if (messages.length) lastRead.set(citizen.simId, messages.at(-1)!.id);
    const last = messages.filter((m) => m.direction === 'in').at(-1);
    const code = last?.body.match(CODE_LINE)?.[1];
    if (!code) throw new Error('no passcode SMS in the inbox');
    const verified = await client.send('POST', `/v1/consent-requests/${created.body.id}/verify`, { code }, PARTNER);
    if (verified.status !== 200 || typeof verified.body?.token !== 'string')
      throw new Error(`verify answered ${verified.status} ${verified.body?.error?.code}`);
  }

  async function worker(citizens: { cnic: string; simId: string }[]): Promise<void> {
    for (let i = 0; !stop; i++) {
      const start = performance.now();
      try {
        await flow(citizens[i % citizens.length]!);
        if (measuring) flowsUntilIdle++;
        if (measuring && !stop) {
          flows++;
          flowMs.push(performance.now() - start);
          if (flows >= order.maxFlows) stop = true;
        }
      } catch (error) {
        failures++;
        firstFailure ??= String((error as Error).message ?? error);
        if (failures > 50) stop = true; // something is broken: report it, do not spin
      }
    }
  }

  const workers = order.citizensPerWorker.map(worker);
  await new Promise((resolve) => setTimeout(resolve, order.warmupMs));
  // The parent reads the server's CPU time now, so the window starts after that answer.
  process.send!({ type: 'measuring' });
  await new Promise((resolve) => process.once('message', resolve));
  measuring = true;
  const start = performance.now();
  const timer = setTimeout(() => (stop = true), order.durationMs);
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (stop) {
        clearInterval(check);
        resolve();
      }
    }, 5);
  });
  const elapsedMs = performance.now() - start;
  clearTimeout(timer);
  await Promise.all(workers);
  client.close();
  return { flows, flowsUntilIdle, failures, firstFailure, elapsedMs, flowMs };
}

process.once('message', (order: LoadOrder) => {
  // The next message ('go') starts the measured window.
  void run(order).then((report) => {
    process.send!({ type: 'report', report }, () => process.exit(0));
  });
});
