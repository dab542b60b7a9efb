/**
 * `npm test`: the type-check, lint and format checks, the Node tests, the browser tests in real Chromium,
 * and the widget's bundle-size budget, in that order. Prints one closing line: "tests: N passed, N failed".
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './find-chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);

function filesUnder(dir, suffix) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path, suffix));
    else if (name.endsWith(suffix)) out.push(path);
  }
  return out.sort();
}

/** Runs a command, streaming its output, and resolves with its exit code and output. */
function run(label, command, args, env = {}) {
  console.log(`\n== ${label} ==`);
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const tee = (stream) => (chunk) => {
      output += chunk;
      stream.write(chunk);
    };
    child.stdout.on('data', tee(process.stdout));
    child.stderr.on('data', tee(process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

// `npm test` runs every step; `--types`, `--lint`, `--node`, `--browser` or `--size` pick some of them.
const picked = new Set(process.argv.slice(2).map((arg) => arg.replace(/^--/, '')));
const wants = (step) => picked.size === 0 || picked.has(step);

// eslint-disable-next-line no-control-regex -- ESC starts the colour codes this strips
const strip = (text) => text.replace(/\u001b\[[0-9;]*m/g, '');
let passed = 0;
let failed = 0;
const failures = [];

if (wants('types')) {
  const typecheck = await run('type-check', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  if (typecheck.code !== 0) failures.push('type-check');
}

// Each check counts as one test, like the size budget: typescript-eslint with type information, the
// widget's templates against its types (lit-analyzer), and Prettier's formatting.
if (wants('lint')) {
  for (const [label, script] of [
    ['Lint (typescript-eslint)', 'lint:code'],
    ['Lint: widget templates (lit-analyzer)', 'lint:templates'],
    ['Format (Prettier)', 'format:check'],
  ]) {
    const check = await run(label, 'npm', ['run', '--silent', script]);
    if (check.code === 0) passed += 1;
    else {
      failed += 1;
      failures.push(label);
    }
  }
}

// The Node tests drive Chromium too (the demo walk, framework examples): find or install it first.
if (wants('node') || wants('browser')) ensureChromium();

// Node tests: the suites under test/node, and the unit tests that sit beside their modules in src/.
const nodeFiles = [...filesUnder(join(root, 'test', 'node'), '.test.ts'), ...filesUnder(join(root, 'src'), '.test.ts')];
if (wants('node') && nodeFiles.length) {
  const node = await run('Node tests', process.execPath, [
    '--import',
    'tsx',
    // Every answer a simulator in a test process gives is checked against openapi.json (test/node/contract/).
    '--import',
    './test/node/contract/support/install-answer-check.ts',
    '--test',
    '--test-concurrency=2',
    ...nodeFiles,
  ]);
  const out = strip(node.output);
  passed += Number(out.match(/^# pass (\d+)/m)?.[1] ?? 0);
  failed += Number(out.match(/^# fail (\d+)/m)?.[1] ?? 0);
  if (node.code !== 0) failures.push('Node tests');
}

if (wants('browser')) {
  const browser = await run('Browser tests (Chromium)', bin('wtr'), ['--config', 'test/web-test-runner.config.mjs']);
  const all = [...strip(browser.output).matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
  if (all) {
    passed += Number(all[1]);
    failed += Number(all[2]);
  }
  if (browser.code !== 0) failures.push('browser tests');
  // A simulator answer that differed from openapi.json (printed by the runner's contract check).
  else if (/^contract drift: /m.test(strip(browser.output))) failures.push('browser tests (contract drift)');
}

if (wants('size')) {
  const size = await run('Widget bundle-size budget', process.execPath, [
    '--import',
    'tsx',
    'test/size/bundle-size.ts',
  ]);
  if (size.code === 0) passed += 1;
  else {
    failed += 1;
    failures.push('bundle size');
  }
}

console.log(`\n${failures.length ? `failed: ${failures.join(', ')}` : 'all steps passed'}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failures.length ? 1 : 0);
