/**
 * The simulator over HTTP: full consent flows per second (create → read the SMS via /__sim → verify)
 * against startSimulatorServer in its own process, driven from a second process on loopback, beside
 * raw ES256 signing with jose on one core, in the same run. The server and the signer each get one
 * core (taskset), the load generator the other. Also the server's memory before and after the load,
 * and the same load against a bare node:http server that does nothing: the ceiling of HTTP itself.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prefillAudit } from './simulator/prefill-audit.js';
import { startChild, pinned } from './child.js';
import { jsonClient } from './simulator/http-client.js';
import type { LoadOrder, LoadReport } from './simulator/load-process.js';
import type { SignOrder } from './simulator/sign-process.js';
import { summarize, type Summary } from './stats.js';
import { summarizeProfile, type CpuProfile, type ProfileSummary } from './cpu-profile.js';

export interface SimulatorHttpOptions {
  citizens: number;
  workers: number;
  warmupMs: number;
  durationMs: number;
  maxFlows: number;
  signMs: number;
  /** How long the bare node:http ceiling is loaded. */
  bareMs: number;
  /** Record a CPU profile of the server during the measured load and say where the time goes. */
  profile: boolean;
  /** Also load the server with persistence on (`--data`), on an empty store and on a prefilled one. */
  persistence: boolean;
  /** Audit entries in the prefilled store. */
  auditEntries: number;
}

export const DEFAULT_SIMULATOR_HTTP: SimulatorHttpOptions = {
  citizens: 256,
  workers: 16,
  warmupMs: 1_500,
  durationMs: 8_000,
  maxFlows: 20_000,
  signMs: 3_000,
  bareMs: 3_000,
  profile: false,
  persistence: true,
  auditEntries: 1_000_000,
};

interface Memory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

export interface SimulatorHttpResult {
  pinnedToCores: boolean;
  /** Rates per wall-clock second and per CPU-second of the process (all its threads): the latter is what one
   * core allows, unaffected by other processes competing for the machine; the budget is judged on it. */
  rawSigning: {
    perSecond: number;
    perCpuSecond: number;
    signatures: number;
    elapsedMs: number;
    cpuMs: number;
    inFlight: number;
  };
  /** The same load against a bare node:http server that does no work: HTTP's own ceiling on one core. */
  bareHttp: { perSecond: number; perCpuSecond: number; count: number; failures: number };
  /** The bare server signing one JWT with jose per verify: the ceiling of any server doing this flow. */
  bareHttpSigning: { perSecond: number; perCpuSecond: number; count: number; failures: number; ratio: number };
  flows: {
    perSecond: number;
    perCpuSecond: number;
    serverCpuShare: number;
    count: number;
    failures: number;
    firstFailure: string | null;
    elapsedMs: number;
    latencyMs: Summary;
    workers: number;
    citizens: number;
  };
  /** Simulator flows per CPU-second ÷ raw signatures per CPU-second. */
  ratio: number;
  serverMemory: { before: Memory; after: Memory; flowsServed: number };
  /** The same load with `--data` (SQLite): on an empty store, and on one holding `auditEntries` audit entries. */
  persistence?: {
    empty: PersistedRun;
    prefilled: PersistedRun & { auditEntries: number; prefillSeconds: number };
    /** Empty store ÷ in memory, flows per CPU-second. */
    shareOfMemory: number;
    /** Prefilled ÷ empty, flows per CPU-second. */
    flatness: number;
  };
  profile?: ProfileSummary;
}

export interface PersistedRun {
  perSecond: number;
  perCpuSecond: number;
  count: number;
  failures: number;
  firstFailure: string | null;
  latencyMs: Summary;
}

async function rawSigning(options: SimulatorHttpOptions) {
  const signer = startChild(new URL('./simulator/sign-process.ts', import.meta.url), { core: 0 });
  const inFlight = 4;
  signer.send({ warmupMs: 500, durationMs: options.signMs, inFlight } satisfies SignOrder);
  const { report } = await signer.next<{ report: { signatures: number; elapsedMs: number; cpuMs: number } }>('report');
  await signer.stop();
  return {
    ...report,
    inFlight,
    perSecond: (report.signatures * 1000) / report.elapsedMs,
    perCpuSecond: (report.signatures * 1000) / report.cpuMs,
  };
}

function syntheticCitizen(i: number) {
  return {
    cnic: `91${String(i).padStart(11, '0')}`,
    name: `Load Test ${i}`,
    cardStatus: 'active',
    mobile: `039${String(i).padStart(8, '0')}`,
  };
}

/** Citizens registered, limits raised, and one bounded load from the load process; the server's memory around it. */
async function loadAgainst(
  serverFile: string,
  options: SimulatorHttpOptions,
  durationMs: number,
  env: Record<string, string> = {},
) {
  const server = startChild(new URL(serverFile, import.meta.url), { core: 0, nodeArgs: ['--expose-gc'], env });
  try {
    // A million-entry store is checked record by record before the server listens: give it time.
    const { url } = await server.next<{ url: string }>('ready', 600_000);
    const admin = jsonClient(url, 4);
    const limits = await admin.send('PUT', '/__sim/limits', {
      partnerRequestsPerMinute: 10_000_000,
      partnerCeilingPerMinute: 100_000_000,
      wrongCodesPerClientPerHour: 10_000_000,
      smsPerCnicPerHour: 1_000_000,
    });
    if (limits.status !== 200) throw new Error(`PUT /__sim/limits answered ${limits.status}`);
    const citizens: { cnic: string; simId: string }[] = [];
    for (let i = 0; i < options.citizens; i++) {
      const body = syntheticCitizen(i);
      const added = await admin.send('POST', '/__sim/identities', body);
      if (added.status !== 201)
        throw new Error(`POST /__sim/identities answered ${added.status} ${JSON.stringify(added.body)}`);
      citizens.push({ cnic: body.cnic, simId: added.body.simIds[0] });
    }
    admin.close();
    server.send({ type: 'memory' });
    const before = (await server.next<{ memory: Memory }>('memory')).memory;

    const load = startChild(new URL('./simulator/load-process.ts', import.meta.url), { core: 1 });
    const citizensPerWorker = Array.from({ length: options.workers }, (_, w) =>
      citizens.filter((_, i) => i % options.workers === w),
    );
    load.send({
      url,
      citizensPerWorker,
      warmupMs: options.warmupMs,
      durationMs,
      maxFlows: options.maxFlows,
    } satisfies LoadOrder);
    let profile: CpuProfile | undefined;
    await load.next('measuring', options.warmupMs + 60_000);
    server.send({ type: 'cpu' });
    const cpuStart = (await server.next<{ cpu: NodeJS.CpuUsage }>('cpu')).cpu;
    if (options.profile) {
      server.send({ type: 'profile-start' });
      await server.next('profiling');
    }
    load.send({ type: 'go' });
    const { report } = await load.next<{ report: LoadReport }>('report', durationMs + 60_000);
    server.send({ type: 'cpu' });
    const cpuEnd = (await server.next<{ cpu: NodeJS.CpuUsage }>('cpu')).cpu;
    await load.stop();
    const cpuMs = (cpuEnd.user - cpuStart.user + cpuEnd.system - cpuStart.system) / 1000;
    if (options.profile) {
      server.send({ type: 'profile-stop' });
      profile = (await server.next<{ profile: CpuProfile }>('profile')).profile;
    }
    server.send({ type: 'memory' });
    const after = (await server.next<{ memory: Memory }>('memory')).memory;
    return {
      report,
      before,
      after,
      profile,
      perSecond: (report.flows * 1000) / report.elapsedMs,
      perCpuSecond: (report.flowsUntilIdle * 1000) / cpuMs,
      cpuShare: cpuMs / report.elapsedMs,
    };
  } finally {
    await server.stop();
  }
}

export async function measureSimulatorHttp(
  options: SimulatorHttpOptions = DEFAULT_SIMULATOR_HTTP,
): Promise<SimulatorHttpResult> {
  const signing = await rawSigning(options);
  const bare = await loadAgainst('./simulator/bare-http-process.ts', { ...options, profile: false }, options.bareMs);
  const bareSigning = await loadAgainst(
    './simulator/bare-http-process.ts',
    { ...options, profile: false },
    options.bareMs,
    { BENCH_BARE_SIGN: '1' },
  );
  const sim = await loadAgainst('./simulator/server-process.ts', options, options.durationMs);
  const result: SimulatorHttpResult = {
    pinnedToCores: pinned,
    rawSigning: signing,
    bareHttp: {
      perSecond: bare.perSecond,
      perCpuSecond: bare.perCpuSecond,
      count: bare.report.flows,
      failures: bare.report.failures,
    },
    bareHttpSigning: {
      perSecond: bareSigning.perSecond,
      perCpuSecond: bareSigning.perCpuSecond,
      count: bareSigning.report.flows,
      failures: bareSigning.report.failures,
      ratio: bareSigning.perCpuSecond / signing.perCpuSecond,
    },
    flows: {
      perSecond: sim.perSecond,
      perCpuSecond: sim.perCpuSecond,
      serverCpuShare: sim.cpuShare,
      count: sim.report.flows,
      failures: sim.report.failures,
      firstFailure: sim.report.firstFailure,
      elapsedMs: sim.report.elapsedMs,
      latencyMs: summarize(sim.report.flowMs),
      workers: options.workers,
      citizens: options.citizens,
    },
    ratio: sim.perCpuSecond / signing.perCpuSecond,
    serverMemory: { before: sim.before, after: sim.after, flowsServed: sim.report.flows },
  };
  if (options.persistence) {
    const dir = mkdtempSync(join(tmpdir(), 'ijazat-bench-data-'));
    try {
      const persisted = async (file: string): Promise<PersistedRun> => {
        const run = await loadAgainst(
          './simulator/server-process.ts',
          { ...options, profile: false },
          options.durationMs,
          {
            BENCH_DATA: file,
          },
        );
        return {
          perSecond: run.perSecond,
          perCpuSecond: run.perCpuSecond,
          count: run.report.flows,
          failures: run.report.failures,
          firstFailure: run.report.firstFailure,
          latencyMs: summarize(run.report.flowMs),
        };
      };
      const empty = await persisted(join(dir, 'empty.db'));
      process.stderr.write(`prefilling a store with ${options.auditEntries.toLocaleString('en-US')} audit entries…\n`);
      const started = performance.now();
      await prefillAudit(join(dir, 'prefilled.db'), options.auditEntries);
      const prefillSeconds = (performance.now() - started) / 1000;
      const prefilled = await persisted(join(dir, 'prefilled.db'));
      result.persistence = {
        empty,
        prefilled: { ...prefilled, auditEntries: options.auditEntries, prefillSeconds },
        shareOfMemory: empty.perCpuSecond / sim.perCpuSecond,
        flatness: prefilled.perCpuSecond / empty.perCpuSecond,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (sim.profile) {
    result.profile = summarizeProfile(sim.profile);
    if (process.env.BENCH_RAW_PROFILE) writeFileSync(process.env.BENCH_RAW_PROFILE, JSON.stringify(sim.profile));
  }
  return result;
}
