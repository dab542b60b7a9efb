/**
 * The one size check `npm test` enforces: the widget's self-contained ESM build (Lit included),
 * minified and gzipped, within DESIGN.md's 14 KB budget. Builds into memory with the same recipe
 * as the shipped dist/ijazat-consent.min.js (`buildWidgetBundle` in vite.config.ts).
 */
import { gzipSync } from 'node:zlib';
import { buildWidgetBundle } from '../../vite.config.js';

export const BUDGET_BYTES = 14 * 1024;

export async function widgetBundle(): Promise<{ minified: number; gzip: number }> {
  // The licence sidecar is not loaded by pages: only the code counts.
  const code = Buffer.from((await buildWidgetBundle()).code);
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
