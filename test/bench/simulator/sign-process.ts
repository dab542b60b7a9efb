/**
 * Child process: raw ES256 signing with jose's SignJWT, the ceiling the simulator is measured
 * against. Same key kind as the simulator (WebCrypto P-256, non-extractable) and claims of the same
 * shape as a consent token. Run pinned to one core where taskset exists. Bounded by time.
 */
import { consentJwtSigner } from './consent-jwt.js';

export interface SignOrder {
  warmupMs: number;
  durationMs: number;
  /** Signatures kept in flight at once (WebCrypto signs on libuv's pool). */
  inFlight: number;
}

async function run(order: SignOrder): Promise<{ signatures: number; elapsedMs: number; cpuMs: number }> {
  const sign = await consentJwtSigner();
  let counting = false;
  let stop = false;
  let signatures = 0;
  const loop = async () => {
    while (!stop) {
      await sign();
      if (counting) signatures++;
    }
  };
  const loops = Array.from({ length: order.inFlight }, loop);
  await new Promise((resolve) => setTimeout(resolve, order.warmupMs));
  counting = true;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, order.durationMs));
  stop = true;
  const elapsedMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const counted = signatures;
  await Promise.all(loops);
  // CPU time of every thread of this process (main and libuv's pool), so contention from other
  // processes on the machine does not count against the rate.
  return { signatures: counted, elapsedMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

process.once('message', (order: SignOrder) => {
  void run(order).then((report) => process.send!({ type: 'report', report }, () => process.exit(0)));
});
