/**
 * The one size check `npm test` enforces: the widget's self-contained ESM build (Lit included),
 * minified and gzipped, within DESIGN.md's 14 KB budget. Builds into memory with the same recipe
 * as the shipped dist/ijazat-consent.min.js (`widgetBundleOptions` in vite.config.ts).
 */
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { widgetBundleOptions } from '../../vite.config.js';

export const BUDGET_BYTES = 14 * 1024;

export async function widgetBundle(): Promise<{ minified: number; gzip: number }> {
  const result = await build({ ...widgetBundleOptions, write: false, outfile: 'ijazat-consent.min.js' });
  // outputFiles: the bundle, and the licence sidecar (not loaded by pages).
  const code = result.outputFiles.find((file) => file.path.endsWith('.js'))!.contents;
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { minified, gzip } = await widgetBundle();
  const kb = (n: number) => (n / 1024).toFixed(2);
  console.log(`widget bundle: ${kb(minified)} KB minified, ${kb(gzip)} KB gzip (budget ${kb(BUDGET_BYTES)} KB)`);
  if (gzip > BUDGET_BYTES) {
    console.error(`over budget by ${kb(gzip - BUDGET_BYTES)} KB`);
    process.exit(1);
  }
}
