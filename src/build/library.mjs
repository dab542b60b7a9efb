/**
 * `npm run build`, after the demo: the library under dist/ (the demo's dist/demo is left alone).
 *   1. package entries with Vite (vite.config.ts, libConfig(): index, verify, simulator, simulator-node)
 *   2. dist/ijazat-consent.min.js: the widget in one file, Lit included, minified, for a
 *      <script type="module" src=…> with no bundler
 *   3. dist/cli.js: the `ijazat-simulator` bin
 *   4. dist/types/: .d.ts for every entry (tsc, src/build/tsconfig.types.json)
 *   5. dist/custom-elements.json (@custom-elements-manifest/analyzer)
 *   6. dist/openapi.json: the service contract as OpenAPI 3.1 (src/build/openapi-json.ts)
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';
import { buildSimulatorCli } from './simulator-cli.mjs';
import { widgetBundleOptions } from './widget-bundle.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = join(root, 'dist');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0)
    throw new Error(`${relative(root, command)} ${args.join(' ')} failed (exit ${result.status})`);
}

// Start from a clean dist/ (but keep the demo): no stale chunks end up in the package.
for (const name of safeReaddir(dist)) if (name !== 'demo') rmSync(join(dist, name), { recursive: true, force: true });

await vite({ configFile: join(root, 'vite.config.ts'), mode: 'lib', logLevel: 'warn' });

await esbuild({ ...widgetBundleOptions, outfile: join(dist, 'ijazat-consent.min.js') });

await buildSimulatorCli();
run(bin('tsc'), ['-p', join(root, 'src/build/tsconfig.types.json')]);
run(bin('cem'), ['analyze', '--config', join(root, 'src/build/custom-elements-manifest.config.mjs'), '--quiet']);
run(process.execPath, ['--import', 'tsx', join(root, 'src/build/openapi-json.ts'), join(dist, 'openapi.json')]);

for (const file of walk(dist).filter(
  (path) => !path.startsWith(join(dist, 'demo')) && !path.startsWith(join(dist, 'types')),
)) {
  const bytes = readFileSync(file);
  // The build's own report (file names and sizes only); src/ keeps console.* out of shipped code.
  process.stdout.write(
    `${relative(root, file).padEnd(40)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KB  gzip ${(gzipSync(bytes).length / 1024).toFixed(1).padStart(6)} KB\n`,
  );
}

function safeReaddir(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function walk(dir) {
  return safeReaddir(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
