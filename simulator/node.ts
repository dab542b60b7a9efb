/**
 * `ijazat-consent/simulator/node`: the same simulator and handlers in Node, over fake-indexeddb.
 * Each simulator gets its own in-memory IndexedDB, so tests never share state by accident.
 */
import { setupServer, type SetupServer } from 'msw/node';
import { createHandlers } from './handlers/index.js';
import { createNodeSimulator } from './node-simulator.js';
import type { Simulator, SimulatorOptions } from './simulator.js';

export { startSimulatorServer, type SimulatorServer, type SimulatorServerOptions } from './http-server.js';
export { createNodeSimulator } from './node-simulator.js';
export * from './index.js';

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
