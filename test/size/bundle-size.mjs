/**
 * The one size check `npm test` enforces: the widget's self-contained ESM build (Lit included),
 * minified and gzipped, within DESIGN.md's 14 KB budget. Builds with esbuild into memory.
 */
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const BUDGET_BYTES = 14 * 1024;

export async function widgetBundle() {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../../src/index.ts', import.meta.url))],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    legalComments: 'none',
    tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)),
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { minified, gzip } = await widgetBundle();
  const kb = (n) => (n / 1024).toFixed(2);
  console.log(`widget bundle: ${kb(minified)} KB minified, ${kb(gzip)} KB gzip (budget ${kb(BUDGET_BYTES)} KB)`);
  if (gzip > BUDGET_BYTES) {
    console.error(`over budget by ${kb(gzip - BUDGET_BYTES)} KB`);
    process.exit(1);
  }
}
