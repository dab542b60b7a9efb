/**
 * Zero to a verified token, in real Chromium: the example partner page (with its CSP header, which
 * blanks the tag's nonce attribute: the widget must read the nonce from the element's slot), the widget
 * loaded from the partner's own static route, a citizen consenting with the code from the simulated
 * phone, the form posted as plain HTML, and the backend's verified page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { startSimulatorServer, type SimulatorServer } from '../../../simulator/node.js';
import { startPartnerServer, type PartnerServer } from '../../../demo/partner-server/server.js';

let sim: SimulatorServer;
let partner: PartnerServer;
let browser: Browser;

before(async () => {
  sim = await startSimulatorServer({ port: 0 });
  partner = await startPartnerServer({ serviceUrl: sim.url, port: 0 });
  browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
});
after(async () => {
  await browser?.close();
  await partner?.close();
  await sim?.close();
});

describe('the example partner page in Chromium', { timeout: 60_000 }, () => {
  it('a citizen consents and the backend shows the verified consent', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    try {
      await page.goto(`${partner.url}/`);
      await page.getByLabel('Your CNIC', { exact: true }).fill('35202-1111111-1');
      const widgetInput = page.locator('ijazat-consent input');
      await widgetInput.fill('35202-1111111-1');
      await widgetInput.press('Enter');
      await page.waitForFunction(
        () => (document.querySelector('ijazat-consent') as unknown as { state: string }).state === 'code-entry',
      );
      const { messages } = await (await fetch(`${sim.url}/__sim/sims/sim_ayesha/messages`)).json();
      const code = /#(\d{6})$/.exec(messages.at(-1).body)![1]!;
      await page.locator('ijazat-consent input').fill(code);
      await page.locator('ijazat-consent input').press('Enter');
      await page.waitForFunction(
        () => (document.querySelector('ijazat-consent') as unknown as { state: string }).state === 'granted',
      );
      await Promise.all([
        page.waitForURL(`${partner.url}/accounts`),
        page.getByRole('button', { name: 'Open account' }).click(),
      ]);
      assert.equal(await page.locator('h1').textContent(), 'Consent verified');
      assert.equal(await page.locator('[data-item=cnic_status]').textContent(), 'active');
      assert.deepEqual(problems, [], 'no script errors and no CSP violations');
    } finally {
      await page.close();
    }
  });
});
