/**
 * The demo, walked as a visitor would in real Chromium: the partner flow with the code read from the
 * phone, the backend checks passing (and single use failing on a replay), revoking that consent on the
 * citizen page, the audit chain catching an insider edit, and the gallery with every widget state
 * reached through the simulator. axe runs on each page. Vite's dev server runs in this process.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { GALLERY_STATE_IDS } from '../../../demo/src/gallery-state-ids.js';
import {
  axe,
  describeViolations,
  givePartnerConsent,
  launchChromium,
  newVisitor,
  openPage,
  startDemoServer,
} from '../../../demo/walk/visitor.js';

let server: ViteDevServer;
let url: string;
let browser: Browser;

before(async () => {
  ({ server, url } = await startDemoServer());
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function assertAccessible(page: Parameters<typeof axe>[0], where: string): Promise<void> {
  const violations = await axe(page);
  assert.equal(violations.length, 0, `axe found problems on ${where}:\n${describeViolations(violations)}`);
}

describe('demo walk', { timeout: 150_000 }, () => {
  test('a partner flow: the code from the phone, the checks pass, the consent is revoked on the citizen page', async () => {
    const { page, problems, context } = await newVisitor(browser, 'desktop');
    try {
      await openPage(page, url);
      await page.locator('.phone__messages').waitFor();
      await assertAccessible(page, 'the partner page');

      const code = await givePartnerConsent(page);
      assert.match(code, /^\d{6}$/, 'the phone shows a 6-digit code');
      // The page heard the tag's events, as a partner's script would.
      const events = await page.locator('#events .event-name').allInnerTexts();
      assert.ok(
        events.includes('ijazat-passcode-sent') && events.includes('ijazat-granted'),
        `events seen: ${events.join(', ')}`,
      );

      await page.getByRole('button', { name: 'Open account' }).click();
      const verdict = page.getByTestId('verdict');
      await verdict.waitFor();
      assert.match(await verdict.innerText(), /Token verified/);
      const results = await page
        .locator('[data-testid="checks"] li')
        .evaluateAll((items) =>
          items.map((item) => [item.getAttribute('data-check'), item.getAttribute('data-result')]),
        );
      assert.deepEqual(
        results,
        ['signature', 'issuer', 'audience', 'expiry', 'nonce', 'purpose', 'single'].map((id) => [id, 'pass']),
      );
      const fields = await page.getByTestId('form-fields').innerText();
      assert.match(fields, /ijazat_token/, 'the plain form posted the token as a field');
      assert.match(fields, /account_type/);

      // The same token a second time: the backend's single-use check refuses it.
      await page.getByTestId('replay').click();
      await page.locator('[data-check="single"][data-result="fail"]').waitFor();
      assert.match(await verdict.innerText(), /token_replayed/);
      await assertAccessible(page, 'the partner page after verification');

      await openPage(page, `${url}citizen.html`);
      const consent = page.locator('li.consent[data-status="active"]').first();
      await consent.waitFor({ timeout: 15_000 });
      assert.match(await consent.innerText(), /Sandbox Bank/);
      await assertAccessible(page, 'the citizen page');
      // The bank's webhook endpoint (played in the page) is down while the citizen revokes.
      await page.getByRole('button', { name: "Take the bank's endpoint down" }).click();
      await consent.getByRole('button', { name: /Revoke consent for Sandbox Bank/ }).click();
      const dialog = page.locator('dialog#revoke-dialog');
      await dialog.waitFor({ state: 'visible' });
      assert.equal(await dialog.evaluate((element) => (element as HTMLDialogElement).open), true);
      await dialog.getByRole('button', { name: 'Revoke consent' }).click();
      const revoked = page.locator('li.consent[data-status="revoked"]').first();
      await revoked.waitFor({ timeout: 10_000 });
      assert.equal(await revoked.getByTestId('consent-status').innerText(), 'Revoked');
      assert.equal(await page.locator('li.consent[data-status="active"]').count(), 0);

      // The service tried to tell Sandbox Bank's backend and failed; it retries after its back-off.
      const revokedDelivery = page.locator('[data-testid="deliveries"] tr[data-type="consent.revoked"]');
      await revokedDelivery.filter({ hasText: 'http_503' }).waitFor({ timeout: 10_000 });
      assert.equal(await revokedDelivery.getAttribute('data-state'), 'pending');
      assert.equal(await page.locator('[data-testid="bank-heard"] li[data-type="consent.revoked"]').count(), 0);
      // Back up, and a minute later (the sandbox clock) the retry delivers: the bank verified and acted on it.
      await page.getByRole('button', { name: "Bring the bank's endpoint back up" }).click();
      await page.locator('details.sandbox-panel summary').click();
      await page.getByRole('button', { name: '+1 min' }).click();
      const heard = page.locator('[data-testid="bank-heard"] li[data-type="consent.revoked"]');
      await heard.waitFor({ timeout: 15_000 });
      assert.equal(await heard.count(), 1, 'acted on once');
      await page
        .locator('[data-testid="deliveries"] tr[data-type="consent.revoked"][data-state="delivered"]')
        .waitFor({ timeout: 10_000 });
      assert.equal(
        await page.locator('[data-testid="bank-heard"] li[data-type="consent.granted"]').count(),
        1,
        'the grant on the partner page was heard too',
      );

      // The audit chain holds, then an insider edits an entry and the chain check catches it.
      assert.equal(await page.getByTestId('chain').getAttribute('data-ok'), 'true');
      // The service's signed checkpoint is shown, and counts the rows of the log.
      const signedCount = Number(await page.getByTestId('checkpoint').getAttribute('data-count'));
      assert.ok(signedCount > 0);
      assert.match(
        await page.getByTestId('checkpoint').innerText(),
        new RegExp(`Signed checkpoint: ${signedCount} entries`),
      );
      await page.getByRole('button', { name: 'Simulate an insider edit' }).click();
      await page.locator('[data-testid="chain"][data-ok="false"]').waitFor();
      assert.match(await page.getByTestId('chain').innerText(), /Chain broken at entry \d+/);
      await assertAccessible(page, 'the citizen page after tampering');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('the gallery shows every widget state, each reached through the simulator', async () => {
    const { page, problems, context } = await newVisitor(browser, 'desktop');
    try {
      await openPage(page, `${url}gallery.html`);
      const progress = page.locator('[data-testid="gallery-progress"][data-done="true"]');
      await progress.waitFor({ timeout: 100_000 });
      const failed = await page
        .locator('.gallery-cell[data-drive="failed"]')
        .evaluateAll((cells) =>
          cells.map(
            (cell) =>
              `${cell.getAttribute('data-state')}/${cell.getAttribute('data-variant')}: ${cell.querySelector('.badge')?.textContent}`,
          ),
        );
      assert.deepEqual(failed, [], 'every cell reached its state');
      const shown = await page
        .locator('.gallery-cell[data-drive="done"]')
        .evaluateAll((cells) => [...new Set(cells.map((cell) => cell.getAttribute('data-state')))]);
      assert.deepEqual(shown.sort(), [...GALLERY_STATE_IDS].sort());
      assert.equal(await page.locator('.gallery-cell ijazat-consent').count(), GALLERY_STATE_IDS.length * 4);
      await assertAccessible(page, 'the gallery');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('at 320 px the pages fit, a citizen enrols her mobile from the phone, and the language switch works from the keyboard', async () => {
    const { page, problems, context } = await newVisitor(browser, 'narrow');
    try {
      for (const path of ['', 'citizen.html']) {
        await openPage(page, `${url}${path}`);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        assert.ok(overflow <= 0, `${path || 'index.html'} scrolls sideways by ${overflow}px at 320 px`);
      }
      // On the phone: Chand Bibi has no registered mobile; she texts her CNIC to 9000 and is told it worked.
      await openPage(page, url);
      await page.selectOption('#phone-citizen', 'cit_chand');
      await page.getByRole('textbox', { name: 'Message to 9000' }).fill('61101-3333333-3');
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      const reply = page.locator('.phone__messages li.sms--in').last();
      await reply.waitFor({ timeout: 10_000 });
      assert.match(await reply.innerText(), /registered/i);
      assert.equal(await page.locator('.phone__messages li.sms--out').count(), 1, 'her own SMS shows as sent');

      await page.getByRole('button', { name: 'اردو' }).focus();
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
      assert.equal(await page.locator('#consent').getAttribute('locale'), 'ur');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'پارٹنر آن بورڈنگ');
      await assertAccessible(page, 'the partner page in Urdu at 320 px');
      await page.emulateMedia({ colorScheme: 'dark' });
      await assertAccessible(page, 'the partner page in Urdu at 320 px, dark');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
