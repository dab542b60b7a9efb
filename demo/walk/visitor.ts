/**
 * A visitor to the demo, scripted: starts the demo's Vite dev server on a free port, opens Chromium
 * (the system's, through playwright-core) and walks the pages as a person would. Shared by the demo
 * walk test (test/node/demo/demo-walk.test.ts) and the screenshot script (demo/screenshots.mjs).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createServer, type PluginOption, type ViteDevServer } from 'vite';

const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const SIZES = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 900 },
  narrow: { width: 320, height: 640 },
} as const;

export async function startDemoServer(plugins: PluginOption[] = []): Promise<{ server: ViteDevServer; url: string }> {
  const server = await createServer({
    configFile: repo('vite.config.ts'),
    plugins,
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0, strictPort: false, open: false, hmr: false },
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the demo server did not report its URL');
  return { server, url };
}

function chromiumPath(): string {
  const path = [
    process.env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ].find((candidate) => candidate && existsSync(candidate));
  if (!path) throw new Error('No Chromium found: install one or set CHROME_PATH.');
  return path;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}

export async function newVisitor(
  browser: Browser,
  size: keyof typeof SIZES = 'desktop',
  colorScheme: 'light' | 'dark' = 'light',
) {
  const context: BrowserContext = await browser.newContext({
    viewport: SIZES[size],
    colorScheme,
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // The browser logs every 4xx/5xx answer as "Failed to load resource"; the demo causes those on purpose.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      problems.push(`console error: ${message.text()}`);
  });
  return { context, page, problems };
}

/** Opens a demo page and waits until its simulator runs and the widget is defined. */
export async function openPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
}

/** The partner flow as a citizen does it: choose herself on the phone, type her CNIC, read the SMS, type the code. */
export async function givePartnerConsent(
  page: Page,
  citizen = { id: 'cit_ayesha', cnic: '35202-1111111-1' },
): Promise<string> {
  await page.selectOption('#phone-citizen', citizen.id);
  // Wait until the phone shows this citizen's inbox, so older codes are counted out.
  await page.locator(`.phone__messages[data-citizen="${citizen.id}"]`).waitFor({ timeout: 10_000 });
  const before = await page.locator('.phone__messages li[data-code]').count();
  const cnic = page.locator('#consent input').first();
  await cnic.waitFor({ state: 'visible', timeout: 15_000 });
  await cnic.click();
  await cnic.pressSequentially(citizen.cnic);
  await cnic.press('Enter');
  // The passcode SMS arrives on the phone; read it as the citizen would.
  const sms = page.locator('.phone__messages li[data-code]').nth(before);
  await sms.waitFor({ timeout: 15_000 });
  const code = (await sms.getAttribute('data-code'))!;
  const codeInput = page.locator('#consent input[autocomplete="one-time-code"]');
  await codeInput.waitFor({ state: 'visible', timeout: 15_000 });
  await codeInput.click();
  await codeInput.pressSequentially(code);
  await codeInput.press('Enter');
  await page.waitForFunction(
    () => {
      const form = document.querySelector<HTMLFormElement>('#account-form');
      return Boolean(form && new FormData(form).get('ijazat_token'));
    },
    undefined,
    { timeout: 15_000 },
  );
  return code;
}

const axeSource = () => readFileSync(repo('node_modules/axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe-core (WCAG 2.x A/AA) on the page as it is now, shadow roots included. */
export async function axe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource() });
  return page.evaluate(async () => {
    const result = await (
      window as unknown as {
        axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.slice(0, 5).map((node) => ({ target: node.target, failureSummary: node.failureSummary })),
    }));
  });
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help}\n${violation.nodes.map((node) => `   ${node.target.join(' ')}: ${node.failureSummary ?? ''}`).join('\n')}`,
    )
    .join('\n');
}
