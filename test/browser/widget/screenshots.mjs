/**
 * Looks at the widget: screenshots of its states in both locales (light and dark) with headless
 * Chromium, against the in-page simulator. Not part of `npm test`; run by hand:
 *   node test/browser/widget/screenshots.mjs [outDir]   (default /tmp/ijazat-widget-shots)
 */
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const out = process.argv[2] ?? '/tmp/ijazat-widget-shots';
mkdirSync(out, { recursive: true });

const bundle = await build({
  stdin: {
    contents: `import { startBrowserSimulator } from './simulator/index.ts'; import './src/index.ts'; window.startSim = startBrowserSimulator;`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  write: false,
  conditions: ['browser'],
  tsconfig: `${root}tsconfig.json`,
});
const worker = readFileSync(`${root}node_modules/msw/lib/mockServiceWorker.js`);
const page = `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:16px;font-family:system-ui}@media (prefers-color-scheme:dark){body{background:#000}}</style>
<script type="module" src="/app.js"></script></head><body><div id="host" style="width:420px"></div></body></html>`;
const server = createServer((req, res) => {
  if (req.url === '/app.js')
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle.outputFiles[0].contents);
  else if (req.url === '/mockServiceWorker.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(worker);
  else res.writeHead(200, { 'content-type': 'text/html' }).end(page);
}).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const NONCE = 'screenshot-nonce-0123456789abcdef';
const CNIC = { ayesha: '3520211111111', chand: '6110133333333' };

for (const scheme of ['light', 'dark']) {
  for (const locale of ['en', 'ur']) {
    const ctx = await browser.newContext({ colorScheme: scheme, viewport: { width: 480, height: 900 } });
    const p = await ctx.newPage();
    await p.goto(origin);
    await p.waitForFunction(() => window.startSim);
    await p.evaluate(async (db) => {
      await window.startSim({ dbName: db });
    }, `shots-${scheme}-${locale}`);
    const sim = (method, path, body) =>
      p.evaluate(
        async ([m, pa, b]) =>
          (
            await fetch('https://sandbox.ijazat.test' + pa, {
              method: m,
              headers: { 'content-type': 'application/json' },
              body: b && JSON.stringify(b),
            })
          ).json(),
        [method, path, body],
      );
    await sim('POST', '/__sim/reset');
    const mount = async (attrs = {}) => {
      await p.evaluate(
        ({ locale, NONCE, attrs }) => {
          const host = document.getElementById('host');
          host.replaceChildren();
          const el = document.createElement('ijazat-consent');
          for (const [k, v] of Object.entries({
            'partner-key': 'pk_test_sandbox_bank',
            purpose: 'account-opening',
            nonce: NONCE,
            locale,
            ...attrs,
          }))
            el.setAttribute(k, v);
          host.append(el);
        },
        { locale, NONCE, attrs },
      );
    };
    const state = (s) =>
      p.waitForFunction((s) => document.querySelector('ijazat-consent')?.state === s, s, { timeout: 8000 });
    const shot = async (name) => {
      await p.waitForTimeout(150);
      await p
        .locator('ijazat-consent')
        .screenshot({ path: `${out}/${scheme}-${locale}-${name}.png`, animations: 'disabled' });
    };
    const cnic = () => p.locator('ijazat-consent #cnic');
    const code = () => p.locator('ijazat-consent #code');
    const latest = async (simId) => {
      const { messages } = await sim('GET', `/__sim/sims/${simId}/messages`);
      return /#(\d{6})$/.exec(messages.at(-1).body)[1];
    };

    await sim('PUT', '/__sim/faults', { latencyMs: 60000, smsDelayMs: 0, failureRate: 0, dropRate: 0, failNext: 0 });
    await mount();
    await shot('loading');
    await sim('PUT', '/__sim/faults', { latencyMs: 0, smsDelayMs: 0, failureRate: 0, dropRate: 0, failNext: 0 });
    await mount();
    await state('cnic-entry');
    await shot('cnic-entry');
    await cnic().pressSequentially('35202111111');
    await cnic().press('Enter');
    await shot('cnic-error');
    await cnic().fill('');
    await cnic().pressSequentially(CNIC.chand);
    await cnic().press('Enter');
    await p.waitForTimeout(400);
    await shot('no-mobile');
    await cnic().fill('');
    await cnic().pressSequentially(CNIC.ayesha);
    await cnic().press('Enter');
    await state('code-entry');
    await shot('code-entry');
    const right = await latest('sim_ayesha');
    await code().pressSequentially(right === '000000' ? '111111' : '000000');
    await code().press('Enter');
    await p.waitForTimeout(400);
    await shot('wrong-code');
    await code().fill(right);
    await code().press('Enter');
    await state('granted');
    await shot('granted');
    await mount();
    await state('cnic-entry');
    await cnic().pressSequentially(CNIC.ayesha);
    await cnic().press('Enter');
    await state('code-entry');
    await sim('POST', '/__sim/clock', { advanceSeconds: 660 });
    await code().pressSequentially(await latest('sim_ayesha'));
    await code().press('Enter');
    await state('expired');
    await shot('expired');
    await mount({ nonce: 'bad' });
    await state('misconfigured');
    await shot('misconfigured');
    await ctx.close();
  }
}
await browser.close();
server.close();
console.log(`screenshots in ${out}`);
