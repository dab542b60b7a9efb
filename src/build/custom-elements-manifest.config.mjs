/**
 * custom-elements.json for editors, docs and framework tooling: attributes, properties, events, parts,
 * CSS properties and slots of <ijazat-consent>, read from the element's source and its JSDoc tags.
 * Written to dist/ at build time (the repository's top level is fixed); package.json's
 * `customElements` points there. `packagejson: false`: never rewrite package.json.
 */

/**
 * The analyzer also reports `dispatchEvent(new CustomEvent(type, …))` inside the element's generic
 * emitter as an event literally named "type"; only the documented `ijazat-*` events are public.
 */
function documentedEventsOnly() {
  return {
    name: 'ijazat:documented-events-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules ?? []) {
        for (const declaration of module.declarations ?? []) {
          if (declaration.events)
            declaration.events = declaration.events.filter((event) => /^ijazat-/.test(event.name));
        }
      }
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/build/**', 'src/verify/**', 'src/contract/**', 'src/api/**', 'src/flow/**'],
  outdir: 'dist',
  litelement: true,
  packagejson: false,
  plugins: [documentedEventsOnly()],
};
