/**
 * One Vite config, two builds:
 * - the demo (default mode): `npm start` serves it, `npm run build` writes the static site to dist/demo;
 * - the library (`vite build --mode lib`): the package entries under dist/.
 * The demo branch belongs to the demo; the lib branch to packaging. Keep them apart.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

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
const libraryExternal = /^(node:|better-sqlite3$|lit$|lit\/|@lit\/|@lit-labs\/|msw$|msw\/|idb$|zod$|zod\/|jose$|fake-indexeddb)/;

/**
 * The package entries (`npm run build` runs this, then src/build/library.mjs adds the single-file
 * widget, the CLI, the .d.ts types and custom-elements.json). ESM only, readable (not minified: a
 * partner's bundler minifies), no source maps, shared code in dist/chunks/.
 */
function libConfig(): UserConfig {
  return {
    publicDir: false,
    build: {
      outDir: fromRoot('./dist'),
      emptyOutDir: false, // dist/demo is the demo build's; src/build/library.mjs cleans the rest
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

export default defineConfig(({ mode }) => (mode === 'lib' ? libConfig() : demoConfig()));
