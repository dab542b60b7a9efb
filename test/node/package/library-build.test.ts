/**
 * The library build a partner installs: the package entry really defines the tag (a `sideEffects`
 * list that forgets the defining file lets bundlers drop `customElements.define`), the widget entry
 * carries no server-side dependency, and the single-file build needs nothing else to load.
 * Builds into a scratch folder, never into the repository's dist/.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';
import { customElementsManifest } from '../../../vite.config.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = mkdtempSync(join(tmpdir(), 'ijazat-lib-'));
after(() => rmSync(out, { recursive: true, force: true }));

const read = (path: string) => readFileSync(join(out, path), 'utf8');
/** The modules a built file imports (static `import … from "x"` and `export … from "x"`). */
const importsOf = (code: string) =>
  [...code.matchAll(/^(?:import|export)\b[^;]*?from\s*"([^"]+)"/gm)].map((match) => match[1]!);

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

before(async () => {
  await vite({ configFile: join(root, 'vite.config.ts'), mode: 'lib', logLevel: 'silent', build: { outDir: out } });
});

describe('the library build', () => {
  it('writes every entry package.json exports', () => {
    for (const entry of ['.', './verify', './simulator', './simulator/node']) {
      const file = pkg.exports[entry].default.replace('./dist/', '');
      assert.ok(read(file).length > 0, `${entry} → ${file}`);
    }
  });

  it('defines <ijazat-consent> when the package entry is imported (not tree-shaken away)', () => {
    const files = [
      read('index.js'),
      ...importsOf(read('index.js'))
        .filter((p) => p.startsWith('./'))
        .map((p) => read(p)),
    ];
    assert.ok(files.some((code) => /customElements\.define\(\s*["'`]ijazat-consent["'`]/.test(code)));
  });

  it('names in sideEffects every source file that defines the tag or imports for side effects', () => {
    const definers = walk(join(root, 'src'))
      .filter((path) => path.endsWith('.ts') && /customElements\.define\(/.test(readFileSync(path, 'utf8')))
      .map((path) => `./${relative(root, path)}`);
    assert.ok(definers.length > 0);
    for (const path of definers) assert.ok(pkg.sideEffects.includes(path), `${path} is in sideEffects`);
  });

  it('keeps the widget entry free of zod, jose, msw and idb (they are for servers and the simulator)', () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      for (const dep of importsOf(read(file))) {
        if (dep.startsWith('./')) visit(join(file, '..', dep).replace(/^\.\//, ''));
        else seen.add(dep);
      }
    };
    visit('index.js');
    assert.deepEqual(
      [...seen].filter((dep) => !/^lit(\/|$)|^@lit\//.test(dep)),
      [],
    );
  });

  it('bundles the single-file widget with no imports left (Lit included) and no node: built-ins', async () => {
    const result = await esbuild({
      entryPoints: [join(root, 'src/index.ts')],
      bundle: true,
      minify: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      tsconfig: join(root, 'tsconfig.json'),
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    assert.doesNotMatch(code, /\bimport\s*[^(]*?from\s*["']/);
    assert.match(code, /customElements\.define\(\s*["'`]ijazat-consent["'`]/);
  });

  it('documents the element in custom-elements.json: attributes, events, parts, CSS properties', () => {
    const manifest = customElementsManifest();
    const element = manifest.modules
      .flatMap((module) => module.declarations ?? [])
      .find((declaration) => declaration.tagName === 'ijazat-consent');
    assert.ok(element, 'the tag is in the manifest');
    const { attributes: declared = [], events = [], cssParts = [], cssProperties = [] } = element;
    const attributes = declared.map((attribute) => attribute.name);
    for (const name of ['partner-key', 'purpose', 'nonce', 'api-base', 'locale', 'name', 'required', 'disabled'])
      assert.ok(attributes.includes(name), name);
    assert.deepEqual(events.map((event) => event.name).sort(), [
      'ijazat-cancel',
      'ijazat-error',
      'ijazat-granted',
      'ijazat-passcode-sent',
      'ijazat-state',
    ]);
    assert.ok(cssParts.length > 0 && cssProperties.length > 0);
    assert.ok(cssProperties.every((property) => property.name.startsWith('--ijazat-')));
  });
});
