/**
 * The framework examples (demo/examples/{html,react,vue}/) compile with esbuild as a partner's build
 * would, and the React 19 example runs in real Chromium against the HTTP simulator: the tag upgrades
 * and its events reach the React handlers. (React ships CommonJS only, which the browser test
 * runner's dev server cannot load unbundled, so this one is bundled and driven with playwright here;
 * the HTML and Vue examples also run in test/browser/frameworks/.)
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startSimulatorServer, type SimulatorServer } from '../../../simulator/node.js';
import { newNonce } from '../verify/support/token-issuer.js';

const fromRoot = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

/** How a partner's bundler sees the package: 'ijazat-consent' is the element entry. */
const partnerBuild: BuildOptions = {
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  jsx: 'automatic',
  alias: { 'ijazat-consent': fromRoot('src/index.ts') },
  define: { 'process.env.NODE_ENV': '"development"' },
  tsconfig: fromRoot('tsconfig.json'),
  logLevel: 'silent',
};

async function compile(entry: string): Promise<string> {
  const result = await build({ ...partnerBuild, entryPoints: [fromRoot(entry)] });
  return result.outputFiles![0]!.text;
}

describe('the framework examples compile', () => {
  for (const entry of [
    'demo/examples/html/consent-form.js',
    'demo/examples/react/main.jsx',
    'demo/examples/vue/main.ts',
  ]) {
    it(entry, async () => {
      const code = await compile(entry);
      assert.ok(code.length > 0);
      if (!entry.includes('html'))
        assert.match(code, /customElements\.define\(\s*["'`]ijazat-consent["'`]/, 'the app defines the tag');
    });
  }
});

describe('the React 19 example in Chromium', { timeout: 60_000 }, () => {
  let sim: SimulatorServer;
  let pageServer: Server;
  let pageUrl: string;
  let browser: Browser;

  before(async () => {
    sim = await startSimulatorServer({ port: 0 });
    const app = await compile('demo/examples/react/main.jsx');
    const html = (await import('node:fs')).readFileSync(fromRoot('demo/examples/react/index.html'), 'utf8');
    pageServer = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/app.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(app);
      if (url.pathname === '/') {
        const page = html
          .replaceAll('{{ session.nonce }}', url.searchParams.get('nonce') ?? '')
          .replace('https://sandbox.ijazat.test', sim.url);
        return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
    pageUrl = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}/`;
    browser = await chromium.launch({
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu'],
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => pageServer?.close(resolve));
    await sim?.close();
  });

  async function open(nonce: string): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${pageUrl}?nonce=${encodeURIComponent(nonce)}`);
    return page;
  }

  const consentState = (page: Page) => page.getByTestId('consent-state');

  it('upgrades the tag and ijazat-state reaches the React handler', async () => {
    const page = await open(newNonce());
    try {
      await consentState(page).filter({ hasText: 'cnic-entry' }).waitFor();
      assert.equal(
        await page.evaluate(
          () => document.querySelector('ijazat-consent') instanceof customElements.get('ijazat-consent')!,
        ),
        true,
      );
      assert.equal(await page.locator('ijazat-consent').getAttribute('partner-key'), 'pk_test_sandbox_bank');
      assert.equal(await page.getByRole('button', { name: 'Open account' }).isDisabled(), true);
    } finally {
      await page.close();
    }
  });

  it('a citizen consents: ijazat-granted enables submit and the form carries the token', async () => {
    const page = await open(newNonce());
    try {
      await consentState(page).filter({ hasText: 'cnic-entry' }).waitFor();
      await page.locator('ijazat-consent input').fill('35202-1111111-1');
      await page.locator('ijazat-consent input').press('Enter');
      await consentState(page).filter({ hasText: 'code-entry' }).waitFor();
      const { messages } = await (await fetch(`${sim.url}/__sim/sims/sim_ayesha/messages`)).json();
      const code = /#(\d{6})$/.exec(messages.at(-1).body)![1]!;
      await page.locator('ijazat-consent input').fill(code);
      await page.locator('ijazat-consent input').press('Enter');
      await consentState(page).filter({ hasText: 'granted' }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Open account' }).isEnabled(), true);
      const token = await page.evaluate(() => new FormData(document.querySelector('form')!).get('ijazat_token'));
      assert.match(token as string, /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    } finally {
      await page.close();
    }
  });

  it('ijazat-error reaches the React handler (a page rendered without a nonce)', async () => {
    const page = await open('');
    try {
      await page.getByTestId('consent-error').waitFor();
      assert.equal(await page.getByTestId('consent-error').textContent(), 'missing_attribute');
    } finally {
      await page.close();
    }
  });
});
