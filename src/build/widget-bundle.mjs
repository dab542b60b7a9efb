/**
 * The one recipe for the widget's self-contained single-file build (Lit included), shared by the
 * library build (dist/ijazat-consent.min.js) and the bundle-size budget, so the budget measures
 * exactly the bytes that ship. Licence comments go to a sidecar file (…min.js.LEGAL.txt, shipped
 * in the package) instead of into every page load; UTF-8 output keeps the Urdu strings compact.
 */
import { fileURLToPath } from 'node:url';

export const widgetBundleOptions = {
  entryPoints: [fileURLToPath(new URL('../index.ts', import.meta.url))],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  charset: 'utf8',
  legalComments: 'external',
  tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)),
  logLevel: 'warning',
};
