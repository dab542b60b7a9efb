#!/usr/bin/env node
/**
 * `npm run screenshots`: walks the demo in Chromium (playwright-core, the system's browser) and saves
 * small PNGs of its pages to docs/screenshots/, at phone and desktop widths, in English and Urdu, for
 * the README. Uses the same scripted visitor as the demo walk test.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const out = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
mkdirSync(out, { recursive: true });
const { startDemoServer, launchChromium, newVisitor, openPage, givePartnerConsent } = await tsImport(
  './walk/visitor.ts',
  import.meta.url,
);

/** States of the citizen's path shown at 320 px in docs/screenshots (gallery ids). */
const PHONE_STATES = [
  'cnic-entry',
  'code-entry',
  'help-path',
  'error-wrong-code',
  'last-attempt',
  'resend-sent',
  'resend-limit',
  'expired',
  'locked',
  'error-cnic-backoff',
  'error-rate-limited',
];

const { server, url } = await startDemoServer();
const browser = await launchChromium();
const saved = [];

async function shot(page, name, options = {}) {
  const path = `${out}${name}.png`;
  await page.screenshot({ path, ...options });
  saved.push(`docs/screenshots/${name}.png`);
}

try {
  // Partner page, desktop, English: the code has arrived on the phone.
  {
    const { page, context } = await newVisitor(browser, 'desktop');
    await openPage(page, url);
    await page.selectOption('#phone-citizen', 'cit_ayesha');
    const cnic = page.locator('#consent input').first();
    await cnic.waitFor({ state: 'visible' });
    await cnic.pressSequentially('35202-1111111-1');
    await cnic.press('Enter');
    await page.locator('.phone__messages li[data-code]').first().waitFor();
    await page.locator('#consent input[autocomplete="one-time-code"]').waitFor();
    await page.evaluate(() => document.querySelector('#consent')?.scrollIntoView({ block: 'center' }));
    await shot(page, 'partner-desktop-en');

    // Then the code is entered and the form submitted: what the bank's backend receives and checks.
    const code = await page.locator('.phone__messages li[data-code]').first().getAttribute('data-code');
    const codeInput = page.locator('#consent input[autocomplete="one-time-code"]');
    await codeInput.pressSequentially(code);
    await codeInput.press('Enter');
    await page.waitForFunction(() => new FormData(document.querySelector('#account-form')).get('ijazat_token'));
    await page.getByRole('button', { name: 'Open account' }).click();
    await page.getByTestId('verdict').waitFor();
    await page.evaluate(() => document.querySelector('.partner-layout__backend')?.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(300);
    await shot(page, 'partner-verified-desktop-en');

    // Citizen page in the same browser (same sandbox): the consent, revoked, and the chain after an insider edit.
    await openPage(page, `${url}citizen.html`);
    await page.locator('li.consent[data-status="active"]').first().waitFor();
    await page
      .getByRole('button', { name: /Revoke consent for/ })
      .first()
      .click();
    await page.locator('dialog#revoke-dialog').waitFor({ state: 'visible' });
    await shot(page, 'citizen-revoke-dialog-desktop-en');
    await page.locator('dialog#revoke-dialog').getByRole('button', { name: 'Revoke consent' }).click();
    await page.locator('li.consent[data-status="revoked"]').first().waitFor();
    await page.getByRole('button', { name: 'Simulate an insider edit' }).click();
    await page.locator('[data-testid="chain"][data-ok="false"]').waitFor();
    await shot(page, 'citizen-desktop-en');
    await context.close();
  }

  // Partner and citizen pages on a phone, in Urdu.
  {
    const { page, context } = await newVisitor(browser, 'phone');
    await openPage(page, `${url}?lang=ur`);
    await page.locator('#consent input').first().waitFor({ state: 'visible' });
    await page.evaluate(() => {
      document.querySelector('#bank-form-title')?.scrollIntoView({ block: 'start' });
    });
    await shot(page, 'partner-phone-ur');
    await givePartnerConsent(page);
    await page.evaluate(() => document.querySelector('#phone-aside')?.scrollIntoView({ block: 'center' }));
    await page.waitForTimeout(300);
    await shot(page, 'phone-sms-phone-ur');
    await openPage(page, `${url}citizen.html?lang=ur`);
    await page.locator('li.consent').first().waitFor();
    await shot(page, 'citizen-phone-ur');
    await context.close();
  }

  // Someone guessing with Bilal's CNIC, in Urdu on a phone: the request locks and his phone says so.
  {
    const { page, context } = await newVisitor(browser, 'phone');
    await openPage(page, `${url}?lang=ur`);
    await page.selectOption('#phone-citizen', 'cit_bilal');
    await page.locator('.phone__messages[data-citizen="cit_bilal"]').waitFor();
    const cnic = page.locator('#consent input').first();
    await cnic.waitFor({ state: 'visible' });
    await cnic.click();
    await cnic.pressSequentially('42101-2222222-2');
    await cnic.press('Enter');
    const code = await page.locator('.phone__messages li[data-code]').first().getAttribute('data-code');
    const codeInput = page.locator('#consent input[autocomplete="one-time-code"]');
    await page.evaluate(() => {
      window.wrongCodes = 0;
      document.querySelector('ijazat-consent').addEventListener('ijazat-error', () => (window.wrongCodes += 1));
    });
    for (let i = 1; i <= 5; i++) {
      await codeInput.fill(code === '000000' ? '111111' : '000000');
      await codeInput.press('Enter');
      await page.waitForFunction((n) => window.wrongCodes >= n, i);
    }
    await page.waitForFunction(() => document.querySelector('ijazat-consent')?.state === 'locked');
    await page.locator('.phone__messages li').nth(1).waitFor();
    await page.evaluate(() => document.querySelector('#phone-aside')?.scrollIntoView({ block: 'center' }));
    await page.waitForTimeout(300);
    await shot(page, 'phone-lock-alert-phone-ur');
    await context.close();
  }

  // The gallery, desktop: every state driven through the simulator.
  {
    const { page, context } = await newVisitor(browser, 'desktop');
    await openPage(page, `${url}gallery.html`);
    await page.locator('[data-testid="gallery-progress"][data-done="true"]').waitFor({ timeout: 120_000 });
    await page.evaluate(() => window.scrollTo({ top: 0 }));
    await page.waitForTimeout(150);
    await shot(page, 'gallery-desktop-en');
    for (const state of ['help-path', 'locked']) {
      await page.evaluate((id) => document.getElementById(`state-${id}`)?.scrollIntoView({ block: 'start' }), state);
      await page.waitForTimeout(150);
      await shot(page, `gallery-${state}-desktop`);
    }
    await context.close();
  }
  // The citizen's path at 320 px, each state in English and Urdu, light and dark (one image per state).
  {
    const { page, context } = await newVisitor(browser, 'phone');
    await openPage(page, `${url}gallery.html`);
    await page.locator('[data-testid="gallery-progress"][data-done="true"]').waitFor({ timeout: 180_000 });
    // Cells whose widget is 320 px wide: the frame adds its padding and border.
    await page.addStyleTag({ content: '.gallery-row { --cell-width: calc(320px + 1.5rem + 2px) }' });
    for (const state of PHONE_STATES) {
      const row = page.locator(`#state-${state} .gallery-row`);
      await row.scrollIntoViewIfNeeded();
      await page.waitForTimeout(150);
      await shot(row, `gallery-${state}-320`);
    }
    await context.close();
  }
  {
    const { page, context } = await newVisitor(browser, 'phone', 'dark');
    await openPage(page, `${url}gallery.html?lang=ur`);
    await page.locator('[data-testid="gallery-progress"][data-done="true"]').waitFor({ timeout: 120_000 });
    // The Urdu, dark cell of the code step, on a phone in dark mode.
    await page.evaluate(() =>
      document.querySelector('[data-state="code-entry"][data-variant="ur-dark"]')?.scrollIntoView({ block: 'start' }),
    );
    await page.waitForTimeout(150);
    await shot(page, 'gallery-phone-ur-dark');
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`Saved ${saved.length} screenshots:\n${saved.map((path) => `  ${path}`).join('\n')}`);
