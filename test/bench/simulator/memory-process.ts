/**
 * Child process: the server's memory as history grows. A simulator on a `--data` database (SQLite,
 * as the CLI runs it) serves full flows (create → read the SMS → verify) through its domain API
 * directly, not over HTTP: HTTP would add nothing that stays in memory, and 100,000 flows over
 * loopback would take several minutes here. Reports RSS and heap after a forced GC at each
 * checkpoint in `at` (flows served so far).
 *
 * Started by simulator-http.ts with --expose-gc; the order comes over IPC.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDataStore } from '../../../simulator/data-store.js';
import { createNodeSimulator } from '../../../simulator/node.js';

export interface MemoryOrder {
  /** Report memory after this many flows each (ascending). */
  at: number[];
  citizens: number;
  concurrency: number;
}

export interface MemoryPoint {
  flows: number;
  rss: number;
  heapUsed: number;
  seconds: number;
}

const CODE = /#(\d{6})\s*$/;

async function run(order: MemoryOrder): Promise<MemoryPoint[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ijazat-bench-memory-'));
  try {
    const { database } = await openDataStore(join(dir, 'sandbox.db'));
    const sim = await createNodeSimulator({ database: database.asSimulatorDatabase(), extractableKeys: true });
    sim.setLimits({ partnerRequestsPerMinute: 10_000_000, smsPerCnicPerHour: 1_000_000 });
    const bank = (await sim.partnerByPublishableKey('pk_test_sandbox_bank'))!;
    const citizens: { cnic: string; simId: string; lastSeq: number }[] = [];
    for (let i = 0; i < order.citizens; i++) {
      const cnic = `92${String(i).padStart(11, '0')}`;
      const added = await sim.addCitizen({
        cnic,
        name: `Memory ${i}`,
        cardStatus: 'active',
        mobile: `037${String(i).padStart(8, '0')}`,
      });
      if (!added.ok) throw new Error(`addCitizen: ${added.code}`);
      citizens.push({ cnic, simId: added.value.simIds[0]!, lastSeq: 0 });
    }

    async function flow(citizen: (typeof citizens)[number]): Promise<void> {
      const nonce = `bench-memory-${Math.random().toString(36).slice(2)}-nonce`;
      const created = await sim.createRequest(
        bank,
        { purpose: 'status-check', nonce, cnic: citizen.cnic, locale: 'en' },
        'localhost',
      );
      if (!created.ok) throw new Error(`create: ${created.code}`);
      const inbox = await sim.messages(citizen.simId, citizen.lastSeq);
      if (!inbox.ok) throw new Error(`inbox: ${inbox.code}`);
      const last = inbox.value.messages.at(-1)!;
      citizen.lastSeq = Number(last.id.slice('msg_'.length));
      const code = CODE.exec(last.body)?.[1];
      if (!code) throw new Error('no passcode SMS');
      const granted = await sim.verify(bank, created.value.id, code);
      if (!granted.ok) throw new Error(`verify: ${granted.code}`);
    }

    const points: MemoryPoint[] = [];
    const started = performance.now();
    let served = 0;
    for (const target of order.at) {
      // Each worker has its own citizens, so inbox reads stay its own.
      await Promise.all(
        Array.from({ length: order.concurrency }, async (_, worker) => {
          const mine = citizens.filter((_, i) => i % order.concurrency === worker);
          for (let i = 0; served < target; i++) {
            served++;
            await flow(mine[i % mine.length]!);
          }
        }),
      );
      (globalThis as { gc?: () => void }).gc?.();
      const { rss, heapUsed } = process.memoryUsage();
      points.push({ flows: served, rss, heapUsed, seconds: (performance.now() - started) / 1000 });
      const cpu = process.cpuUsage();
      process.stderr.write(
        `  ${served} flows: RSS ${(rss / 2 ** 20).toFixed(0)} MB, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU\n`,
      );
    }
    await sim.close();
    return points;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.once('message', (order: MemoryOrder) => {
  void run(order).then(
    (points) => process.send!({ type: 'points', points }, () => process.exit(0)),
    (error: unknown) =>
      process.send!({ type: 'failed', message: String((error as Error)?.message ?? error) }, () => process.exit(1)),
  );
});
