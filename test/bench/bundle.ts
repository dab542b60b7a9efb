/**
 * Bundle size: the widget's single-file build beside peer component sets, each bundled the same way
 * (esbuild: bundle, minify, ESM, es2022, no legal comments; gzip level 9) in the same run. The widget
 * goes through test/size/bundle-size.ts's `widgetBundle()`, the very check `npm test` enforces.
 */
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { widgetBundle, BUDGET_BYTES } from '../size/bundle-size.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface BundleSize {
  name: string;
  /** What was bundled, so the figure can be reproduced. */
  entry: string;
  minified: number;
  gzip: number;
}

/** Each peer as a page would ship it: the modules that define (or render) an input and a button. */
export const PEERS: { name: string; entry: string }[] = [
  { name: 'Lit alone', entry: `export { LitElement, html, css, nothing } from 'lit';` },
  {
    name: 'Shoelace sl-input + sl-button',
    entry: `import '@shoelace-style/shoelace/dist/components/input/input.js';\nimport '@shoelace-style/shoelace/dist/components/button/button.js';`,
  },
  {
    name: 'Material Web outlined text field + filled button',
    entry: `import '@material/web/textfield/outlined-text-field.js';\nimport '@material/web/button/filled-button.js';`,
  },
  {
    name: 'Lion input + button',
    entry: `import '@lion/ui/define/lion-input.js';\nimport '@lion/ui/define/lion-button.js';`,
  },
  {
    name: 'React + input-otp (react-dom included)',
    entry: [
      `import { createElement } from 'react';`,
      `import { createRoot } from 'react-dom/client';`,
      `import { OTPInput } from 'input-otp';`,
      `const slots = ({ slots }) => slots.map((slot, i) => createElement('span', { key: i }, slot.char));`,
      `createRoot(document.getElementById('root')).render(createElement(OTPInput, { maxLength: 6, render: slots }));`,
    ].join('\n'),
  },
];

async function bundleEntry(entry: string): Promise<{ minified: number; gzip: number }> {
  const result = await build({
    stdin: { contents: entry, resolveDir: root, loader: 'js', sourcefile: 'peer-entry.js' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    legalComments: 'none',
    // As a production page ships React (its development build is several times larger).
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

export async function measureBundles(): Promise<{ budgetBytes: number; widget: BundleSize; peers: BundleSize[] }> {
  const widget = await widgetBundle();
  const peers: BundleSize[] = [];
  for (const peer of PEERS) peers.push({ ...peer, ...(await bundleEntry(peer.entry)) });
  return {
    budgetBytes: BUDGET_BYTES,
    widget: { name: '<ijazat-consent>', entry: 'src/index.ts', ...widget },
    peers,
  };
}
