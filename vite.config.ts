/**
 * One Vite config, two builds:
 * - the demo (default mode): `npm start` serves it, `npm run build` writes the static site to dist/demo;
 * - the library (`vite build --mode lib`): the package entries under dist/.
 * The demo branch belongs to the demo; the lib branch to packaging. Keep them apart.
 */
import { defineConfig, type UserConfig } from 'vite';

function demoConfig(): UserConfig {
  return {
    root: 'demo',
    publicDir: false,
    build: { outDir: '../dist/demo', emptyOutDir: true },
  };
}

function libConfig(): UserConfig {
  return {
    build: { outDir: 'dist', emptyOutDir: false },
  };
}

export default defineConfig(({ mode }) => (mode === 'lib' ? libConfig() : demoConfig()));
