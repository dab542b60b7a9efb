/**
 * `ijazat-consent/verify` must run where partners run backends that are not Node: Deno, Bun,
 * Cloudflare Workers. Bundling it for a browser-like platform fails on any node: import.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { build } from 'esbuild';

describe('the verify entry on edge runtimes', () => {
  it('bundles for a worker platform with no node: built-ins', async () => {
    const result = await build({
      entryPoints: [new URL('../../../src/verify/index.ts', import.meta.url).pathname],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      conditions: ['worker', 'browser'],
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(
      inputs.some((path) => path.includes('jose')),
      'jose is part of the bundle',
    );
    assert.deepEqual(
      inputs.filter((path) => path.startsWith('node:') || /simulator\//.test(path)),
      [],
    );
    const code = result.outputFiles[0]!.text;
    assert.doesNotMatch(code, /from\s*["']node:|require\(["']node:/);
  });
});
