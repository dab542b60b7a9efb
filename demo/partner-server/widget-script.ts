/**
 * The widget for the example's page: the package's single-file build (dist/ijazat-consent.min.js,
 * what `<script type="module" src=…>` users load) when it has been built, or else the same thing
 * bundled from the sources in memory with esbuild, so `npm run example` works without a build.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const fromRoot = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

let cached: Promise<string> | undefined;

export function widgetScript(options: { prefer?: 'source' | 'dist' } = {}): Promise<string> {
  const dist = fromRoot('dist/ijazat-consent.min.js');
  if (options.prefer === 'dist' && existsSync(dist)) return Promise.resolve(readFileSync(dist, 'utf8'));
  cached ??= build({
    entryPoints: [fromRoot('src/index.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    tsconfig: fromRoot('tsconfig.json'),
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]!.text);
  cached.catch(() => (cached = undefined)); // a failed build is retried on the next request
  return cached;
}
