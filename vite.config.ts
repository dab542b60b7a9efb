/**
 * One Vite config, and every build recipe of the repository (the top level is fixed, so they live here
 * rather than in a scripts folder):
 * - the demo (default mode): `npm start` serves it, `npm run build` writes the static site to dist/demo;
 * - the library entries (`vite build --mode lib`): the package entries under dist/;
 * - the package (`vite build --mode package`, the second half of `npm run build`): the entries, then
 *   the single-file widget, the simulator CLI, the .d.ts types and custom-elements.json;
 * - `buildWidgetBundle`: the single-file widget, shared with the size budget (test/size/bundle-size.ts),
 *   the bench and the example backend, so they measure and serve exactly the bytes that ship.
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
import { build as esbuild, type Plugin as EsbuildPlugin } from 'esbuild';
import { minifySync } from 'rolldown/utils';
import ts from 'typescript';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { en as demoEnglish } from './demo/src/strings.js';
import { simulatorOpenApi } from './simulator/openapi.js';
import englishWording from './src/contract/wording/en.js';
import urduWording from './src/contract/wording/ur.js';

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

/**
 * Writes the demo's English words into its pages' `data-i18n` elements (which the page script fills
 * in the visitor's language), so a page reads and takes its final shape at its first paint, before
 * its script has arrived: on a slow phone nothing moves when it does. demo/src/strings.ts stays the
 * one source of the words.
 */
export function demoStrings(strings: object = demoEnglish): Plugin {
  const lookup = (key: string): unknown =>
    key.split('.').reduce<unknown>((value, part) => (value as Record<string, unknown> | undefined)?.[part], strings);
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return {
    name: 'ijazat-demo:strings',
    transformIndexHtml: (page) =>
      // data-i18n elements hold text only (the script sets their textContent), so `</tag>` closes them.
      page.replace(
        /(<([a-z][\w-]*)\b[^>]*\sdata-i18n="([\w.]+)"[^>]*>)[^<]*(<\/\2>)/g,
        (element: string, open: string, _tag: string, key: string, close: string) => {
          const text = lookup(key);
          return typeof text === 'string' ? `${open}${escape(text)}${close}` : element;
        },
      ),
  };
}

function demoConfig(): UserConfig {
  return {
    root: fromRoot('./demo'),
    // Relative asset URLs: the static demo works from any folder of any static host.
    base: './',
    publicDir: false,
    resolve: { alias: packageAliases },
    plugins: [mockServiceWorker(), demoStrings()],
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
 * Source stays formatted for people; the build takes the layout out of Lit's `html` and `css` tagged
 * templates (the widget's bytes are counted). The TypeScript parser finds the templates, so
 * expressions inside them (and templates nested in those) are never touched; only the literal text
 * between them changes:
 * - html: JSX's rule. Whitespace that holds a line break is layout: gone next to a tag (after `>`,
 *   before `<`, `>` or `/>`), one space anywhere else (between words, attributes or values).
 *   Whitespace on one line is content and stays, so `<span>Error: </span>` keeps its space. Quotes
 *   around a plain attribute value (`part="form"`) and the `/` of a void element (`<br />`) go.
 * - css: comments, whitespace around `{ } ; : , >` (and `+` outside functions such as calc()),
 *   before `!important`, leading zeros (`0.5em`)
 *   and quotes around simple attribute values (`[dir='rtl']`) go. Private custom properties
 *   (`--_name`) are defined and used inside one stylesheet, so they are shortened within it.
 */
export function minifyTemplates(source: string): string {
  const file = ts.createSourceFile('module.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits: { start: number; end: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag)) {
      const parts = templateTexts(node.template, file);
      if (node.tag.text === 'html')
        parts.forEach((part, index) =>
          edits.push({ ...part, text: minifyHtml(part.text, index === 0, index === parts.length - 1) }),
        );
      if (node.tag.text === 'css') {
        const privateNames = new Map<string, string>();
        for (const part of parts) edits.push({ ...part, text: minifyCss(part.text, privateNames) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let result = source;
  for (const { start, end, text } of edits.sort((a, b) => b.start - a.start))
    result = result.slice(0, start) + text + result.slice(end);
  return result;
}

/** The literal pieces of a template, without their delimiters (`…${`, `}…${`, `}…`). */
function templateTexts(template: ts.TemplateLiteral, file: ts.SourceFile) {
  const parts = ts.isNoSubstitutionTemplateLiteral(template)
    ? [template]
    : [template.head, ...template.templateSpans.map((span) => span.literal)];
  return parts.map((part) => {
    const start = part.getStart(file) + 1;
    const end = part.end - (ts.isTemplateHead(part) || ts.isTemplateMiddle(part) ? 2 : 1);
    return { start, end, text: file.text.slice(start, end) };
  });
}

/** `first` and `last`: the piece opens or closes its template (where layout whitespace is dropped too). */
export const minifyHtml = (text: string, first = false, last = false): string =>
  text
    .replace(/\s*\n\s*/g, (space, at: number) => {
      const before = at === 0 ? (first ? '>' : '') : text[at - 1];
      const after = at + space.length === text.length ? (last ? '<' : '') : text[at + space.length];
      return before === '>' || after === '<' || after === '>' || after === '/' ? '' : ' ';
    })
    .replace(/(\s[\w-]+)="([\w-]+)"/g, '$1=$2')
    // A void element needs no `/>` in HTML (in SVG, where `/>` matters, no element is void).
    .replace(/(<(?:br|hr|img|input|wbr)\b[^<>]*?)\s*\/>/g, '$1>');

/** `privateNames` maps each `--_name` of one stylesheet to its short name (shared by its pieces). */
export const minifyCss = (text: string, privateNames = new Map<string, string>()): string =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    // `+` between selectors; inside calc() and other functions its spaces are required.
    .replace(/\s*\+\s*(?![^(]*\))/g, '+')
    .replace(/:\s+/g, ':')
    .replace(/\s+!important/g, '!important')
    .replace(/([\s:,(])0\.(\d)/g, '$1.$2')
    // An unquoted value must be a CSS identifier: `[dir=rtl]`, but `[tabindex='-1']` keeps its quotes.
    .replace(/\[([\w-]+)='([a-zA-Z_][\w-]*)'\]/g, '[$1=$2]')
    .replace(/;}/g, '}')
    .replace(/--_[\w-]+/g, (name) => {
      if (!privateNames.has(name)) privateNames.set(name, `--_${privateNames.size.toString(36)}`);
      return privateNames.get(name)!;
    })
    .trim();

const minifyTemplatesPlugin: EsbuildPlugin = {
  name: 'minify-templates',
  setup(build) {
    build.onLoad({ filter: /\/src\/.*\.ts$/ }, async ({ path }) => ({
      contents: minifyTemplates(await readFile(path, 'utf8')),
      loader: 'ts',
    }));
  },
};

/**
 * The widget's self-contained single-file build (Lit included): dist/ijazat-consent.min.js, what the
 * size budget measures (test/size/bundle-size.ts) and what the example backend serves. esbuild
 * bundles and minifies; then the Oxc minifier (Rolldown's, which Vite 8 runs on) takes another
 * pass, which esbuild's single pass leaves room for (≈ 180 bytes gzip). Licence comments go to a
 * sidecar file (…min.js.LEGAL.txt, shipped in the package) instead of into every page load; UTF-8
 * output keeps the Urdu strings compact.
 */
export async function buildWidgetBundle(): Promise<{ code: string; legal: string }> {
  const result = await esbuild({
    entryPoints: [fromRoot('./src/index.ts')],
    outfile: 'ijazat-consent.min.js',
    write: false,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    charset: 'utf8',
    legalComments: 'external',
    tsconfig: fromRoot('./tsconfig.json'),
    logLevel: 'warning',
    plugins: [minifyTemplatesPlugin],
  });
  const output = (suffix: string) => result.outputFiles.find((file) => file.path.endsWith(suffix))?.text ?? '';
  const minified = minifySync('ijazat-consent.min.js', output('.js'), { compress: { target: 'es2022' } });
  if (minified.errors.length) throw new Error(minified.errors.map((error) => error.message).join('\n'));
  return { code: minified.code, legal: output('.LEGAL.txt') };
}

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
  const tsconfig = ts.readConfigFile(fromRoot('./tsconfig.json'), (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(tsconfig.config, ts.sys, fromRoot('.'));
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

/**
 * The package's `ijazat-consent/wording.json`: the reference wording of the widget in every language
 * (`{ en, ur }`, schema `Wording`), what an implementation of the contract serves as the context's
 * `wording`.
 */
export function writeWordingJson(file: string): void {
  writeFileSync(file, `${JSON.stringify({ en: englishWording, ur: urduWording }, null, 2)}\n`);
}

type Named = { name: string };
/** The part of the analyzer's custom-elements.json schema that the build and its tests read. */
interface ElementsManifest {
  modules: {
    declarations?: {
      tagName?: string;
      attributes?: Named[];
      events?: Named[];
      cssParts?: Named[];
      cssProperties?: Named[];
    }[];
  }[];
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
  // Typed here, as the imports are not: the analyzer's TypeScript has our TypeScript's API (perhaps
  // another version), `create` answers with the manifest schema, `litPlugin` with the analyzer's plugins.
  const parser = analyzerTs as typeof ts;
  const analyze = analyzeElements as (options: {
    modules: ts.SourceFile[];
    plugins: unknown;
    context: object;
  }) => ElementsManifest;
  const modules = files.map((file) =>
    parser.createSourceFile(file.slice(2), readFileSync(fromRoot(file), 'utf8'), parser.ScriptTarget.ES2015, true),
  );
  const manifest = analyze({ modules, plugins: (litPlugin as () => unknown)(), context: { dev: false } });
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
 *   5. dist/openapi.json: the service contract as OpenAPI 3.1; dist/wording.json: the widget's
 *      reference wording, which an implementation of the contract serves with the context
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
      const widget = await buildWidgetBundle();
      writeFileSync(join(dist, 'ijazat-consent.min.js'), widget.code);
      writeFileSync(join(dist, 'ijazat-consent.min.js.LEGAL.txt'), widget.legal);
      await buildSimulatorCli(join(dist, 'cli.js'));
      await buildConformanceCli(join(dist, 'conformance.js'));
      writeTypes(join(dist, 'types'));
      writeFileSync(join(dist, 'custom-elements.json'), `${JSON.stringify(customElementsManifest(), null, 2)}\n`);
      writeOpenApiJson(join(dist, 'openapi.json'));
      writeWordingJson(join(dist, 'wording.json'));
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
