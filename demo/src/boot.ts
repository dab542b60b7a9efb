/**
 * What every demo page does first: start the simulator in the page (MSW's service worker answers the
 * widget's requests), then define the widget. Both come from the package's public entries, exactly
 * the import lines a partner writes.
 */
import { startBrowserSimulator } from 'ijazat-consent/simulator';
import { forgetBank, registerBankEndpoint, startBankEndpoint } from './bank-webhooks.js';
import './demo-header.js';

export interface BootOptions {
  /** The simulator's IndexedDB. Pages that share one see the same consents, SMS and audit log. */
  dbName?: string;
  /** Play Sandbox Bank's webhook endpoint in this page and register it (bank-webhooks.ts). */
  bankEndpoint?: boolean;
}

/** The worker script sits beside the pages, so the static build works from any folder. */
const serviceWorkerUrl = new URL('./mockServiceWorker.js', location.href).pathname;

export async function boot(options: BootOptions = {}) {
  const started = await startBrowserSimulator({
    dbName: options.dbName ?? 'ijazat-demo',
    serviceWorkerUrl,
    quiet: true,
  });
  if (options.bankEndpoint) {
    await startBankEndpoint(started.worker);
    // A reset forgets endpoints: the bank registers again, and forgets what it heard.
    document.addEventListener('demo-sandbox-reset', () => {
      forgetBank();
      void registerBankEndpoint();
    });
  }
  // The element is defined only once the simulator answers, so the first /v1/context request is served.
  await import('ijazat-consent');
  document.body.dataset.ready = 'true';
  return started;
}
