/**
 * custom-elements.json for editors, docs and framework tooling: attributes, properties, events, parts,
 * CSS properties and slots of <ijazat-consent>, read from the element's source and its JSDoc tags.
 * Written to dist/ at build time (the repository's top level is fixed); package.json's
 * `customElements` points there. `packagejson: false`: never rewrite package.json.
 */
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/build/**', 'src/verify/**', 'src/contract/**', 'src/api/**', 'src/flow/**'],
  outdir: 'dist',
  litelement: true,
  packagejson: false,
};
