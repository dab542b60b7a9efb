/**
 * The conformance kit as CI runs it: the `ijazat-simulator` CLI on a free port, the kit's CLI against
 * it, every check passing and the JUnit file well-formed (parsed by Chromium's XML parser). Then the
 * same service behind a proxy: without its sandbox controls (checks that need them are skipped, each
 * with its reason), and with one answer changed (the kit fails, and names the check and the answer).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'ijazat-conformance-'));
// The simulator answers through the contract check too (every answer against openapi.json).
const CHECKED = ['--import', 'tsx', '--import', './test/node/contract/support/install-answer-check.ts'];

const simulators: ChildProcess[] = [];
/** The simulator the kit runs against with its sandbox controls (the kit moves its clock). */
let simulatorUrl: string;
/** Another, behind the proxies: its clock is the real one, as a real service's is. */
let proxiedUrl: string;
let browser: Browser;

function startCliSimulator(): Promise<string> {
  const simulator = spawn(process.execPath, [...CHECKED, 'simulator/cli.ts', '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  simulators.push(simulator);
  return new Promise((resolve, reject) => {
    let output = '';
    simulator.stdout.on('data', (chunk) => {
      output += chunk;
      const url = /^listening on (\S+)/m.exec(output)?.[1];
      if (url) resolve(url);
    });
    simulator.on('exit', (code) => reject(new Error(`ijazat-simulator exited (${code}) before listening`)));
  });
}

interface KitRun {
  code: number | null;
  stdout: string;
  junit: string;
}

function runKit(args: string[], junitName: string): Promise<KitRun> {
  const junit = join(scratch, junitName);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/conformance/cli.ts', ...args, '--junit', junit], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, junit: readFileSync(junit, 'utf8') })),
  );
}

interface ParsedJunit {
  wellFormed: boolean;
  totals: Record<'tests' | 'failures' | 'skipped', number>;
  cases: { name: string; failure: string | null; skipped: string | null }[];
}

/** The JUnit file through a real XML parser (Chromium's DOMParser): well-formed, and what it says. */
async function parseJunit(xml: string): Promise<ParsedJunit> {
  const page = await browser.newPage();
  try {
    return await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      const root = doc.documentElement;
      // No named helpers in here: tsx's keepNames would wrap them in a __name the page does not have.
      return {
        wellFormed: doc.getElementsByTagName('parsererror').length === 0 && root.nodeName === 'testsuites',
        totals: {
          tests: Number(root.getAttribute('tests')),
          failures: Number(root.getAttribute('failures')),
          skipped: Number(root.getAttribute('skipped')),
        },
        cases: [...doc.getElementsByTagName('testcase')].map((testcase) => ({
          name: testcase.getAttribute('name') ?? '',
          failure: testcase.getElementsByTagName('failure')[0]?.getAttribute('message') ?? null,
          skipped: testcase.getElementsByTagName('skipped')[0]?.getAttribute('message') ?? null,
        })),
      };
    }, xml);
  } finally {
    await page.close();
  }
}

/**
 * The simulator behind a proxy that hides its sandbox controls (/__sim answers 404 not_found, as a
 * real service would) and, when asked, changes one answer: invalid_cnic's 400 becomes a 422.
 */
function startProxy(target: string, options: { breakInvalidCnic: boolean }): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => void forward(req, res));
  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.url?.startsWith('/__sim')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'not_found', message: 'There is no such endpoint.' } }));
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)),
    ) as Record<string, string>;
    const upstream = await fetch(new URL(req.url!, target), {
      method: req.method!,
      headers,
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
    });
    const text = await upstream.text();
    let status = upstream.status;
    if (options.breakInvalidCnic && text.includes('"invalid_cnic"')) status = 422;
    const answerHeaders: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      if (!['content-length', 'connection', 'keep-alive', 'transfer-encoding'].includes(name))
        answerHeaders[name] = value;
    });
    res.writeHead(status, answerHeaders);
    res.end(text);
  }
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }),
    ),
  );
}

const lines = (stdout: string, mark: 'ok' | 'FAIL' | 'skip') =>
  stdout.split('\n').filter((line) => line.startsWith(`${mark.padEnd(4)}  `));

before(async () => {
  [simulatorUrl, proxiedUrl] = await Promise.all([startCliSimulator(), startCliSimulator()]);
  browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
});
after(async () => {
  await browser?.close();
  for (const simulator of simulators) simulator.kill('SIGTERM');
  rmSync(scratch, { recursive: true, force: true });
});

describe('ijazat-conformance', { timeout: 120_000 }, () => {
  it('passes every check against the CLI simulator and writes well-formed JUnit XML', async () => {
    const run = await runKit(['--base-url', simulatorUrl], 'simulator.xml');
    assert.deepEqual(lines(run.stdout, 'FAIL'), [], run.stdout);
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, / passed, 0 failed, 0 skipped \(\d+ checks\)/);
    const junit = await parseJunit(run.junit);
    assert.ok(junit.wellFormed, 'the JUnit file is well-formed XML with <testsuites> at its root');
    assert.equal(junit.cases.length, lines(run.stdout, 'ok').length);
    assert.deepEqual(junit.totals, { tests: junit.cases.length, failures: 0, skipped: 0 });
    assert.ok(junit.cases.length >= 20, `${junit.cases.length} checks`);
  });

  it('against a service without sandbox controls, skips what needs them and says why', async () => {
    const proxy = await startProxy(proxiedUrl, { breakInvalidCnic: false });
    try {
      const run = await runKit(
        [
          '--base-url',
          proxy.url,
          '--partner-key',
          'pk_test_sandbox_bank',
          '--secret-key',
          'sk_test_sandbox_bank',
          '--cnic',
          '3520211111111',
        ],
        'no-sandbox.xml',
      );
      assert.deepEqual(lines(run.stdout, 'FAIL'), [], run.stdout);
      assert.equal(run.code, 0, run.stdout);
      assert.match(run.stdout, /sandbox controls not found/);
      const junit = await parseJunit(run.junit);
      assert.ok(junit.wellFormed);
      const skipped = junit.cases.filter((testcase) => testcase.skipped !== null);
      assert.ok(skipped.length > 0 && skipped.length < junit.cases.length, `${skipped.length} skipped`);
      for (const testcase of skipped)
        assert.match(testcase.skipped!, /needs sandbox controls \(\/__sim/, testcase.name);
      assert.equal(junit.totals.skipped, skipped.length);
      assert.ok(junit.cases.some((testcase) => /the token/.test(testcase.name) && testcase.skipped));
      assert.ok(junit.cases.some((testcase) => /invalid_cnic/.test(testcase.name) && !testcase.skipped));
    } finally {
      proxy.server.close();
    }
  });

  it('fails against an implementation that answers a code with the wrong status, and names both', async () => {
    const proxy = await startProxy(proxiedUrl, { breakInvalidCnic: true });
    try {
      const run = await runKit(
        // Another seeded citizen than the run above: each CNIC has its own cap of SMS per hour.
        ['--base-url', proxy.url, '--partner-key', 'pk_test_sandbox_bank', '--cnic', '4210122222222'],
        'broken.xml',
      );
      assert.equal(run.code, 1);
      const failed = lines(run.stdout, 'FAIL');
      assert.equal(failed.length, 1, run.stdout);
      assert.match(failed[0]!, /invalid_cnic/);
      assert.match(run.stdout, /expected 400 invalid_cnic, got 422 invalid_cnic/);
      assert.doesNotMatch(run.stdout, /4210122222222/, 'the report never prints the CNIC');
      const junit = await parseJunit(run.junit);
      assert.ok(junit.wellFormed);
      assert.equal(junit.totals.failures, 1);
      assert.match(junit.cases.find((testcase) => testcase.failure)!.failure!, /got 422 invalid_cnic/);
    } finally {
      proxy.server.close();
    }
  });
});
