/**
 * ESLint flat config for the whole repository (`npm run lint`, a step of `npm test`).
 * It lives under test/ because the top level is fixed; `npm run lint` passes it with `--config`.
 * TypeScript is linted with type information (typescript-eslint's recommended type-checked rules),
 * so promises that nobody awaits and `any` that hides a shape are caught before review.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

// Plain JS files are Node scripts (build, test runner) or pages' scripts: their globals are Node's own
// (taken from the running Node) plus the browser's few that the page scripts use.
const readonly = (names) => Object.fromEntries(names.map((name) => [name, 'readonly']));
const nodeGlobals = readonly(Object.getOwnPropertyNames(globalThis));
const browserGlobals = readonly(['window', 'document', 'location', 'customElements', 'HTMLElement', 'HTMLFormElement']);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/.sim-data/**', '.bench-scratch/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...nodeGlobals, ...browserGlobals } },
  },
  {
    rules: {
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            // node:test registers a test and returns a promise only the runner needs.
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
            // @open-wc/semantic-dom-diff types chai's `equal` as a promise for every value (it is
            // one only for its DOM snapshots, which we do not use); plain `expect(x).to.equal(y)` is sync.
            { from: 'package', package: '@open-wc/semantic-dom-diff', name: ['Equal', 'equal'] },
          ],
        },
      ],
      // Our errors are values with codes (STYLE.md): the widget's client throws a ServiceFailure and the
      // simulator's routes a Rejection, each caught and turned into an answer one level up.
      '@typescript-eslint/only-throw-error': [
        'error',
        { allow: [{ from: 'file', name: ['ServiceFailure', 'Rejection'] }], allowRethrowing: true },
      ],
      // Passing on a caught value (of type unknown) is a rethrow, as only-throw-error allows above.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // Lit calls `@event=${this.method}` listeners with the element as `this`, and the remaining cases
      // keep an original method to restore it: the rule only reports those.
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests read the service's JSON answers and assert on their fields: the assertion is the type
    // check there, so the no-unsafe-* family (which wants every `res.json()` declared) stays off in tests.
    files: ['test/**/*.ts', '**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Harness helpers stay async (`await mount()` everywhere) even when today's body needs no await.
      '@typescript-eslint/require-await': 'off',
    },
  },
);
