/**
 * One Vite config, and every build recipe of the repository (the top level is fixed, so they live here
 * rather than in a scripts folder):
 * - the demo (default mode): `npm start` serves it, `npm run build` writes the static site to dist/demo;
 * - the library entries (`vite build --mode lib`): the package entries under dist/;
 * - the package (`vite build --mode package`, the second half of `npm run build`): the entries, then
 *   the single-file widget, the simulator CLI, the .d.ts types and custom-elements.json;
 * - `widgetBundleOptions`: the single-file widget's esbuild recipe, shared with the size budget
 *   (test/size/bundle-size.ts) and the bench, so both measure exactly the bytes that ship.
 * The demo branch belongs to the demo; the lib and package branches to packaging. Keep them apart.
 */
import { chmodSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
// @ts-expect-error: the analyzer's programmatic API ships without type declarations. Its own
// TypeScript parses the sources: syntax kinds differ between TypeScript versions.
import { create as analyzeElements, ts as analyzerTs } from '@custom-elements-manifest/analyzer';
// @ts-expect-error: the analyzer's Lit plugin ships without type declarations
import { litPlugin } from '@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js';
import { build as esbuild, type BuildOptions, type Plugin as EsbuildPlugin } from 'esbuild';
import ts from 'typescript';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { simulatorOpenApi } from './simulator/openapi.js';

const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The demo imports the package by its own name, as a partner would ('ijazat-consent',
 * 'ijazat-consent/simulator', 'ijazat-consent/verify'); these aliases map those names to the sources.
 * Exact matches only, so 'ijazat-consent' does not swallow 'ijazat-consent/verify'.
 */
const packageAliases = [
  { find: /^ijazat-consent$/, replacement: fromRoot('./src/index.ts') },
  { find: /^ijazat-consent\/simulator$/, replacement: fromRoot('./simulator/index.ts') },
  { find: /^ijazat-consent\/verify$/, replacement: fromRoot('./src/verify/index.ts') },
];

/**
 * Serves MSW's service worker at the demo's root in dev and emits it in the build, read from
 * node_modules each time so it always matches the installed msw (no committed copy to go stale).
 */
function mockServiceWorker(): Plugin {
  const path = fromRoot('./node_modules/msw/lib/mockServiceWorker.js');
  return {
    name: 'ijazat-demo:mock-service-worker',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.split('?')[0] !== '/mockServiceWorker.js') return next();
        res.setHeader('Content-Type', 'application/javascript');
        res.setHeader('Service-Worker-Allowed', '/');
        res.setHeader('Cache-Control', 'no-cache');
        res.end(readFileSync(path, 'utf8'));
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'mockServiceWorker.js', source: readFileSync(path, 'utf8') });
    },
  };
}

function demoConfig(): UserConfig {
  return {
    root: fromRoot('./demo'),
    // Relative asset URLs: the static demo works from any folder of any static host.
    base: './',
    publicDir: false,
    resolve: { alias: packageAliases },
    plugins: [mockServiceWorker()],
    server: { host: '127.0.0.1', port: 5173, strictPort: false, fs: { allow: [fromRoot('.')] } },
    preview: { host: '127.0.0.1', port: 4173, strictPort: false },
    build: {
      outDir: fromRoot('./dist/demo'),
      emptyOutDir: true,
      target: 'es2022',
      rolldownOptions: {
        input: {
          partner: fromRoot('./demo/index.html'),
          gallery: fromRoot('./demo/gallery.html'),
          citizen: fromRoot('./demo/citizen.html'),
        },
      },
    },
  };
}

/** The package's dependencies and Node's built-ins stay imports in the library build, not bundled. */
const libraryExternal =
  /^(node:|better-sqlite3$|lit$|lit\/|@lit\/|@lit-labs\/|msw$|msw\/|idb$|zod$|zod\/|jose$|fake-indexeddb)/;

/**
 * The package entries. ESM only, readable (not minified: a partner's bundler minifies), no source
 * maps, shared code in dist/chunks/. `--mode package` adds the rest of the package (packageExtras).
 */
function libConfig(withExtras: boolean): UserConfig {
  return {
    publicDir: false,
    plugins: withExtras ? [packageExtras()] : [],
    build: {
      outDir: fromRoot('./dist'),
      emptyOutDir: false, // dist/demo is the demo build's; packageExtras() cleans the rest
      target: 'es2022',
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      lib: {
        entry: {
          index: fromRoot('./src/index.ts'),
          verify: fromRoot('./src/verify/index.ts'),
          simulator: fromRoot('./simulator/index.ts'),
          'simulator-node': fromRoot('./simulator/node.ts'),
        },
        formats: ['es'],
        fileName: (_format, entryName) => `${entryName}.js`,
      },
      rolldownOptions: {
        external: (id) => libraryExternal.test(id),
        output: { chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  };
}

/**
 * Source stays formatted for people; the build takes the layout whitespace out of `css` tagged
 * templates (CSS has no meaning in runs of spaces and newlines between tokens).
 */
const minifyCssTemplates: EsbuildPlugin = {
  name: 'minify-css-templates',
  setup(build) {
    build.onLoad({ filter: /\.styles\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const contents = source.replace(/css`([^`]*)`/g, (_, body: string) => {
        const compact = body
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,>])\s*/g, '$1')
          .replace(/;}/g, '}')
          .trim();
        return `css\`${compact}\``;
      });
      return { contents, loader: 'ts' };
    });
  },
};

/**
 * The widget's self-contained single-file build (Lit included): dist/ijazat-consent.min.js, and what
 * the size budget measures. Licence comments go to a sidecar file (…min.js.LEGAL.txt, shipped in the
 * package) instead of into every page load; UTF-8 output keeps the Urdu strings compact.
 */
export const widgetBundleOptions: BuildOptions = {
  entryPoints: [fromRoot('./src/index.ts')],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  charset: 'utf8',
  legalComments: 'external',
  tsconfig: fromRoot('./tsconfig.json'),
  logLevel: 'warning',
  plugins: [minifyCssTemplates],
};

/**
 * The `ijazat-simulator` bin, dist/cli.js: the dependencies stay external (they are the package's
 * own). Fast (esbuild), so `npm install` runs it as `prepare` and `npx ijazat-simulator` works at once.
 */
export async function buildSimulatorCli(outfile = fromRoot('./dist/cli.js')): Promise<void> {
  await esbuild({
    entryPoints: [fromRoot('./simulator/cli.ts')],
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
}

/**
 * The `ijazat-conformance` bin, dist/conformance.js: the contract's behavioural checks against any
 * implementation over HTTP (src/conformance/). Built like the simulator CLI, dependencies external.
 */
export async function buildConformanceCli(outfile = fromRoot('./dist/conformance.js')): Promise<void> {
  await esbuild({
    entryPoints: [fromRoot('./src/conformance/cli.ts')],
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
}

/** .d.ts for every package entry, with the repository's compiler options (tsconfig.json). */
export function writeTypes(outDir: string): void {
  const { config } = ts.readConfigFile(fromRoot('./tsconfig.json'), (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, fromRoot('.'));
  const entries = ['./src/index.ts', './src/verify/index.ts', './simulator/index.ts', './simulator/node.ts'];
  const program = ts.createProgram(entries.map(fromRoot), {
    ...options,
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
    declarationMap: false,
    rootDir: fromRoot('.'),
    outDir,
  });
  const { diagnostics } = program.emit();
  const problems = [...ts.getPreEmitDiagnostics(program), ...diagnostics];
  if (problems.length)
    throw new Error(
      ts.formatDiagnostics(problems, {
        getCanonicalFileName: (name) => name,
        getCurrentDirectory: () => fromRoot('.'),
        getNewLine: () => '\n',
      }),
    );
}

/**
 * The package's `ijazat-consent/openapi.json`: the service contract as OpenAPI 3.1, generated from the
 * zod schemas (simulator/openapi.ts), the very document the simulator serves at `GET /openapi.json`.
 */
export function writeOpenApiJson(file: string): void {
  writeFileSync(file, `${JSON.stringify(simulatorOpenApi(), null, 2)}\n`);
}

interface ElementsManifest {
  modules: { declarations?: { events?: { name: string }[] }[] }[];
}

/**
 * custom-elements.json for editors, docs and framework tooling: attributes, properties, events, parts,
 * CSS properties and slots of <ijazat-consent>, read from the element's source and its JSDoc tags.
 * Only the element's own files are analyzed (not its tests, not the flow or client behind it). The
 * analyzer also reports the `dispatchEvent(new CustomEvent(type, …))` inside the element's generic
 * emitter as an event literally named "type": only the documented `ijazat-*` events are kept.
 */
export function customElementsManifest(): ElementsManifest {
  const files = [
    './src/index.ts',
    ...readdirSync(fromRoot('./src/ijazat-consent'))
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
      .map((name) => `./src/ijazat-consent/${name}`),
  ];
  const modules = files.map((file) =>
    analyzerTs.createSourceFile(
      file.slice(2),
      readFileSync(fromRoot(file), 'utf8'),
      analyzerTs.ScriptTarget.ES2015,
      true,
    ),
  );
  const manifest: ElementsManifest = analyzeElements({ modules, plugins: litPlugin(), context: { dev: false } });
  for (const module of manifest.modules)
    for (const declaration of module.declarations ?? [])
      if (declaration.events) declaration.events = declaration.events.filter(({ name }) => name.startsWith('ijazat-'));
  return manifest;
}

/**
 * `vite build --mode package`: after the entries, the rest of the package in the same dist/
 *   1. dist/ijazat-consent.min.js: the widget in one file, Lit included, minified, for a
 *      <script type="module" src=…> with no bundler
 *   2. dist/cli.js: the `ijazat-simulator` bin; dist/conformance.js: the `ijazat-conformance` bin
 *   3. dist/types/: .d.ts for every entry
 *   4. dist/custom-elements.json (package.json's `customElements` points there)
 *   5. dist/openapi.json: the service contract as OpenAPI 3.1
 * and a report of the files' sizes. dist/ starts clean (but for the demo): no stale chunks ship.
 */
function packageExtras(): Plugin {
  let dist = fromRoot('./dist');
  return {
    name: 'ijazat-package:extras',
    apply: 'build',
    configResolved(config) {
      dist = config.build.outDir;
    },
    buildStart() {
      for (const name of safeReaddir(dist))
        if (name !== 'demo') rmSync(join(dist, name), { recursive: true, force: true });
    },
    async closeBundle() {
      await esbuild({ ...widgetBundleOptions, outfile: join(dist, 'ijazat-consent.min.js') });
      await buildSimulatorCli(join(dist, 'cli.js'));
      await buildConformanceCli(join(dist, 'conformance.js'));
      writeTypes(join(dist, 'types'));
      writeFileSync(join(dist, 'custom-elements.json'), `${JSON.stringify(customElementsManifest(), null, 2)}\n`);
      writeOpenApiJson(join(dist, 'openapi.json'));
      for (const file of walk(dist).filter((path) => !/^(demo|types)\//.test(relative(dist, path)))) {
        const bytes = readFileSync(file);
        const kb = (n: number) => (n / 1024).toFixed(1);
        // The build's own report (file names and sizes only).
        process.stdout.write(
          `${relative(dist, file).padEnd(40)} ${kb(bytes.length).padStart(7)} KB  gzip ${kb(gzipSync(bytes).length).padStart(6)} KB\n`,
        );
      }
    },
  };
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function walk(dir: string): string[] {
  return safeReaddir(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

export default defineConfig(({ mode }) =>
  mode === 'lib' || mode === 'package' ? libConfig(mode === 'package') : demoConfig(),
);
