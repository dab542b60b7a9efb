/**
 * A tiny loopback static server for the bench page: the page, its script (page.ts bundled by
 * esbuild), the widget's single-file build (the same esbuild options as the size check) and MSW's
 * worker at /mockServiceWorker.js, which must be served from the site root to control the page.
 */
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const tsconfig = fileURLToPath(new URL('../../../tsconfig.json', import.meta.url));

async function bundle(entry: string, minify: boolean): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    write: false,
    legalComments: 'none',
    tsconfig,
    logLevel: 'error',
    external: ['/ijazat-consent.js'],
  });
  return result.outputFiles[0]!.text;
}

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>ijazat-consent bench</title><meta name="viewport" content="width=device-width"></head>
<body>
<ijazat-consent></ijazat-consent>
<script type="module" src="/bench.js"></script>
</body>
</html>`;

export async function startBenchServer(): Promise<{ url: string; close(): Promise<void> }> {
  const files: Record<string, { type: string; body: string; headers?: Record<string, string> }> = {
    '/': { type: 'text/html', body: PAGE },
    '/bench.js': {
      type: 'text/javascript',
      body: await bundle(fileURLToPath(new URL('./page.ts', import.meta.url)), false),
    },
    // The widget as a partner page ships it: the self-contained, minified ESM build.
    '/ijazat-consent.js': { type: 'text/javascript', body: await bundle(`${root}src/index.ts`, true) },
    '/mockServiceWorker.js': {
      type: 'text/javascript',
      body: readFileSync(`${root}node_modules/msw/lib/mockServiceWorker.js`, 'utf8'),
      headers: { 'service-worker-allowed': '/' },
    },
  };
  const server = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://localhost').pathname];
    if (req.url === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res
      .writeHead(200, {
        'content-type': `${file.type}; charset=utf-8`,
        'cache-control': 'no-store',
        // Cross-origin isolation: performance.now() then ticks in 5 µs steps instead of 100 µs.
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
        ...file.headers,
      })
      .end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections())),
  };
}
