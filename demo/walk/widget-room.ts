/**
 * Measures the room the partner page keeps for the widget before its script arrives (demo/styles.css,
 * between `widget-room:start` and `widget-room:end`): the height of the widget's first step at every
 * page width from 320 px to 1400 px, in 10 px steps, in the system's Chromium. The height only falls
 * as the page widens, so the value measured at each step holds for the widths up to the next one.
 *
 *   node --import tsx demo/walk/widget-room.ts            prints the CSS
 *   node --import tsx demo/walk/widget-room.ts --write    and writes it into demo/styles.css
 *
 * Run it when the widget's first step changes height (the first-paint test then names #consent).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium, newVisitor, openPage, startDemoServer } from './visitor.js';

const WIDTHS = { from: 320, to: 1400, step: 10 };
const STYLES = fileURLToPath(new URL('../styles.css', import.meta.url));
const BLOCK = /\/\* widget-room:start[\s\S]*?widget-room:end \*\/\n/;

export interface RoomStep {
  /** The narrowest page width (px) the height holds for. */
  minWidth: number;
  /** The widget's first-step height there, in rem, rounded up to 0.01. */
  rem: number;
}

export async function measureWidgetRoom(): Promise<RoomStep[]> {
  const { server, url } = await startDemoServer();
  const browser = await launchChromium();
  try {
    const { page } = await newVisitor(browser, 'phone');
    await openPage(page, url);
    await page.locator('#consent input').first().waitFor();
    // The widget's own height, without the room kept for it.
    await page.evaluate(() =>
      document.querySelector<HTMLElement>('#consent')!.style.setProperty('min-block-size', '0'),
    );
    const steps: RoomStep[] = [];
    for (let width = WIDTHS.from; width <= WIDTHS.to; width += WIDTHS.step) {
      await page.setViewportSize({ width, height: 900 });
      const rem = await page.evaluate(
        () =>
          new Promise<number>((resolve) =>
            requestAnimationFrame(() => {
              const height = document.querySelector('#consent')!.getBoundingClientRect().height;
              const root = parseFloat(getComputedStyle(document.documentElement).fontSize);
              resolve(Math.ceil((height / root) * 100) / 100);
            }),
          ),
      );
      if (steps.at(-1)?.rem !== rem) steps.push({ minWidth: width, rem });
    }
    return steps;
  } finally {
    await browser.close();
    await server.close();
  }
}

/** The block of demo/styles.css, formatted as Prettier formats it. */
export function widgetRoomCss(steps: RoomStep[]): string {
  const rule = (rem: number, indent: string) =>
    `${indent}#consent[data-keep-room] {\n${indent}  min-block-size: ${rem}rem;\n${indent}}\n`;
  const [first, ...rest] = steps;
  return (
    '/* widget-room:start (measured by demo/walk/widget-room.ts) */\n' +
    (first ? rule(first.rem, '') : '') +
    rest.map(({ minWidth, rem }) => `@media (min-width: ${minWidth}px) {\n${rule(rem, '  ')}}\n`).join('') +
    '/* widget-room:end */\n'
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const css = widgetRoomCss(await measureWidgetRoom());
  process.stdout.write(css);
  if (process.argv.includes('--write')) {
    const styles = readFileSync(STYLES, 'utf8');
    if (!BLOCK.test(styles)) throw new Error('demo/styles.css has no widget-room:start … widget-room:end block');
    writeFileSync(STYLES, styles.replace(BLOCK, css));
  }
}
