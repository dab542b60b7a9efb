/**
 * The one recipe for the widget's self-contained single-file build (Lit included), shared by the
 * library build (dist/ijazat-consent.min.js) and the bundle-size budget, so the budget measures
 * exactly the bytes that ship. Licence comments go to a sidecar file (…min.js.LEGAL.txt, shipped
 * in the package) instead of into every page load; UTF-8 output keeps the Urdu strings compact.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * Source stays formatted for people; the build takes the layout whitespace out of `css` tagged
 * templates (CSS has no meaning in runs of spaces and newlines between tokens).
 */
const minifyCssTemplates = {
  name: 'minify-css-templates',
  setup(build) {
    build.onLoad({ filter: /\.styles\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const contents = source.replace(/css`([^`]*)`/g, (_, body) => {
        const compact = body
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,>])\s*/g, '$1')
          .replace(/;}/g, '}')
          .trim();
        return `css\`${compact}\``;
      });
      return { contents, loader: 'ts' };
    });
  },
};

export const widgetBundleOptions = {
  entryPoints: [fileURLToPath(new URL('../index.ts', import.meta.url))],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  charset: 'utf8',
  legalComments: 'external',
  tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)),
  logLevel: 'warning',
  plugins: [minifyCssTemplates],
};
