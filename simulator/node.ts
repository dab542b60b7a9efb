/**
 * `ijazat-consent/simulator/node`: the same simulator and handlers in Node, over fake-indexeddb.
 * Each simulator gets its own in-memory IndexedDB, so tests never share state by accident.
 */
import 'fake-indexeddb/auto'; // idb checks values against the global IDB classes
import { IDBFactory } from 'fake-indexeddb';
import { setupServer, type SetupServer } from 'msw/node';
import { useCryptoBackend } from './crypto/backend.js';
import { nodeCryptoBackend } from './crypto/node.js';
import { createHandlers } from './handlers/index.js';
import { createSimulator, type Simulator, type SimulatorOptions } from './simulator.js';

// Every simulator in this process hashes and signs with node:crypto: same bytes, less time (crypto/backend.ts).
useCryptoBackend(nodeCryptoBackend);

export { startSimulatorServer, type SimulatorServer, type SimulatorServerOptions } from './http-server.js';
export * from './index.js';

/** A simulator in this process's own fake IndexedDB (unless options.indexedDB says otherwise). */
export function createNodeSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return createSimulator({ indexedDB: new IDBFactory(), ...options });
}

/**
 * MSW's setupServer over the simulator's handlers, NOT yet listening: call `server.listen()` (e.g.
 * with `{ onUnhandledRequest: 'error' }`) and `server.close()` yourself, as with setupServer.
 */
export async function setupSimulatorServer(
  options: SimulatorOptions = {},
): Promise<{ server: SetupServer; simulator: Simulator }> {
  const simulator = await createNodeSimulator(options);
  return { server: setupServer(...createHandlers(simulator)), simulator };
}
