/**
 * Child process: the simulator's HTTP server, alone in its process (started by simulator-http.ts).
 * Tells its parent the URL over IPC, answers `memory` with its RSS and heap (after a forced GC when
 * started with --expose-gc), `cpu` with its CPU time so far (all threads), records a CPU profile between `profile-start` and `profile-stop` (V8's
 * sampling profiler, as node --cpu-prof, but only over the measured load), and stops on `close`.
 */
import { Session } from 'node:inspector/promises';
import { startSimulatorServer } from '../../../simulator/node.js';

type Message =
  { type: 'memory' } | { type: 'cpu' } | { type: 'close' } | { type: 'profile-start' } | { type: 'profile-stop' };

// BENCH_DATA: persistence on, the CLI's `--data FILE` (SQLite).
const dataFile = process.env.BENCH_DATA;
const server = await startSimulatorServer({ port: 0, ...(dataFile ? { dataFile } : {}) });
let session: Session | null = null;

function memory() {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  return { rss, heapUsed, heapTotal, external };
}

async function onMessage(message: Message): Promise<void> {
  switch (message.type) {
    case 'cpu':
      process.send!({ type: 'cpu', cpu: process.cpuUsage() });
      break;
    case 'memory':
      process.send!({ type: 'memory', memory: memory() });
      break;
    case 'profile-start':
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
      process.send!({ type: 'profiling' });
      break;
    case 'profile-stop': {
      const { profile } = await session!.post('Profiler.stop');
      session!.disconnect();
      process.send!({ type: 'profile', profile });
      break;
    }
    case 'close':
      await server.close();
      process.exit(0);
  }
}

process.on('message', (message: Message) => void onMessage(message));
process.on('disconnect', () => void server.close().then(() => process.exit(0)));
process.send!({ type: 'ready', url: server.url, memory: memory() });
