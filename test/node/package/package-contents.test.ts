/**
 * What `npm install ijazat-consent` gives a partner: every entry with its types, the CLI, the
 * single-file widget and custom-elements.json, and nothing else: no tests, no demo, no sources, no
 * source maps, no simulator state files (which hold signing keys).
 * Fast: `npm pack --dry-run --ignore-scripts` in a scratch copy with placeholder build outputs, so it
 * does not depend on a build having run; and once on the repository itself for what must never ship.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const scratch = mkdtempSync(join(tmpdir(), 'ijazat-pack-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

async function packedFiles(cwd: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd,
    maxBuffer: 16 * 1024 * 1024,
  });
  const [report] = JSON.parse(stdout.slice(stdout.indexOf('[')));
  return report.files.map((file: { path: string }) => file.path).sort();
}

/** Every file package.json promises to partners: export targets (types and code), bin, customElements. */
function promisedFiles(): string[] {
  const targets = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string') targets.add(value.replace(/^\.\//, ''));
    else if (value && typeof value === 'object') Object.values(value).forEach(add);
  };
  add(pkg.exports);
  add(pkg.bin);
  add(pkg.types);
  add(pkg.main);
  add(pkg.customElements);
  return [...targets].sort();
}

const FORBIDDEN = [
  /^test\//,
  /^demo\//,
  /^dist\/demo\//,
  /\.map$/,
  /(^|\/)\.sim-data\//,
  /\.test\.[cm]?[jt]s$/,
  /^src\/.*\.ts$/,
  /^simulator\/.*\.ts$/,
  /^node_modules\//,
  /^\.ci\//,
];

describe('the published package', () => {
  it('declares every entry of the issue, each with types', () => {
    assert.deepEqual(Object.keys(pkg.exports).sort(), [
      '.',
      './custom-elements.json',
      './ijazat-consent.min.js',
      './openapi.json',
      './package.json',
      './simulator',
      './simulator/node',
      './verify',
      './wording.json',
    ]);
    for (const entry of ['.', './verify', './simulator', './simulator/node']) {
      assert.match(pkg.exports[entry].types, /^\.\/dist\/types\/.+\.d\.ts$/, entry);
      assert.match(pkg.exports[entry].default, /^\.\/dist\/[\w-]+\.js$/, entry);
      assert.equal(Object.keys(pkg.exports[entry])[0], 'types', `${entry}: "types" must come first to be used`);
    }
    assert.equal(pkg.bin['ijazat-simulator'], './dist/cli.js');
    assert.equal(pkg.bin['ijazat-conformance'], './dist/conformance.js');
    assert.equal(pkg.customElements, 'dist/custom-elements.json');
    assert.ok(
      pkg.sideEffects.includes(pkg.exports['.'].default),
      'the entry that defines the tag is not tree-shaken away',
    );
    assert.ok(
      pkg.sideEffects.every((path: string) => !/verify|simulator/.test(path)),
      'verify and the simulator have no side effects',
    );
  });

  it('ships every promised file and none of the tests, demo, sources, maps or simulator state', async () => {
    const decoys = [
      'dist/demo/index.html',
      'dist/verify.js.map',
      'dist/chunks/simulator-abc.js.map',
      'dist/verify.test.js',
      'test/node/verify/verify-consent-token.test.ts',
      'demo/partner-server/server.mjs',
      'demo/index.html',
      'src/verify/index.ts',
      'simulator/domain/signing-keys.ts',
      '.sim-data/state.json',
      'dist/.sim-data/state.json',
    ];
    const shipped = ['dist/chunks/simulator-abc.js', 'dist/types/simulator/simulator.d.ts', 'README.md'];
    for (const path of [...promisedFiles(), ...decoys, ...shipped]) {
      mkdirSync(dirname(join(scratch, path)), { recursive: true });
      writeFileSync(join(scratch, path), path.endsWith('.json') ? '{}' : '//\n');
    }
    writeFileSync(join(scratch, 'package.json'), JSON.stringify(pkg));
    const files = await packedFiles(scratch);
    for (const path of [...promisedFiles(), ...shipped, 'package.json'])
      assert.ok(files.includes(path), `${path} is in the package`);
    for (const path of decoys) assert.ok(!files.includes(path), `${path} is not in the package`);
  });

  it('from this repository, as it stands, packs nothing that must never ship', async () => {
    const files = await packedFiles(root);
    const leaks = files.filter((path) => FORBIDDEN.some((pattern) => pattern.test(path)));
    assert.deepEqual(leaks, []);
    assert.ok(
      files.every((path) => path.startsWith('dist/') || ['package.json', 'README.md', 'LICENSE'].includes(path)),
      files.join(', '),
    );
  });
});
