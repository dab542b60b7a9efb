/**
 * The widget in headless Chromium (playwright-core driving the system's Chromium): first render after
 * customElements.define, CNIC submit → code field ready (in-page simulator, zero latency), the cost of
 * one real keystroke in the CNIC field, and the JS heap across 1 000 mount/unmount cycles.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
// @ts-expect-error: plain .mjs module without types, shared with the test runner.
import { ensureChromium, CHROMIUM_ARGS } from '../find-chromium.mjs';
import { startSimulatorServer } from '../../simulator/node.js';
import { startBenchServer } from './browser/server.js';
import { summarize, type Summary } from './stats.js';

export interface BrowserOptions {
  firstRenderLoads: number;
  submitRuns: number;
  keystrokeRuns: number;
  mountCycles: number;
}

export const DEFAULT_BROWSER: BrowserOptions = {
  firstRenderLoads: 30,
  submitRuns: 40,
  keystrokeRuns: 20,
  mountCycles: 1_000,
};

export interface BrowserResult {
  chromium: string;
  firstRender: { defineToRenderMs: Summary; defineToReadyMs: Summary; loads: number };
  submitToCodeMs: Summary;
  keystroke: { inputToFormattedMs: Summary; keystrokes: number; lastValues: string[] };
  memory: {
    startBytes: number;
    endBytes: number;
    growthBytes: number;
    cycles: number;
    precise: boolean;
    leakedWidgetBytes: number;
  };
}

type Bench = {
  start(dbName: string): Promise<void>;
  useService(url: string): void;
  firstRender(): Promise<{ defineToRenderMs: number; defineToReadyMs: number }>;
  loadWidget(): Promise<void>;
  submitToCode(runs: number, warmup: number): Promise<number[]>;
  armKeystrokes(): Promise<void>;
  mountCycles(
    cycles: number,
    warmup: number,
  ): Promise<{ startBytes: number; endBytes: number; cycles: number; precise: boolean; leakedWidgetBytes: number }>;
};
declare const bench: Bench;
declare const keystrokes: { samples: number[]; values: string[]; armed: boolean };

async function open(page: Page, url: string, dbName: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('html[data-bench-ready]');
  await page.evaluate((name) => bench.start(name), dbName);
}

export async function measureBrowser(options: BrowserOptions = DEFAULT_BROWSER): Promise<BrowserResult> {
  const server = await startBenchServer();
  let browser: Browser | undefined;
  let service: { url: string; close(): Promise<void> } | undefined;
  try {
    browser = await chromium.launch({
      executablePath: ensureChromium(),
      headless: true,
      args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc', '--enable-precise-memory-info'],
    });
    const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));

    // First render: a fresh page load each time, so each run really is the first define.
    const render: number[] = [];
    const ready: number[] = [];
    for (let load = 0; load < options.firstRenderLoads + 2; load++) {
      await open(page, server.url, 'bench-first-render');
      const sample = await page.evaluate(() => bench.firstRender());
      if (load >= 2) {
        render.push(sample.defineToRenderMs);
        ready.push(sample.defineToReadyMs);
      }
    }

    await open(page, server.url, 'bench-submit');
    await page.evaluate(() => bench.loadWidget());
    const submit = await page.evaluate(([runs, warmup]) => bench.submitToCode(runs!, warmup!), [options.submitRuns, 3]);

    // Keystrokes: real key presses (trusted events) through Playwright, ASCII then Urdu digits.
    await page.evaluate(() => bench.armKeystrokes());
    const values: string[] = [];
    for (let run = 0; run < options.keystrokeRuns; run++) {
      const digits = run % 2 === 0 ? '3520211111111' : '۳۵۲۰۲۱۱۱۱۱۱۱۱';
      for (const digit of digits) await page.keyboard.type(digit);
      values.push(await page.evaluate(() => keystrokes.values.at(-1)!));
      await page.evaluate(() => (keystrokes.armed = false));
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
      await page.evaluate(() => (keystrokes.armed = true));
    }
    const keySamples = await page.evaluate(() => keystrokes.samples);

    // Memory: a fresh page with no simulator in it (its own warm-up would blur the widget's heap);
    // the widget fetches its context from the simulator's HTTP server, as from the real service.
    service = await startSimulatorServer({
      port: 0,
      limits: {
        partnerRequestsPerMinute: 10_000_000,
        partnerCeilingPerMinute: 100_000_000,
        wrongCodesPerClientPerHour: 10_000_000,
      },
    });
    const memoryPage = await (await browser.newContext()).newPage();
    memoryPage.on('pageerror', (error) => errors.push(String(error)));
    await memoryPage.goto(server.url);
    await memoryPage.waitForSelector('html[data-bench-ready]');
    await memoryPage.evaluate((url) => bench.useService(url), service.url);
    await memoryPage.evaluate(() => bench.loadWidget());
    const memory = await memoryPage.evaluate(
      ([cycles, warmup]) => bench.mountCycles(cycles!, warmup!),
      [options.mountCycles, 100],
    );

    if (errors.length) throw new Error(`the bench page threw: ${errors.join('; ')}`);
    return {
      chromium: browser.version(),
      firstRender: { defineToRenderMs: summarize(render), defineToReadyMs: summarize(ready), loads: render.length },
      submitToCodeMs: summarize(submit),
      keystroke: {
        inputToFormattedMs: summarize(keySamples),
        keystrokes: keySamples.length,
        lastValues: [...new Set(values)],
      },
      memory: { ...memory, growthBytes: memory.endBytes - memory.startBytes },
    };
  } finally {
    await browser?.close();
    await service?.close();
    await server.close();
  }
}
