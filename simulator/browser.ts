/**
 * The simulator in a browser page, behind MSW's service worker: the demo and the widget's browser
 * tests talk to it with plain fetch at any `api-base`. State lives in the page origin's IndexedDB
 * under `dbName`, so it survives reloads.
 */
import type { SetupWorker } from 'msw/browser';
import { createHandlers } from './handlers/index.js';
import type { Limits } from './limits.js';
import { createSimulator, type Simulator } from './simulator.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';

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
  /**
   * Send consent-status webhooks from this page with fetch (default true). A URL the page's own MSW
   * handlers answer (the demo's bank) receives them; a real backend must allow the page's origin (CORS).
   */
  webhooks?: boolean;
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
  const dispatcher = (options.webhooks ?? true) ? new WebhookDispatcher(simulator) : null;
  return {
    simulator,
    worker,
    async stop() {
      await dispatcher?.stop();
      worker.stop();
      await simulator.close();
    },
  };
}
