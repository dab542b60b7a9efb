/**
 * The simulator in a browser page, behind MSW's service worker: the demo and the widget's browser
 * tests talk to it with plain fetch at any `api-base`. State lives in the page origin's IndexedDB
 * under `dbName`, so it survives reloads.
 */
import type { SetupWorker } from 'msw/browser';
import { createHandlers } from './handlers/index.js';
import type { Limits } from './limits.js';
import { createSimulator, type Simulator } from './simulator.js';

export interface BrowserSimulatorOptions {
  /** IndexedDB name, default `ijazat-simulator`. Use a unique one per test file. */
  dbName?: string;
  /** Where MSW's worker script is served, default `/mockServiceWorker.js`. */
  serviceWorkerUrl?: string;
  /** Hide MSW's console lines, default true. */
  quiet?: boolean;
  onUnhandledRequest?: 'bypass' | 'error' | 'warn';
  limits?: Partial<Limits>;
  /** Origins added to the seeded partners' allow-lists. */
  origins?: string[];
}

export interface BrowserSimulator {
  simulator: Simulator;
  worker: SetupWorker;
  stop(): Promise<void>;
}

export async function startBrowserSimulator(options: BrowserSimulatorOptions = {}): Promise<BrowserSimulator> {
  // Loaded on demand: msw/browser cannot be imported in Node, and index.ts must load everywhere.
  const { setupWorker } = await import('msw/browser');
  const simulator = await createSimulator({
    dbName: options.dbName ?? 'ijazat-simulator',
    shareAcrossTabs: true,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.origins ? { origins: options.origins } : {}),
  });
  const worker = setupWorker(...createHandlers(simulator));
  await worker.start({
    serviceWorker: { url: options.serviceWorkerUrl ?? '/mockServiceWorker.js' },
    quiet: options.quiet ?? true,
    onUnhandledRequest: options.onUnhandledRequest ?? 'bypass',
  });
  return {
    simulator,
    worker,
    async stop() {
      worker.stop();
      await simulator.close();
    },
  };
}
