/**
 * The demo's production build is laid out by its first paint: on a slow phone its scripts arrive
 * seconds after the HTML and the stylesheet, and nothing the visitor already sees may move when they
 * do. Each page of the build is opened in real Chromium with every script held back until the page
 * has painted without them; then the scripts run, the simulator starts, the widget and the page's
 * parts render, and the page's layout shifts (the browser's own Layout Instability API, what CLS sums)
 * must add up to nothing. The demo is built once into a temporary folder (DEMO_BUILD_DIR reuses one).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { launchChromium, newVisitor } from '../../../demo/walk/visitor.js';

/** Layout shift a visitor could notice; the pages measured 0.05 to 0.8 before they kept their room. */
const NOTHING_MOVES = 0.005;

const MEDIA_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

let dir: string;
let built = false;
let server: Server;
let url: string;
let browser: Browser;

before(async () => {
  dir = process.env.DEMO_BUILD_DIR ?? mkdtempSync(join(tmpdir(), 'ijazat-demo-build-'));
  if (!process.env.DEMO_BUILD_DIR) {
    await build({
      configFile: fileURLToPath(new URL('../../../vite.config.ts', import.meta.url)),
      logLevel: 'error',
      build: { outDir: dir, emptyOutDir: true },
    });
    built = true;
  }
  // A static host, as the build is meant for: files only, no dev server.
  server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://host').pathname));
    try {
      const body = readFileSync(join(dir, path.endsWith('/') ? `${path}index.html` : path));
      response.writeHead(200, { 'content-type': MEDIA_TYPES[extname(path)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
  if (built) rmSync(dir, { recursive: true, force: true });
});

interface Shift {
  value: number;
  moved: string[];
}

/**
 * Opens a page of the build with its scripts held until it has painted without them, lets them run,
 * waits until the page shows what it shows once it has started (`started`), and returns the layout
 * shifts of the whole visit.
 */
async function visitWithLateScripts(page: Page, path: string, started: string[]): Promise<Shift[]> {
  let paintedWithoutScripts!: () => void;
  const scriptsMayRun = new Promise<void>((resolve) => (paintedWithoutScripts = resolve));
  await page.route(/\.js(\?|$)/, async (route) => {
    await scriptsMayRun;
    await route.continue();
  });
  await page.goto(url + path, { waitUntil: 'commit' });
  await page.waitForFunction(() => performance.getEntriesByType('paint').length > 0);
  paintedWithoutScripts();
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForSelector('[data-testid="sandbox-status"]:not(:empty)', { state: 'attached' });
  for (const selector of started) await page.waitForSelector(selector, { state: 'attached' });
  return page.evaluate(
    () =>
      new Promise<Shift[]>((resolve) => {
        // The shifts so far are buffered; the frame after this one has laid out the page as it is now.
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            const entries: (PerformanceEntry & {
              value: number;
              sources?: { node: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[];
            })[] = [];
            const observer = new PerformanceObserver((list) => entries.push(...(list.getEntries() as typeof entries)));
            observer.observe({ type: 'layout-shift', buffered: true });
            setTimeout(() => {
              entries.push(...(observer.takeRecords() as typeof entries));
              observer.disconnect();
              resolve(
                entries.map((entry) => ({
                  value: entry.value,
                  // (No named helper here: tsx would wrap it in a __name the page lacks.)
                  moved: (entry.sources ?? []).map(({ node, previousRect: from, currentRect: to }) => {
                    const what =
                      node instanceof Element
                        ? `${node.localName}${node.id ? `#${node.id}` : ''}${[...node.classList].map((name) => `.${name}`).join('')}`
                        : (node?.nodeName ?? 'a node');
                    return `${what} (y ${Math.round(from.y)} → ${Math.round(to.y)}, height ${Math.round(from.height)} → ${Math.round(to.height)})`;
                  }),
                })),
              );
            });
          }),
        );
      }),
  );
}

function report(shifts: Shift[]): string {
  return shifts.map((shift) => `  ${shift.value.toFixed(4)}: ${shift.moved.join('; ')}`).join('\n');
}

const pages = [
  {
    name: 'the partner page',
    path: 'index.html',
    // The widget shows its first step, the phone its inbox, the backend card its empty note.
    started: ['#consent input', '.phone__messages', '#backend p'],
    sizes: ['phone', 'desktop'] as const,
  },
  {
    name: 'the citizen page',
    path: 'citizen.html',
    started: ['[data-testid="citizen-message"]'],
    sizes: ['phone', 'desktop'] as const,
  },
  // On a desktop the gallery's cells are in view while it drives each widget to its state: they are
  // meant to change. On a phone the first screen is the gallery's introduction and controls.
  {
    name: 'the gallery',
    path: 'gallery.html',
    started: ['[data-testid="gallery-progress"]'],
    sizes: ['phone'] as const,
  },
];

describe('demo build, first paint', { timeout: 120_000 }, () => {
  for (const { name, path, started, sizes } of pages)
    for (const size of sizes)
      test(`${name} on a ${size}: nothing moves when its scripts arrive`, async () => {
        const { page, context, problems } = await newVisitor(browser, size);
        try {
          const shifts = await visitWithLateScripts(page, path, started);
          const total = shifts.reduce((sum, shift) => sum + shift.value, 0);
          assert.ok(
            total < NOTHING_MOVES,
            `${name} shifted by ${total.toFixed(3)} once its scripts ran:\n${report(shifts)}\n` +
              'Keep the room of what the script renders in demo/styles.css (the widget: #consent).',
          );
          assert.deepEqual(problems, []);
        } finally {
          await context.close();
        }
      });

  test('every page links its stylesheet from the HTML, so it is styled before any script', () => {
    for (const { path } of pages) {
      const html = readFileSync(join(dir, path), 'utf8');
      assert.match(html, /<link rel="stylesheet"[^>]* href="\.\/assets\/[^"]+\.css"/, path);
    }
  });
});
