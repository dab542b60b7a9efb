/**
 * What every demo page does first: start the simulator in the page (MSW's service worker answers the
 * widget's requests), then define the widget. Both come from the package's public entries, exactly
 * the import lines a partner writes.
 */
import { startBrowserSimulator } from 'ijazat-consent/simulator';
import './demo-header.js';

export interface BootOptions {
  /** The simulator's IndexedDB. Pages that share one see the same consents, SMS and audit log. */
  dbName?: string;
}

/** The worker script sits beside the pages, so the static build works from any folder. */
const serviceWorkerUrl = new URL('./mockServiceWorker.js', location.href).pathname;

export async function boot(options: BootOptions = {}) {
  const started = await startBrowserSimulator({
    dbName: options.dbName ?? 'ijazat-demo',
    serviceWorkerUrl,
    quiet: true,
  });
  // The element is defined only once the simulator answers, so the first /v1/context request is served.
  await import('ijazat-consent');
  document.body.dataset.ready = 'true';
  return started;
}
