/**
 * Bundles the simulator CLI (simulator/cli.ts) into dist/cli.js, the package's `ijazat-simulator` bin.
 * Fast (esbuild, well under a second) so `npm install` can run it as `prepare`; the dependencies stay
 * external (they are the package's own dependencies).
 *   node src/build/simulator-cli.mjs
 */
import { chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const fromRoot = (path) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

export async function buildSimulatorCli() {
  const outfile = fromRoot('dist/cli.js');
  await build({
    entryPoints: [fromRoot('simulator/cli.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    legalComments: 'none',
    logLevel: 'warning',
  });
  chmodSync(outfile, 0o755);
  return outfile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildSimulatorCli();
