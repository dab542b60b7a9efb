/** The strict-CSP page's script: the simulator (the test's backend) and the widget, from 'self' only. */
import './zod-jitless.js';
import { startBrowserSimulator } from '../../../../simulator/index.js';
import '../../../../src/index.js';

declare global {
  interface Window {
    __ready: Promise<void>;
  }
}

window.__ready = (async () => {
  await startBrowserSimulator({ dbName: `ijazat-widget-csp-${crypto.randomUUID()}` });
  const el = document.createElement('ijazat-consent');
  el.setAttribute('partner-key', 'pk_test_sandbox_bank');
  el.setAttribute('purpose', 'account-opening');
  el.setAttribute('nonce', 'csp-page-nonce-0123456789abcdef');
  el.setAttribute('name', 'ijazat_token');
  // Same origin as the page, so connect-src 'self' covers it (the simulator answers at any origin).
  el.setAttribute('api-base', location.origin);
  document.querySelector('form')!.prepend(el);
})();
