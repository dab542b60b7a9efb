// Browser tests in real Chromium (the system's), through @web/test-runner.
// The simulator runs in each test page behind MSW's service worker, served at the site root.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { ensureChromium, CHROMIUM_ARGS } from './find-chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Every answer the simulator gives in a test page is checked against openapi.json here, in Node
 * (test/browser/support/answer-check.ts sends them; test/node/contract/support/answer-check.ts checks).
 * A difference is printed as "contract drift: …" (test/run-all.mjs fails the browser step on it).
 */
function contractCheck() {
  let checker;
  return {
    name: 'ijazat-contract-check',
    async executeCommand({ command, payload }) {
      if (command !== 'ijazat-contract-check') return undefined;
      checker ??= (async () => {
        const { tsImport } = await import('tsx/esm/api');
        const { answerChecker } = await tsImport('./node/contract/support/answer-check.ts', import.meta.url);
        const { simulatorOpenApi } = await tsImport('../simulator/openapi.ts', import.meta.url);
        return answerChecker(simulatorOpenApi());
      })();
      const problems = (await checker)(payload);
      for (const problem of problems) console.error(`contract drift: ${problem}`);
      return problems;
    },
  };
}
const workerScript = readFileSync(new URL('../node_modules/msw/lib/mockServiceWorker.js', import.meta.url), 'utf8');

export default {
  rootDir: root,
  files: process.env.WTR_FILES ? process.env.WTR_FILES.split(',') : ['test/browser/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  // One test page at a time. Every page shares one service-worker registration (scope /): a page
  // that opens while another page's worker is still installing is not controlled by it, so MSW
  // reloads that page mid-start and its first request to the simulator fails ("Failed to fetch").
  // Fresh clones (cold caches, slower loads) hit it in 2 runs of 3; one page at a time costs ~10 s.
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 10 * 60_000,
  browserStartTimeout: 120_000,
  testFramework: { config: { timeout: 20_000 } },
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: ensureChromium(), headless: true, args: CHROMIUM_ARGS },
    }),
  ],
  // The contract check goes first in every test page, before the test installs a simulator.
  testRunnerHtml: (testFramework) =>
    `<!DOCTYPE html><html><body><script type="module" src="/test/browser/support/answer-check.ts"></script><script type="module" src="${testFramework}"></script></body></html>`,
  plugins: [
    contractCheck(),
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)),
    }),
  ],
  middleware: [
    function mockServiceWorker(context, next) {
      if (context.path === '/mockServiceWorker.js') {
        context.type = 'application/javascript';
        context.set('Service-Worker-Allowed', '/');
        context.body = workerScript;
        return;
      }
      return next();
    },
  ],
};
